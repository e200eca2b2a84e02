//! Each API's `client.rs` (feature `client`): a trait with one async method per operation, so code can
//! depend on the trait and swap in a test double, and `Client`, which implements it over HTTP with the
//! runtime's `Transport` (token, `Accept`, concurrency limit, timeouts, retries of safe calls).

mod params;
mod responses;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, raw_attrs, text_attrs, then_paragraph};
use crate::model::{Api, Doc, Operation, ParamLocation, PathSegment, Service};
use params::{body_arg, param_arg, Arg};
use responses::responses;

/// The `client.rs` of an API with a service.
pub fn client_file(_api: &Api, service: &Service) -> TokenStream {
    let trait_name = format_ident!("{}", service.client_trait);
    let mut defs = Vec::new();
    let mut signatures = Vec::new();
    let mut bodies = Vec::new();
    for op in &service.operations {
        let method = operation(op, &service.client_trait);
        defs.push(method.defs);
        signatures.push(method.signature);
        bodies.push(method.body);
    }
    let trait_doc = super::docs::raw_attrs(&format!(
        "The operations of {}: one method per operation.\n\n\
         [`Client`] implements it over HTTP. Code that takes an `impl {trait_name}` can be given a test \
         double instead (implement the methods with `async fn`).",
        super::docs::sanitize(&service.title)
    ));
    let constructors = constructors(service);
    quote! {
        //! HTTP client of the API (feature `client`): the trait of its operations and [`Client`], which
        //! implements it over HTTP. See [`crate::runtime::client`] for the configuration, the token source and
        //! the error type.
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        // A response enum has a variant per documented body; boxing the large ones would make the API
        // depend on body sizes. (The models allow it for the same reason.)
        #![allow(clippy::large_enum_variant)]
        use crate::runtime::client as runtime;

        #trait_doc
        // Method names are the spec's operationIds: `fromFil` is `from_fil(&self)`, which is right here.
        #[allow(clippy::wrong_self_convention)]
        pub trait #trait_name: Send + Sync {
            #(#signatures)*
        }

        /// Calls the API over HTTP. Cheap to clone; clones share connections and the concurrency limit.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::Transport,
        }

        impl Client {
            /// A client with the given settings (base URL, timeout, tries, concurrency limit).
            pub fn new(
                config: runtime::ClientConfig,
                tokens: impl runtime::TokenSource + 'static,
            ) -> Result<Self, runtime::BuildError> {
                Ok(Self::from_transport(runtime::Transport::new(config, tokens)?))
            }

            #constructors

            /// A client for the API at `base_url` (a local mock, say), with the default settings.
            pub fn with_base_url(
                base_url: impl Into<String>,
                tokens: impl runtime::TokenSource + 'static,
            ) -> Result<Self, runtime::BuildError> {
                Self::new(runtime::ClientConfig::new(base_url), tokens)
            }

            /// A client over an existing transport (to share its connections and concurrency limit).
            pub fn from_transport(transport: runtime::Transport) -> Self {
                Self { transport }
            }

            pub fn transport(&self) -> &runtime::Transport {
                &self.transport
            }
        }

        impl #trait_name for Client {
            #(#bodies)*
        }

        #(#defs)*
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
        out.extend(quote! {
            #doc
            pub fn #ident(tokens: impl runtime::TokenSource + 'static) -> Result<Self, runtime::BuildError> {
                Self::with_base_url(super::#constant, tokens)
            }
        });
    }
    out
}

struct Method {
    signature: TokenStream,
    body: TokenStream,
    defs: TokenStream,
}

