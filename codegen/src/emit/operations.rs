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
pub fn operations_file<'m>(module: &'m str, service: &'m Service) -> Vec<super::Piece<'m>> {
    let mut pieces: Vec<super::Piece<'m>> = vec![Box::new(move || contract_trait(service))];
    let split = super::cfg::by_tag(&service.operations, |op| &op.features);
    let trait_name = &service.client_trait;
    for chunk in split.top.chunks(super::PIECE_ITEMS) {
        let chunk = chunk.to_vec();
        pieces.push(Box::new(move || {
            // The API's types by path: every short name is ours.
            let prefix = quote!(super::);
            let names = OwnNames::unshadowed();
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
    for (feature, ops) in split.tags {
        pieces.push(Box::new(move || {
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
            // Everything of the API module (its types, the trait), as the file's top names it with
            // `super::`; and the runtime's `Responses`, unless a type of the API has that name.
            let responses = (!names.is_shadowed(OwnName::Responses)).then(|| {
                quote!(
                    use crate::runtime::Responses;
                )
            });
            let uses = quote! {
                use super::super::*;
                #responses
            };
            let doc = format!(
                "The requests and responses of the operations of the tag feature `{feature}`."
            );
            super::cfg::tag_module(module, feature, &doc, true, uses, items)
        }));
    }
    pieces
}

/// The head of `operations.rs` and the API's trait.
fn contract_trait(service: &Service) -> TokenStream {
    let trait_name = ident(&service.client_trait);
    let methods = service.operations.iter().map(trait_method);
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
        use crate::runtime::{ApiFuture, Context, Responses};

        #trait_doc
        // Method names are the spec's operationIds: `fromFil` is `from_fil(&self)`, which is right here.
        #[allow(clippy::wrong_self_convention)]
        pub trait #trait_name: Send + Sync {
            #(#methods)*
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
}

/// The parameters a request struct has. Cookies are neither sent by the client nor read by the
/// adapter.
pub(super) fn params(op: &Operation) -> impl Iterator<Item = &Parameter> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Cookie)
}

/// The Rust type of a parameter's value (not wrapped in `Option`).
/// `prefix` is the path to the API module (`super::`).
pub(super) fn param_type(param: &Parameter, prefix: &TokenStream) -> TokenStream {
    param_type_in(param, prefix, &OwnNames::unshadowed())
}

/// [`param_type`] where the API's types are in scope (see [`OwnNames`]).
fn param_type_in(param: &Parameter, prefix: &TokenStream, names: &OwnNames) -> TokenStream {
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
        let field = format_ident!("{}", param.name);
        let ty = param_type_in(param, prefix, names);
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
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            #body
        }
    }
}

/// The variant of a response: the status's name (`NotFound`), `Status418` for other codes,
/// `Status4xx` for a range, `Default`. The runtime's `Responses` derive reads the status back from
/// the name: its table (`runtime-macros/src/responses.rs`, `NAMED`) must name the same codes.
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
    pub fn of(response: &Response, prefix: &TokenStream, names: &OwnNames) -> Self {
        VariantShape {
            variant: status_variant(response.status),
            fixed: match response.status {
                Status::Code(code) => Some(code),
                _ => None,
            },
            body: response
                .content
                .as_ref()
                .map(|content| body_type(content, prefix, names)),
        }
    }
}

/// The response enum: a variant per documented status, named after it. The runtime's `Responses`
/// derive makes `status()`, `into_result()`, the client's decoding and the server's answer from that
/// one table.
fn response_enum(
    op: &Operation,
    trait_name: &str,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let responses = names.get(OwnName::Responses);
    let name = ident(&op.names.response);
    let doc = raw_attrs(&format!(
        "The documented responses of [`{trait_name}::{}`], one variant per status.",
        op.names.method
    ));
    let variants = op.responses.iter().map(|response| {
        let shape = VariantShape::of(response, prefix, names);
        let variant = &shape.variant;
        let label = match response.status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".into(),
        };
        let vdoc = text_attrs(&format!("{label}: {}", response.description));
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
        let attr = response_attr(response);
        quote!(#vdoc #status_doc #attr #variant #fields,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #responses)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `#[response(text = "…")]` or `#[response(binary = "…")]` for a body that is not JSON, and
/// `#[response(xml = "ROOT")]` for a JSON body offered as XML too. (The status and whether it is a
/// success the `Responses` derive reads from the variant's name, see [`status_variant`].)
fn response_attr(response: &Response) -> Option<TokenStream> {
    let content = response.content.as_ref()?;
    let media = media_type(content);
    match content.encoding {
        Encoding::Json => {
            let root = &content.xml.as_ref()?.root;
            Some(quote!(#[response(xml = #root)]))
        }
        Encoding::Text => Some(quote!(#[response(text = #media)])),
        // A response is never a form (the model types forms of requests only).
        Encoding::Binary | Encoding::Form | Encoding::Multipart => {
            Some(quote!(#[response(binary = #media)]))
        }
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
        Encoding::Binary => "application/octet-stream".into(),
        Encoding::Form => "application/x-www-form-urlencoded".into(),
        Encoding::Multipart => "multipart/form-data".into(),
    }
}
