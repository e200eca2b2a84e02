//! Error roles: which of an API's documented error codes answers which kind of bad request (invalid
//! input, unknown URL, missing token, ...). A server adapter needs this, and the tables do not say it in
//! so many words, so it is read from each row's HTTP status and the wording of its Norwegian text
//! ("validering", "Strukturell", "Ukjent url", ...). The API's own tables come first, then its shared
//! tables (`x-shared-error-tables`), so a role the API has no code for falls back to a shared code that
//! fits (`DAS-002` for an unknown URL). `x-error-roles` in the spec's `info` overrides any role:
//!
//! ```yaml
//! info:
//!   x-error-roles:
//!     validation: GLD_010
//!     spec-json: GLD_1022
//! ```
//!
//! An API without tables has no codes: its server adapter answers in the API's own error body or in
//! RFC 7807's (see [`super::profile`]), with each role's default status ([`default_code`]).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Api, ErrorEntry, Model, TableKind};

/// A kind of failure answered with a `Feilkode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Input that does not meet the spec (400, "validering").
    Validation,
    /// A body that is not well-formed (400, "Strukturell" / "dataformat"); falls back to `Validation`.
    Structure,
    /// A request wrong in itself (400, "Feil i request"); falls back to `Validation`.
    Request,
    /// No endpoint at the URL (404, "Ukjent url" / "Finner ikke forespurt ressurs" / "gyldig endepunkt").
    UnknownUrl,
    /// A method the URL does not have (405).
    MethodNotAllowed,
    /// An `Accept` the API cannot answer (406, "dataformat").
    NotAcceptable,
    /// Missing or bad token (401; a 403 "autentisering" where there is no 401).
    Unauthenticated,
    /// Not allowed (403, "autoris").
    Forbidden,
    /// An idempotency key reused with another body (409, "Idempotens").
    IdempotencyConflict,
    /// The service failed (500, "Uventet feil på tjenesten" / "Uspesifisert" / "Uventet").
    Unexpected,
}

/// A kind of failure refined by a `Feilspesifiseringskode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpecRole {
    /// "Feil i parametre".
    Parameters,
    /// "Header mangler".
    MissingHeader,
    /// "Feil i JSON".
    Json,
    /// "Accept-header".
    Accept,
    /// "Content type".
    ContentType,
    /// "Mangler Token".
    MissingToken,
    /// "Ugyldig token".
    InvalidToken,
    /// "Finner ingen ressurs for denne URL".
    UnknownUrl,
}

/// A role's name in `x-error-roles`.
pub const ROLE_NAMES: &[(&str, Role)] = &[
    ("validation", Role::Validation),
    ("structure", Role::Structure),
    ("request", Role::Request),
    ("unknown-url", Role::UnknownUrl),
    ("method-not-allowed", Role::MethodNotAllowed),
    ("not-acceptable", Role::NotAcceptable),
    ("unauthenticated", Role::Unauthenticated),
    ("forbidden", Role::Forbidden),
    ("idempotency-conflict", Role::IdempotencyConflict),
    ("unexpected", Role::Unexpected),
];

/// A specification role's name in `x-error-roles`.
pub const SPEC_ROLE_NAMES: &[(&str, SpecRole)] = &[
    ("spec-parameters", SpecRole::Parameters),
    ("spec-missing-header", SpecRole::MissingHeader),
    ("spec-json", SpecRole::Json),
    ("spec-accept", SpecRole::Accept),
    ("spec-content-type", SpecRole::ContentType),
    ("spec-missing-token", SpecRole::MissingToken),
    ("spec-invalid-token", SpecRole::InvalidToken),
    ("spec-unknown-url", SpecRole::UnknownUrl),
];

/// The roles the runtime cannot do without: an API whose tables have no code for one of them is answered
/// with a code of the role's default status (see [`super::profile`]), with a warning.
pub const REQUIRED: &[Role] = &[
    Role::Validation,
    Role::UnknownUrl,
    Role::Unauthenticated,
    Role::Unexpected,
];

