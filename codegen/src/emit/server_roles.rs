//! The `ERROR_ROLES` and `ERROR_SHAPE` statics of a server module: which code answers which bad request,
//! and the error body it is written in.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{raw_attrs, text_attrs};
use super::operations::ident;
use crate::model::reserved::server as reserved;
use crate::model::roles::{
    ErrorRoles, ErrorShape, Role, RoleCode, SpecRole, ROLE_NAMES, SPEC_ROLE_NAMES,
};
use crate::model::Api;

fn code(roles: &ErrorRoles, code: &RoleCode) -> TokenStream {
    let (kode, text) = (&code.code, &code.text);
    let status = proc_macro2::Literal::u16_unsuffixed(code.status);
    match roles.shape {
        ErrorShape::Skatteetaten => quote!(ErrorCode::new(#kode, #status, #text)),
        _ => {
            let shape = ident(reserved::ERROR_SHAPE);
            quote!(ErrorCode::shaped(#kode, #status, #text, &#shape))
        }
    }
}

fn required(roles: &ErrorRoles, role: Role) -> TokenStream {
    // `model::profile` gives every required role a code; the default is the last resort, so the output
    // parses whatever the model holds.
    let default = crate::model::roles::default_code(role);
    code(roles, roles.code(role).unwrap_or(&default))
}

fn optional(roles: &ErrorRoles, role: Role) -> TokenStream {
    match roles.code(role) {
        Some(c) => {
            let c = code(roles, c);
            quote!(Some(#c))
        }
        None => quote!(None),
    }
}

/// `pub static ERROR_SHAPE: ErrorShape = ...;`
fn shape_static(roles: &ErrorRoles) -> TokenStream {
    let (doc, value) = match &roles.shape {
        ErrorShape::Skatteetaten => (
            "The error body: Skatteetaten's `feil.md` (`{kode, melding, korrelasjonsid, \
             feilspesifiseringer?}`, `application/json`).".to_string(),
            quote!(crate::runtime::server::ErrorShape::Skatteetaten),
        ),
        ErrorShape::Problem => (
            "The error body: RFC 7807 `application/problem+json` (`{type, title, status, detail}`); \
             the spec declares no error body of its own."
                .to_string(),
            quote!(crate::runtime::server::ErrorShape::Problem),
        ),
        ErrorShape::Fields(fields) => {
            let opt = |name: &Option<String>| match name {
                Some(name) => quote!(Some(#name)),
                None => quote!(None),
            };
            let message = opt(&fields.message);
            let (code, status, title) = (opt(&fields.code), opt(&fields.status), opt(&fields.title));
            let content_type = &fields.content_type;
            let mut doc = format!(
                "The error body: the API's own (`{}`, `{content_type}`), with",
                fields.pointer
            );
            let mut first = true;
            for (what, name) in [
                ("message", &fields.message),
                ("code", &fields.code),
                ("HTTP status", &fields.status),
                ("summary", &fields.title),
            ] {
                if let Some(name) = name {
                    let sep = if first { "" } else { "," };
                    doc.push_str(&format!("{sep} the {what} in `{name}`"));
                    first = false;
                }
            }
            doc.push('.');
            (
                doc,
                quote!(crate::runtime::server::ErrorShape::Fields {
                    message: #message,
                    code: #code,
                    status: #status,
                    title: #title,
                    content_type: #content_type,
                }),
            )
        }
    };
    let doc = text_attrs(&doc);
    let name = ident(reserved::ERROR_SHAPE);
    quote! {
        #doc
        pub static #name: crate::runtime::server::ErrorShape = #value;
    }
}

fn spec(roles: &ErrorRoles, role: SpecRole) -> TokenStream {
    match roles.spec(role) {
        Some(c) => {
            let kode = &c.code;
            quote!(Some(#kode))
        }
        None => quote!(None),
    }
}

/// The documentation of an API without tables: each role's default code and status.
fn defaults_doc(roles: &ErrorRoles) -> TokenStream {
    let mut text = String::from(
        "Which code answers which bad request: the API documents no error codes, so each role has its \
         default, written in [`ERROR_SHAPE`].\n\n| role | code | status |\n| --- | --- | --- |\n",
    );
    for (name, role) in ROLE_NAMES {
        if let Some(c) = roles.code(*role) {
            text.push_str(&format!("| {name} | `{}` | {} |\n", c.code, c.status));
        }
    }
    // The generator's own words and the roles' fixed names: the intra-doc link may stay.
    raw_attrs(&text)
}

/// The documentation: one line per role, naming where a code comes from when it is not the API's own.
fn doc(api: &Api, roles: &ErrorRoles) -> TokenStream {
    if roles.shape != ErrorShape::Skatteetaten {
        return defaults_doc(roles);
    }
    let mut text = String::from(
        "Which documented code answers which bad request, derived by the generator from the API's error \
         tables (status and wording of each row; `x-error-roles` in the spec overrides).\n\n\
         | role | code |\n| --- | --- |\n",
    );
    let describe = |c: Option<&RoleCode>| match c {
        Some(c) if c.module.is_empty() => format!(
            "`{}` (HTTP {}: no table documents a code for it)",
            c.code, c.status
        ),
        Some(c) if c.module == api.module => format!("`{}`", c.code),
        Some(c) => format!(
            "`{}` (shared table `{}`: the API has no code of its own)",
            c.code, c.module
        ),
        None => "none documented".to_string(),
    };
    for (name, role) in ROLE_NAMES {
        text.push_str(&format!("| {name} | {} |\n", describe(roles.code(*role))));
    }
    for (name, role) in SPEC_ROLE_NAMES {
        text.push_str(&format!("| {name} | {} |\n", describe(roles.spec(*role))));
    }
    text.push_str(
        "\nWithout a 406 code an unsupported `Accept` is answered with the request code.",
    );
    text_attrs(&text)
}

/// `pub static ERROR_ROLES: ErrorRoles = ...;`
pub fn error_roles_static(api: &Api, roles: &ErrorRoles) -> TokenStream {
    let doc = doc(api, roles);
    let validation = required(roles, Role::Validation);
    let structure = required(roles, Role::Structure);
    let request = required(roles, Role::Request);
    let unknown_url = required(roles, Role::UnknownUrl);
    let method_not_allowed = optional(roles, Role::MethodNotAllowed);
    let not_acceptable = optional(roles, Role::NotAcceptable);
    let unauthenticated = required(roles, Role::Unauthenticated);
    let forbidden = optional(roles, Role::Forbidden);
    let idempotency_conflict = optional(roles, Role::IdempotencyConflict);
    let unexpected = required(roles, Role::Unexpected);
    let shape = shape_static(roles);
    let parameters = spec(roles, SpecRole::Parameters);
    let missing_header = spec(roles, SpecRole::MissingHeader);
    let json = spec(roles, SpecRole::Json);
    let accept = spec(roles, SpecRole::Accept);
    let content_type = spec(roles, SpecRole::ContentType);
    let missing_token = spec(roles, SpecRole::MissingToken);
    let invalid_token = spec(roles, SpecRole::InvalidToken);
    let unknown_url_spec = spec(roles, SpecRole::UnknownUrl);
    let [roles_name, shape_name] = [reserved::ERROR_ROLES, reserved::ERROR_SHAPE].map(ident);
    quote! {
        #shape
        #doc
        pub static #roles_name: ErrorRoles = ErrorRoles {
            shape: &#shape_name,
            validation: #validation,
            structure: #structure,
            request: #request,
            unknown_url: #unknown_url,
            method_not_allowed: #method_not_allowed,
            not_acceptable: #not_acceptable,
            unauthenticated: #unauthenticated,
            forbidden: #forbidden,
            idempotency_conflict: #idempotency_conflict,
            unexpected: #unexpected,
            specs: SpecCodes {
                parameters: #parameters,
                missing_header: #missing_header,
                json: #json,
                accept: #accept,
                content_type: #content_type,
                missing_token: #missing_token,
                invalid_token: #invalid_token,
                unknown_url: #unknown_url_spec,
            },
        };
    }
}
