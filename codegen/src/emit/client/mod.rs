//! Each API's `client.rs` (feature `client`): a trait with one async method per operation, so code can
//! depend on the trait and swap in a test double, and `Client`, which implements it over HTTP with the
//! runtime's `Transport` (token, `Accept`, concurrency limit, timeouts, retries of safe calls).

mod params;
mod responses;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, text_attrs};
use crate::model::names::type_name;
use crate::model::{Api, Doc, Operation, ParamLocation, Service};
use params::{body_arg, param_arg, Arg};
use responses::responses;

/// The `client.rs` of an API with a service.
pub fn client_file(api: &Api, service: &Service) -> TokenStream {
    let trait_name = trait_name(&api.module);
    let mut defs = Vec::new();
    let mut signatures = Vec::new();
    let mut bodies = Vec::new();
    for op in &service.operations {
        let method = operation(op);
        defs.push(method.defs);
        signatures.push(method.signature);
        bodies.push(method.body);
    }
    let trait_doc = super::docs::raw_attrs(&format!(
        "The operations of {}: one method per operation.\n\n\
         [`Client`] implements it over HTTP. Code that takes an `impl {trait_name}` can be given a test \
         double instead (implement the methods with `async fn`).",
        service.title
    ));
    let constructors = constructors(service);
    quote! {
        //! HTTP client of the API (feature `client`): the trait of its operations and [`Client`], which
        //! implements it over HTTP. See [`crate::runtime::client`] for the configuration, the token source and
        //! the error type.
        // Operations still use deprecated schemas; the warning is for the code that calls them.
        #![allow(deprecated)]
        use crate::runtime::client as runtime;

        #trait_doc
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

/// `oppdrag_utenlandske_virksomheter` → `OppdragUtenlandskeVirksomheterApi`.
fn trait_name(module: &str) -> proc_macro2::Ident {
    let name = module.to_upper_camel_case();
    if name.ends_with("Api") {
        format_ident!("{}", name)
    } else {
        format_ident!("{}Api", name)
    }
}

/// `Client::test`, `Client::production`, … for each server with an environment.
fn constructors(service: &Service) -> TokenStream {
    let mut out = TokenStream::new();
    let mut seen = Vec::new();
    for server in &service.servers {
        let Some(environment) = server.environment.as_deref() else {
            continue;
        };
        let Some(constant) = server.constant_name() else {
            continue;
        };
        let name = crate::model::names::snake_name(environment);
        if seen.contains(&name)
            || ["new", "with_base_url", "from_transport", "transport"].contains(&name.as_str())
        {
            continue;
        }
        seen.push(name.clone());
        let constant = format_ident!("{}", constant);
        let ident = format_ident!("{}", name);
        let doc = super::docs::raw_attrs(&format!(
            "A client for the {environment} environment ([`{constant}`](super::{constant})), with the default settings."
        ));
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

fn operation(op: &Operation) -> Method {
    let name = format_ident!("{}", op.name);
    let op_type = type_name(&op.id);
    let mut args: Vec<Arg> = op.params.iter().map(param_arg).collect();
    if let Some(body) = &op.body {
        args.push(body_arg(body));
    }
    let shape = responses(op, &op_type);
    let (ok, err) = (&shape.ok, &shape.err);
    let output = quote!(Result<#ok, runtime::Error<#err>>);
    let arg_decls: Vec<TokenStream> = args
        .iter()
        .map(|arg| {
            let (ident, ty) = (&arg.ident, &arg.ty);
            quote!(#ident: #ty)
        })
        .collect();

    let docs = method_docs(op, &args, &shape.doc);
    let signature = quote! {
        #docs
        fn #name(&self, #(#arg_decls),*) -> impl std::future::Future<Output = #output> + Send;
    };

    let method = format_ident!("{}", op.method);
    let accept = accept(op);
    let authenticate =
        (op.auth_required || !op.scopes.is_empty()).then(|| quote!(request.authenticate();));
    let allow_retries = retryable(op).then(|| quote!(request.allow_retries();));
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
    let arms = &shape.arms;
    let body = quote! {
        async fn #name(&self, #(#arg_decls),*) -> #output {
            let mut request = runtime::Request::new(runtime::Method::#method, #accept);
            #authenticate
            #allow_retries
            #path
            #(#applies)*
            let response = self.transport.execute(&request).await?;
            match response.status {
                #arms
            }
        }
    };
    Method {
        signature,
        body,
        defs: shape.defs,
    }
}

/// The method's documentation: the operation's own, then its route, arguments, responses and retries.
fn method_docs(op: &Operation, args: &[Arg], responses: &[String]) -> TokenStream {
    let own = doc_attrs(&Doc {
        deprecated: false,
        ..op.doc.clone()
    });
    let separator = if own.is_empty() {
        quote!()
    } else {
        quote!(#[doc = ""])
    };
    let mut sections = vec![format!("`{} {}` (`{}`)", op.method, op.path, op.id)];
    if !args.is_empty() {
        let lines: Vec<&str> = args.iter().map(|a| a.doc.as_str()).collect();
        sections.push(format!("# Arguments\n\n{}", lines.join("\n")));
    }
    sections.push(format!("# Responses\n\n{}", responses.join("\n")));
    if op.params.iter().any(|p| p.idempotency_key) {
        sections.push(
            "Retried with backoff after a transport failure or a 5xx answer, with the same idempotency key."
                .to_string(),
        );
    } else if retryable(op) {
        sections
            .push("Retried with backoff after a transport failure or a 5xx answer.".to_string());
    }
    let rest = text_attrs(&sections.join("\n\n"));
    let deprecated = op.doc.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #own
        #separator
        #rest
        #deprecated
    }
}

/// The path template as literal parts and path parameters, in order.
fn path_calls(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let literal = &rest[..start];
        if !literal.is_empty() {
            out.extend(quote!(request.path(#literal);));
        }
        let wire = &rest[start + 1..start + len];
        if let Some(param) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == wire)
        {
            out.extend(param_arg(param).apply);
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.extend(quote!(request.path(#rest);));
    }
    out
}

/// A `GET`/`HEAD`, or an operation whose idempotency key makes a repeat harmless.
fn retryable(op: &Operation) -> bool {
    matches!(op.method.as_str(), "GET" | "HEAD") || op.params.iter().any(|p| p.idempotency_key)
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
