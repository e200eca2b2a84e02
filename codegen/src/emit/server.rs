//! The server module of an API (`<api>/server.rs`, feature `server`): the trait an implementation
//! writes (one async method per operation), each operation's typed request and response, the error
//! roles, and `router`, which serves an implementation over HTTP with axum through the hand-written
//! pipeline in `runtime::server`.

use indexmap::IndexMap;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, raw_attrs, text_attrs, then_paragraph};
use super::server_roles::error_roles_static;
use super::types::rust_type;
use crate::model::roles::ErrorRoles;
use crate::model::{
    Api, Content, Encoding, Model, ObjectStyle, Operation, ParamLocation, ParamParse, Parameter,
    Service, Status, TypeRef,
};

/// The server module of `api`, or `None` when the API has no operations. Every API has one: its error
/// profile (`api.error_roles`, see `model::profile`) says what it answers bad input with.
pub fn server_file(api: &Api, _model: &Model) -> Option<TokenStream> {
    let service = api.service.as_ref()?;
    if service.operations.is_empty() {
        return None;
    }
    Some(file(api, service, &api.error_roles))
}

fn file(api: &Api, service: &Service, roles: &ErrorRoles) -> TokenStream {
    let methods = service.operations.iter().map(trait_method);
    let types = service.operations.iter().map(|op| {
        let request = request_struct(op);
        let response = response_enum(op);
        quote!(#request #response)
    });
    let roles = error_roles_static(api, roles);
    // An operation whose route an earlier one already has is not served over HTTP (its trait method
    // stays, for calls in-process).
    let served = || {
        service
            .operations
            .iter()
            .filter(|op| op.served_by.is_none())
    };
    let descriptors = served().map(descriptor);
    let handlers = served().map(handler);
    let router = router(api, service);
    quote! {
        //! HTTP server adapter (feature `server`): implement [`Api`] and serve it with [`router`].
        //!
        //! The adapter checks what the spec says before the implementation is called (bearer token,
        //! `Accept`, `Content-Type`, body size, parameters and body against their types) and answers
        //! failures with the API's documented codes ([`ERROR_ROLES`]) in the documented error body.
        //! Operations with an idempotency key call the implementation once per key.
        #![allow(clippy::large_enum_variant)]
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        use crate::runtime::server::axum;
        use crate::runtime::server::{
            BodyKind, CallError, ErrorCode, ErrorRoles, Input, Operation, Reply, ReplyError,
            Server, ServerConfig, SpecCodes,
        };

        /// The API's operations, as an implementation writes them: typed input in, one of the
        /// documented responses out. Errors of the implementation's own (not found, conflicts) are
        /// variants of the responses.
        // Method names are the spec's operationIds: `fromFil` is `from_fil(&self)`, which is right here.
        #[allow(clippy::wrong_self_convention)]
        pub trait Api: Send + Sync + 'static {
            #(#methods)*
        }
        #(#types)*
        #roles
        #(#descriptors)*
        #router
        #(#handlers)*
    }
}

fn ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

fn method_doc(op: &Operation) -> TokenStream {
    let mut line = format!("`{} {}` (`{}`)", op.method, op.path, op.id);
    if let Some(other) = &op.served_by {
        line.push_str(&format!(
            "\n\nNot served by [`router`]: `{} {other}` matches the same requests and is served instead.",
            op.method
        ));
    }
    then_paragraph(doc_attrs(&op.doc), text_attrs(&line))
}

fn trait_method(op: &Operation) -> TokenStream {
    let doc = method_doc(op);
    let name = ident(&op.names.method);
    let request = ident(&op.names.server_request);
    let response = ident(&op.names.server_response);
    quote! {
        #doc
        fn #name(&self, request: #request) -> impl std::future::Future<Output = #response> + Send;
    }
}

/// The parameters a request struct has (cookies are not read by the adapter).
fn params(op: &Operation) -> impl Iterator<Item = &Parameter> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Cookie)
}

