//! Which field of an error body is the code and which the message is decided once
//! (`codegen::model::error_fields`): the server adapter writes the API's error object by it (the error
//! profile), the generated `ErrorBody` impl reads a typed body by it, and the runtime reads an untyped
//! body (`serde_json::Value`) by the same lists. The same body gives the same code and message
//! whichever way it is read.

use codegen::model::error_fields::{self as rule, error_fields, Kind};
use serde_json::{json, Value};
use skatteetaten_api::runtime::{self, ErrorBody};

#[test]
fn the_runtime_reads_by_the_generator_s_lists() {
    assert_eq!(runtime::codegen::error_fields::MESSAGE, rule::MESSAGE);
    assert_eq!(runtime::codegen::error_fields::CODE, rule::CODE);
    assert_eq!(runtime::codegen::error_fields::STATUS, rule::STATUS);
}

/// What the generator's rule picks in `body` (its keys, typed by their values), as (message, code).
fn by_the_rule(body: &Value) -> (Option<String>, Option<String>) {
    let object = body.as_object().unwrap();
    let kind = |value: &Value| match value {
        Value::String(_) => Kind::Text,
        Value::Number(_) => Kind::Number,
        _ => Kind::Other,
    };
    let chosen = error_fields(object.iter().map(|(k, v)| (k.as_str(), kind(v))));
    let text = |key: Option<String>| key.and_then(|k| object[&k].as_str().map(str::to_string));
    (text(chosen.message), text(chosen.code))
}

#[test]
fn an_untyped_body_reads_as_the_rule_says() {
    for body in [
        json!({"kode": "GLD_019", "melding": "Idempotency key brukt før", "korrelasjonsid": "k"}),
        json!({"code": 400, "message": "bad limit"}),
        json!({"error": "invalid_grant", "error_description": "expired"}),
        json!({"error": "plain text"}),
        json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no pet 7"}),
        json!({"errorCode": "E1", "errorMessage": "m", "message": "n"}),
        json!({"code": "not_found", "message": "no such pet", "detail": "id 7"}),
    ] {
        let (message, code) = by_the_rule(&body);
        assert_eq!(body.message().map(str::to_string), message, "{body}");
        assert_eq!(body.code().map(str::to_string), code, "{body}");
    }
}

#[test]
fn a_typed_body_reads_as_the_same_body_untyped() {
    // names-api's `Error`: `message` is the spec's own `String` type (a constrained string), which the
    // server adapter writes the message into; before, the typed body read `detail` instead.
    let body = json!({"code": "not_found", "message": "no such thing", "detail": "id seven"});
    let typed: tests::names_api::Error = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(typed.message(), body.message());
    assert_eq!(typed.code(), body.code());
    assert_eq!(typed.message(), Some("no such thing"));
    // Skatteetaten's `Feil`.
    let body = json!({"kode": "UFA-007", "melding": "Fant ikke", "korrelasjonsid": "k-1"});
    let typed: skatteetaten_api::felles::Feil = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        (typed.code(), typed.message()),
        (body.code(), body.message())
    );
}
