//! How each form and multipart request body writes its object, decided once the types are final: a
//! urlencoded form is nested (keys in brackets) when a property holds an object or a list of non-scalars;
//! a multipart body's struct holds its `format: binary` properties as files, and each property becomes
//! a part of the kind its type (or the spec's `encoding`) asks for.

use crate::hash::HashSet;

use super::params::{from_text, through_aliases};
use crate::model::{
    Content, Encoding, Form, FormPart, Operation, PartKind, Primitive, TypeDef, TypeId, TypeIndex,
    TypeKind, TypeRef,
};

pub(crate) fn decide(types: &mut [TypeDef], operations: &mut [Operation]) {
    // The structs of multipart bodies hold files where the spec says `format: binary`.
    let multipart: HashSet<TypeId> = {
        let by_id = TypeIndex::new(types);
        bodies(operations)
            .filter(|c| c.encoding == Encoding::Multipart)
            .filter_map(|c| struct_name(&by_id, &c.ty))
            .collect()
    };
    for def in types.iter_mut().filter(|t| multipart.contains(&t.id)) {
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for field in fields {
                field.ty = as_file(&field.ty);
            }
        }
    }
    let by_id = TypeIndex::new(types);
    for content in bodies_mut(operations) {
        let Some(form) = content.form.as_mut() else {
            continue;
        };
        let object = struct_name(&by_id, &content.ty);
        let fields = object
            .and_then(|id| match by_id.kind(id)? {
                TypeKind::Struct { fields, .. } => Some(fields.as_slice()),
                _ => None,
            })
            .unwrap_or_default();
        match content.encoding {
            Encoding::Form => {
                // What is not text, or a list of text, nests: an object, a choice, a list of such.
                let nests = |ty: &TypeRef| match through_aliases(&by_id, ty) {
                    Some(TypeRef::Array(inner)) => !from_text(&by_id, inner),
                    Some(ty) => !from_text(&by_id, ty),
                    None => true,
                };
                form.nested |= match through_aliases(&by_id, &content.ty) {
                    Some(TypeRef::Map(inner)) => nests(inner),
                    _ => fields.iter().any(|f| nests(&f.ty)),
                };
            }
            // Lowering typed the body as a struct; should that be lost, it is sent as the bytes it is.
            Encoding::Multipart if object.is_none() => {
                content.encoding = Encoding::Binary;
                content.ty = TypeRef::Primitive(Primitive::Bytes);
                content.form = None;
            }
            Encoding::Multipart => {
                form.parts = fields
                    .iter()
                    .map(|field| FormPart {
                        field: field.name.clone(),
                        wire: field.wire.clone(),
                        required: field.required && !field.nullable,
                        boxed: field.boxed,
                        kind: part_kind(&by_id, form, &field.wire, &field.ty),
                    })
                    .collect();
                form.object = object;
            }
            _ => {}
        }
    }
}

/// How the part of a property of type `ty` is written: files as files, what reads from text as text
/// (unless the spec's `encoding` says JSON), the rest as JSON.
fn part_kind(by_id: &TypeIndex, form: &Form, wire: &str, ty: &TypeRef) -> PartKind {
    let json = form
        .content_types
        .iter()
        .any(|(name, content_type)| name == wire && content_type.contains("json"));
    match through_aliases(by_id, ty) {
        Some(TypeRef::Primitive(Primitive::File)) => PartKind::File,
        Some(TypeRef::Array(inner)) if **inner == TypeRef::Primitive(Primitive::File) => {
            PartKind::Files
        }
        _ if json => PartKind::Json,
        Some(TypeRef::Array(inner)) if from_text(by_id, inner) => PartKind::Texts,
        Some(ty) if from_text(by_id, ty) => PartKind::Text,
        _ => PartKind::Json,
    }
}

/// A binary string, or a list of them, as files.
fn as_file(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Primitive(Primitive::Bytes) => TypeRef::Primitive(Primitive::File),
        TypeRef::Array(inner) if **inner == TypeRef::Primitive(Primitive::Bytes) => {
            TypeRef::Array(Box::new(TypeRef::Primitive(Primitive::File)))
        }
        other => other.clone(),
    }
}

/// The struct `ty` names, through aliases.
fn struct_name(by_id: &TypeIndex, ty: &TypeRef) -> Option<TypeId> {
    match through_aliases(by_id, ty)? {
        TypeRef::Named(id) => match by_id.kind(*id)? {
            TypeKind::Struct { .. } => Some(*id),
            _ => None,
        },
        _ => None,
    }
}

/// The bodies of the operations (only request bodies are forms: see `lower_content`).
fn bodies(operations: &[Operation]) -> impl Iterator<Item = &Content> {
    operations.iter().flat_map(Operation::contents)
}

fn bodies_mut(operations: &mut [Operation]) -> impl Iterator<Item = &mut Content> {
    operations.iter_mut().flat_map(Operation::contents_mut)
}
