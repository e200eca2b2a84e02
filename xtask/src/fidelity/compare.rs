//! The comparison: where the Rust type says less than the spec's, and how (a degradation's class).

use super::rust_kind::RustKind;
use super::spec_type::SpecType;

/// A way a type is lost between the spec and the Rust code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The spec says boolean, integer or number; Rust has `String`.
    ScalarToText,
    /// The spec says a date, date-time or uuid string; Rust has `String`.
    FormatToText,
    /// The spec says array, object or a composition; Rust has `String` (a parameter).
    StructuredToText,
    /// A body whose schema says array, object or a composition is `String` (a `text/*` media type,
    /// XML among them).
    BodyToText,
    /// The spec gives a type; Rust has `serde_json::Value` (or a map of any where it gave properties,
    /// a composition or typed values).
    TypedToAny,
    /// A body whose schema says something other than a string is `Vec<u8>`.
    BodyToBytes,
    /// The spec says integer; Rust has a float.
    IntegerToFloat,
    /// The spec says number; Rust has an integer.
    NumberToInteger,
    /// A scalar of the spec is another kind of thing in Rust (a boolean as a number, a number as a
    /// struct…).
    ScalarMismatch,
}

impl Class {
    pub const ALL: &'static [Class] = &[
        Class::ScalarToText,
        Class::FormatToText,
        Class::StructuredToText,
        Class::BodyToText,
        Class::TypedToAny,
        Class::BodyToBytes,
        Class::IntegerToFloat,
        Class::NumberToInteger,
        Class::ScalarMismatch,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::ScalarToText => "scalar-to-text",
            Class::FormatToText => "format-to-text",
            Class::StructuredToText => "structured-to-text",
            Class::BodyToText => "body-to-text",
            Class::TypedToAny => "typed-to-any",
            Class::BodyToBytes => "body-to-bytes",
            Class::IntegerToFloat => "integer-to-float",
            Class::NumberToInteger => "number-to-integer",
            Class::ScalarMismatch => "scalar-mismatch",
        }
    }

    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// The degradation of a site whose spec type is `spec` and Rust type `rust`, if any; `body`: the site is
/// a request or response body (where bytes are a degradation). Arrays and maps are compared element by
/// element.
pub fn compare(spec: &SpecType, rust: &RustKind, body: bool) -> Option<Class> {
    use RustKind as R;
    use SpecType as S;
    match (spec, rust) {
        (S::Any | S::Unknown, _) | (_, R::Unknown) => None,
        (S::Boolean | S::Integer | S::Number, R::Text) => Some(Class::ScalarToText),
        (S::Format(_), R::Text) => Some(Class::FormatToText),
        (S::Array(_) | S::Object { .. } | S::Composition, R::Text) if body => {
            Some(Class::BodyToText)
        }
        (S::Array(_) | S::Object { .. } | S::Composition, R::Text) => Some(Class::StructuredToText),
        (_, R::AnyJson) => Some(Class::TypedToAny),
        (
            S::Object {
                properties: true, ..
            }
            | S::Composition,
            R::AnyMap,
        ) => Some(Class::TypedToAny),
        (
            S::Object {
                values: Some(_), ..
            },
            R::AnyMap,
        ) => Some(Class::TypedToAny),
        (S::String, R::Bytes) => None,
        (_, R::Bytes) if body => Some(Class::BodyToBytes),
        (S::Integer, R::Float) => Some(Class::IntegerToFloat),
        (S::Number, R::Integer) => Some(Class::NumberToInteger),
        (S::Array(items), R::Array(inner)) => compare(items, inner, false),
        (
            S::Object {
                values: Some(values),
                ..
            },
            R::Map(inner),
        ) => compare(values, inner, false),
        (S::Boolean, R::Bool | R::Union | R::Enum) => None,
        (S::Integer | S::Number, R::Integer | R::Float | R::Decimal | R::Union | R::Enum) => None,
        (S::Boolean | S::Integer | S::Number, _) => Some(Class::ScalarMismatch),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RustKind as R;
    use SpecType as S;

    fn object(properties: bool) -> S {
        S::Object {
            properties,
            values: None,
        }
    }

    #[test]
    fn degradations_are_classed() {
        assert_eq!(
            compare(&S::Boolean, &R::Text, false),
            Some(Class::ScalarToText)
        );
        assert_eq!(
            compare(&S::Format("date"), &R::Text, false),
            Some(Class::FormatToText)
        );
        assert_eq!(
            compare(&object(true), &R::AnyJson, false),
            Some(Class::TypedToAny)
        );
        assert_eq!(
            compare(&object(true), &R::AnyMap, false),
            Some(Class::TypedToAny)
        );
        assert_eq!(
            compare(&object(true), &R::Bytes, true),
            Some(Class::BodyToBytes)
        );
        assert_eq!(
            compare(&S::Integer, &R::Float, false),
            Some(Class::IntegerToFloat)
        );
        assert_eq!(
            compare(&S::Boolean, &R::Integer, false),
            Some(Class::ScalarMismatch)
        );
        assert_eq!(
            compare(&object(false), &R::Text, false),
            Some(Class::StructuredToText)
        );
        assert_eq!(
            compare(&object(true), &R::Text, true),
            Some(Class::BodyToText)
        );
        // Inside a list.
        let integers = S::Array(Box::new(S::Integer));
        assert_eq!(
            compare(&integers, &R::Array(Box::new(R::Text)), false),
            Some(Class::ScalarToText)
        );
    }

    #[test]
    fn faithful_types_are_not_degradations() {
        assert_eq!(compare(&S::Boolean, &R::Bool, false), None);
        assert_eq!(compare(&S::Integer, &R::Integer, false), None);
        assert_eq!(compare(&S::Format("uuid"), &R::Uuid, false), None);
        assert_eq!(compare(&S::String, &R::Enum, false), None);
        assert_eq!(compare(&object(true), &R::Struct, false), None);
        assert_eq!(compare(&S::Composition, &R::Union, false), None);
        // A free-form object is a map of any; a schema that says nothing is any JSON.
        assert_eq!(compare(&object(false), &R::AnyMap, false), None);
        assert_eq!(compare(&S::Any, &R::AnyJson, false), None);
        // A string body read as bytes (a file), and `format: binary` in JSON.
        assert_eq!(compare(&S::String, &R::Bytes, true), None);
        let integers = S::Array(Box::new(S::Integer));
        assert_eq!(
            compare(&integers, &R::Array(Box::new(R::Integer)), false),
            None
        );
    }
}
