//! `#[derive(OpenEnum)]`: a string enum of the spec that never fails on a value it does not know (but
//! in the server adapter's reading of a request, see `runtime::codegen::check::documented_only`). Each
//! unit variant names its wire value with `#[serde(rename = "VALUE")]`; the one tuple variant
//! `Unknown(String)` keeps any other value as it was received. Made from that table: `as_str()` (the
//! value on the wire), `from_known()` (the documented value a text names; its wire values also go to
//! `open_enum!`, which names them when a server refuses another), `From<&str>`,
//! `From<String>`, `FromStr`, `Display`, and serde's `Serialize` and `Deserialize` as the string. (The
//! same impls `runtime::codegen::open_enum!` adds to an enum that spells out its two methods, as the error-code
//! enums do.)

use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, LitStr};

pub fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let data = crate::plain_enum(input, "OpenEnum", "strings")?;
    let mut idents = Vec::new();
    let mut wires = Vec::new();
    let mut unknown = false;
    for variant in &data.variants {
        match &variant.fields {
            Fields::Unit => {
                idents.push(&variant.ident);
                wires.push(wire(variant)?);
            }
            Fields::Unnamed(fields) if variant.ident == "Unknown" && fields.unnamed.len() == 1 => {
                unknown = true;
            }
            _ => {
                return Err(syn::Error::new(
                    variant.span(),
                    "runtime::codegen::OpenEnum: unit variants with #[serde(rename = \"…\")], and Unknown(String)",
                ))
            }
        }
    }
    if !unknown {
        return Err(syn::Error::new(
            Span::call_site(),
            "runtime::codegen::OpenEnum: the enum needs a variant Unknown(String) for the values it does not list",
        ));
    }
    let name = &input.ident;
    Ok(quote! {
        impl #name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(value) => value,
                }
            }

            /// The documented value `value` names, or `None` when it is not documented.
            pub fn from_known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #(#wires => ::core::option::Option::Some(Self::#idents),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        runtime::codegen::open_enum!(#name, as_str, from_known, [#(#wires),*]);
    })
}

/// The wire value of a unit variant: its `#[serde(rename = "…")]`.
fn wire(variant: &syn::Variant) -> syn::Result<LitStr> {
    let mut wire = None;
    for attr in variant.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<LitStr>()?);
                Ok(())
            } else {
                Err(meta.error(
                    "runtime::codegen::OpenEnum: only #[serde(rename = \"…\")] on a variant",
                ))
            }
        })?;
    }
    wire.ok_or_else(|| {
        syn::Error::new(
            variant.span(),
            "runtime::codegen::OpenEnum: a variant names its wire value with #[serde(rename = \"…\")]",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn error_of(input: DeriveInput) -> String {
        crate::error_of(expand(&input))
    }

    #[test]
    fn what_it_cannot_read_is_an_error_saying_why() {
        assert!(error_of(parse_quote!(
            struct S;
        ))
        .contains("only an enum"));
        assert!(error_of(parse_quote!(
            enum E {
                A,
                Unknown(String),
            }
        ))
        .contains("rename"));
        assert!(error_of(parse_quote!(
            enum E {
                #[serde(rename = "a")]
                A,
            }
        ))
        .contains("Unknown(String)"));
        assert!(error_of(parse_quote!(
            enum E {
                #[serde(alias = "a")]
                A,
                Unknown(String),
            }
        ))
        .contains("only #[serde(rename"));
        assert!(error_of(parse_quote!(
            enum E {
                A(u8),
                Unknown(String),
            }
        ))
        .contains("unit variants"));
    }

    #[test]
    fn the_table_gives_both_directions() {
        let input: DeriveInput = parse_quote! {
            enum E { #[serde(rename = "PR_TITLE")] PrTitle, Unknown(String) }
        };
        let tokens = expand(&input).unwrap().to_string();
        assert!(
            tokens.contains("Self :: PrTitle => \"PR_TITLE\""),
            "{tokens}"
        );
        assert!(
            tokens
                .contains("\"PR_TITLE\" => :: core :: option :: Option :: Some (Self :: PrTitle)"),
            "{tokens}"
        );
        // The listed values go to `open_enum!`, which names them when a server refuses another.
        assert!(tokens.contains("from_known , [\"PR_TITLE\"]"), "{tokens}");
    }
}
