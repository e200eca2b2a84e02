//! The Rust side of the audit: the type a site got, as the emitters spell it (`emit/types.rs`
//! `rust_type`, `emit/operations.rs` `param_type` and `body_type`), read from the generator's model and
//! followed through the API's aliases to what it is.

use codegen::model::{
    Content, Encoding, ParamParse, Parameter, Primitive, TypeDef, TypeIndex, TypeKind, TypeRef,
};

/// How deep aliases, newtypes and containers are followed.
const DEPTH: usize = 32;

/// What a Rust type is, for comparing with the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustKind {
    Bool,
    Integer,
    Float,
    /// `rust_decimal::Decimal`.
    Decimal,
    /// `String`, or a string newtype (a pattern or length limits).
    Text,
    /// `chrono`'s dates and times, `uuid::Uuid`.
    Temporal,
    Uuid,
    /// A string enum or an error code.
    Enum,
    Struct,
    /// A union, a tagged enum, an enum of one property each.
    Union,
    Array(Box<RustKind>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustKind>),
    /// `serde_json::Map<String, serde_json::Value>`.
    AnyMap,
    /// `serde_json::Value`.
    AnyJson,
    /// `Vec<u8>` or `runtime::ByteStream`: a body read as bytes.
    Bytes,
    /// A name the API does not define, a cycle of aliases, or a type of existing code the user chose
    /// for the schema (`extern_types`, `x-rust-type`): not judged.
    Unknown,
}

impl RustKind {
    pub fn label(&self) -> String {
        match self {
            RustKind::Bool => "bool".into(),
            RustKind::Integer => "integer".into(),
            RustKind::Float => "float".into(),
            RustKind::Decimal => "Decimal".into(),
            RustKind::Text => "String".into(),
            RustKind::Temporal => "chrono date/time".into(),
            RustKind::Uuid => "Uuid".into(),
            RustKind::Enum => "enum".into(),
            RustKind::Struct => "struct".into(),
            RustKind::Union => "union enum".into(),
            RustKind::Array(inner) => format!("Vec<{}>", inner.label()),
            RustKind::Map(inner) => format!("BTreeMap<String, {}>", inner.label()),
            RustKind::AnyMap => "Map<String, Value>".into(),
            RustKind::AnyJson => "serde_json::Value".into(),
            RustKind::Bytes => "Vec<u8>".into(),
            RustKind::Unknown => "unknown".into(),
        }
    }
}

/// An API's named types, by the id references hold.
pub struct Types<'a> {
    by_id: TypeIndex<'a>,
}

impl<'a> Types<'a> {
    pub fn new(types: &'a [TypeDef]) -> Self {
        Types {
            by_id: TypeIndex::new(types),
        }
    }

    /// A field's or a JSON body's type (`rust_type`).
    pub fn of(&self, ty: &TypeRef) -> RustKind {
        self.kind(ty, 0)
    }

    /// A parameter's type (`param_type`): a list, a value read with `FromStr`, or the text itself.
    pub fn of_param(&self, param: &Parameter) -> RustKind {
        match (param.parse, &param.ty) {
            (ParamParse::List, TypeRef::Array(inner)) => {
                RustKind::Array(Box::new(self.kind(inner, 1)))
            }
            (ParamParse::Scalar | ParamParse::Object, ty) => self.kind(ty, 0),
            _ => RustKind::Text,
        }
    }

    /// A body's type (`body_type`).
    pub fn of_body(&self, content: &Content) -> RustKind {
        match content.encoding {
            Encoding::Json | Encoding::Form | Encoding::Multipart => self.kind(&content.ty, 0),
            Encoding::Text => RustKind::Text,
            Encoding::Binary | Encoding::Stream => RustKind::Bytes,
            // A stream of items is a sequence of them, as an array is.
            Encoding::Events(_) => RustKind::Array(Box::new(self.kind(&content.ty, 1))),
        }
    }

    fn kind(&self, ty: &TypeRef, depth: usize) -> RustKind {
        if depth > DEPTH {
            return RustKind::Unknown;
        }
        match ty {
            // A number with its range checked where it is used.
            TypeRef::Primitive(p) | TypeRef::BoundedNumber(p, _) => primitive(*p),
            // A `String` with its length checked where it is used.
            TypeRef::BoundedString(_) => RustKind::Text,
            TypeRef::ErrorCode(_) => RustKind::Enum,
            TypeRef::Any => RustKind::AnyJson,
            TypeRef::Extern(_) => RustKind::Unknown,
            TypeRef::Array(inner) => RustKind::Array(Box::new(self.kind(inner, depth + 1))),
            TypeRef::Map(inner) if **inner == TypeRef::Any => RustKind::AnyMap,
            TypeRef::Map(inner) => RustKind::Map(Box::new(self.kind(inner, depth + 1))),
            TypeRef::Named(id) => match self.by_id.kind(*id) {
                None => RustKind::Unknown,
                Some(TypeKind::Alias { target } | TypeKind::Newtype { target, .. }) => {
                    self.kind(target, depth + 1)
                }
                Some(TypeKind::Struct { .. }) => RustKind::Struct,
                Some(TypeKind::StringEnum { .. }) => RustKind::Enum,
                Some(TypeKind::ConstrainedString { .. }) => RustKind::Text,
                Some(
                    TypeKind::Union { .. } | TypeKind::Tagged { .. } | TypeKind::OneProperty { .. },
                ) => RustKind::Union,
            },
        }
    }
}

fn primitive(p: Primitive) -> RustKind {
    match p {
        Primitive::Bool => RustKind::Bool,
        Primitive::I32 | Primitive::I64 => RustKind::Integer,
        Primitive::F32 | Primitive::F64 => RustKind::Float,
        Primitive::Decimal => RustKind::Decimal,
        Primitive::Date | Primitive::DateTime | Primitive::LocalDateTime => RustKind::Temporal,
        Primitive::Uuid => RustKind::Uuid,
        // In a JSON document a `format: binary` string is a `String` (see `emit/types.rs`).
        Primitive::String | Primitive::Bytes => RustKind::Text,
        // A multipart body's file: its bytes, name and content type.
        Primitive::File => RustKind::Bytes,
    }
}
