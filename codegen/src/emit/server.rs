//! The server module of an API (`<api>/server.rs`, feature `server`): the error roles, each
//! operation's descriptor and call function (typed request from the input, then the implementation),
//! and `router`, which serves an implementation of the API's trait (`operations.rs`) over HTTP with
//! axum through the hand-written pipeline in `runtime::codegen::server`. How a response is answered is the
//! response enum's `Respond`, derived in `operations.rs`.

use indexmap::IndexMap;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::raw_inner_attrs;
use super::operations::{ident, param_type, params};
use super::own_names::OwnNames;
use super::server_roles::error_roles_static;
use crate::model::reserved::server as reserved;
use crate::model::{
    Api, Encoding, ObjectStyle, Operation, ParamLocation, ParamParse, Parameter, PathSegment,
    Service,
};

/// The server module of `api`, or `None` when the API has no operations. Every API has one: its error
/// profile (`api.error_roles`, see `model::profile`) says what it answers bad input with.
pub fn server_file<'m>(api: &'m Api) -> Option<super::FilePieces<'m>> {
    let service = api.service.as_ref()?;
    if service.operations.is_empty() {
        return None;
    }
    // An operation that is not served has no descriptor and no call function.
    let split = super::cfg::by_tag(served(service), |op| &op.features);
    // The router adds the operations at the top one by one, and each tag's by its module's `add`.
    let top = split.top.clone();
    let tags: Vec<&[String]> = split.tags.iter().map(|(set, _)| *set).collect();
    let mut pieces: Vec<super::Piece<'m>> =
        vec![super::Piece::new(move || head(api, service, &top, &tags))];
    let routes = std::sync::Arc::new(route_paths(service));
    for chunk in split.top.chunks(super::PIECE_ITEMS) {
        let chunk = chunk.to_vec();
        let routes = std::sync::Arc::clone(&routes);
        pieces.push(super::Piece::new(move || {
            let trait_name = ident(&service.client_trait);
            let prefix = quote!(super::);
            let names = OwnNames::unshadowed(service);
            chunk
                .iter()
                .map(|op| {
                    let descriptor = descriptor(op, &routes);
                    let handler = handler(op, &trait_name, &prefix, &names);
                    super::cfg::items(&op.features, quote!(#descriptor #handler))
                })
                .collect()
        }));
    }
    // A tag's operations, and a function adding them to the router's routes.
    let sets: Vec<&[String]> = split.tags.iter().map(|(set, _)| *set).collect();
    pieces.push(super::Piece::new(move || {
        sets.iter()
            .map(|set| super::cfg::tag_module_decl(&api.module, set, false))
            .collect()
    }));
    let mut modules = Vec::new();
    for (set, ops) in split.tags {
        let routes = std::sync::Arc::clone(&routes);
        let name = super::cfg::tag_module_ident(&api.module, set).to_string();
        modules.push(super::SubModule {
            name,
            piece: super::Piece::new(move || {
                let trait_name = ident(&service.client_trait);
                // From the tag's module, the API module is two levels up.
                let prefix = quote!(super::super::);
                let names = OwnNames::unshadowed(service);
                let mut items: TokenStream = ops
                    .iter()
                    .map(|op| {
                        let descriptor = descriptor(op, &routes);
                        let handler = handler(op, &trait_name, &prefix, &names);
                        quote!(#descriptor #handler)
                    })
                    .collect();
                let adds = ops.iter().map(|op| route_add(op));
                let add = ident(reserved::ADD);
                items.extend(quote! {
                    pub(super) fn #add<T: #trait_name + 'static>(routes: &mut Routes<T>) {
                        #(#adds)*
                    }
                });
                let doc = format!(
                    "The operations of the {}: their descriptors, their call \
                 functions, and `add`, which adds them to the router's routes.",
                    super::cfg::features_text(set)
                );
                // The file's imports; the API module's types by path, since a type may have the name of
                // one of them (`Operation`, `Input`).
                let uses = quote!(
                    use super::*;
                );
                super::cfg::tag_module_file(&doc, uses, items)
            }),
        });
    }
    Some(super::FilePieces { pieces, modules })
}

/// The operation's idempotency key parameter and where the adapter finds it (`Query`, `Header`).
fn idempotency_key(op: &Operation) -> Option<(&Parameter, TokenStream)> {
    let p = op.params.iter().find(|p| p.idempotency_key)?;
    let location = match p.location {
        ParamLocation::Query => quote!(Query),
        ParamLocation::Header => quote!(Header),
        _ => return None,
    };
    Some((p, location))
}

/// The head of `server.rs`: docs, imports, the error roles and the router; each operation's
/// constant, handler and reply follow.
fn head(api: &Api, service: &Service, top: &[&Operation], tags: &[&[String]]) -> TokenStream {
    let trait_name = ident(&service.client_trait);
    let roles = error_roles_static(api, &api.error_roles);
    let router = router(api, service, &trait_name, top, tags);
    let unused = super::cfg::allow_unused_imports(&service.features);
    // What the operations' descriptors name besides `Operation`, imported once for the file.
    let served = served(service);
    let descriptor_names: Vec<proc_macro2::Ident> = [
        ("BodyKind", served.iter().any(|op| op.body.is_some())),
        (
            "KeyLocation",
            served.iter().any(|op| idempotency_key(op).is_some()),
        ),
    ]
    .into_iter()
    .filter(|(_, used)| *used)
    .map(|(name, _)| ident(name))
    .collect();
    let descriptor_use = (!descriptor_names.is_empty())
        .then(|| quote!(use crate::runtime::codegen::server::{#(#descriptor_names),*};));
    let doc = raw_inner_attrs(&format!(
        "HTTP server adapter (feature `server`): implement [`{trait_name}`] and \
         serve it with [`router`].\n\n\
         The adapter checks what the spec says before the implementation is called (bearer token, \
         `Accept`, `Content-Type`, body size, parameters and body against their types) and answers \
         failures with the API's codes ([`ERROR_ROLES`]) in its error body ([`ERROR_SHAPE`]). \
         Operations with an idempotency key call the implementation once per key."
    ));
    quote! {
        #doc
        #![allow(clippy::large_enum_variant)]
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        #unused
        use super::#trait_name;
        use crate::runtime::server::axum;
        use crate::runtime::server::axum::routing::MethodFilter;
        use crate::runtime::codegen::server::{invoke, Input, Operation, Routes, Server, Started};
        #descriptor_use
        use crate::runtime::server::{ErrorCode, ErrorRoles, ServerConfig, SpecCodes};
        use std::sync::Arc;
        #roles
        #router
    }
}

/// The route each served operation is at: templates that differ only in parameter names share one
/// route (the first such template); call functions read path parameters by position.
fn route_paths(service: &Service) -> IndexMap<String, String> {
    let mut routes = IndexMap::new();
    for op in service
        .operations
        .iter()
        .filter(|op| op.served_by.is_none())
    {
        routes
            .entry(op.path.shape())
            .or_insert_with(|| route(&op.path));
    }
    routes
}

/// The route of a path template in axum's syntax, as a request's path arrives: the router matches the
/// path as sent, so a literal's characters that a URL percent-encodes (`/strøm` arrives as
/// `/str%C3%B8m`) are written encoded.
fn route(path: &crate::model::PathTemplate) -> String {
    if path.raw.is_empty() {
        return "/".to_string();
    }
    let mut route = String::with_capacity(path.raw.len());
    for segment in &path.segments {
        match segment {
            PathSegment::Literal(text) => {
                for c in text.chars() {
                    // The characters of the URL standard's path percent-encode set that a literal
                    // can hold (`?`, `#`, braces end or split a path, and are left as written).
                    if c.is_ascii_control()
                        || matches!(c, ' ' | '"' | '<' | '>' | '`')
                        || !c.is_ascii()
                    {
                        let mut buf = [0; 4];
                        for byte in c.encode_utf8(&mut buf).bytes() {
                            route.push_str(&format!("%{byte:02X}"));
                        }
                    } else {
                        route.push(c);
                    }
                }
            }
            PathSegment::Param(wire) => {
                route.push('{');
                route.push_str(wire);
                route.push('}');
            }
        }
    }
    route
}

/// The operation's constant: what the pipeline checks, and where it is served.
fn descriptor(op: &Operation, routes: &IndexMap<String, String>) -> TokenStream {
    let name = ident(&op.names.descriptor);
    let method = ident(op.method.as_str());
    let route = routes.get(&op.path.shape()).map_or("/", String::as_str);
    let id = &op.id;
    let mut builder = quote!(Operation::new(#id).at(MethodFilter::#method, #route));
    if op.auth.requires_token() {
        let scopes = &op.scopes;
        builder.extend(quote!(.auth(&[#(#scopes),*])));
    }
    let mut produces: Vec<String> = Vec::new();
    for response in op.responses.iter().filter(|r| r.success) {
        for content in response.content.iter().chain(&response.stream) {
            let xml = content.xml.iter().map(|xml| &xml.media_type);
            for media_type in std::iter::once(&content.media_type).chain(xml) {
                if !produces.contains(media_type) {
                    produces.push(media_type.clone());
                }
            }
        }
    }
    if !produces.is_empty() {
        builder.extend(quote!(.produces(&[#(#produces),*])));
    }
    if let Some(body) = &op.body {
        let kind = match body.content.encoding {
            Encoding::Json => quote!(Json),
            Encoding::Text => quote!(Text),
            Encoding::Binary => quote!(Binary),
            Encoding::Form => quote!(Form),
            Encoding::Multipart => quote!(Multipart),
            Encoding::Stream | Encoding::Events(_) => quote!(Stream),
        };
        let required = body.required;
        builder.extend(quote!(.body(BodyKind::#kind, #required)));
        if body.form_too.is_some() {
            builder.extend(quote!(.form_too()));
        }
    }
    if let Some((p, location)) = idempotency_key(op) {
        let wire = &p.wire;
        builder.extend(quote!(.idempotency_key(KeyLocation::#location, #wire)));
    }
    quote! {
        static #name: Operation = #builder;
    }
}

/// The operations served over HTTP: an operation whose route an earlier one already has is not
/// (its trait method stays, for calls in-process).
fn served(service: &Service) -> Vec<&Operation> {
    service
        .operations
        .iter()
        .filter(|op| op.served_by.is_none())
        .collect()
}

/// `routes.add(&DESCRIPTOR, call_function);`, or for an operation whose success offers JSON or a
/// stream, `routes.add_streaming` with both call functions and the stream's media types.
fn route_add(op: &Operation) -> TokenStream {
    let descriptor = ident(&op.names.descriptor);
    let call = ident(&op.names.call);
    match &op.names.stream {
        Some(stream) => {
            let stream_call = ident(&stream.call);
            let media: Vec<&str> = op
                .responses
                .iter()
                .filter_map(|r| r.stream.as_ref())
                .map(|c| c.media_type.as_str())
                .collect();
            quote!(routes.add_streaming(&#descriptor, #call, #stream_call, &[#(#media),*]);)
        }
        None => quote!(routes.add(&#descriptor, #call);),
    }
}

/// `router`: adds the operations at the top of the file (`top`), an operation of several tags under
/// their `cfg`, and calls the `add` of each tag's module (`tags`).
fn router(
    api: &Api,
    service: &Service,
    trait_name: &proc_macro2::Ident,
    top: &[&Operation],
    tags: &[&[String]],
) -> TokenStream {
    let adds = top.iter().map(|op| {
        let cfg = super::cfg::attr(&op.features);
        let add = route_add(op);
        quote!(#cfg #add)
    });
    let tags = tags.iter().map(|set| {
        let cfg = super::cfg::attr(set);
        let module = super::cfg::tag_module_ident(&api.module, set);
        let add = ident(reserved::ADD);
        quote!(#cfg #module::#add(&mut routes);)
    });
    let module = &api.module;
    let xml_errors = service
        .xml_error_root()
        .map(|root| quote!(.with_xml_errors(#root)));
    // Without any of the tag features, no operation is added.
    let unused_mut = (!service.features.is_empty()).then(|| quote!(#[allow(unused_mut)]));
    let [router, error_roles] = [reserved::ROUTER, reserved::ERROR_ROLES].map(ident);
    quote! {
        /// Serves `api`: every operation at its path (relative to the API's base URL; nest the router
        /// under `/v1` or the like), unknown URLs and methods answered with the API's codes.
        pub fn #router<T: #trait_name + 'static>(api: T, config: ServerConfig) -> axum::Router {
            #unused_mut
            let mut routes = Routes::new();
            #(#adds)*
            #(#tags)*
            Server::new(api, config, #module, &#error_roles) #xml_errors .finish(routes.into_router())
        }
    }
}

/// The expression reading one parameter from the `input`.
fn read_param(
    op: &Operation,
    param: &Parameter,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let wire = &param.wire;
    let ty = param_type(param, prefix, names);
    let list = param.parse == ParamParse::List;
    match param.location {
        ParamLocation::Path => {
            let index = op.path.param_index(wire).unwrap_or(usize::MAX);
            let index = Literal::usize_unsuffixed(index);
            if list {
                quote!(input.path_list(#index, #wire)?)
            } else {
                quote!(input.path::<#ty>(#index, #wire)?)
            }
        }
        ParamLocation::Query if list => quote!(input.query_all(#wire)?),
        ParamLocation::Query if param.parse == ParamParse::Object => {
            let style = match param.object_style {
                ObjectStyle::DeepObject => quote!(DeepObject),
                ObjectStyle::FormExploded => quote!(FormExploded),
                ObjectStyle::Form => quote!(Form),
            };
            let style = quote!(crate::runtime::codegen::ObjectStyle::#style);
            if param.required {
                quote!(input.query_object_required::<#ty>(#wire, #style)?)
            } else {
                quote!(input.query_object::<#ty>(#wire, #style)?)
            }
        }
        ParamLocation::Query if param.required => quote!(input.query_required::<#ty>(#wire)?),
        ParamLocation::Query => quote!(input.query::<#ty>(#wire)?),
        ParamLocation::Header | ParamLocation::Cookie if list => quote!(input.header_list(#wire)?),
        ParamLocation::Header if param.required => quote!(input.header_required::<#ty>(#wire)?),
        ParamLocation::Header | ParamLocation::Cookie => quote!(input.header::<#ty>(#wire)?),
    }
}

/// The call functions of `op`: its method's, and its streaming method's where it has one.
fn handler(
    op: &Operation,
    trait_name: &proc_macro2::Ident,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let json = one_handler(op, false, trait_name, prefix, names);
    let stream = op
        .names
        .stream
        .is_some()
        .then(|| one_handler(op, true, trait_name, prefix, names));
    quote!(#json #stream)
}

/// `prefix`: the path to the API module (`super::`).
fn one_handler(
    op: &Operation,
    streamed: bool,
    trait_name: &proc_macro2::Ident,
    prefix: &TokenStream,
    names: &OwnNames,
) -> TokenStream {
    let (method, call, response) = match (&op.names.stream, streamed) {
        (Some(stream), true) => (&stream.method, &stream.call, &stream.response),
        _ => (&op.names.method, &op.names.call, &op.names.response),
    };
    let method = ident(method);
    let call = ident(call);
    let request = ident(&op.names.request);
    let response = ident(response);
    let fields = params(op).map(|param| {
        let field = format_ident!("{}", param.name);
        let mut read = read_param(op, param, prefix, names);
        if let Some(length) = param.length {
            // The value as read, then its strings checked: out of bounds is the validation code.
            let wire = &param.wire;
            let length = super::length::runtime_length(length);
            read = quote!(input.check(#wire, #read, #length)?);
        }
        if let Some(range) = param.range {
            // Its numbers checked the same way.
            let wire = &param.wire;
            let range = super::range::runtime_range(range);
            read = quote!(input.check(#wire, #read, #range)?);
        }
        quote!(#field: #read,)
    });
    let body = op
        .body
        .as_ref()
        .map(|body| super::server_body::read_body(body, prefix, names))
        .map(|read| quote!(body: #read,));
    // A streamed body is taken out of the input.
    let input = if op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.content.encoding, Encoding::Stream | Encoding::Events(_)))
    {
        quote!(mut input)
    } else {
        quote!(input)
    };
    // After the pipeline: the typed request from `input`, then the implementation started on it. Not
    // an `async fn`: a state machine per operation is what the compiler spends its time on. (The
    // descriptor names the operation; this fn needs no doc of its own.)
    quote! {
        fn #call<T: #trait_name + 'static>(api: Arc<T>, #input: Input) -> Started<#prefix #response> {
            let request = #prefix #request {
                #(#fields)*
                #body
            };
            invoke(api, input, request, T::#method)
        }
    }
}
