//! Type references → Rust types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::own_names::OwnNames;
use crate::model::own_names::OwnName;
use crate::model::{Primitive, TypeId, TypeRef};

/// The Rust type of a field or parameter. Named types are referred to as they are in scope of the API
/// module (`models` and `errors` are re-exported there), with `prefix` before them (`super::` from a
/// submodule). `names`: how the scope names our own items (`String`, `Vec`), which a type of the API
/// may hide where the API's types are in scope (`OwnNames::unshadowed` where they are not).
pub fn rust_type(ty: &TypeRef, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
    let string = || names.get(OwnName::String);
    match ty {
        TypeRef::Named(id) => match names.type_name(*id) {
            Some(name) => {
                let ident = format_ident!("{}", name);
                quote!(#prefix #ident)
            }
            // Not reached: every reference names a type of its module. Left for the parse check of
            // the output to report with the file it is in.
            None => quote!(compile_error!(
                "generator bug: a type reference names no type"
            )),
        },
        TypeRef::ErrorCode(name) => {
            let ident = format_ident!("{}", name);
            quote!(#prefix #ident)
        }
        // A number's bound is a check of the field or parameter, not a type (as a string's length is).
        TypeRef::Primitive(p) | TypeRef::BoundedNumber(p, _) => primitive(*p, names),
        // The bound is a check of the field or parameter, not a type.
        TypeRef::BoundedString(_) => string(),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, prefix, names);
            let vec = names.get(OwnName::Vec);
            quote!(#vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            let string = string();
            quote!(serde_json::Map<#string, serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, prefix, names);
            let string = string();
            quote!(std::collections::BTreeMap<#string, #inner>)
        }
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Extern(ty) => extern_type(&ty.path),
    }
}

/// The tokens of a type of existing code: its path as the settings or the spec wrote it (checked to
/// be a Rust type path when the model was lowered, `lower::externs`), written the same in every
/// module.
fn extern_type(path: &str) -> TokenStream {
    match syn::parse_str::<syn::Type>(path) {
        Ok(ty) => quote!(#ty),
        // Not reached: the lowering refused the path. Left for the parse check of the output to
        // report with the file it is in.
        Err(_) => {
            let message = format!("extern type `{path}` is not a Rust type path");
            quote!(compile_error!(#message))
        }
    }
}

fn primitive(p: Primitive, names: &OwnNames) -> TokenStream {
    match p {
        Primitive::String => names.get(OwnName::String),
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Decimal => quote!(rust_decimal::Decimal),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Primitive::LocalDateTime => quote!(chrono::NaiveDateTime),
        Primitive::Uuid => quote!(uuid::Uuid),
        // In a JSON document a `format: binary` string is still a string; raw bytes are only bodies.
        Primitive::Bytes => names.get(OwnName::String),
        Primitive::File => quote!(crate::runtime::File),
    }
}

/// Whether values of the type can derive `Eq` (no floats, no JSON values inside).
pub fn is_eq(ty: &TypeRef, named_eq: &dyn Fn(TypeId) -> bool) -> bool {
    match ty {
        TypeRef::Named(id) => named_eq(*id),
        TypeRef::ErrorCode(_) => true,
        TypeRef::Primitive(Primitive::F32 | Primitive::F64)
        | TypeRef::BoundedNumber(Primitive::F32 | Primitive::F64, _) => false,
        TypeRef::Primitive(_) | TypeRef::BoundedNumber(..) | TypeRef::BoundedString(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => is_eq(inner, named_eq),
        TypeRef::Any => false,
        // A type of existing code is not known to be `Eq` (see `ExternType`).
        TypeRef::Extern(_) => false,
    }
}
