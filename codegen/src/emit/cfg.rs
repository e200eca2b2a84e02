//! The `#[cfg(...)]` of an operation or a type that only some tag features enable (see
//! `model::lower::reach`): one attribute, on every item of its emission.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`; nothing without features
/// (always compiled). `features` is sorted by the model, so the output is deterministic.
pub fn attr(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `tokens` (top-level items: a struct, its impls, a macro call) with [`attr`] on each item.
pub fn items(features: &[String], tokens: TokenStream) -> TokenStream {
    if features.is_empty() {
        return tokens;
    }
    let attr = attr(features);
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file.items.iter().map(|item| quote!(#attr #item)).collect(),
        // Not items: formatting reports it with the file it was meant for.
        Err(_) => quote!(#attr #tokens),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute_and_none_without_features() {
        let tokens = quote! {
            /// Doc.
            pub struct A(String);
            impl A { fn x() {} }
            crate::runtime::open_enum!(A, as_str, from_known);
        };
        assert_eq!(items(&[], tokens.clone()).to_string(), tokens.to_string());
        let one = items(&["tag-x-a".to_string()], tokens.clone()).to_string();
        assert_eq!(
            one.matches("# [cfg (feature = \"tag-x-a\")]").count(),
            3,
            "{one}"
        );
        let two = items(&["tag-x-a".into(), "tag-x-b".into()], tokens).to_string();
        assert_eq!(
            two.matches("# [cfg (any (feature = \"tag-x-a\" , feature = \"tag-x-b\"))]")
                .count(),
            3,
            "{two}"
        );
    }
}
