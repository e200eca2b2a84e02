//! The answer of an API served from its spec: the request routed and checked, then the documented
//! example of the chosen response, or the API's error body naming what is wrong.
//!
//! The response is the lowest 2xx with an example (else the lowest 2xx, with a value made from its
//! schema); `Prefer: code=404` picks the documented response of that status, `Prefer: example=name` the
//! example of that name, as Prism reads these headers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use codegen::model::media::is_json;
use codegen::model::roles::{default_code, ErrorShape, Role};
use codegen::model::{Encoding, Operation, Response as Documented, Status};
use serde_json::{json, Map, Value};

use super::route::{self, Found};
use super::validate::{self, Given, Problem};
use super::{sample, SpecApi};

/// The largest request body read.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Answers `request`, whose path is `rest` under the API's base path.
pub async fn answer(api: &SpecApi, request: Request, rest: &str) -> Response {
    let method = request.method().as_str().to_string();
    let mut found = route::find(&api.operations, &method, rest);
    // HEAD is GET without the body (hyper leaves it out) where the spec documents no HEAD of its own.
    if method == "HEAD" && matches!(found, Found::WrongMethod(_)) {
        if let get @ Found::Operation(..) = route::find(&api.operations, "GET", rest) {
            found = get;
        }
    }
    let (index, path_values) = match found {
        Found::Operation(index, values) => (index, values),
        Found::Nothing => {
            let message = format!("no operation of {} has the path {rest}", api.title);
            return error(api, None, Role::UnknownUrl, None, &message);
        }
        Found::WrongMethod(allowed) => {
            let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
            let message = format!(
                "{rest} has no {method} operation; it has {}",
                allow.join(", ")
            );
            let mut response = error(api, None, Role::MethodNotAllowed, Some(405), &message);
            if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            return response;
        }
    };
    let op = &api.operations[index];
    let (parts, body) = request.into_parts();
    let given = match given(&parts, path_values) {
        Ok(given) => given,
        Err(message) => return error(api, Some(op), Role::Validation, None, &message),
    };
    if let Err(problem) = validate::parameters(&op.params, &given, &api.types) {
        return error(api, Some(op), Role::Validation, None, &problem.to_string());
    }
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(err) => {
            let message = format!("the request body cannot be read: {err}");
            return error(api, Some(op), Role::Validation, None, &message);
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Err((status, message)) = check_body(api, op, content_type, &bytes) {
        return error(api, Some(op), Role::Validation, Some(status), &message);
    }
    let prefer = Prefer::of(&parts.headers);
    match documented(api, op, &prefer) {
        Ok(response) => response,
        Err(message) => error(api, Some(op), Role::Validation, None, &message),
    }
}

/// The parameters' values the request gives.
fn given(parts: &axum::http::request::Parts, path: Vec<(String, String)>) -> Result<Given, String> {
    let query = serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
        .map_err(|err| format!("the query string cannot be read: {err}"))?;
    let headers = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
        })
        .collect();
    let cookies = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ok(Given {
        path,
        query,
        headers,
        cookies,
    })
}

/// Checks the body: present when required, of a JSON media type and of the body's type when the
/// operation takes JSON. `Err`: the status (400, 415, or 422 where the operation documents 422 for a
/// body that does not fit its schema) and the message.
fn check_body(
    api: &SpecApi,
    op: &Operation,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<(), (u16, String)> {
    let Some(body) = &op.body else {
        return Ok(());
    };
    let validation = api.roles.code(Role::Validation).map_or(400, |c| c.status);
    if bytes.is_empty() {
        if body.required {
            return Err((
                validation,
                "the request body is required and missing".into(),
            ));
        }
        return Ok(());
    }
    if body.content.encoding != Encoding::Json {
        return Ok(());
    }
    if let Some(content_type) = content_type.filter(|c| !is_json(c)) {
        return Err((
            415,
            format!(
                "the request body must be {}, not {content_type}",
                body.content.media_type
            ),
        ));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|err| (validation, format!("the request body is not JSON: {err}")))?;
    validate::body(&body.content.ty, &value, &api.types).map_err(|problem: Problem| {
        let documents_422 = op.responses.iter().any(|r| r.status == Status::Code(422));
        let status = if documents_422 { 422 } else { validation };
        (status, format!("request body {problem}"))
    })
}

/// The `Prefer` header's `code` and `example`.
#[derive(Debug, Default)]
struct Prefer {
    code: Option<String>,
    example: Option<String>,
}

impl Prefer {
    fn of(headers: &axum::http::HeaderMap) -> Prefer {
        let mut prefer = Prefer::default();
        let pairs = headers
            .get_all("prefer")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split([',', ';']))
            .filter_map(|pair| pair.trim().split_once('='));
        for (key, value) in pairs {
            let value = value.trim().trim_matches('"').to_string();
            match key.trim() {
                "code" => prefer.code = Some(value),
                "example" => prefer.example = Some(value),
                _ => {}
            }
        }
        prefer
    }
}

/// The HTTP status a documented response is sent with.
fn status_of(response: &Documented) -> u16 {
    match response.status {
        Status::Code(code) => code,
        Status::Range(class) => class * 100,
        Status::Default if response.success => 200,
        Status::Default => 500,
    }
}

