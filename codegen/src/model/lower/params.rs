//! How the server adapter reads each parameter's text: decided once the types are final, following
//! aliases without recursion (a chain of aliases can be long; a cycle was broken before this runs).

use crate::model::{
    ExternShape, Operation, ParamLocation, ParamParse, TypeDef, TypeIndex, TypeKind, TypeRef,
};

pub(crate) fn classify(
    types: &[TypeDef],
    operations: &mut [Operation],
    file: &std::path::Path,
    warnings: &mut Vec<crate::Warning>,
) {
    let by_id = TypeIndex::new(types);
    for op in operations {
        for param in &mut op.params {
            // A list under a name of its own (`Reasons: {type: array, items: …}`) is written and read
            // as the list it is.
            if let Some(list @ TypeRef::Array(_)) = through_aliases(&by_id, &param.ty) {
                param.ty = list.clone();
            }
            // Objects are written in the query per `style`; outside it, and lists of objects or of
            // lists anywhere, have no agreed way to be written: the caller writes the text.
            let unwritable = match &param.ty {
                TypeRef::Array(inner) => {
                    matches!(**inner, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any)
                        || is_object(&by_id, inner)
                }
                ty => param.location != ParamLocation::Query && is_object(&by_id, ty),
            };
            if unwritable {
                warnings.push(crate::Warning::new(
                    file,
                    &param.pointer,
                    "parameter-as-text",
                    format!(
                        "parameter `{}` is an object or a list of objects or lists, which OpenAPI gives no agreed way to write here; it is passed as text",
                        param.wire
                    ),
                ));
                param.ty = TypeRef::Primitive(crate::model::Primitive::String);
            }
            param.parse = match &param.ty {
                ty if param.location == ParamLocation::Query && is_object(&by_id, ty) => {
                    ParamParse::Object
                }
                TypeRef::Array(inner) if from_text(&by_id, inner) => ParamParse::List,
                TypeRef::Array(_) => ParamParse::Text,
                ty if from_text(&by_id, ty) => ParamParse::Scalar,
                _ => ParamParse::Text,
            };
            // What else is read as text was typed by the spec (a `oneOf` of an integer and a string,
            // a list of such): the caller writes its text, and is told so.
            let typed = !matches!(
                param.ty,
                TypeRef::Primitive(
                    crate::model::Primitive::String | crate::model::Primitive::Bytes
                )
            ) && !is_any(&by_id, &param.ty);
            if param.parse == ParamParse::Text && typed {
                let what = match param.ty {
                    TypeRef::Array(_) => "a list of values that cannot be read from text one by one (a choice of types, say)",
                    TypeRef::Extern(_) => "of a type of existing code (`extern_types`, `x-rust-type`) whose schema is no string, so nothing says how its text reads",
                    _ => "a choice of types (oneOf/anyOf)",
                };
                warnings.push(crate::Warning::new(
                    file,
                    &param.pointer,
                    "parameter-as-text",
                    format!(
                        "parameter `{}` is {what}, which OpenAPI gives no agreed way to write; it is passed as text",
                        param.wire
                    ),
                ));
                param.ty = TypeRef::Primitive(crate::model::Primitive::String);
            }
            // Read from text one by one (a scalar, a list): each string is checked. An object's
            // fields check themselves (its derive); text is passed as it came.
            let alias = |id| match by_id.kind(id) {
                Some(TypeKind::Alias { target }) => Some(target),
                _ => None,
            };
            let scalar = matches!(param.parse, ParamParse::Scalar | ParamParse::List);
            param.length = param.ty.length(&alias).filter(|_| scalar);
            param.range = param.ty.range(&alias).filter(|_| scalar);
        }
    }
}

/// `ty` with its aliases followed (a cycle of aliases, which `recursion` broke before, ends the walk).
pub(super) fn through_aliases<'t>(types: &TypeIndex<'t>, ty: &'t TypeRef) -> Option<&'t TypeRef> {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Named(id) => match types.kind(*id) {
                Some(TypeKind::Alias { target }) => ty = target,
                _ => return Some(ty),
            },
            _ => return Some(ty),
        }
    }
    None
}

/// Whether `ty` is any JSON value under other names (aliases, and the newtypes a cycle of `$ref`s
/// becomes): the spec gave it no type to lose.
fn is_any(types: &TypeIndex, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Any => return true,
            TypeRef::Named(id) => match types.kind(*id) {
                Some(TypeKind::Alias { target } | TypeKind::Newtype { target, .. }) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether `ty` is an object with named properties or a map, following aliases.
pub(super) fn is_object(types: &TypeIndex, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Map(_) => return true,
            TypeRef::Extern(ty) => return ty.shape == ExternShape::Object,
            TypeRef::Named(id) => match types.kind(*id) {
                Some(TypeKind::Struct { .. }) => return true,
                Some(TypeKind::Alias { target }) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether values of `ty` can be read from text with `FromStr`.
pub(super) fn from_text(types: &TypeIndex, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Each step follows one alias; more steps than types means a cycle (which `recursion` removed).
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Primitive(crate::model::Primitive::File) => return false,
            TypeRef::Primitive(_)
            | TypeRef::ErrorCode(_)
            | TypeRef::BoundedString(_)
            | TypeRef::BoundedNumber(..) => return true,
            // Any JSON value: the text is kept as it came.
            TypeRef::Any => return false,
            TypeRef::Array(_) | TypeRef::Map(_) => return false,
            // A type of existing code for a string schema is trusted to have `FromStr` (see
            // `ExternType`); for any other schema nothing says how its text reads.
            TypeRef::Extern(ty) => return ty.shape == ExternShape::Text,
            TypeRef::Named(id) => match types.kind(*id) {
                Some(TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. }) => {
                    return true
                }
                Some(TypeKind::Alias { target }) => ty = target,
                _ => return false,
            },
        }
    }
    false
}
