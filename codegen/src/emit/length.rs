//! The length bounds of anonymous strings (`TypeRef::BoundedString`) in the generated code: the check the
//! object derive makes of a field (`#[check(length(..))]`), the runtime's `check::Length` a parameter is
//! checked with, and the line of the docs that tells the user the bound where the field is.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{raw_attrs, then_paragraph};
use crate::model::{Length, TypeRef};

/// The field attribute of the object derives: `#[check(length(min = 1, max = 5000))]`.
pub fn check_attr(length: Length) -> TokenStream {
    let min = length.min.map(|min| {
        let min = Literal::usize_unsuffixed(min);
        quote!(min = #min)
    });
    let max = length.max.map(|max| {
        let max = Literal::usize_unsuffixed(max);
        quote!(max = #max)
    });
    let bounds = min.into_iter().chain(max);
    quote!(#[check(length(#(#bounds),*))])
}

/// The runtime's `check::Length` of the bounds, as an expression (`Length::at_most(5000)`).
pub fn runtime_length(length: Length) -> TokenStream {
    let n = |n: usize| Literal::usize_unsuffixed(n);
    let make = match (length.min, length.max) {
        (Some(min), Some(max)) => {
            let (min, max) = (n(min), n(max));
            quote!(between(#min, #max))
        }
        (Some(min), None) => {
            let min = n(min);
            quote!(at_least(#min))
        }
        (None, Some(max)) => {
            let max = n(max);
            quote!(at_most(#max))
        }
        // `Length::of` makes no bounds without a bound; were there one, it would let every value pass.
        (None, None) => quote!(at_least(0)),
    };
    quote!(crate::runtime::codegen::check::Length::#make)
}

/// `docs` with a paragraph saying the bound of `ty`'s strings, when it has one: `At most 5000
/// characters.`, or `Each at most 5000 characters.` for a list or map of them.
pub fn with_length_doc(docs: TokenStream, ty: &TypeRef, length: Option<Length>) -> TokenStream {
    let Some(length) = length else {
        return docs;
    };
    let line = match ty {
        TypeRef::BoundedString(_) => format!("{}.", sentence(length)),
        _ => format!("Each {length}."),
    };
    then_paragraph(docs, raw_attrs(&line))
}

/// The doc of what holds bounded strings where serde's derive reads and writes them (a variant of a union,
/// a newtype made for a cycle): it has no place for the check, so the docs say the bound is not checked.
pub fn unchecked_length_doc(length: Option<Length>) -> TokenStream {
    match length {
        Some(length) => raw_attrs(&format!(
            "{} (the spec's bound; not checked here).",
            sentence(length)
        )),
        None => quote!(),
    }
}

/// `docs` with the paragraph of [`unchecked_length_doc`], when there is a bound.
pub fn with_unchecked_length_doc(docs: TokenStream, length: Option<Length>) -> TokenStream {
    match length {
        Some(_) => then_paragraph(docs, unchecked_length_doc(length)),
        None => docs,
    }
}

/// `At most 5000 characters`.
fn sentence(length: Length) -> String {
    let text = length.to_string();
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!("{}{}", first.unwrap_or_default(), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attribute_and_the_doc_say_the_bounds() {
        let both = Length {
            min: Some(1),
            max: Some(5000),
        };
        assert_eq!(
            check_attr(both).to_string(),
            quote!(#[check(length(min = 1, max = 5000))]).to_string()
        );
        let max = Length {
            min: None,
            max: Some(3),
        };
        assert_eq!(
            check_attr(max).to_string(),
            quote!(#[check(length(max = 3))]).to_string()
        );
        let bounded = TypeRef::BoundedString(max);
        assert_eq!(
            with_length_doc(quote!(), &bounded, Some(max)).to_string(),
            quote!(#[doc = " At most 3 characters."]).to_string()
        );
        let list = TypeRef::Array(Box::new(bounded.clone()));
        assert_eq!(
            with_length_doc(quote!(), &list, Some(max)).to_string(),
            quote!(#[doc = " Each at most 3 characters."]).to_string()
        );
        assert!(with_length_doc(quote!(), &list, None).is_empty());
        assert_eq!(
            runtime_length(both).to_string(),
            quote!(crate::runtime::codegen::check::Length::between(1, 5000)).to_string()
        );
        assert_eq!(
            runtime_length(max).to_string(),
            quote!(crate::runtime::codegen::check::Length::at_most(3)).to_string()
        );
    }
}