/// The Rust type of a parameter's value (not wrapped in `Option`).
fn param_type(param: &Parameter) -> TokenStream {
    let prefix = quote!(super::);
    match (param.parse, &param.ty) {
        (ParamParse::List, TypeRef::Array(inner)) => {
            let inner = rust_type(inner, &prefix);
            quote!(Vec<#inner>)
        }
        (ParamParse::Scalar | ParamParse::Object, ty) => rust_type(ty, &prefix),
        _ => quote!(String),
    }
}

fn body_type(content: &Content) -> TokenStream {
    match content.encoding {
        Encoding::Json => rust_type(&content.ty, &quote!(super::)),
        Encoding::Text => quote!(String),
        Encoding::Binary => quote!(Vec<u8>),
    }
}

fn request_struct(op: &Operation) -> TokenStream {
    let name = ident(&op.names.server_request);
    let doc = raw_attrs(&format!("The input of [`Api::{}`].", op.names.method));
    let fields = params(op).map(|param| {
        let doc = doc_attrs(&param.doc);
        let where_ = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let docs = then_paragraph(
            doc,
            text_attrs(&format!("`{}` ({where_} parameter)", param.wire)),
        );
        let field = format_ident!("{}", param.name);
        let ty = param_type(param);
        // A list is read as all its values (none is an empty list); anything else may be absent.
        let ty = match (param.parse, param.required) {
            (ParamParse::List, _) | (_, true) => ty,
            _ => quote!(Option<#ty>),
        };
        quote!(#docs pub #field: #ty,)
    });
    let body = op.body.as_ref().map(|body| {
        let doc = doc_attrs(&body.doc);
        let ty = body_type(&body.content);
        let ty = if body.required {
            ty
        } else {
            quote!(Option<#ty>)
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

fn status_variant(status: Status) -> proc_macro2::Ident {
    match status {
        Status::Code(code) => format_ident!(
            "{}",
            match code {
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
            }
        ),
        Status::Range(class) => format_ident!("Status{}xx", class),
        Status::Default => format_ident!("Default"),
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
    }
}

fn response_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.names.server_response);
    let doc = raw_attrs(&format!(
        "The documented responses of [`Api::{}`], one variant per status.",
        op.names.method
    ));
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for response in &op.responses {
        let variant = status_variant(response.status);
        let label = match response.status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".into(),
        };
        let vdoc = text_attrs(&format!("{label}: {}", response.description));
        let fixed = match response.status {
            Status::Code(code) => Some(Literal::u16_unsuffixed(code)),
            _ => None,
        };
        let body = response.content.as_ref().map(|c| (body_type(c), c));
        let (fields, pattern, status) = match (fixed.clone(), &body) {
            (Some(code), Some((ty, _))) => (quote!((#ty)), quote!((body)), quote!(#code)),
            (Some(code), None) => (quote!(), quote!(), quote!(#code)),
            (None, Some((ty, _))) => (
                quote!({ status: u16, body: #ty }),
                quote!({ status, body }),
                quote!(status),
            ),
            (None, None) => (quote!({ status: u16 }), quote!({ status }), quote!(status)),
        };
        let status_doc = match fixed {
            Some(_) => quote!(),
            None => quote!(#[doc = ""] #[doc = " `status` is the HTTP status to answer with."]),
        };
        variants.push(quote!(#vdoc #status_doc #variant #fields,));
        let reply = match &body {
            None => quote!(Ok(Reply::empty(#status))),
            Some((_, content)) => {
                let media = media_type(content);
                match content.encoding {
                    Encoding::Json => quote!(Reply::json(#status, &body)),
                    Encoding::Text => quote!(Ok(Reply::bytes(#status, #media, body.into_bytes()))),
                    Encoding::Binary => quote!(Ok(Reply::bytes(#status, #media, body))),
                }
            }
        };
        arms.push(quote!(Self::#variant #pattern => #reply,));
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
        impl #name {
            /// The HTTP answer: status, content type and serialized body.
            pub fn into_reply(self) -> Result<Reply, ReplyError> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn descriptor(op: &Operation) -> TokenStream {
    let name = ident(&op.names.descriptor);
    let doc = text_attrs(&format!(
        "What the pipeline checks for `{} {}`.",
        op.method, op.path
    ));
    let id = &op.id;
    let auth = op.auth_required;
    let mut produces: Vec<String> = Vec::new();
    for response in op.responses.iter().filter(|r| r.success) {
        if let Some(content) = &response.content {
            if !produces.contains(&content.media_type) {
                produces.push(content.media_type.clone());
            }
        }
    }
    let (kind, required) = match &op.body {
        None => (quote!(None), false),
        Some(body) => (
            match body.content.encoding {
                Encoding::Json => quote!(Json),
                Encoding::Text => quote!(Text),
                Encoding::Binary => quote!(Binary),
            },
            body.required,
        ),
    };
    let key = match op.params.iter().find(|p| p.idempotency_key) {
        Some(p) if p.location == ParamLocation::Query => {
            let wire = &p.wire;
            quote!(Some((crate::runtime::server::KeyLocation::Query, #wire)))
        }
        Some(p) if p.location == ParamLocation::Header => {
            let wire = &p.wire;
            quote!(Some((crate::runtime::server::KeyLocation::Header, #wire)))
        }
        _ => quote!(None),
    };
    quote! {
        #doc
        static #name: Operation = Operation {
            id: #id,
            auth: #auth,
            produces: &[#(#produces),*],
            body: BodyKind::#kind,
            body_required: #required,
            idempotency_key: #key,
        };
    }
}

fn router(api: &Api, service: &Service) -> TokenStream {
    let mut routes: IndexMap<String, (String, Vec<&Operation>)> = IndexMap::new();
    for op in service
        .operations
        .iter()
        .filter(|op| op.served_by.is_none())
    {
        routes
            // Templates that differ only in parameter names share one route (the first template);
            // handlers read path parameters by position.
            .entry(op.path.shape())
            .or_insert_with(|| (op.path.raw.clone(), Vec::new()))
            .1
            .push(op);
    }
    let routes = routes.values().map(|(path, ops)| {
        let path = if path.is_empty() { "/" } else { path.as_str() };
        let methods = ops.iter().map(|op| {
            let filter = ident(op.method.as_str());
            let handler = ident(&op.names.handler);
            quote!(.on(axum::routing::MethodFilter::#filter, #handler::<T>))
        });
        quote!(.route(#path, axum::routing::MethodRouter::new() #(#methods)*))
    });
    let module = &api.module;
    quote! {
        /// Serves `api`: every operation at its path (relative to the API's base URL; nest the router
        /// under `/v1` or the like), unknown URLs and methods answered with the API's codes.
        pub fn router<T: Api>(api: T, config: ServerConfig) -> axum::Router {
            let server = Server::new(api, config, #module, &ERROR_ROLES);
            server.finish(axum::Router::new() #(#routes)*)
        }
    }
}

/// The expression reading one parameter from the `input`.
fn read_param(op: &Operation, param: &Parameter) -> TokenStream {
    let wire = &param.wire;
    let ty = param_type(param);
    match param.location {
        ParamLocation::Path => {
            let index = op.path.param_index(wire).unwrap_or(usize::MAX);
            let index = Literal::usize_unsuffixed(index);
            quote!(input.path::<#ty>(#index, #wire)?)
        }
        ParamLocation::Query if param.parse == ParamParse::List => quote!(input.query_all(#wire)?),
        ParamLocation::Query if param.parse == ParamParse::Object => {
            let style = match param.object_style {
                ObjectStyle::DeepObject => quote!(DeepObject),
                ObjectStyle::FormExploded => quote!(FormExploded),
                ObjectStyle::Form => quote!(Form),
            };
            let style = quote!(crate::runtime::ObjectStyle::#style);
            if param.required {
                quote!(input.query_object_required::<#ty>(#wire, #style)?)
            } else {
                quote!(input.query_object::<#ty>(#wire, #style)?)
            }
        }
        ParamLocation::Query if param.required => quote!(input.query_required::<#ty>(#wire)?),
        ParamLocation::Query => quote!(input.query::<#ty>(#wire)?),
        ParamLocation::Header if param.required => quote!(input.header_required::<#ty>(#wire)?),
        ParamLocation::Header | ParamLocation::Cookie => quote!(input.header::<#ty>(#wire)?),
    }
}

fn handler(op: &Operation) -> TokenStream {
    let name = ident(&op.names.handler);
    let method = ident(&op.names.method);
    let call = ident(&op.names.call);
    let descriptor = ident(&op.names.descriptor);
    let request = ident(&op.names.server_request);
    let doc = raw_attrs(&format!(
        "`{} {}`: the pipeline, then [`Api::{}`].",
        op.method, op.path, op.names.method
    ));
    let fields = params(op).map(|param| {
        let field = format_ident!("{}", param.name);
        let read = read_param(op, param);
        quote!(#field: #read,)
    });
    // An operation without parameters or body reads nothing from the input.
    let input = if params(op).next().is_none() && op.body.is_none() {
        format_ident!("_input")
    } else {
        format_ident!("input")
    };
    let body = op.body.as_ref().map(|body| {
        let read = match (body.content.encoding, body.required) {
            (Encoding::Json, true) => quote!(input.json()?),
            (Encoding::Json, false) => quote!(input.json_optional()?),
            (Encoding::Text, true) => quote!(input.text()?),
            (Encoding::Text, false) => quote!(input.text_optional()?),
            (Encoding::Binary, true) => quote!(input.bytes()),
            (Encoding::Binary, false) => quote!(input.bytes_optional()),
        };
        quote!(body: #read,)
    });
    quote! {
        #doc
        async fn #name<T: Api>(
            axum::extract::State(server): axum::extract::State<Server<T>>,
            request: axum::extract::Request,
        ) -> axum::response::Response {
            server.handle(&#descriptor, request, #call::<T>).await
        }
        /// Builds the typed request from `input` and calls the implementation.
        async fn #call<T: Api>(api: std::sync::Arc<T>, #input: Input) -> Result<Reply, CallError> {
            let request = #request {
                #(#fields)*
                #body
            };
            Ok(api.#method(request).await.into_reply()?)
        }
    }
}
