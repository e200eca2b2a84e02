//! The audit of a small spec folder, through the generator's loader and model.

use std::fs;

use serde_json::json;

use super::*;

/// Kubernetes' way of writing a list parameter, beside a faithful one, an object in the path (which
/// the generator passes as text, with a warning) and a response of a component with typed properties.
fn spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Pods", "version": "1"},
        "paths": {"/pods/{filter}": {"get": {
            "operationId": "listPods",
            "parameters": [
                {"name": "watch", "in": "query", "schema": {"type": "boolean", "uniqueItems": true}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "filter", "in": "path", "required": true,
                 "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pod"}
            }}}}
        }}},
        "components": {"schemas": {"Pod": {"type": "object", "properties": {
            "name": {"type": "string"},
            "created": {"type": "string", "format": "date-time"}
        }}}}
    })
}

#[test]
fn a_scalar_with_a_stray_keyword_is_faithful_and_a_parameter_as_text_is_a_warned_degradation() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("specs/pods");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("openapi.json"), spec().to_string()).unwrap();

    let (audit, _) = audit_specs(&dir.path().join("specs")).unwrap();

    let params = "/paths/~1pods~1{filter}/get/parameters";
    let mut found: Vec<(Class, String, String, String, Vec<String>)> = (audit.degradations.iter())
        .map(|d| {
            let pointer = d.pointer.clone();
            (
                d.class,
                pointer,
                d.spec.clone(),
                d.rust.clone(),
                d.warnings.clone(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![(
            Class::StructuredToText,
            format!("{params}/2"),
            "object with properties".into(),
            "String".into(),
            vec!["parameter-as-text".into()],
        ),]
    );
    // `watch` (`{type: boolean, uniqueItems: true}`, once `String` without a word: the loader now
    // leaves the stray keyword out), the limit, the response and Pod's two properties were judged
    // too, and are faithful.
    assert!(audit.sites >= 6, "{audit:?}");
    assert_eq!(audit.normalised, 0);
    assert_eq!(Audit::from_json(&audit.to_json()), Some(audit));
}
