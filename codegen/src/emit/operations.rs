//! Each API's `operations.rs` (always compiled): the contract both sides share. One request struct and
//! one response enum per operation, and the API's trait, whose methods take the request and a
//! `runtime::Context` and return the response. The generated `Client` implements the trait over HTTP
//! (`client.rs`), and `router` serves any implementation of it (`server.rs`), so one implementation is
//! both a server and an in-process test double for code written against the client.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, lead_attrs, raw_attrs, text_attrs, then_paragraph};
use super::own_names::OwnNames;
use super::types::rust_type;
use crate::model::own_names::OwnName;
use crate::model::{
    Content, Encoding, Operation, ParamLocation, ParamParse, Parameter, Response, Service, Status,
    TypeRef,
};

/// The `operations.rs` of an API with a service: the trait, then each operation's request and response
/// (in pieces of a few operations each); those of one tag in the tag's module (see [`super::cfg`]).
pub fn operations_file<'m>(module: &'m str, service: &'m Service) -> super::FilePieces<'m> {
    let mut pieces = contract_trait(service);
    let split = super::cfg::by_tag(&service.operations, |op| &op.features);
    let trait_name = &service.client_trait;
    for chunk in split.top.chunks(super::PIECE_ITEMS) {
        let chunk = chunk.to_vec();
        pieces.push(super::Piece::new(move || {
            // The API's types by path: every short name is ours.
            let prefix = quote!(super::);
            let names = OwnNames::unshadowed(service);
            chunk
                .iter()
                .map(|op| {
                    let request = request_struct(op, trait_name, &prefix, &names);
                    let response = response_enum(op, trait_name, &prefix, &names);
                    super::cfg::items(&op.features, quote!(#request #response))
                })
                .collect()
        }));
    }
    let sets: Vec<&[String]> = split.tags.iter().map(|(set, _)| *set).collect();
    pieces.push(super::Piece::new(move || {
        sets.iter()
            .map(|set| super::cfg::tag_module_decl(module, set, true))
            .collect()
    }));
    let mut modules = Vec::new();
    let api_names = std::sync::Arc::new(api_names(service));
    for (set, ops) in split.tags {
        let api_names = std::sync::Arc::clone(&api_names);
        let name = super::cfg::tag_module_ident(module, set).to_string();
        modules.push(super::SubModule {
            name,
            piece: super::Piece::new(move || {
                // The API's types are in scope: a short name one of them has is written by path.
                let names = OwnNames::of(service);
                let items: TokenStream = ops
                    .iter()
                    .map(|op| {
                        let request = request_struct(op, trait_name, &quote!(), &names);
                        let response = response_enum(op, trait_name, &quote!(), &names);
                        quote!(#request #response)
                    })
                    .collect();
                // What they use of the API module (its types, the trait), which the file's top names
                // with `super::`; and the runtime's `Responses`, unless a type of the API has that name.
                // The runtime itself too: the derive's expansion names it as `runtime` (runtime-macros).
                let (responses, taken): (_, &[&str]) = if names.is_shadowed(OwnName::Responses) {
                    (
                        quote!(
                            use crate::runtime;
                        ),
                        &["runtime"],
                    )
                } else {
                    (
                        quote!(
                            use crate::runtime;
                            use crate::runtime::codegen::Responses;
                        ),
                        &["runtime", "Responses"],
                    )
                };
                let api = super::uses::from_parent(
                    quote!(super::super),
                    &items,
                    |name| super::uses::offered_to(&api_names, name, set),
                    (taken, &[]),
                );
                let uses = quote! {
                    #api
                    #responses
                };
                let doc = format!(
                    "The requests and responses of the operations of the {}.",
                    super::cfg::features_text(set)
                );
                super::cfg::tag_module_file(&doc, uses, items)
            }),
        });
    }
    super::FilePieces { pieces, modules }
}

/// The names the API module offers its operations' tag modules: its types (the shared ones under the
/// names it re-exports them by), the error-code enums they name, each operation's request and
/// responses, and the trait.
fn api_names(service: &Service) -> super::uses::Offered {
    use std::sync::Arc;
    let mut codes = Vec::new();
    for def in &service.types {
        for ty in def.kind.parts() {
            super::models::error_codes_in(ty, &mut codes);
        }
    }
    for op in &service.operations {
        for param in &op.params {
            super::models::error_codes_in(&param.ty, &mut codes);
        }
        for content in op.contents() {
            super::models::error_codes_in(&content.ty, &mut codes);
        }
    }
    // The error-code enums and the trait are always compiled.
    let mut names: super::uses::Offered = codes
        .into_iter()
        .chain([service.client_trait.as_str()])
        .map(|name| (name.to_string(), Arc::default()))
        .collect();
    names.extend(
        service
            .types
            .iter()
            .map(|def| (def.name.clone(), Arc::clone(&def.features))),
    );
    for op in &service.operations {
        let features: Arc<[String]> = op.features.iter().cloned().collect();
        let stream = op.names.stream.iter().map(|s| &s.response);
        for name in [&op.names.request, &op.names.response]
            .into_iter()
            .chain(stream)
        {
            names.insert(name.clone(), Arc::clone(&features));
        }
    }
    names
}

/// The contract's trait, first in `operations.rs` (with the file's docs and imports), in pieces of its
/// methods (see [`super::Part`]).
fn contract_trait(service: &Service) -> Vec<super::Piece<'_>> {
    super::member_pieces(service.operations.len(), move |ops, first| {
        let trait_name = ident(&service.client_trait);
        let methods = service.operations[ops].iter().map(trait_method);
        let methods = quote!(#(#methods)*);
        if first {
            trait_with_docs(service, methods)
        } else {
            quote! {
                pub trait #trait_name: Send + Sync {
                    #methods
                }
            }
        }
    })
}

/// The file's docs and imports, and the trait with its docs and the given methods.
fn trait_with_docs(service: &Service, methods: TokenStream) -> TokenStream {
    let trait_name = ident(&service.client_trait);
    let trait_doc = raw_attrs(&format!(
        "The operations of {}: one method per operation, typed request in, documented response out.\n\n\
         The same contract on both sides: [`Client`](super::client::Client) implements it over HTTP \
         (feature `client`), and `server::router` serves any implementation of it (feature `server`). \
         Code written against `impl {trait_name}` runs against either, or against an in-process \
         implementation (a test double). A documented error status is a variant of the response, not \
         an `Err`: `Err` is a call without a documented response (no answer, an undocumented status, \
         a body that does not decode, an implementation's own failure).\n\n\
         The client retries a `GET`, and a submission with an idempotency key (with the same key), \
         after a transport failure, a 429 or a 5xx answer, with backoff.",
        super::docs::sanitize(&service.title)
    ));
    let unused = super::cfg::allow_unused_imports(&service.features);
    quote! {
        //! The contract of the API: its trait, and one request and one response type per operation,
        //! shared by the client and the server.
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        // A response enum has a variant per documented body, and `into_result`'s error is the error
        // body; boxing the large ones would make the API depend on body sizes. (The models allow it for
        // the same reason, and for `type_complexity`: a parameter or a body has its schema's shape.)
        #![allow(
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::type_complexity
        )]
        #unused
        use crate::runtime::codegen::Responses;
        use crate::runtime::{self, ApiFuture, Context};

        #trait_doc
        // Method names are the spec's operationIds: `fromFil` is `from_fil(&self)`, which is right here.
        #[allow(clippy::wrong_self_convention)]
        pub trait #trait_name: Send + Sync {
            #methods
        }
    }
}

