//! A value of a type, made up from the type alone: the answer of a response the spec gives no example
//! for (Prism's static example). Every property is filled, each enum takes its first value, each list
//! one item; a string of a format is a value of that format.

use codegen::model::{ExternShape, Primitive, Range, TypeKind, TypeRef};
use serde_json::{json, Map, Value};

use super::validate::Types;

/// Beyond this depth a recursive type's value stops (an empty list, no optional property).
const DEPTH: usize = 8;

/// A value of `ty`.
pub fn sample(ty: &TypeRef, types: &Types) -> Value {
    value(ty, types, 0)
}

fn value(ty: &TypeRef, types: &Types, depth: usize) -> Value {
    match ty {
        TypeRef::Any => json!({}),
        TypeRef::Primitive(primitive) => primitive_value(*primitive),
        TypeRef::BoundedNumber(primitive, range) => in_range(*primitive, *range),
        TypeRef::BoundedString(length) => Value::String(fitted("string", length.min, length.max)),
        TypeRef::ErrorCode(_) => json!("string"),
        TypeRef::Array(item) if depth < DEPTH => json!([value(item, types, depth + 1)]),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        // A schema the user maps to their own type: only its wire shape is known here.
        TypeRef::Extern(ty) => match ty.shape {
            ExternShape::Text => json!("string"),
            ExternShape::Object => json!({}),
            ExternShape::Other => Value::Null,
        },
        TypeRef::Named(id) => match types.get(id) {
            Some(def) if depth < DEPTH => named(&def.kind, types, depth),
            _ => Value::Null,
        },
    }
}

fn named(kind: &TypeKind, types: &Types, depth: usize) -> Value {
    match kind {
        TypeKind::Struct { fields, .. } => {
            let mut object = Map::new();
            for field in fields {
                // Deep down only what is required, so a recursive type ends.
                if field.required || depth + 1 < DEPTH {
                    object.insert(field.wire.clone(), value(&field.ty, types, depth + 1));
                }
            }
            Value::Object(object)
        }
        TypeKind::StringEnum { variants } => {
            variants.first().map_or(json!("string"), |v| json!(v.wire))
        }
        TypeKind::ConstrainedString {
            min_length,
            max_length,
            ..
        } => Value::String(fitted("string", *min_length, *max_length)),
        TypeKind::Union { variants } => variants
            .first()
            .map_or(Value::Null, |v| value(&v.ty, types, depth + 1)),
        TypeKind::Tagged { property, variants } => match variants.first() {
            Some(variant) => {
                let mut made = value(&variant.ty, types, depth + 1);
                if let Some(object) = made.as_object_mut() {
                    object.insert(property.clone(), json!(variant.tag));
                }
                made
            }
            None => json!({}),
        },
        TypeKind::OneProperty { variants } => match variants.first() {
            Some(variant) => json!({ variant.wire.clone(): value(&variant.ty, types, depth + 1) }),
            None => json!({}),
        },
        TypeKind::Alias { target } | TypeKind::Newtype { target, .. } => {
            value(target, types, depth + 1)
        }
    }
}

fn primitive_value(primitive: Primitive) -> Value {
    match primitive {
        Primitive::String | Primitive::Bytes | Primitive::File => json!("string"),
        Primitive::Bool => json!(true),
        Primitive::I32 | Primitive::I64 => json!(0),
        Primitive::F32 | Primitive::F64 | Primitive::Decimal => json!(0.0),
        Primitive::Date => json!("2024-01-01"),
        Primitive::DateTime => json!("2024-01-01T00:00:00Z"),
        Primitive::LocalDateTime => json!("2024-01-01T00:00:00"),
        Primitive::Uuid => json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    }
}