/// The documented response `prefer` asks for, or the default one; `Err`: what `Prefer` asked for that
/// the operation does not document.
fn documented(api: &SpecApi, op: &Operation, prefer: &Prefer) -> Result<Response, String> {
    let (response, status) = match &prefer.code {
        Some(code) => {
            let wanted: u16 = code
                .parse()
                .map_err(|_| format!("Prefer: code={code} is not an HTTP status"))?;
            let found = op
                .responses
                .iter()
                .find(|r| r.status == Status::Code(wanted))
                .or_else(|| {
                    op.responses
                        .iter()
                        .find(|r| r.status == Status::Range(wanted / 100))
                })
                .or_else(|| op.responses.iter().find(|r| r.status == Status::Default));
            let response = found.ok_or_else(|| {
                format!(
                    "Prefer: code={wanted}: the operation documents no such response; it documents {}",
                    statuses(op)
                )
            })?;
            (response, wanted)
        }
        None => {
            let response = default_response(op);
            (response, status_of(response))
        }
    };
    let example = match &prefer.example {
        Some(name) => Some(
            response
                .examples
                .iter()
                .find(|e| e.name == *name)
                .ok_or_else(|| {
                    let names: Vec<String> =
                        response.examples.iter().map(|e| format!("`{}`", e.name)).collect();
                    format!(
                        "Prefer: example={name}: the {status} response has no such example; it has {}",
                        if names.is_empty() { "none".to_string() } else { names.join(", ") }
                    )
                })?,
        ),
        None => response.examples.first(),
    };
    let value = example
        .map(|e| e.value.clone())
        .or_else(|| made_up(api, response));
    Ok(reply(status, response, value.as_ref()))
}

/// The lowest 2xx with an example, else the lowest 2xx, else the success response (`default`).
fn default_response(op: &Operation) -> &Documented {
    let mut successes: Vec<&Documented> = op.responses.iter().filter(|r| r.success).collect();
    successes.sort_by_key(|r| status_of(r));
    successes
        .iter()
        .find(|r| !r.examples.is_empty())
        .or_else(|| successes.first())
        .copied()
        .unwrap_or(&op.responses[0])
}

fn statuses(op: &Operation) -> String {
    let list: Vec<String> = op
        .responses
        .iter()
        .map(|r| match r.status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".to_string(),
        })
        .collect();
    list.join(", ")
}

/// A documented response with `example` (else a value made from its schema) as its body.
fn reply(status: u16, response: &Documented, example: Option<&Value>) -> Response {
    let Some(content) = &response.content else {
        return respond(status, None, Vec::new());
    };
    let media_type = if content.media_type.contains('*') {
        "application/json".to_string()
    } else {
        content.media_type.clone()
    };
    let bytes = match (example, content.encoding) {
        (Some(Value::String(text)), encoding) if encoding != Encoding::Json => {
            text.clone().into_bytes()
        }
        (Some(value), _) => value.to_string().into_bytes(),
        (None, Encoding::Json) => Vec::new(),
        (None, Encoding::Text) => b"string".to_vec(),
        (None, _) => Vec::new(),
    };
    respond(status, Some(&media_type), bytes)
}

fn respond(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(value) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The API's error body for `role` with `message`: in the shape its error responses declare, filled
/// over the documented example of the operation's response of that status where there is one;
/// Skatteetaten's `feil.md` body for an API with its tables; RFC 7807 problem+json otherwise.
fn error(
    api: &SpecApi,
    op: Option<&Operation>,
    role: Role,
    status: Option<u16>,
    message: &str,
) -> Response {
    let code = api
        .roles
        .code(role)
        .cloned()
        .unwrap_or_else(|| default_code(role));
    let status = status.unwrap_or(code.status);
    let (content_type, body) = match &api.roles.shape {
        ErrorShape::Skatteetaten => (
            "application/json".to_string(),
            json!({
                "kode": code.code,
                "melding": message,
                "korrelasjonsid": skatteetaten_api::runtime::server::korrelasjonsid(),
            }),
        ),
        ErrorShape::Problem => (
            "application/problem+json".to_string(),
            json!({"type": "about:blank", "title": code.text, "status": status, "detail": message}),
        ),
        ErrorShape::Fields(fields) => {
            let mut body = documented_error(op, status).unwrap_or_default();
            // The documented example's code and title are the API's own words: kept. The status and
            // the message are this answer's.
            for (name, value) in [
                (&fields.title, json!(code.text)),
                (&fields.code, json!(code.code)),
            ] {
                if let Some(name) = name {
                    body.entry(name.clone()).or_insert(value);
                }
            }
            for (name, value) in [
                (&fields.status, json!(status)),
                (&fields.message, json!(message)),
            ] {
                if let Some(name) = name {
                    body.insert(name.clone(), value);
                }
            }
            (fields.content_type.clone(), Value::Object(body))
        }
    };
    respond(status, Some(&content_type), body.to_string().into_bytes())
}

/// The example (an object) of the operation's documented response of `status` (its range, or
/// `default`), whose fields the error body keeps where it does not fill them itself.
fn documented_error(op: Option<&Operation>, status: u16) -> Option<Map<String, Value>> {
    let responses = &op?.responses;
    let response = responses
        .iter()
        .find(|r| r.status == Status::Code(status))
        .or_else(|| {
            responses
                .iter()
                .find(|r| r.status == Status::Range(status / 100))
        })
        .or_else(|| {
            responses
                .iter()
                .find(|r| r.status == Status::Default && !r.success)
        })?;
    match &response.examples.first()?.value {
        Value::Object(map) => Some(map.clone()),
        _ => None,
    }
}

/// A value made from the schema where a response documents no example (see [`sample`]).
fn made_up(api: &SpecApi, response: &Documented) -> Option<Value> {
    let content = response.content.as_ref()?;
    matches!(content.encoding, Encoding::Json | Encoding::Text)
        .then(|| sample::sample(&content.ty, &api.types))
}