/// A documented code playing a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCode {
    pub code: String,
    /// The HTTP status of the code (0 for specification codes, which have none).
    pub status: u16,
    pub text: String,
    /// The module whose table has the code (the API's own, or a shared one); empty for a code no table
    /// documents (the default of the role, see [`default_code`]).
    pub module: String,
}

/// The error body an API's server adapter writes: its error vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ErrorShape {
    /// Skatteetaten's `feil.md` body with the codes of the API's tables.
    #[default]
    Skatteetaten,
    /// RFC 7807 `application/problem+json`.
    Problem,
    /// The API's own error object.
    Fields(FieldsShape),
}

/// Which properties of the API's own error object carry what (wire names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldsShape {
    /// The schema (a JSON pointer into the spec).
    pub pointer: String,
    pub message: Option<String>,
    pub code: Option<String>,
    pub status: Option<String>,
    pub title: Option<String>,
    pub content_type: String,
}

/// The codes of one API, by role, and the body they are written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorRoles {
    pub codes: BTreeMap<Role, RoleCode>,
    pub specs: BTreeMap<SpecRole, RoleCode>,
    pub shape: ErrorShape,
}

impl ErrorRoles {
    pub fn code(&self, role: Role) -> Option<&RoleCode> {
        self.codes.get(&role)
    }

    pub fn spec(&self, role: SpecRole) -> Option<&RoleCode> {
        self.specs.get(&role)
    }

    /// The required roles without a code.
    pub fn missing(&self) -> Vec<Role> {
        REQUIRED
            .iter()
            .copied()
            .filter(|role| !self.codes.contains_key(role))
            .collect()
    }
}

/// The name of `role` in `x-error-roles`.
pub fn role_name(role: Role) -> &'static str {
    ROLE_NAMES
        .iter()
        .find(|(_, r)| *r == role)
        .map_or("", |(name, _)| name)
}

/// The default of `role` where no table documents a code for it: the role's name as code, its usual
/// HTTP status, and that status's reason phrase as text.
pub fn default_code(role: Role) -> RoleCode {
    let (status, text) = match role {
        Role::Validation | Role::Structure | Role::Request => (400, "Bad Request"),
        Role::UnknownUrl => (404, "Not Found"),
        Role::MethodNotAllowed => (405, "Method Not Allowed"),
        Role::NotAcceptable => (406, "Not Acceptable"),
        Role::Unauthenticated => (401, "Unauthorized"),
        Role::Forbidden => (403, "Forbidden"),
        Role::IdempotencyConflict => (409, "Conflict"),
        Role::Unexpected => (500, "Internal Server Error"),
    };
    RoleCode {
        code: role_name(role).to_string(),
        status,
        text: text.to_string(),
        module: String::new(),
    }
}

/// Whether the API has a table of `Feilkode`s (its own or a shared one): Skatteetaten's vocabulary.
pub fn has_code_tables(api: &Api, model: &Model) -> bool {
    !entries(api, model, TableKind::Feilkode).is_empty()
}

/// The first code of the API's tables (own first, then shared) with HTTP `status`.
pub fn first_with_status(api: &Api, model: &Model, status: u16) -> Option<RoleCode> {
    pick(
        &groups(api, model, TableKind::Feilkode),
        &[(Some(status), &[])],
    )
}

/// The entries of the API's tables of `kind`, in groups: the API's own tables first, then its shared
/// tables, the more specific first (included by fewer APIs: `hendelser-felles` before `felles`).
fn groups<'a>(
    api: &'a Api,
    model: &'a Model,
    kind: TableKind,
) -> Vec<Vec<(&'a str, &'a ErrorEntry)>> {
    let users = |module: &str| {
        model
            .apis
            .iter()
            .filter(|a| a.shared_error_tables.iter().any(|m| m == module))
            .count()
    };
    let mut shared: Vec<&Api> = api
        .shared_error_tables
        .iter()
        .filter_map(|module| model.apis.iter().find(|a| &a.module == module))
        .collect();
    shared.sort_by_key(|a| users(&a.module));
    std::iter::once(api)
        .chain(shared)
        .map(|a| {
            a.error_tables
                .iter()
                .filter(|t| t.kind == kind)
                .flat_map(|t| t.entries.iter().map(|e| (a.module.as_str(), e)))
                .collect()
        })
        .collect()
}

