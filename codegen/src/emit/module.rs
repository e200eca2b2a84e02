//! The module files: `lib.rs` of the crate, and each API's `mod.rs` with its documentation, base URLs and
//! Maskinporten scopes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::text_attrs;
use crate::model::reserved::module as reserved;
use crate::model::{Api, Model};
use crate::settings::Layout;

/// The crate root: one module per API.
pub fn lib_file(model: &Model) -> TokenStream {
    let modules = model.apis.iter().map(|api| {
        let module = format_ident!("{}", api.module);
        let title = match &api.service {
            Some(service) => format!("{} (`{}`)", service.title, api.source),
            None => format!("Shared error tables (`{}`)", api.source),
        };
        let doc = text_attrs(&title);
        // prettyplease formats generated code; rustfmt would format it differently, so it keeps out.
        quote!(#doc #[rustfmt::skip] pub mod #module;)
    });
    // Crates whose types appear in the generated signatures, so a user names the same versions
    // without adding them; and the runtime under the name the generated code uses (`crate::runtime`).
    // (In rustfmt's order of `use` items, so the file passes `cargo fmt --check`.)
    let uses = quote! {
        /// Crates whose types appear in the generated signatures, so a user names the same versions
        /// without adding them.
        pub use runtime::{chrono, rust_decimal, uuid};
        /// The hand-written runtime (crate `skatteetaten-runtime`), under the name the generated code uses.
        pub use skatteetaten_runtime as runtime;
    };
    match model.root.layout {
        Layout::Crate => {
            let docs = super::docs::inner_attrs(&format!(
                "{}\n\nEach API is a module. Its types are always there; its HTTP client is behind the\n\
                 `client` feature and its server adapter behind the `server` feature.",
                model.root.description
            ));
            quote! {
                #docs
                #![forbid(unsafe_code)]
                // Schemas nested dozens of levels deep make deep types; checking that they are `Send`
                // takes more steps than rustc's default limit of 128.
                #![recursion_limit = "512"]
                #uses
                #(#modules)*
            }
        }
        // `include!` refuses inner attributes: the including crate's root has the docs and attributes.
        Layout::Included => quote! {
            #uses
            #(#modules)*
        },
    }
}

/// One API's `mod.rs`.
/// `features` lists the feature-gated submodules emitted for the API (`("client", "client")`).
pub fn api_mod_file(api: &Api, has_errors: bool, features: &[(&str, &str)]) -> TokenStream {
    let errors = if has_errors {
        quote! {
            pub mod errors;
            pub use errors::*;
        }
    } else {
        quote!()
    };
    let Some(service) = &api.service else {
        let doc = super::docs::inner_attrs(&format!(
            "Error codes shared by several APIs (`{}`).",
            api.source
        ));
        return quote! {
            #doc
            #errors
        };
    };
    let mut header = format!("# {}\n", service.title);
    if let Some(description) = &service.description {
        header.push('\n');
        header.push_str(description);
        header.push('\n');
    }
    header.push_str(&format!(
        "\nVersion {} of the spec in `{}`.",
        service.version, api.source
    ));
    let header_doc = super::docs::inner_attrs(&header);
    // The API's own types, and the shared ones it re-exports (a module whose operations reach only
    // shared types has no `models.rs`).
    let models = super::models::has_own_types(service).then(|| {
        // With tag features, a build without any tag may have no model at all.
        let unused = (!service.features.is_empty()).then(|| quote!(#[allow(unused_imports)]));
        quote! {
            pub mod models;
            #unused
            pub use models::*;
        }
    });
    let shared = super::models::shared_uses(&service.types);
    // The contract of the operations (a shared folder's types have none).
    let operations = (!service.operations.is_empty()).then(|| {
        quote! {
            pub mod operations;
            pub use operations::*;
        }
    });
    let gated = features.iter().map(|(feature, module)| {
        let module = format_ident!("{}", module);
        quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });

    // The first server of each environment names its constant; `SERVERS` lists them all.
    let servers: Vec<TokenStream> = service
        .servers
        .iter()
        .filter_map(|server| {
            let name = server.constant.as_ref()?;
            let url = &server.url;
            let ident = format_ident!("{}", name);
            let doc = match &server.description {
                Some(description) => format!("Base URL: {description}"),
                None => format!(
                    "Base URL of the {} environment.",
                    server.environment.as_deref().unwrap_or_default()
                ),
            };
            let doc = text_attrs(&doc);
            Some(quote!(#doc pub const #ident: &str = #url;))
        })
        .collect();
    let server_urls = service.servers.iter().map(|s| &s.url);
    let scopes = &service.scopes;
    let [servers_const, scope, scopes_const] =
        [reserved::SERVERS, reserved::SCOPE, reserved::SCOPES].map(|name| format_ident!("{name}"));
    let scope_const = match scopes.as_slice() {
        [single] => quote! {
            /// The Maskinporten scope of this API.
            pub const #scope: &str = #single;
        },
        _ => quote!(),
    };
    if service.operations.is_empty() && service.servers.is_empty() {
        // A shared folder's types: no URLs, no scopes.
        return quote! {
            #header_doc
            #errors
            #models
            #(#shared)*
        };
    }
    quote! {
        #header_doc
        #errors
        #models
        #(#shared)*
        #operations
        #(#gated)*

        #(#servers)*
        /// Every server URL the spec lists, in its order.
        pub const #servers_const: &[&str] = &[#(#server_urls),*];
        #scope_const
        /// Every Maskinporten scope the API's operations name.
        pub const #scopes_const: &[&str] = &[#(#scopes),*];
    }
}