pub(super) fn ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

fn trait_method(op: &Operation) -> TokenStream {
    let mut line = format!("`{} {}` (`{}`)", op.method, op.path, op.id);
    if let Some(other) = &op.served_by {
        line.push_str(&format!(
            "\n\nNot served by the router: `{} {other}` matches the same requests and is served instead.",
            op.method
        ));
    }
    let own = doc_attrs(&crate::model::Doc {
        deprecated: false,
        ..op.doc.clone()
    });
    let doc = then_paragraph(own, text_attrs(&line));
    let deprecated = op.doc.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&op.names.method);
    let request = ident(&op.names.request);
    let response = ident(&op.names.response);
    let cfg = super::cfg::attr(&op.features);
    let stream = op.names.stream.as_ref().map(|stream| {
        let media = streamed_media(op);
        let doc = text_attrs(&format!(
            "[`{}`](Self::{}) answered with its stream (`Accept: {media}`) instead of JSON.",
            op.names.method, op.names.method
        ));
        let name = ident(&stream.method);
        let response = ident(&stream.response);
        quote! {
            #doc
            #cfg
            #deprecated
            fn #name(
                &self,
                request: #request,
                context: &Context,
            ) -> impl ApiFuture<#response>;
        }
    });
    quote! {
        #doc
        #cfg
        #deprecated
        fn #name(
            &self,
            request: #request,
            context: &Context,
        ) -> impl ApiFuture<#response>;
        #stream
    }
}