/// Every entry of the API's tables of `kind`.
fn entries<'a>(api: &'a Api, model: &'a Model, kind: TableKind) -> Vec<(&'a str, &'a ErrorEntry)> {
    groups(api, model, kind).into_iter().flatten().collect()
}

fn role_code(module: &str, entry: &ErrorEntry) -> RoleCode {
    RoleCode {
        code: entry.code.clone(),
        status: entry.status.unwrap_or(0),
        text: entry.text.clone(),
        module: module.to_string(),
    }
}

/// A rule: the status a row must have (any, for `None`), and words of which its text must contain one
/// (any text, for none).
type Rule<'a> = (Option<u16>, &'a [&'a str]);

/// Picks from the first group with a match: for each rule in order, the first entry matching it.
fn pick(groups: &[Vec<(&str, &ErrorEntry)>], rules: &[Rule<'_>]) -> Option<RoleCode> {
    groups.iter().find_map(|entries| {
        rules.iter().find_map(|(status, words)| {
            entries.iter().find_map(|(module, entry)| {
                let text = entry.text.to_lowercase();
                let status_ok = status.map_or(true, |s| entry.status == Some(s));
                let words_ok = words.is_empty() || words.iter().any(|w| text.contains(w));
                (status_ok && words_ok).then(|| role_code(module, entry))
            })
        })
    })
}

/// Derives the roles of `api` from its tables (and its shared tables in `model`), then applies its
/// `x-error-roles` overrides.
pub fn error_roles(api: &Api, model: &Model) -> ErrorRoles {
    let codes = groups(api, model, TableKind::Feilkode);
    let specs = groups(api, model, TableKind::Feilspesifiseringskode);
    let mut roles = ErrorRoles::default();
    let rules: &[(Role, &[Rule<'_>])] = &[
        (Role::Validation, &[(Some(400), &["validering"])]),
        (
            Role::Structure,
            &[(Some(400), &["strukturell", "dataformat"])],
        ),
        (Role::Request, &[(Some(400), &["feil i request"])]),
        (
            Role::UnknownUrl,
            &[(
                Some(404),
                &[
                    "ukjent url",
                    "finner ikke forespurt ressurs",
                    "gyldig endepunkt",
                ],
            )],
        ),
        (Role::MethodNotAllowed, &[(Some(405), &[])]),
        (
            Role::NotAcceptable,
            &[(Some(406), &["dataformat", "accept"])],
        ),
        (
            Role::Unauthenticated,
            &[
                (Some(401), &["autentis"]),
                (Some(401), &[]),
                (Some(403), &["autentis"]),
            ],
        ),
        (Role::Forbidden, &[(Some(403), &["autoris"])]),
        (Role::IdempotencyConflict, &[(Some(409), &["idempotens"])]),
        (
            Role::Unexpected,
            &[
                (Some(500), &["uventet feil på tjenesten"]),
                (Some(500), &["uspesifisert"]),
                (Some(500), &["uventet"]),
                (Some(500), &[]),
            ],
        ),
    ];
    for (role, rule) in rules {
        if let Some(code) = pick(&codes, rule) {
            roles.codes.insert(*role, code);
        }
    }
    let spec_rules: &[(SpecRole, &[&str])] = &[
        (SpecRole::Parameters, &["feil i parametre"]),
        (SpecRole::MissingHeader, &["header mangler"]),
        (SpecRole::Json, &["feil i json"]),
        (SpecRole::Accept, &["accept-header"]),
        (SpecRole::ContentType, &["content type", "content-type"]),
        (SpecRole::MissingToken, &["mangler token"]),
        (SpecRole::InvalidToken, &["ugyldig token"]),
        (SpecRole::UnknownUrl, &["ingen ressurs for denne url"]),
    ];
    for (role, words) in spec_rules {
        if let Some(code) = pick(&specs, &[(None, words)]) {
            roles.specs.insert(*role, code);
        }
    }
    for (name, code) in &api.error_role_overrides {
        let found = |kind| {
            entries(api, model, kind)
                .into_iter()
                .find(|(_, e)| &e.code == code)
                .map(|(module, e)| role_code(module, e))
        };
        if let Some((_, role)) = ROLE_NAMES.iter().find(|(n, _)| n == name) {
            if let Some(code) = found(TableKind::Feilkode) {
                roles.codes.insert(*role, code);
            }
        } else if let Some((_, role)) = SPEC_ROLE_NAMES.iter().find(|(n, _)| n == name) {
            if let Some(code) = found(TableKind::Feilspesifiseringskode) {
                roles.specs.insert(*role, code);
            }
        }
    }
    // After the overrides: a `validation` given only in `x-error-roles` is the others' fallback too.
    fill_fallbacks(&mut roles);
    roles
}

/// Structure and request errors are validation errors where the API has no code of their own. A
/// method the URL does not have is HTTP 405 whatever the tables document (RFC 9110 § 15.5.6, with
/// `Allow`): the role's default code where no row is for it, never the unknown URL's 404.
pub fn fill_fallbacks(roles: &mut ErrorRoles) {
    roles
        .codes
        .entry(Role::MethodNotAllowed)
        .or_insert_with(|| default_code(Role::MethodNotAllowed));
    for (role, fallback) in [
        (Role::Structure, Role::Validation),
        (Role::Request, Role::Validation),
    ] {
        if !roles.codes.contains_key(&role) {
            if let Some(code) = roles.codes.get(&fallback).cloned() {
                roles.codes.insert(role, code);
            }
        }
    }
}

/// Reads `x-error-roles` of a spec's `info`: role name → code. Unknown role names and non-string codes
/// are errors (message, JSON pointer).
pub fn read_overrides(raw: &Value) -> Result<Vec<(String, String)>, (String, String)> {
    let Some(value) = raw.pointer("/info/x-error-roles") else {
        return Ok(Vec::new());
    };
    let map = value.as_object().ok_or_else(|| {
        (
            "/info/x-error-roles".to_string(),
            "expected a mapping of role name to error code".to_string(),
        )
    })?;
    let known: Vec<&str> = ROLE_NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(SPEC_ROLE_NAMES.iter().map(|(n, _)| *n))
        .collect();
    map.iter()
        .map(|(name, code)| {
            let at = format!("/info/x-error-roles/{name}");
            if !known.contains(&name.as_str()) {
                return Err((
                    at,
                    format!("unknown role `{name}`; known roles: {}", known.join(", ")),
                ));
            }
            let code = code
                .as_str()
                .ok_or_else(|| (at.clone(), "expected an error code".to_string()))?;
            Ok((name.clone(), code.to_string()))
        })
        .collect()
}

/// Checks that every override names a code of the API's tables (own or shared) of the right kind.
pub fn check_overrides(api: &Api, model: &Model) -> Result<(), (String, String)> {
    for (name, code) in &api.error_role_overrides {
        let kind = if name.starts_with("spec-") {
            TableKind::Feilspesifiseringskode
        } else {
            TableKind::Feilkode
        };
        if !entries(api, model, kind)
            .iter()
            .any(|(_, e)| &e.code == code)
        {
            return Err((
                format!("/info/x-error-roles/{name}"),
                format!(
                    "`{code}` is not a code of the API's {} tables",
                    kind.enum_name()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
