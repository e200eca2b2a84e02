//! The `#[cfg(...)]` of an operation or a type that only some tag features enable (see
//! `model::lower::reach`). The items of one tag go into that tag's module, under one attribute
//! ([`by_tag`], [`tag_module_decl`], in a file of its own: [`tag_module_file`]); an item of several
//! tags carries the attribute itself ([`items`]).

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

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

/// A file's items by where they go: those compiled with the same tag features in one module of
/// theirs, under one `cfg`; those always compiled at the top of the file.
pub struct ByTag<'a, T> {
    pub top: Vec<&'a T>,
    /// Each set of tag features with its items, sorted by the set.
    pub tags: Vec<(&'a [String], Vec<&'a T>)>,
}

/// Splits `items` (in order) by their `features`; the order within each group is kept.
pub fn by_tag<'a, T>(
    items: impl IntoIterator<Item = &'a T>,
    features: impl Fn(&'a T) -> &'a [String],
) -> ByTag<'a, T> {
    let mut top = Vec::new();
    let mut tags: BTreeMap<&'a [String], Vec<&'a T>> = BTreeMap::new();
    for item in items {
        match features(item) {
            [] => top.push(item),
            set => tags.entry(set).or_default().push(item),
        }
    }
    ByTag {
        top,
        tags: tags.into_iter().collect(),
    }
}

/// The module of the items of the tag features `features` in a file of the API module `api_module`:
/// `tag-github-code-scanning` alone is `tag_code_scanning` (the API's name is the file's already; the
/// prefix keeps it clear of the file's imports, `axum` say, and of keywords); two or more are
/// `tags_<first>_<hash>`, the hash of the whole set, so the name is the same in every run and no
/// other set's.
pub fn tag_module_ident(api_module: &str, features: &[String]) -> Ident {
    let prefix = crate::model::lower::reach::tag_feature_prefix(api_module);
    let tag = |feature: &str| {
        feature
            .strip_prefix(&prefix)
            .unwrap_or(feature)
            .replace('-', "_")
    };
    match features {
        [one] => format_ident!("tag_{}", tag(one)),
        _ => {
            let first = features.first().map(|f| tag(f)).unwrap_or_default();
            // FNV-1a: small, and the same on every platform and in every run.
            let hash = features
                .iter()
                .flat_map(|f| f.bytes().chain([0]))
                .fold(0x811c_9dc5_u32, |hash, byte| {
                    (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
                });
            format_ident!("tags_{first}_{hash:08x}")
        }
    }
}

/// `` tag feature `tag-x-a` `` or `` tag features `tag-x-a`, `tag-x-b` `` (the first few, and how many
/// more), for a module's docs.
pub fn features_text(features: &[String]) -> String {
    const SHOWN: usize = 3;
    let named: Vec<String> = features
        .iter()
        .take(SHOWN)
        .map(|f| format!("`{f}`"))
        .collect();
    match (features.len(), features.len().saturating_sub(SHOWN)) {
        (1, _) => format!("tag feature {}", named.join("")),
        (_, 0) => format!("tag features {}", named.join(", ")),
        (_, more) => format!("tag features {} and {more} more", named.join(", ")),
    }
}

/// The declaration of the module of the tag features `features` in its parent file, compiled with
/// any of them. The module is a file of its own ([`tag_module_file`]), so a build without them does
/// not even read it. With `reexport` its items are re-exported at the file's top, so the module is
/// only where they are written, not a path a user names.
pub fn tag_module_decl(api_module: &str, features: &[String], reexport: bool) -> TokenStream {
    let name = tag_module_ident(api_module, features);
    let cfg = attr(features);
    let reexport = reexport.then(|| quote!(#cfg pub use #name::*;));
    quote! {
        #reexport
        #cfg
        mod #name;
    }
}

/// The file of a tag feature's module: its doc comment, its `uses` (what it names of the parent file
/// and the API module) and its `items`.
pub fn tag_module_file(doc: &str, uses: TokenStream, items: TokenStream) -> TokenStream {
    let doc = format!(" {doc}");
    let mut file = quote! {
        #![doc = #doc]
        #uses
    };
    // Moved in, not interpolated: `#items` would copy every token of the module.
    file.extend(items);
    file
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
    fn a_tag_module_is_named_after_its_tags_and_items_of_one_set_go_there() {
        let set = |features: &[&str]| features.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        assert_eq!(
            tag_module_ident("github", &set(&["tag-github-code-scanning"])).to_string(),
            "tag_code_scanning"
        );
        assert_eq!(
            tag_module_ident(
                "innrapportering_oppdrag",
                &set(&["tag-innrapportering-oppdrag-innsending"])
            )
            .to_string(),
            "tag_innsending"
        );
        // Two sets with the same first tag are two modules, named the same in every run.
        let ab = tag_module_ident("x", &set(&["tag-x-a", "tag-x-b"])).to_string();
        let abc = tag_module_ident("x", &set(&["tag-x-a", "tag-x-b", "tag-x-c"])).to_string();
        assert!(ab.starts_with("tags_a_") && abc.starts_with("tags_a_") && ab != abc);
        assert_eq!(
            ab,
            tag_module_ident("x", &set(&["tag-x-a", "tag-x-b"])).to_string()
        );
        assert_eq!(
            features_text(&set(&["a", "b", "c", "d", "e"])),
            "tag features `a`, `b`, `c` and 2 more"
        );
        assert_eq!(features_text(&set(&["a"])), "tag feature `a`");
        let items: Vec<(u8, Vec<String>)> = vec![
            (0, vec![]),
            (1, vec!["tag-x-b".into()]),
            (2, vec!["tag-x-a".into(), "tag-x-b".into()]),
            (3, vec!["tag-x-a".into()]),
            (4, vec!["tag-x-b".into()]),
            (5, vec!["tag-x-a".into(), "tag-x-b".into()]),
        ];
        let split = by_tag(&items, |item| &item.1);
        let ids = |v: &[&(u8, Vec<String>)]| v.iter().map(|item| item.0).collect::<Vec<_>>();
        assert_eq!(ids(&split.top), [0]);
        let groups: Vec<(Vec<String>, Vec<u8>)> = split
            .tags
            .iter()
            .map(|(set, items)| (set.to_vec(), ids(items)))
            .collect();
        assert_eq!(
            groups,
            [
                (set(&["tag-x-a"]), vec![3]),
                (set(&["tag-x-a", "tag-x-b"]), vec![2, 5]),
                (set(&["tag-x-b"]), vec![1, 4]),
            ]
        );
    }

    #[test]
    fn every_item_gets_the_attribute_and_none_without_features() {
        let tokens = quote! {
            /// Doc.
            pub struct A(String);
            impl A { fn x() {} }
            crate::runtime::codegen::open_enum!(A, as_str, from_known);
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
