//! The error profile of an API: the body and the codes its server adapter answers bad input with. Every
//! API with operations gets a server adapter; which vocabulary it speaks is chosen here, in this order:
//!
//! 1. **Skatteetaten**: the API has a `Feilkode` table (its own or a shared one). The codes come from
//!    the tables ([`super::roles`]), the body is `feil.md`'s. A role the runtime cannot do without
//!    ([`REQUIRED`]) that no row fits is answered with the first code of the role's default status, or
//!    with the role's name as an undocumented code where the tables have none (warning
//!    `error-role-undocumented`).
//! 2. **The API's own error object**: no tables, but the spec's 4xx/5xx/`default` responses declare a
//!    JSON object. The most used one is the body; the message, code, status and title go to the
//!    properties whose names say so (`message`/`detail`/`error_description`/..., `code`/`error`/`kode`/
//!    `type`, an integer `status`/`statusCode`/`code`, `title`). An object with none of message, code
//!    and status, or with a required property none of these fills, is not used (warning
//!    `error-schema-unusable`): 3 instead.
//! 3. **RFC 7807** `application/problem+json` (`{type, title, status, detail}`): the spec declares no
//!    error body, or declares `application/problem+json`.
//!
//! In 2 and 3 every role has its default code ([`default_code`]: its name, its usual status).

use std::path::Path;

use serde_json::Value;

use super::roles::{
    default_code, error_roles, fill_fallbacks, first_with_status, has_code_tables, role_name,
    ErrorRoles, ErrorShape, FieldsShape, Role, REQUIRED, ROLE_NAMES,
};
use super::{Api, Model};
use crate::model::error_fields::{error_fields, ErrorFields, Kind};
use crate::Warning;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The error roles of `api` in the profile chosen for it (see the module documentation), with the
/// warnings of that choice. `spec` is the spec's file and document (raw JSON).
pub fn error_profile(
    api: &Api,
    model: &Model,
    spec: (&Path, &Value),
    warnings: &mut Vec<Warning>,
) -> ErrorRoles {
    let (file, raw) = spec;
    if has_code_tables(api, model) {
        let mut roles = error_roles(api, model);
        for role in REQUIRED {
            if roles.codes.contains_key(role) {
                continue;
            }
            let default = default_code(*role);
            let name = role_name(*role);
            let (code, how) = match first_with_status(api, model, default.status) {
                Some(code) => {
                    let how = format!(
                        "`{}`, the first {} code of the tables",
                        code.code, code.status
                    );
                    (code, how)
                }
                None => {
                    let how = format!(
                        "HTTP {} and `{}`, a code no table documents",
                        default.status, default.code
                    );
                    (default, how)
                }
            };
            warnings.push(Warning::new(
                file,
                "/info/x-error-roles",
                "error-role-undocumented",
                format!(
                    "no row of the error tables is for `{name}` ({}); the server adapter answers it \
                     with {how} (name the code with `x-error-roles: {{{name}: CODE}}`)",
                    describe(*role)
                ),
            ));
            roles.codes.insert(*role, code);
        }
        fill_fallbacks(&mut roles);
        return roles;
    }
    let shape = match declared_error_body(raw) {
        Some(Declared::Problem) | None => ErrorShape::Problem,
        Some(Declared::Json { pointer, media }) => match fields(raw, &pointer, &media) {
            Ok(fields) => ErrorShape::Fields(fields),
            Err(missing) => {
                warnings.push(Warning::new(
                    file,
                    pointer,
                    "error-schema-unusable",
                    format!(
                        "the error responses' body cannot be filled by the server adapter: \
                             {missing}; it answers bad input with RFC 7807 problem+json instead"
                    ),
                ));
                ErrorShape::Problem
            }
        },
    };
    defaults(shape)
}

/// Every role with its default code, written in `shape`.
pub fn defaults(shape: ErrorShape) -> ErrorRoles {
    ErrorRoles {
        codes: ROLE_NAMES
            .iter()
            .map(|(_, role)| (*role, default_code(*role)))
            .collect(),
        specs: Default::default(),
        shape,
    }
}

/// What a role is for, as the tables would say it.
fn describe(role: Role) -> &'static str {
    match role {
        Role::Validation => "HTTP 400, \"validering\"",
        Role::UnknownUrl => "HTTP 404, \"ukjent url\"",
        Role::Unauthenticated => "HTTP 401, or 403 \"autentisering\"",
        Role::Unexpected => "HTTP 500",
        _ => "",
    }
}

/// The error body the spec declares.
#[derive(Debug, PartialEq, Eq)]
enum Declared {
    /// `application/problem+json`.
    Problem,
    /// A JSON body: the schema's pointer, the media type.
    Json { pointer: String, media: String },
}

/// Escapes a JSON pointer token.
fn token(text: &str) -> String {
    text.replace('~', "~0").replace('/', "~1")
}

/// Follows local `$ref`s from `pointer`: the pointer and the value at the end (`None` for a dangling or
/// cyclic reference).
fn resolve(raw: &Value, pointer: String) -> Option<(String, &Value)> {
    let value = crate::load::pointer::get(raw, &pointer)?;
    resolve_value(raw, pointer, value)
}

