//! The statements that write an operation's typed request (its parameters and body) into the HTTP
//! request `http`. A value that cannot be written is kept by the request and answered by
//! `Transport::call`, so the statements need no `?`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{
    Encoding, FormPart, ObjectStyle, ParamLocation, ParamParse, Parameter, PartKind, RequestBody,
};

/// The statement that adds the request's field of `param` to `http`. An absent optional value adds
/// nothing; a list adds each value.
pub fn apply_param(param: &Parameter) -> TokenStream {
    let field = format_ident!("{}", param.name);
    let value = quote!(&request.#field);
    let wire = &param.wire;
    if param.parse == ParamParse::Object {
        let style = match param.object_style {
            ObjectStyle::DeepObject => quote!(DeepObject),
            ObjectStyle::FormExploded => quote!(FormExploded),
            ObjectStyle::Form => quote!(Form),
        };
        return quote!(http.query_object(#wire, #value, crate::runtime::codegen::ObjectStyle::#style););
    }
    match param.location {
        ParamLocation::Path => quote!(http.path_param(#wire, #value);),
        ParamLocation::Query => quote!(http.query(#wire, #value);),
        ParamLocation::Header | ParamLocation::Cookie => quote!(http.header(#wire, #value);),
    }
}

/// The statement that checks `param` against its bounds (the length of its strings, the range of its
/// numbers), if it has any: one out of bounds is kept by the request as its error, and nothing is sent.
pub fn check_param(param: &Parameter) -> Option<TokenStream> {
    let rule = match (param.length, param.range) {
        (Some(length), _) => super::super::length::runtime_length(length),
        (None, Some(range)) => super::super::range::runtime_range(range),
        (None, None) => return None,
    };
    let field = format_ident!("{}", param.name);
    let wire = &param.wire;
    Some(quote!(http.check(#wire, &request.#field, #rule);))
}

/// The statement that sets the request's body: a stream is moved into the request (the method's last
/// use of it), anything else borrowed; an absent optional body sets nothing.
pub fn apply_body(body: &RequestBody) -> TokenStream {
    let content = &body.content;
    let media = if content.media_type.contains('*') {
        match content.encoding {
            Encoding::Stream => "application/octet-stream",
            _ => "application/json",
        }
        .to_string()
    } else {
        content.media_type.clone()
    };
    let streamed = matches!(content.encoding, Encoding::Stream | Encoding::Events(_));
    let value = match (streamed, body.required) {
        (true, true) => quote!(request.body),
        (false, true) => quote!(&request.body),
        // Bound below.
        (_, false) => quote!(body),
    };
    let set = match content.encoding {
        Encoding::Json => quote!(http.json_body(#media, #value);),
        Encoding::Text => quote!(http.text_body(#media, #value);),
        Encoding::Binary => quote!(http.bytes_body(#media, #value);),
        Encoding::Stream | Encoding::Events(_) => quote!(http.stream_body(#media, #value);),
        Encoding::Form => {
            let nested = content.form.as_ref().is_some_and(|form| form.nested);
            quote!(http.form_body(#value, #nested);)
        }
        Encoding::Multipart => {
            // The parts read `body`: bound here, or by the `if let` of an optional body.
            let parts = content.form.iter().flat_map(|form| &form.parts).map(part);
            if body.required {
                quote! {
                    let body = #value;
                    #(#parts)*
                }
            } else {
                quote!(#(#parts)*)
            }
        }
    };
    match (streamed, body.required) {
        (_, true) => set,
        (true, false) => quote! {
            if let Some(body) = request.body {
                #set
            }
        },
        (false, false) => quote! {
            if let Some(body) = &request.body {
                #set
            }
        },
    }
}

/// The statement that adds one part of a multipart body (`body` is a reference to the body's struct): an
/// absent optional part adds nothing, a list one part per element.
fn part(part: &FormPart) -> TokenStream {
    let field = format_ident!("{}", part.field);
    let wire = &part.wire;
    let add = match part.kind {
        // `part_text` writes `None` as nothing and a list as a part per element.
        PartKind::Text | PartKind::Texts => return quote!(http.part_text(#wire, &body.#field);),
        PartKind::File | PartKind::Files => quote!(part_file),
        PartKind::Json => quote!(part_json),
    };
    match (part.kind == PartKind::Files, part.required) {
        (false, true) => quote!(http.#add(#wire, &body.#field);),
        (false, false) => quote! {
            if let Some(value) = &body.#field {
                http.#add(#wire, value);
            }
        },
        (true, true) => quote! {
            for value in &body.#field {
                http.#add(#wire, value);
            }
        },
        (true, false) => quote! {
            for value in body.#field.iter().flatten() {
                http.#add(#wire, value);
            }
        },
    }
}
