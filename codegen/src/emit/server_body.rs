//! How a server adapter's call function reads the request body (`body: …` of the typed request): by
//! the body's encoding, as the model decided it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::ident;
use super::own_names::OwnNames;
use crate::model::{Content, Encoding, PartKind, RequestBody};

/// The expression that reads `body` from `input` (`input.json()?`, `input.form(true)?`, …).
pub(super) fn read_body(body: &RequestBody, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
    match (body.content.encoding, body.required) {
        (Encoding::Json, required) if body.form_too.is_some() => {
            let nested = body
                .form_too
                .as_ref()
                .and_then(|c| c.form.as_ref())
                .is_some_and(|form| form.nested);
            if required {
                quote!(input.json_or_form(#nested)?)
            } else {
                quote!(input.json_or_form_optional(#nested)?)
            }
        }
        (Encoding::Json, true) => quote!(input.json()?),
        (Encoding::Json, false) => quote!(input.json_optional()?),
        (Encoding::Text, true) => quote!(input.text()?),
        (Encoding::Text, false) => quote!(input.text_optional()?),
        (Encoding::Binary, true) => quote!(input.bytes()),
        (Encoding::Binary, false) => quote!(input.bytes_optional()),
        (Encoding::Form, required) => {
            let nested = body.content.form.as_ref().is_some_and(|form| form.nested);
            if required {
                quote!(input.form(#nested)?)
            } else {
                quote!(input.form_optional(#nested)?)
            }
        }
        (Encoding::Multipart, required) => {
            let object = multipart_object(&body.content, prefix, names);
            if required {
                object
            } else {
                quote!(if input.has_body() { Some(#object) } else { None })
            }
        }
        (Encoding::Stream | Encoding::Events(_), true) => quote!(input.body_stream()),
        (Encoding::Stream | Encoding::Events(_), false) => quote!(input.body_stream_optional()),
    }
}

/// The struct of a multipart body, built from its parts (`input.part_file("file")?`, …).
fn multipart_object(content: &Content, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
    let Some(form) = &content.form else {
        return quote!();
    };
    let Some(object) = form.object.and_then(|id| names.type_name(id)) else {
        return quote!();
    };
    let object = ident(object);
    let fields = form.parts.iter().map(|part| {
        let field = format_ident!("{}", part.field);
        let wire = &part.wire;
        let read = match (part.kind, part.required) {
            (PartKind::File, true) => quote!(part_file),
            (PartKind::File, false) => quote!(part_file_optional),
            (PartKind::Files, true) => quote!(part_files),
            (PartKind::Files, false) => quote!(part_files_optional),
            (PartKind::Text, true) => quote!(part_text),
            (PartKind::Text, false) => quote!(part_text_optional),
            (PartKind::Texts, true) => quote!(part_texts),
            (PartKind::Texts, false) => quote!(part_texts_optional),
            (PartKind::Json, true) => quote!(part_json),
            (PartKind::Json, false) => quote!(part_json_optional),
        };
        let mut value = quote!(input.#read(#wire)?);
        if part.boxed {
            value = if part.required {
                quote!(std::boxed::Box::new(#value))
            } else {
                quote!(#value.map(std::boxed::Box::new))
            };
        }
        quote!(#field: #value,)
    });
    quote!(#prefix #object { #(#fields)* })
}