fn operation(op: &Operation, client_trait: &str) -> Method {
    let name = format_ident!("{}", op.names.method);
    let mut args: Vec<Arg> = op
        .params
        .iter()
        .map(|p| param_arg(p, op.grouped_params))
        .collect();
    let mut defs = TokenStream::new();
    let mut signature_args: Vec<TokenStream> = Vec::new();
    if op.grouped_params {
        let params_type = format_ident!("{}", op.names.client_params);
        defs.extend(params_struct(op, &args, client_trait));
        signature_args.push(quote!(params: &#params_type));
    } else {
        signature_args.extend(args.iter().map(|arg| {
            let (ident, ty) = (&arg.ident, &arg.ty);
            quote!(#ident: #ty)
        }));
    }
    if let Some(body) = &op.body {
        let arg = body_arg(body);
        let (ident, ty) = (&arg.ident, &arg.ty);
        signature_args.push(quote!(#ident: #ty));
        args.push(arg);
    }
    let shape = responses(op);
    defs.extend(shape.defs);
    let (ok, err) = (&shape.ok, &shape.err);
    let output = quote!(Result<#ok, runtime::Error<#err>>);

    let docs = method_docs(op, &args, &shape.doc);
    let signature = quote! {
        #docs
        fn #name(&self, #(#signature_args),*) -> impl std::future::Future<Output = #output> + Send;
    };

    let method = format_ident!("{}", op.method.as_str());
    let accept = accept(op);
    let authenticate =
        (op.auth_required || !op.scopes.is_empty()).then(|| quote!(request.authenticate();));
    let allow_retries = op.retryable().then(|| quote!(request.allow_retries();));
    let path = path_calls(op);
    // Path parameters are applied by `path_calls`, in the order of the template.
    let applies = op
        .params
        .iter()
        .map(|p| p.location != ParamLocation::Path)
        .chain(op.body.iter().map(|_| true))
        .zip(&args)
        .filter(|(applied_here, _)| *applied_here)
        .map(|(_, arg)| &arg.apply);
    let dispatch = &shape.dispatch;
    let response = if shape.reads_response {
        quote!(response)
    } else {
        quote!(_response)
    };
    let body = quote! {
        async fn #name(&self, #(#signature_args),*) -> #output {
            let mut request = runtime::Request::new(runtime::Method::#method, #accept);
            #authenticate
            #allow_retries
            #path
            #(#applies)*
            let #response = self.transport.execute(&request).await?;
            #dispatch
        }
    };
    Method {
        signature,
        body,
        defs,
    }
}

/// The parameter struct of an operation with many parameters: owned values, `Default` when none is
/// required, so a call names only what it sets.
fn params_struct(op: &Operation, args: &[Arg], client_trait: &str) -> TokenStream {
    let name = format_ident!("{}", op.names.client_params);
    let doc = raw_attrs(&format!(
        "The parameters of [`{client_trait}::{}`].",
        op.names.method
    ));
    let fields = op.params.iter().zip(args).map(|(param, arg)| {
        let doc = doc_attrs(&Doc {
            deprecated: false,
            ..param.doc.clone()
        });
        let (ident, ty) = (&arg.ident, &arg.ty);
        let docs = then_paragraph(doc, text_attrs(&arg.doc));
        quote!(#docs pub #ident: #ty,)
    });
    let default = op
        .params
        .iter()
        .all(|p| !p.required || p.idempotency_key)
        .then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The method's documentation: the operation's own, then its route, arguments, responses and retries.
fn method_docs(op: &Operation, args: &[Arg], responses: &[String]) -> TokenStream {
    let own = doc_attrs(&Doc {
        deprecated: false,
        ..op.doc.clone()
    });
    let mut sections = vec![format!("`{} {}` (`{}`)", op.method, op.path, op.id)];
    if op.grouped_params {
        sections.push(format!(
            "`params`: the operation's {} parameters ([`{}`]).",
            op.params.len(),
            op.names.client_params
        ));
    }
    if !args.is_empty() && !op.grouped_params {
        let lines: Vec<&str> = args.iter().map(|a| a.doc.as_str()).collect();
        sections.push(format!("# Arguments\n\n{}", lines.join("\n")));
    }
    sections.push(format!("# Responses\n\n{}", responses.join("\n")));
    if op.params.iter().any(|p| p.idempotency_key) {
        sections.push(
            "Retried with backoff after a transport failure or a 5xx answer, with the same idempotency key."
                .to_string(),
        );
    } else if op.retryable() {
        sections
            .push("Retried with backoff after a transport failure or a 5xx answer.".to_string());
    }
    let docs = then_paragraph(own, text_attrs(&sections.join("\n\n")));
    let deprecated = op.doc.deprecated.then(|| quote!(#[deprecated]));
    quote!(#docs #deprecated)
}

/// The path template as literal parts and path parameters, in order.
fn path_calls(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(literal) => out.extend(quote!(request.path(#literal);)),
            PathSegment::Param(wire) => {
                if let Some(param) = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.wire == wire)
                {
                    out.extend(param_arg(param, op.grouped_params).apply);
                }
            }
        }
    }
    out
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
