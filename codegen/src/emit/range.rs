//! The bounds of numbers (`TypeRef::BoundedNumber`) in the generated code, as `length.rs` writes a
//! string's: the check the object derive makes of a field (`#[check(range(..))]`), the runtime's
//! `check::Range` a parameter is checked with, and the line of the docs that tells the user the bound.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{raw_attrs, then_paragraph};
use crate::model::{Number, Primitive, Range, TypeRef};

/// The field attribute of the object derives: `#[check(range(min = 1i64, max = 100i64))]`, an exclusive
/// bound followed by `exclusive_min` or `exclusive_max`.
pub fn check_attr((primitive, range): (Primitive, Range)) -> TokenStream {
    let min = range.min.map(|min| {
        let value = literal(primitive, min.value);
        let exclusive = min.exclusive.then(|| quote!(, exclusive_min));
        quote!(min = #value #exclusive)
    });
    let max = range.max.map(|max| {
        let value = literal(primitive, max.value);
        let exclusive = max.exclusive.then(|| quote!(, exclusive_max));
        quote!(max = #value #exclusive)
    });
    let bounds = min.into_iter().chain(max);
    quote!(#[check(range(#(#bounds),*))])
}

/// The runtime's `check::Range` of the bounds, as an expression written as a reader says it:
/// `Range::between(1i32, 100i32)`, `Range::at_least(1i64)`, `Range::greater_than(0.5f64).and_at_most(2.0f64)`.
pub fn runtime_range((primitive, range): (Primitive, Range)) -> TokenStream {
    let value = |bound: crate::model::Bound| literal(primitive, bound.value);
    let path = quote!(crate::runtime::codegen::check::Range);
    match (range.min, range.max) {
        (Some(min), Some(max)) if !min.exclusive && !max.exclusive => {
            let (min, max) = (value(min), value(max));
            quote!(#path::between(#min, #max))
        }
        (Some(min), max) => {
            let make = match min.exclusive {
                true => quote!(greater_than),
                false => quote!(at_least),
            };
            let low = value(min);
            let and_max = max.map(|max| {
                let and = match max.exclusive {
                    true => quote!(and_less_than),
                    false => quote!(and_at_most),
                };
                let high = value(max);
                quote!(.#and(#high))
            });
            quote!(#path::#make(#low) #and_max)
        }
        (None, Some(max)) => {
            let make = match max.exclusive {
                true => quote!(less_than),
                false => quote!(at_most),
            };
            let high = value(max);
            quote!(#path::#make(#high))
        }
        // The model makes no bounded number without a bound; were there one, it checks nothing.
        (None, None) => {
            quote!(#path { min: ::core::option::Option::None, max: ::core::option::Option::None })
        }
    }
}

/// `docs` with a paragraph saying the bound of `ty`'s numbers, when it has one: `At least 1.`, or
/// `Each at least 1.` for a list or map of them. A named type (an alias) says its bound in its own docs,
/// as a list or not, so a use of it adds nothing.
pub fn with_range_doc(
    docs: TokenStream,
    ty: &TypeRef,
    range: Option<(Primitive, Range)>,
) -> TokenStream {
    let Some((_, range)) = range else {
        return docs;
    };
    let line = match ty {
        TypeRef::BoundedNumber(..) => format!("{}.", sentence(range)),
        TypeRef::Array(_) | TypeRef::Map(_) => format!("Each {range}."),
        _ => return docs,
    };
    then_paragraph(docs, raw_attrs(&line))
}

/// `docs` with a paragraph saying the bound is not checked, for what holds bounded numbers where serde's
/// derive reads and writes them (a variant of a union, a newtype made for a cycle).
pub fn with_unchecked_range_doc(
    docs: TokenStream,
    range: Option<(Primitive, Range)>,
) -> TokenStream {
    match range {
        Some((_, range)) => then_paragraph(
            docs,
            raw_attrs(&format!(
                "{} (the spec's bound; not checked here).",
                sentence(range)
            )),
        ),
        None => docs,
    }
}

/// The bound as a literal of the number type (`1i64`, `0.5f64`): the suffix names the type, so the
/// runtime's generic `Range` needs no annotation where it is built.
fn literal(primitive: Primitive, value: Number) -> Literal {
    match (primitive, value) {
        // `lower::bounds` keeps an `i32`'s bounds within `i32`; saturating is only for safety.
        (Primitive::I32, Number::Int(value)) => {
            Literal::i32_suffixed(i32::try_from(value).unwrap_or(if value < 0 {
                i32::MIN
            } else {
                i32::MAX
            }))
        }
        (Primitive::F32, Number::Int(value)) => Literal::f32_suffixed(value as f32),
        (Primitive::F64, Number::Int(value)) => Literal::f64_suffixed(value as f64),
        (_, Number::Int(value)) => Literal::i64_suffixed(value),
        (Primitive::F32, Number::Float(bits)) => Literal::f32_suffixed(f64::from_bits(bits) as f32),
        (_, Number::Float(bits)) => Literal::f64_suffixed(f64::from_bits(bits)),
    }
}

/// `At least 1 and at most 100`.
fn sentence(range: Range) -> String {
    let text = range.to_string();
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!("{}{}", first.unwrap_or_default(), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bound;

    #[test]
    fn the_attribute_the_check_and_the_doc_say_the_bounds() {
        let one_to_100 = Range {
            min: Some(Bound {
                value: Number::Int(1),
                exclusive: false,
            }),
            max: Some(Bound {
                value: Number::Int(100),
                exclusive: false,
            }),
        };
        assert_eq!(
            check_attr((Primitive::I64, one_to_100)).to_string(),
            quote!(#[check(range(min = 1i64, max = 100i64))]).to_string()
        );
        assert_eq!(
            runtime_range((Primitive::I32, one_to_100)).to_string(),
            quote!(crate::runtime::codegen::check::Range::between(1i32, 100i32)).to_string()
        );
        let open = Range {
            min: Some(Bound {
                value: Number::float(0.5),
                exclusive: true,
            }),
            max: None,
        };
        assert_eq!(
            check_attr((Primitive::F64, open)).to_string(),
            quote!(#[check(range(min = 0.5f64, exclusive_min))]).to_string()
        );
        assert_eq!(
            runtime_range((Primitive::F64, open)).to_string(),
            quote!(crate::runtime::codegen::check::Range::greater_than(0.5f64)).to_string()
        );
        let half_open = Range {
            max: Some(Bound {
                value: Number::Int(2),
                exclusive: true,
            }),
            ..open
        };
        assert_eq!(
            runtime_range((Primitive::F64, half_open)).to_string(),
            quote!(crate::runtime::codegen::check::Range::greater_than(0.5f64).and_less_than(2f64))
                .to_string()
        );
        let at_most = Range {
            min: None,
            ..one_to_100
        };
        assert_eq!(
            runtime_range((Primitive::I64, at_most)).to_string(),
            quote!(crate::runtime::codegen::check::Range::at_most(100i64)).to_string()
        );
        let bounded = TypeRef::BoundedNumber(Primitive::I64, one_to_100);
        assert_eq!(
            with_range_doc(quote!(), &bounded, Some((Primitive::I64, one_to_100))).to_string(),
            quote!(#[doc = " At least 1 and at most 100."]).to_string()
        );
        let list = TypeRef::Array(Box::new(TypeRef::BoundedNumber(Primitive::F64, open)));
        assert_eq!(
            with_range_doc(quote!(), &list, Some((Primitive::F64, open))).to_string(),
            quote!(#[doc = " Each greater than 0.5."]).to_string()
        );
        // An alias says it in its own docs.
        let alias = TypeRef::Named(crate::model::TypeId(0));
        assert!(with_range_doc(quote!(), &alias, Some((Primitive::F64, open))).is_empty());
    }
}
