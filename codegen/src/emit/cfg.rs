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

/// `#![allow(unused_imports)]` for a file of an API with tag features: a build without some tags
/// leaves some of its imports unused.
pub fn allow_unused_imports(features: &[String]) -> TokenStream {
    if features.is_empty() {
        quote!()
    } else {
        quote!(#![allow(unused_imports)])
    }
}

/// `tokens` (top-level items: a struct, its impls, a macro call) with [`attr`] on each item, after
/// the item's doc comment (where a reader looks for attributes).
pub fn items(features: &[String], tokens: TokenStream) -> TokenStream {
    if features.is_empty() {
        return tokens;
    }
    let attr = attr(features);
    let cfg: Vec<syn::Attribute> =
        match syn::parse::Parser::parse2(syn::Attribute::parse_outer, attr.clone()) {
            Ok(cfg) => cfg,
            Err(_) => return quote!(#attr #tokens),
        };
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file
            .items
            .into_iter()
            .map(|mut item| match attrs_mut(&mut item) {
                Some(attrs) => {
                    let after_docs = attrs
                        .iter()
                        .take_while(|a| a.path().is_ident("doc"))
                        .count();
                    attrs.splice(after_docs..after_docs, cfg.iter().cloned());
                    quote!(#item)
                }
                None => quote!(#attr #item),
            })
            .collect(),
        // Not items: formatting reports it with the file it was meant for.
        Err(_) => quote!(#attr #tokens),
    }
}

/// The attributes of the items the emitters write.
fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
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
        // After the doc comment.
        assert!(
            one.starts_with("# [doc = r\" Doc.\"] # [cfg (feature = \"tag-x-a\")] pub struct A"),
            "{one}"
        );
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
