//! The generated code of `tests/fixtures/specs/names-api`, whose schemas are named as the generated
//! code's own items (`Option`, `String`, `Some`, `Result`, `Error`, `Responses`, ...): they keep their
//! names and mean what the spec says (that the module compiles, with every feature and under clippy,
//! is checked by building this crate).

use serde_json::json;
use tests::assert_round_trip;
use tests::names_api::{Context, Error, Option, Request, Responses, Result, Some, String};

#[test]
fn a_required_field_whose_type_is_called_option_is_required() {
    let context: Context = assert_round_trip(&json!({
        "client": {"name": "ola", "kind": "open"},
        "choice": {"label": "a"}
    }));
    assert_eq!(
        context.choice.label.as_deref(),
        std::option::Option::Some("a")
    );
    let missing = serde_json::from_value::<Context>(json!({"client": {}})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `choice`"),
        "{missing}"
    );
}

#[test]
fn the_spec_s_types_are_the_spec_s() {
    // `String` is the spec's pattern-checked string, `Some` its bounded number text.
    assert!(String::new("lower case").is_ok());
    assert!(String::new("Upper").is_err());
    assert!(Some::new("1234567890123").is_err());
    let result: Result = assert_round_trip(&json!({
        "id": "42",
        "value": {"label": "x", "weight": 2},
        "values": [{}],
        "ok": "ok"
    }));
    assert_eq!(result.id.as_str(), "42");
    assert_eq!(result.values.map(|v| v.len()), std::option::Option::Some(1));
    let _: Option = Option::default();
    let error: Error = assert_round_trip(&json!({"code": "E1", "message": "bad input"}));
    assert_eq!(error.code, "E1");
    let request: Request = assert_round_trip(&json!({
        "client": {"state": "active"},
        "pet": {"kind": "Dog", "barks": true},
        "tree": {"inner": {"items": [{}]}},
        "list": ["a", "b"]
    }));
    assert!(matches!(
        request.pet,
        std::option::Option::Some(Responses::Dog(_))
    ));
}