/// A number of `primitive` in `range`: its least value (one past an exclusive one), or the greatest
/// when only that is bounded, or 0.
fn in_range(primitive: Primitive, range: Range) -> Value {
    let whole = matches!(primitive, Primitive::I32 | Primitive::I64);
    let step = |exclusive: bool| match (exclusive, whole) {
        (false, _) => 0.0,
        (true, true) => 1.0,
        // Inside an exclusive float bound: a step that keeps within a range of any width.
        (true, false) => range.min.zip(range.max).map_or(1.0, |(min, max)| {
            (max.value.as_f64() - min.value.as_f64()) / 2.0
        }),
    };
    let number = match (range.min, range.max) {
        (Some(min), _) => min.value.as_f64() + step(min.exclusive),
        (None, Some(max)) => (max.value.as_f64() - step(max.exclusive)).min(0.0),
        (None, None) => 0.0,
    };
    if whole {
        json!(number as i64)
    } else {
        json!(number)
    }
}

/// `text`, repeated or cut to a length between `min` and `max` characters.
fn fitted(text: &str, min: Option<usize>, max: Option<usize>) -> String {
    let mut out = text.to_string();
    while min.is_some_and(|min| out.chars().count() < min) {
        out.push_str(text);
    }
    match max {
        Some(max) => out.chars().take(max.max(min.unwrap_or(0))).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::model::{Bound, Doc, EnumVariant, Field, Length, Number, Place, TypeDef, TypeId};

    fn def(id: TypeId, name: &str, kind: TypeKind) -> (TypeId, TypeDef) {
        let def = TypeDef {
            id,
            name: name.into(),
            pointer: String::new(),
            doc: Doc::default(),
            kind,
            shared: None,
            features: Default::default(),
        };
        (id, def)
    }

    /// A made-up number is in its range, and the request check takes it and refuses one out of it.
    #[test]
    fn a_bounded_number_is_made_in_its_range_and_checked() {
        let types = Types::new();
        let bound = |value, exclusive| Some(Bound { value, exclusive });
        let cases = [
            (
                Primitive::I32,
                bound(Number::Int(1), false),
                None,
                json!(1),
                json!(0),
            ),
            (
                Primitive::I64,
                bound(Number::Int(0), true),
                None,
                json!(1),
                json!(0),
            ),
            (
                Primitive::I64,
                None,
                bound(Number::Int(-5), false),
                json!(-5),
                json!(-4),
            ),
            (
                Primitive::F64,
                bound(Number::float(0.0), true),
                bound(Number::float(1.0), true),
                json!(0.5),
                json!(1.0),
            ),
        ];
        for (primitive, min, max, made, out) in cases {
            let ty = TypeRef::BoundedNumber(primitive, Range { min, max });
            assert_eq!(sample(&ty, &types), made, "{ty:?}");
            assert_eq!(super::super::validate::body(&ty, &made, &types), Ok(()));
            let problem = super::super::validate::body(&ty, &out, &types).unwrap_err();
            assert!(problem.message.contains("required"), "{problem:?}");
        }
    }

    #[test]
    fn a_struct_gets_every_property_of_its_type() {
        let (kind, pet) = (TypeId(0), TypeId(1));
        let mut types = Types::new();
        types.extend([def(
            kind,
            "Kind",
            TypeKind::StringEnum {
                variants: vec![EnumVariant {
                    name: "Dog".into(),
                    wire: "dog".into(),
                }],
            },
        )]);
        let field = |wire: &str, ty: TypeRef| Field {
            name: wire.into(),
            wire: wire.into(),
            ty,
            required: true,
            nullable: false,
            boxed: false,
            doc: Doc::default(),
            pointer: Place::default(),
        };
        types.extend([def(
            pet,
            "Pet",
            TypeKind::Struct {
                fields: vec![
                    field("id", TypeRef::Primitive(Primitive::I64)),
                    field("kind", TypeRef::Named(kind)),
                    field(
                        "code",
                        TypeRef::BoundedString(Length {
                            min: Some(8),
                            max: Some(9),
                        }),
                    ),
                    field("born", TypeRef::Primitive(Primitive::Date)),
                ],
                default: false,
            },
        )]);
        assert_eq!(
            sample(&TypeRef::Array(Box::new(TypeRef::Named(pet))), &types),
            json!([{"id": 0, "kind": "dog", "code": "stringstr", "born": "2024-01-01"}])
        );
    }
}
