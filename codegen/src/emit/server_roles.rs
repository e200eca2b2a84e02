//! The `ERROR_ROLES` constant of a server module: which documented code answers which bad request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::text_attrs;
use crate::model::roles::{ErrorRoles, Role, RoleCode, SpecRole, ROLE_NAMES, SPEC_ROLE_NAMES};
use crate::model::Api;

fn code(code: &RoleCode) -> TokenStream {
    let (kode, text) = (&code.code, &code.text);
    let status = proc_macro2::Literal::u16_unsuffixed(code.status);
    quote!(ErrorCode::new(#kode, #status, #text))
}

fn required(roles: &ErrorRoles, role: Role) -> TokenStream {
    // The caller emits no server for an API with a required role missing.
    roles.code(role).map(code).unwrap_or_default()
}

fn optional(roles: &ErrorRoles, role: Role) -> TokenStream {
    match roles.code(role) {
        Some(c) => {
            let c = code(c);
            quote!(Some(#c))
        }
        None => quote!(None),
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

/// The documentation: one line per role, naming where a code comes from when it is not the API's own.
fn doc(api: &Api, roles: &ErrorRoles) -> TokenStream {
    let mut text = String::from(
        "Which documented code answers which bad request, derived by the generator from the API's error \
         tables (status and wording of each row; `x-error-roles` in the spec overrides).\n\n\
         | role | code |\n| --- | --- |\n",
    );
    let describe = |c: Option<&RoleCode>| match c {
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
        "\nWithout a 405 code a wrong method is answered as an unknown URL; without a 406 code an \
         unsupported `Accept` is answered with the request code.",
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
    let parameters = spec(roles, SpecRole::Parameters);
    let missing_header = spec(roles, SpecRole::MissingHeader);
    let json = spec(roles, SpecRole::Json);
    let accept = spec(roles, SpecRole::Accept);
    let content_type = spec(roles, SpecRole::ContentType);
    let missing_token = spec(roles, SpecRole::MissingToken);
    let invalid_token = spec(roles, SpecRole::InvalidToken);
    let unknown_url_spec = spec(roles, SpecRole::UnknownUrl);
    quote! {
        #doc
        pub static ERROR_ROLES: ErrorRoles = ErrorRoles {
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
