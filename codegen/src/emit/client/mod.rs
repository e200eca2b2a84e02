//! Each API's `client.rs` (feature `client`): `Client`, which implements the API's trait
//! (`operations.rs`) over HTTP with the runtime's `Transport` (token, `Accept`, concurrency limit,
//! timeouts, retries of safe calls): each method writes the typed request into an HTTP request and
//! hands it to `Transport::call`, which decodes the answer into the operation's response enum (its
//! `Decode`, derived in `operations.rs` from the enum's `#[response]` table). The methods are not
//! `async`: they build the request and return the transport's future.

mod params;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::raw_attrs;
use crate::model::reserved::client as reserved;
use crate::model::{Operation, ParamLocation, PathSegment, Service};
use params::{apply_body, apply_param, check_param};

/// The `client.rs` of an API with a service, in pieces of the trait's impl (its methods in pieces of
/// [`super::PIECE_ITEMS`] operations: see [`super::Part`]).
pub fn client_file(service: &Service) -> Vec<super::Piece<'_>> {
    super::member_pieces(service.operations.len(), move |ops, first| {
        let trait_name = format_ident!("{}", service.client_trait);
        let bodies = service.operations[ops].iter().map(|op| {
            let json = operation(op, false);
            let stream = op.names.stream.is_some().then(|| operation(op, true));
            quote!(#json #stream)
        });
        let implementation = quote! {
            impl #trait_name for Client {
                #(#bodies)*
            }
        };
        if first {
            let before = before_impl(service);
            quote! {
                #before
                #implementation
            }
        } else {
            implementation
        }
    })
}

/// What `client.rs` has before the trait's impl: its docs and imports, `Client` and its constructors.
fn before_impl(service: &Service) -> TokenStream {
    let trait_name = format_ident!("{}", service.client_trait);
    let constructors = constructors(service);
    let doc = super::docs::raw_inner_attrs(&format!(
        "HTTP client of the API (feature `client`): [`Client`] implements [`{trait_name}`] \
         over HTTP. See [`crate::runtime::client`] for the configuration and the token source."
    ));
    let unused = super::cfg::allow_unused_imports(&service.features);
    // The client's own methods, under the names the namers kept free of operations.
    let [new, with_base_url, with_http_client, from_transport, transport] = [
        reserved::NEW,
        reserved::WITH_BASE_URL,
        reserved::WITH_HTTP_CLIENT,
        reserved::FROM_TRANSPORT,
        reserved::TRANSPORT,
    ]
    .map(|name| format_ident!("{name}"));
    quote! {
        #doc
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        #unused
        use super::#trait_name;
        use crate::runtime::client as runtime;
        use crate::runtime::codegen;

        /// Calls the API over HTTP. Cheap to clone; clones share connections and the concurrency limit.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::Transport,
        }

        impl Client {
            /// A client with the given settings (base URL, timeout, tries, concurrency limit).
            pub fn #new(
                config: runtime::ClientConfig,
                tokens: impl runtime::TokenSource + 'static,
            ) -> Result<Self, runtime::BuildError> {
                Ok(Self::#from_transport(runtime::Transport::new(config, tokens)?))
            }

            #constructors

            /// A client for the API at `base_url` (a local mock, say), with the default settings.
            pub fn #with_base_url(
                base_url: impl Into<String>,
                tokens: impl runtime::TokenSource + 'static,
            ) -> Result<Self, runtime::BuildError> {
                Self::#new(runtime::ClientConfig::new(base_url), tokens)
            }

            /// A client that sends through `http`, a `reqwest::Client` of your own (a proxy, TLS roots,
            /// shared connections); see [`runtime::Transport::with_http_client`] for what it decides.
            pub fn #with_http_client(
                config: runtime::ClientConfig,
                tokens: impl runtime::TokenSource + 'static,
                http: runtime::reqwest::Client,
            ) -> Result<Self, runtime::BuildError> {
                Ok(Self::#from_transport(runtime::Transport::with_http_client(config, tokens, http)?))
            }

            /// A client over an existing transport (to share its connections and concurrency limit).
            pub fn #from_transport(transport: runtime::Transport) -> Self {
                Self { transport }
            }

            pub fn #transport(&self) -> &runtime::Transport {
                &self.transport
            }
        }
    }
}