/// [`resolve`] from `value`, the value at `pointer` already in hand: not looked up again from the
/// document's root (Graph's 11,000 operations have 25,000 error responses).
fn resolve_value<'v>(
    raw: &'v Value,
    pointer: String,
    value: &'v Value,
) -> Option<(String, &'v Value)> {
    let (mut pointer, mut value) = (pointer, value);
    for _ in 0..32 {
        match crate::load::pointer::field(value, "$ref").and_then(Value::as_str) {
            Some(target) => {
                pointer = target.strip_prefix('#')?.to_string();
                value = crate::load::pointer::get(raw, &pointer)?;
            }
            None => return Some((pointer, value)),
        }
    }
    None
}

use super::media::is_json;

/// The error body the spec's 4xx, 5xx and `default` responses declare most often (the first of equals).
fn declared_error_body(raw: &Value) -> Option<Declared> {
    let mut counts: Vec<(Declared, usize)> = Vec::new();
    let paths = raw.get("paths").and_then(Value::as_object)?;
    for (path, item) in paths {
        for method in METHODS {
            let Some(responses) = item
                .get(*method)
                .and_then(|op| op.get("responses"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            // An operation documented only with `default` (or with no 1xx-3xx status) answers success
            // with it: not an error body.
            let default_is_error = responses
                .keys()
                .any(|s| s.starts_with('1') || s.starts_with('2') || s.starts_with('3'));
            for (status, response) in responses {
                let error = status.starts_with('4')
                    || status.starts_with('5')
                    || (status == "default" && default_is_error);
                if !error {
                    continue;
                }
                let at = format!(
                    "/paths/{}/{method}/responses/{}",
                    token(path),
                    token(status)
                );
                let Some((at, response)) = resolve_value(raw, at, response) else {
                    continue;
                };
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                let found = content
                    .iter()
                    .find(|(m, _)| is_json(m))
                    .map(|(media, body)| {
                        // The media type the error body is sent with, without parameters.
                        let base = media.split(';').next().unwrap_or("").trim();
                        if super::media::essence(media) == "application/problem+json" {
                            return Some(Declared::Problem);
                        }
                        let schema = format!("{at}/content/{}/schema", token(media));
                        resolve_value(raw, schema, body.get("schema")?).map(|(pointer, _)| {
                            Declared::Json {
                                pointer,
                                media: base.to_string(),
                            }
                        })
                    });
                if let Some(Some(declared)) = found {
                    match counts.iter_mut().find(|(d, _)| *d == declared) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((declared, 1)),
                    }
                }
            }
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(declared, _)| declared)
}

/// A property of the error object: its wire name and JSON type (`None`: any).
struct Property {
    name: String,
    ty: Option<String>,
}

/// The properties and required names of the object schema at `pointer`, with those of its `allOf`
/// members; `None` when it is no object.
fn object(raw: &Value, pointer: String, depth: usize) -> Option<(Vec<Property>, Vec<String>)> {
    let (pointer, schema) = resolve(raw, pointer)?;
    let schema = schema.as_object()?;
    let mut properties = Vec::new();
    let mut required: Vec<String> = Vec::new();
    let mut is_object = schema.get("type").and_then(Value::as_str) == Some("object");
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        is_object = true;
        for (name, _) in props {
            let at = format!("{pointer}/properties/{}", token(name));
            let ty = resolve(raw, at)
                .and_then(|(_, s)| s.get("type").and_then(Value::as_str).map(str::to_string));
            properties.push(Property {
                name: name.clone(),
                ty,
            });
        }
    }
    if let Some(list) = schema.get("required").and_then(Value::as_array) {
        required.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if depth < 8 {
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for i in 0..members.len() {
                if let Some((p, r)) = object(raw, format!("{pointer}/allOf/{i}"), depth + 1) {
                    is_object = true;
                    properties.extend(p);
                    required.extend(r);
                }
            }
        }
    }
    is_object.then_some((properties, required))
}

/// Which properties of the error object at `pointer` carry what; `Err`: what is missing.
fn fields(raw: &Value, pointer: &str, media: &str) -> Result<FieldsShape, String> {
    let Some((properties, required)) = object(raw, pointer.to_string(), 0) else {
        return Err("it is not an object".to_string());
    };
    let kind = |p: &Property| match p.ty.as_deref() {
        None | Some("string") => Kind::Text,
        Some("integer" | "number") => Kind::Number,
        Some(_) => Kind::Other,
    };
    let ErrorFields {
        message,
        code,
        status,
        title,
    } = error_fields(properties.iter().map(|p| (p.name.as_str(), kind(p))));
    let used: Vec<&String> = [&message, &code, &status, &title]
        .into_iter()
        .flatten()
        .collect();
    if message.is_none() && code.is_none() && status.is_none() {
        return Err(
            "no property for the message (a string `message`, `detail`, `error_description`, \
             `description`, `error`, ...), the code (a string `code`, `kode`, `error`, `type`) or the \
             status (an integer `status`, `statusCode`, `code`)"
                .to_string(),
        );
    }
    let unfilled: Vec<&String> = required
        .iter()
        .filter(|name| !used.contains(name))
        .collect();
    if !unfilled.is_empty() {
        let names: Vec<String> = unfilled.iter().map(|n| format!("`{n}`")).collect();
        return Err(format!(
            "required {} {}: neither message, code, status nor title",
            if names.len() == 1 {
                "property"
            } else {
                "properties"
            },
            names.join(", ")
        ));
    }
    Ok(FieldsShape {
        pointer: pointer.to_string(),
        message,
        code,
        status,
        title,
        content_type: media.to_string(),
    })
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
