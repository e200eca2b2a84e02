//! Files included below a crate's root (`Settings::module_path`, `crate::api`): every path the emitters
//! start at the crate root (`crate::runtime::…`, `crate::felles::Feil`, and the same in doc links and in
//! `#[serde(with = "crate::runtime::decimal")]`) is made to start at that module. The emitters keep
//! writing `crate::`; this is the one place that knows where the root is.

use std::str::FromStr;

use proc_macro2::{Group, Literal, TokenStream, TokenTree};

/// `tokens` with each path `crate::x` made `<root>::x`; `root` is a module path (`crate::api`).
pub fn rebase(tokens: TokenStream, root: &TokenStream, root_text: &str) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == "crate" && starts_path(&trees[i + 1..]) => {
                out.extend(root.clone());
            }
            TokenTree::Group(group) => {
                let mut rebased =
                    Group::new(group.delimiter(), rebase(group.stream(), root, root_text));
                rebased.set_span(group.span());
                out.extend([TokenTree::Group(rebased)]);
            }
            TokenTree::Literal(literal) => {
                out.extend([TokenTree::Literal(rebase_literal(literal, root_text))])
            }
            other => out.extend([other.clone()]),
        }
    }
    out
}

/// Whether the tokens begin with `::` (so the `crate` before them starts a path, not `pub(crate)`).
fn starts_path(rest: &[TokenTree]) -> bool {
    matches!(
        rest,
        [TokenTree::Punct(a), TokenTree::Punct(b), ..] if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// A string literal naming `crate::` paths (a doc link, a `serde(with)` path) names them from `root`.
fn rebase_literal(literal: &Literal, root_text: &str) -> Literal {
    let text = literal.to_string();
    if !text.starts_with('"') && !text.starts_with('r') || !text.contains("crate::") {
        return literal.clone();
    }
    let rebased = text.replace("crate::", &format!("{root_text}::"));
    match Literal::from_str(&rebased) {
        Ok(mut new) => {
            new.set_span(literal.span());
            new
        }
        Err(_) => literal.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rebased(tokens: TokenStream) -> String {
        rebase(tokens, &quote!(crate::api), "crate::api").to_string()
    }

    #[test]
    fn paths_from_the_root_start_at_the_module() {
        let tokens = quote! {
            use crate::runtime::{self, Deserialize};
            pub(crate) struct A { b: crate::felles::Feil }
            /// See [`crate::runtime::client`].
            #[serde(with = "crate::runtime::decimal")]
            pub struct C;
        };
        assert_eq!(
            rebased(tokens),
            quote! {
                use crate::api::runtime::{self, Deserialize};
                pub(crate) struct A { b: crate::api::felles::Feil }
                /// See [`crate::api::runtime::client`].
                #[serde(with = "crate::api::runtime::decimal")]
                pub struct C;
            }
            .to_string()
        );
    }

    #[test]
    fn other_literals_and_idents_are_kept() {
        let tokens = quote!(let x = 1u8; let s = "no path"; let c = 'c'; krate::x;);
        assert_eq!(rebased(tokens.clone()), tokens.to_string());
    }
}