/// `Client::test`, `Client::production`, … for each server with an environment.
fn constructors(service: &Service) -> TokenStream {
    let mut out = TokenStream::new();
    for server in &service.servers {
        let (Some(constant), Some(constructor)) = (&server.constant, &server.constructor) else {
            continue;
        };
        let environment = super::docs::sanitize(server.environment.as_deref().unwrap_or_default());
        let doc = raw_attrs(&format!(
            "A client for the {environment} environment ([`{constant}`](super::{constant})), with the default settings."
        ));
        let constant = format_ident!("{}", constant);
        let ident = format_ident!("{}", constructor);
        let with_base_url = format_ident!("{}", reserved::WITH_BASE_URL);
        out.extend(quote! {
            #doc
            pub fn #ident(tokens: impl runtime::TokenSource + 'static) -> Result<Self, runtime::BuildError> {
                Self::#with_base_url(super::#constant, tokens)
            }
        });
    }
    out
}

/// The client's method of `op`, or (`streamed`) its streaming method.
fn operation(op: &Operation, streamed: bool) -> TokenStream {
    let (name, response_type, accept) = match (&op.names.stream, streamed) {
        (Some(stream), true) => (
            &stream.method,
            &stream.response,
            super::operations::streamed_media(op),
        ),
        _ => (&op.names.method, &op.names.response, accept(op)),
    };
    let name = format_ident!("{}", name);
    let request_type = format_ident!("{}", op.names.request);
    let response_type = format_ident!("{}", response_type);
    let method = format_ident!("{}", op.method.as_str());
    let authenticate = op.auth.sends_token().then(|| quote!(http.authenticate();));
    let allow_retries = op.retryable().then(|| quote!(http.allow_retries();));
    let xml = op.xml_media_type().map(|media| quote!(http.xml(#media);));
    let checks = super::operations::params(op).filter_map(check_param);
    let path = path_calls(op);
    // Path parameters are applied by `path_calls`, in the order of the template.
    let applies = super::operations::params(op)
        .filter(|p| p.location != ParamLocation::Path)
        .map(apply_param);
    let body = op.body.as_ref().map(apply_body);
    // A request without fields is not read.
    let request = if super::operations::params(op).next().is_none() && op.body.is_none() {
        format_ident!("_request")
    } else {
        format_ident!("request")
    };
    let cfg = super::cfg::attr(&op.features);
    quote! {
        #cfg
        fn #name(
            &self,
            #request: super::#request_type,
            context: &runtime::Context,
        ) -> impl runtime::ApiFuture<super::#response_type> {
            let mut http = codegen::client::Request::new(codegen::client::Method::#method, #accept);
            http.context(context);
            #authenticate
            #allow_retries
            #xml
            #(#checks)*
            #path
            #(#applies)*
            #body
            self.transport.call(http)
        }
    }
}

/// The path: `http.path("/user")`, or with parameters one `http.path_template` of the template and
/// their values in its order.
fn path_calls(op: &Operation) -> TokenStream {
    // The template's parts, each parameter with its request field (a template parameter without one
    // writes nothing, as before the template).
    let parts: Vec<Result<&str, &crate::model::Parameter>> = op
        .path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(literal) => Some(Ok(literal.as_str())),
            PathSegment::Param(wire) => op
                .params
                .iter()
                .find(|p| p.location == ParamLocation::Path && &p.wire == wire)
                .map(Err),
        })
        .collect();
    let has_params = parts.iter().any(Result::is_err);
    // A literal with a brace would read as a parameter: such a path is written part by part.
    let braces = parts
        .iter()
        .any(|part| matches!(part, Ok(literal) if literal.contains(['{', '}'])));
    if braces {
        return parts
            .iter()
            .map(|part| match part {
                Ok(literal) => quote!(http.path(#literal);),
                Err(param) => apply_param(param),
            })
            .collect();
    }
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &parts {
        match part {
            Ok(literal) => template.push_str(literal),
            Err(param) => {
                template.push_str(&format!("{{{}}}", param.wire));
                let field = format_ident!("{}", param.name);
                values.push(quote!(&request.#field));
            }
        }
    }
    if has_params {
        quote!(http.path_template(#template, &[#(#values),*]);)
    } else {
        quote!(http.path(#template);)
    }
}

/// The media types of the operation's responses, JSON first, `*/*` last.
fn accept(op: &Operation) -> String {
    let mut types: Vec<&str> = Vec::new();
    for content in op.responses.iter().filter_map(|r| r.content.as_ref()) {
        if !types.contains(&content.media_type.as_str()) {
            types.push(&content.media_type);
        }
    }
    types.sort_by_key(|media| match *media {
        "application/json" => 0,
        "*/*" => 2,
        _ => 1,
    });
    if types.is_empty() {
        "*/*".to_string()
    } else {
        types.join(", ")
    }
}
