//! The `use` line of a tag module's file: the names its items take from the module around it, one by
//! one.
//!
//! A glob (`use super::*;`) was shorter, but rustc pays for a glob import with every name the target
//! offers, in every module that has one: with Graph's 1,500 tag modules each seeing all the API's
//! names, import resolution and effective visibilities took 37 s of its all-features check and
//! 3.6 GiB more memory (2.4 s with the names one by one). A module names the few it uses instead.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::hash::{HashMap, HashSet};

/// The names a module offers its tag modules, each with the tag features it is compiled with (none:
/// always).
pub type Offered = HashMap<String, Arc<[String]>>;

/// Whether `offered` has `name` wherever a module of the tag features `set` is compiled: always, or
/// with each feature of `set`. A word that only looks like a name (a variant, a word of a doc comment)
/// is then imported at worst unused, never from a module a build leaves out.
pub fn offered_to(offered: &Offered, name: &str, set: &[String]) -> bool {
    offered
        .get(name)
        .is_some_and(|features| features.is_empty() || set.iter().all(|f| features.contains(f)))
}

/// `use <parent>::{A, B};`: the names `items` use that `available` says `parent` offers, less those
/// `items` define themselves and those in `taken` (the file's other imports). `implied`: names used
/// where the tokens do not show them (`runtime`, which the runtime's derives expand to). Nothing when
/// it uses none.
pub fn from_parent(
    parent: TokenStream,
    items: &TokenStream,
    available: impl Fn(&str) -> bool,
    (taken, implied): (&[&str], &[&str]),
) -> TokenStream {
    let defined = defined(items);
    let mut used: HashSet<String> = implied.iter().map(|name| name.to_string()).collect();
    collect_used(items.clone(), &mut used, &mut String::new());
    // In the order of their names: the set's order is not the output's.
    let mut names: Vec<&String> = used
        .iter()
        .filter(|name| {
            available(name) && !defined.contains(*name) && !taken.contains(&name.as_str())
        })
        .collect();
    names.sort();
    let names: Vec<_> = names.iter().map(|name| format_ident!("{}", name)).collect();
    if names.is_empty() {
        return quote!();
    }
    quote!(use #parent::{#(#names),*};)
}

/// Every identifier of `tokens`, and every word of their doc comments' code spans (`` [`Api::get`] ``
/// links through the module's names too). `text` is a buffer for each token's text: a name is
/// allocated once, when it is first seen, not at each of its thousands of uses.
fn collect_used(tokens: TokenStream, used: &mut HashSet<String>, text: &mut String) {
    let add = |used: &mut HashSet<String>, name: &str| {
        if !used.contains(name) {
            used.insert(name.to_string());
        }
    };
    for token in tokens {
        text.clear();
        match token {
            TokenTree::Ident(ident) => {
                let _ = write!(text, "{ident}");
                add(used, text.strip_prefix("r#").unwrap_or(text));
            }
            TokenTree::Group(group) => collect_used(group.stream(), used, text),
            TokenTree::Literal(literal) => {
                let _ = write!(text, "{literal}");
                for span in text.split('`').skip(1).step_by(2) {
                    let words = span.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                    for word in words.filter(|w| !w.is_empty()) {
                        add(used, word);
                    }
                }
            }
            TokenTree::Punct(_) => {}
        }
    }
}

/// The names the top-level items of `tokens` define (`struct X`, `enum X`, `type X`, `fn x`, …).
fn defined(tokens: &TokenStream) -> BTreeSet<String> {
    const KEYWORDS: &[&str] = &[
        "struct", "enum", "union", "type", "trait", "fn", "const", "static", "mod",
    ];
    let mut out = BTreeSet::new();
    let mut after_keyword = false;
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if after_keyword {
                    out.insert(name.strip_prefix("r#").map(str::to_string).unwrap_or(name));
                    after_keyword = false;
                } else {
                    after_keyword = KEYWORDS.contains(&name.as_str());
                }
            }
            _ => after_keyword = false,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_imports_what_it_uses_of_its_parent_and_nothing_it_defines() {
        let items = quote! {
            /// Links [`Api::hent`], mentions `Vedlegg`.
            pub struct Ting {
                pub del: Del,
                pub liste: Vec<Annen>,
                pub egen: Egen,
            }
            pub enum Egen { Del(Del) }
            #[derive(Serialize)]
            pub struct Ukjent(runtime::Value);
        };
        let parent = [
            "Api",
            "Del",
            "Annen",
            "Egen",
            "Serialize",
            "Vedlegg",
            "runtime",
            "Ubrukt",
        ];
        let uses = from_parent(
            quote!(super),
            &items,
            |name| parent.contains(&name),
            (&["runtime"], &[]),
        );
        assert_eq!(
            uses.to_string(),
            "use super :: { Annen , Api , Del , Serialize , Vedlegg } ;"
        );
        // A name the derives' expansions use, which the tokens do not show.
        let uses = from_parent(
            quote!(super),
            &items,
            |name| parent.contains(&name),
            (&[], &["runtime", "Ubrukt2"]),
        );
        assert_eq!(
            uses.to_string(),
            "use super :: { Annen , Api , Del , Serialize , Vedlegg , runtime } ;"
        );
        assert!(from_parent(quote!(super), &items, |_| false, (&[], &[])).is_empty());
    }

    #[test]
    fn a_name_is_offered_where_the_module_is_compiled() {
        let set = |features: &[&str]| -> Arc<[String]> {
            features.iter().map(|f| f.to_string()).collect()
        };
        let offered: Offered = [
            ("Alltid".to_string(), set(&[])),
            ("AogB".to_string(), set(&["a", "b"])),
            ("B".to_string(), set(&["b"])),
        ]
        .into_iter()
        .collect();
        let module = ["a".to_string(), "b".to_string()];
        assert!(offered_to(&offered, "Alltid", &module));
        assert!(offered_to(&offered, "AogB", &module));
        // A build with `a` alone compiles the module but not `B`.
        assert!(!offered_to(&offered, "B", &module));
        assert!(offered_to(&offered, "B", &module[1..]));
        assert!(!offered_to(&offered, "Ukjent", &module));
    }
}
