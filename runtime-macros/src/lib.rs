//! The derives of the generated crates, re-exported by `skatteetaten-runtime` (`runtime::codegen::Serialize`,
//! `runtime::codegen::Deserialize`, `runtime::codegen::OpenEnum`, `runtime::codegen::Responses`). Each turns a table the
//! generated code states once into the impls it would otherwise spell out per type, with an expansion
//! sized for what the compiler has to check (see `object.rs`, `open_enum.rs`, `responses.rs`).
//!
//! The expansions name the runtime as `runtime` where the type is defined: each generated file that
//! derives imports it (`use crate::runtime::{self, …}`). A proc macro cannot name its own crate as
//! `$crate` does, and a path from the crate root (`crate::runtime`) would break where the generated
//! files are included below the root (`include!` in a module, `Settings::module_path`).

use proc_macro::TokenStream;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DataEnum, DeriveInput};

mod object;
mod open_enum;
mod responses;

/// Runs `expand` on the derive's input; an input it cannot take is a compile error saying why.
fn derive(
    input: TokenStream,
    expand: fn(&DeriveInput) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    match syn::parse::<DeriveInput>(input) {
        Ok(input) => expand(&input)
            .unwrap_or_else(|error| error.to_compile_error())
            .into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The variants of `input`, a plain (not generic) enum, as the `derive` named (`OpenEnum`, for `of`
/// "strings") takes them.
fn plain_enum<'a>(input: &'a DeriveInput, derive: &str, of: &str) -> syn::Result<&'a DataEnum> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("runtime::{derive}: only an enum of {of}"),
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            format!("runtime::{derive}: generic enums are not supported"),
        ));
    }
    Ok(data)
}

/// The message of the error an expansion ends in (it must not succeed).
#[cfg(test)]
fn error_of<T>(expansion: syn::Result<T>) -> String {
    match expansion {
        Ok(_) => panic!("accepted"),
        Err(error) => error.to_string(),
    }
}

/// serde's `Deserialize` for a struct with named fields, read from a map (a JSON object), with serde's
/// attributes, and `#[check(length(min = 1, max = 5000))]` on a field whose strings have length bounds
/// (`#[check(range(min = 1i64, max = 100i64))]` whose numbers have a range). See `object.rs` for what it
/// accepts.
#[proc_macro_derive(Deserialize, attributes(serde, check))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    derive(input, object::expand_deserialize)
}

/// serde's `Serialize` for a struct with named fields, written as a map (a JSON object), with serde's
/// attributes and `#[check(length(..))]` or `#[check(range(..))]`. See `object.rs`.
#[proc_macro_derive(Serialize, attributes(serde, check))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    derive(input, object::expand_serialize)
}

/// An operation's response enum, its variants named after their statuses: `status()`,
/// `into_result()`, and the client's `Decode` and the server's `Respond` (under the crate's `client`
/// and `server` features). See `responses.rs`.
#[proc_macro_derive(Responses, attributes(response))]
pub fn derive_responses(input: TokenStream) -> TokenStream {
    derive(input, responses::expand)
}

/// A string enum of the spec that keeps values it does not list (`Unknown(String)`): `as_str()`,
/// `from_known()`, the conversions and serde's traits, from one `#[serde(rename = "…")]` per variant.
/// See `open_enum.rs`.
#[proc_macro_derive(OpenEnum, attributes(serde))]
pub fn derive_open_enum(input: TokenStream) -> TokenStream {
    derive(input, open_enum::expand)
}
