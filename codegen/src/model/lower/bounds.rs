//! The bounds of an integer or number schema (`minimum`, `maximum`, `exclusiveMinimum`,
//! `exclusiveMaximum`) as the model carries them: a [`TypeRef::BoundedNumber`] the emitters write a
//! check of, or the plain primitive when nothing is bounded. OpenAPI 3.1's numeric exclusive bounds
//! arrive in 3.0's form (`load::openapi31`), and an integer's bounds as int64 (`load::type_keywords`).

use openapiv3::{IntegerType, NumberType};

use crate::model::{Bound, Number, Primitive, Range, TypeRef};

/// The type of an integer schema lowered to `primitive` (`I32` or `I64`).
pub(super) fn integer(primitive: Primitive, schema: &IntegerType) -> TypeRef {
    // An `i32`'s bounds are written as `i32` literals: one beyond the type's values is brought to its
    // end (a minimum below `i32::MIN` bounds nothing; one above `i32::MAX` leaves no value in).
    let (low, high) = match primitive {
        Primitive::I32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    };
    let min = schema.minimum.and_then(|value| match value {
        _ if value > high => Some(Bound {
            value: Number::Int(high),
            exclusive: true,
        }),
        // Every value is at least the type's least one.
        _ if value < low || (value == low && !schema.exclusive_minimum) => None,
        _ => Some(Bound {
            value: Number::Int(value),
            exclusive: schema.exclusive_minimum,
        }),
    });
    let max = schema.maximum.and_then(|value| match value {
        _ if value < low => Some(Bound {
            value: Number::Int(low),
            exclusive: true,
        }),
        _ if value > high || (value == high && !schema.exclusive_maximum) => None,
        _ => Some(Bound {
            value: Number::Int(value),
            exclusive: schema.exclusive_maximum,
        }),
    });
    bounded(primitive, min, max)
}

/// The type of a number schema lowered to `primitive` (`F32`, `F64` or `Decimal`). A decimal's bounds
/// are not carried: its checks would compare exact amounts with the spec's `f64` bounds, which cannot
/// say every amount exactly; none of the specs bounds one.
pub(super) fn number(primitive: Primitive, schema: &NumberType) -> TypeRef {
    if primitive == Primitive::Decimal {
        return TypeRef::Primitive(primitive);
    }
    let bound = |value: Option<f64>, exclusive: bool| {
        value.filter(|v| v.is_finite()).map(|value| Bound {
            value: Number::float(value),
            exclusive,
        })
    };
    let min = bound(schema.minimum, schema.exclusive_minimum);
    let max = bound(schema.maximum, schema.exclusive_maximum);
    bounded(primitive, min, max)
}

fn bounded(primitive: Primitive, min: Option<Bound>, max: Option<Bound>) -> TypeRef {
    match (min, max) {
        (None, None) => TypeRef::Primitive(primitive),
        (min, max) => TypeRef::BoundedNumber(primitive, Range { min, max }),
    }
}
