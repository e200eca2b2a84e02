//! Enums of strings that never fail on a value they do not know: string enums of the spec and error-code
//! enums of the error tables share this shape. Unknown values are kept in `Unknown(String)`, so a new
//! value on the server side neither breaks deserialization nor gets lost.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::text_attrs;
use super::own_names::OwnNames;
use crate::model::own_names::OwnName;
use crate::model::EnumVariant;

/// A variant that wraps another enum of the same kind (the shared error tables).
pub struct Nested {
    pub variant: Ident,
    pub ty: TokenStream,
    pub doc: String,
}

/// The enum, its accessor (`as_str`, or `code` for error codes) and its documented-value lookup, as
/// plain code; then `crate::runtime::codegen::open_enum!`, which adds `From`, `FromStr`, `Display` and serde on
/// top of those two methods (the same for every such enum, so not spelled out thousands of times).
/// `variant_docs` are the doc attributes of each variant, in order.
pub fn open_enum(
    name: &Ident,
    docs: &TokenStream,
    variants: &[EnumVariant],
    variant_docs: &[TokenStream],
    nested: &[Nested],
    accessor: &Ident,
    known: &Ident,
) -> TokenStream {
    let idents: Vec<Ident> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let nested_defs = nested.iter().map(|n| {
        let (variant, ty) = (&n.variant, &n.ty);
        let doc = text_attrs(&n.doc);
        quote!(#doc #variant(#ty),)
    });
    let nested_accessor = nested.iter().map(|n| {
        let variant = &n.variant;
        quote!(Self::#variant(inner) => inner.#accessor(),)
    });
    // Codes of the nested tables, tried in order: `A::known(v).map(Self::A).or_else(|| ...)`.
    let nested_known = nested
        .iter()
        .rev()
        .fold(None, |rest: Option<TokenStream>, n| {
            let (variant, ty) = (&n.variant, &n.ty);
            let this = quote!(#ty::#known(value).map(Self::#variant));
            Some(match rest {
                None => this,
                Some(rest) => quote!(#this.or_else(|| #rest)),
            })
        })
        .unwrap_or_else(|| quote!(None));
    let known_body = if idents.is_empty() {
        nested_known
    } else {
        quote! {
            match value {
                #(#wires => Some(Self::#idents),)*
                _ => #nested_known,
            }
        }
    };
    let known_doc =
        text_attrs("The documented value `value` names, or `None` when it is not documented.");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #idents,)*
            #(#nested_defs)*
            /// A value the spec does not list, kept as it was received.
            Unknown(String),
        }

        impl #name {
            /// The value as it is on the wire.
            pub fn #accessor(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    #(#nested_accessor)*
                    Self::Unknown(value) => value,
                }
            }

            #known_doc
            pub fn #known(value: &str) -> Option<Self> {
                #known_body
            }
        }

        crate::runtime::codegen::open_enum!(#name, #accessor, #known);
    }
}

/// A string enum of the spec: the enum alone, each variant with its wire value; the runtime's
/// `OpenEnum` derive makes `as_str`, `from_known`, the conversions and serde from that table.
/// `names`: how the models name our own items (`OpenEnum`, `String`).
pub fn string_enum(
    name: &Ident,
    docs: &TokenStream,
    variants: &[EnumVariant],
    names: &OwnNames,
) -> TokenStream {
    let (open_enum, string) = (names.get(OwnName::OpenEnum), names.get(OwnName::String));
    let variants = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let wire = &v.wire;
        let doc = text_attrs(&format!("`{wire}`"));
        quote!(#doc #[serde(rename = #wire)] #ident,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #open_enum)]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not list, kept as it was received.
            Unknown(#string),
        }
    }
}