/// The media types of the streams an operation's streaming method asks for.
pub(super) fn streamed_media(op: &Operation) -> String {
    let mut types: Vec<&str> = Vec::new();
    for content in op.responses.iter().filter_map(|r| r.stream.as_ref()) {
        if !types.contains(&content.media_type.as_str()) {
            types.push(&content.media_type);
        }
    }
    types.join(", ")
}

/// The body of `response` in the operation's method, or (`streamed`) in its streaming method.
pub(super) fn response_content(response: &Response, streamed: bool) -> Option<&Content> {
    match (&response.stream, streamed) {
        (Some(stream), true) => Some(stream),
        _ => response.content.as_ref(),
    }
}

/// Whether a body is a stream, which a value can be neither cloned nor compared.
fn is_streamed(content: &Content) -> bool {
    matches!(content.encoding, Encoding::Stream | Encoding::Events(_))
}

/// The parameters a request struct has. Cookies are neither sent by the client nor read by the
/// adapter.
pub(super) fn params(op: &Operation) -> impl Iterator<Item = &Parameter> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Cookie)
}

/// The Rust type of a parameter's value (not wrapped in `Option`).
/// `prefix` is the path to the API module (`super::`); `names`, how the scope names things (see
/// [`OwnNames`]).
pub(super) fn param_type(param: &Parameter, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
    match (param.parse, &param.ty) {
        (ParamParse::List, TypeRef::Array(inner)) => {
            let inner = rust_type(inner, prefix, names);
            let vec = names.get(OwnName::Vec);
            quote!(#vec<#inner>)
        }
        (ParamParse::Scalar | ParamParse::Object, ty) => rust_type(ty, prefix, names),
        _ => names.get(OwnName::String),
    }
}

/// Whether a parameter's field is an `Option`: a list is all its values (none is an empty list).
pub(super) fn param_optional(param: &Parameter) -> bool {
    !(param.parse == ParamParse::List || param.required)
}

pub(super) fn body_type(content: &Content, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
    match content.encoding {
        // A form or multipart body is its object's type.
        Encoding::Json | Encoding::Form | Encoding::Multipart => {
            rust_type(&content.ty, prefix, names)
        }
        Encoding::Text => names.get(OwnName::String),
        Encoding::Binary => {
            let vec = names.get(OwnName::Vec);
            quote!(#vec<u8>)
        }
        Encoding::Stream => quote!(crate::runtime::ByteStream),
        Encoding::Events(_) => {
            let item = rust_type(&content.ty, prefix, names);
            quote!(crate::runtime::EventStream<#item>)
        }
    }
}

fn request_struct(
    op: &Operation,
    trait_name: &str,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let option = names.get(OwnName::Option);
    let name = ident(&op.names.request);
    let doc = raw_attrs(&format!(
        "The request of [`{trait_name}::{}`].",
        op.names.method
    ));
    let fields = params(op).map(|param| {
        let where_ = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        // The parameter's own text joins this line, so a parameter costs one line more than its text.
        let mut docs = lead_attrs(
            &format!("`{}` ({where_} parameter)", param.wire),
            &param.doc,
        );
        if param.idempotency_key {
            docs = then_paragraph(
                docs,
                text_attrs(
                    "The client sends the same key on every retry, so the server processes the \
                     submission once (a fresh `uuid::Uuid::new_v4()` per submission).",
                ),
            );
        }
        let docs = super::length::with_length_doc(docs, &param.ty, param.length);
        let docs = super::range::with_range_doc(docs, &param.ty, param.range);
        let field = format_ident!("{}", param.name);
        let ty = param_type(param, prefix, names);
        let ty = if param_optional(param) {
            quote!(#option<#ty>)
        } else {
            ty
        };
        quote!(#docs pub #field: #ty,)
    });
    let body = op.body.as_ref().map(|body| {
        let doc = doc_attrs(&body.doc);
        let ty = body_type(&body.content, prefix, names);
        let ty = if body.required {
            ty
        } else {
            quote!(#option<#ty>)
        };
        quote!(#doc pub body: #ty,)
    });
    // A streamed body is read once: neither cloned nor compared.
    let derives = if op.body.as_ref().is_some_and(|b| is_streamed(&b.content)) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #body
        }
    }
}

/// The variant of a response: the status's name (`NotFound`), `Status418` for other codes,
/// `Status4xx` for a range, `Default`. Only a name: the variant's `#[response(status = …)]` says its
/// status to the `Responses` derive.
pub(super) fn status_variant(status: Status) -> Ident {
    let name = match status {
        Status::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            204 => "NoContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            409 => "Conflict",
            410 => "Gone",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format_ident!("Status{}", code),
        },
        Status::Range(class) => return format_ident!("Status{}xx", class),
        Status::Default => "Default",
    };
    format_ident!("{}", name)
}

/// How a response's variant holds its values.
struct VariantShape {
    pub variant: Ident,
    /// The fixed status (`Some(404)`), or `None` when the variant carries it (`status` field).
    pub fixed: Option<u16>,
    /// The body's type, if the response has a body.
    pub body: Option<TokenStream>,
}

impl VariantShape {
    pub fn of(response: &Response, streamed: bool, prefix: &TokenStream, names: &OwnNames) -> Self {
        VariantShape {
            variant: status_variant(response.status),
            fixed: match response.status {
                Status::Code(code) => Some(code),
                _ => None,
            },
            body: response_content(response, streamed)
                .map(|content| body_type(content, prefix, names)),
        }
    }
}

/// The response enums: a variant per documented status; and, for an operation whose success offers a
/// stream beside JSON, the enum of its streaming method (the same, the stream in the success). The
/// runtime's `Responses` derive makes `status()`, `into_result()`, the client's decoding and the
/// server's answer from that one table.
fn response_enum(
    op: &Operation,
    trait_name: &str,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let json = one_response_enum(op, false, trait_name, prefix, names);
    let stream = op
        .names
        .stream
        .as_ref()
        .map(|_| one_response_enum(op, true, trait_name, prefix, names));
    quote!(#json #stream)
}

fn one_response_enum(
    op: &Operation,
    streamed: bool,
    trait_name: &str,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let responses = names.get(OwnName::Responses);
    let (name, method) = match (&op.names.stream, streamed) {
        (Some(stream), true) => (&stream.response, &stream.method),
        _ => (&op.names.response, &op.names.method),
    };
    let name = ident(name);
    let doc = raw_attrs(&format!(
        "The documented responses of [`{trait_name}::{method}`], one variant per status."
    ));
    let variants = op.responses.iter().map(|response| {
        let shape = VariantShape::of(response, streamed, prefix, names);
        let variant = &shape.variant;
        let label = match response.status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".into(),
        };
        let mut text = format!("{label}: {}", response.description);
        let content = response_content(response, streamed);
        if let Some(note) = content.and_then(items_note) {
            text.push_str("\n\n");
            text.push_str(&note);
        }
        let vdoc = text_attrs(&text);
        let status_doc = shape
            .fixed
            .is_none()
            .then(|| quote!(#[doc = ""] #[doc = " `status` is the HTTP status."]));
        let fields = match (&shape.fixed, &shape.body) {
            (Some(_), Some(ty)) => quote!((#ty)),
            (Some(_), None) => quote!(),
            (None, Some(ty)) => quote!({ status: u16, body: #ty }),
            (None, None) => quote!({ status: u16 }),
        };
        let attr = content.and_then(response_attr);
        // The status and whether it is the success, as the model decided them: the derive reads
        // them here, it does not work them out again from the variant's name.
        let status = match response.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(status = #code)
            }
            Status::Range(class) => {
                let range = format!("{class}XX");
                quote!(status = #range)
            }
            Status::Default => quote!(status = "default"),
        };
        let success = response.success.then(|| quote!(, success));
        quote!(#vdoc #status_doc #[response(#status #success #attr)] #variant #fields,)
    });
    let streams = op
        .responses
        .iter()
        .filter_map(|r| response_content(r, streamed))
        .any(is_streamed);
    let derives = if streams {
        quote!(#[derive(Debug, #responses)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, #responses)])
    };
    quote! {
        #doc
        #derives
        pub enum #name {
            #(#variants)*
        }
    }
}

/// What a stream's docs say about its items: the media type, and where their type comes from.
fn items_note(content: &Content) -> Option<String> {
    let Encoding::Events(items) = content.encoding else {
        return None;
    };
    use crate::model::ItemSource;
    let media = &content.media_type;
    let source = match items.source {
        ItemSource::ItemSchema => "the media type's `itemSchema`",
        ItemSource::EventData => {
            "the `data` of the event the media type's schema describes (its `contentSchema` where it has one)"
        }
        ItemSource::Schema => {
            "the media type's `schema`, taken as one item's (the spec has no OpenAPI 3.2 `itemSchema`)"
        }
        ItemSource::ArrayItems => {
            "the `items` of the media type's array `schema` (the spec has no OpenAPI 3.2 `itemSchema`)"
        }
        ItemSource::Unspecified => "not described by the spec",
    };
    Some(format!(
        "A stream of `{media}`, read as it arrives; each item's type is {source}."
    ))
}

/// The encoding part of a variant's `#[response(…)]`: `text = "…"`, `binary = "…"`, `stream = "…"` or
/// `events = "…"` for a body that is not JSON, and `xml = "ROOT"` for a JSON body offered as XML too
/// (after the status, see [`response_enum`]).
fn response_attr(content: &Content) -> Option<TokenStream> {
    let media = media_type(content);
    match content.encoding {
        Encoding::Json => {
            let root = &content.xml.as_ref()?.root;
            Some(quote!(, xml = #root))
        }
        Encoding::Text => Some(quote!(, text = #media)),
        Encoding::Binary => Some(quote!(, binary = #media)),
        Encoding::Stream => Some(quote!(, stream = #media)),
        Encoding::Events(items) if items.text => Some(quote!(, text_events = #media)),
        Encoding::Events(_) => Some(quote!(, events = #media)),
        // A response is never a form (the model types forms of requests only).
        Encoding::Form | Encoding::Multipart => Some(quote!(, binary = #media)),
    }
}

/// The media type a response is sent with (a wildcard in the spec is sent as the encoding's type).
fn media_type(content: &Content) -> String {
    if !content.media_type.contains('*') {
        return content.media_type.clone();
    }
    match content.encoding {
        Encoding::Json => "application/json".into(),
        Encoding::Text => "text/plain".into(),
        Encoding::Binary | Encoding::Stream => "application/octet-stream".into(),
        Encoding::Events(_) => "text/event-stream".into(),
        Encoding::Form => "application/x-www-form-urlencoded".into(),
        Encoding::Multipart => "multipart/form-data".into(),
    }
}
