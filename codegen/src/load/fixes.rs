//! Repairs of common defects of OpenAPI 3.0 documents that `openapiv3` refuses, done on the raw value
//! before it is read, each with a warning at the place: what users' specs have, read as meant.

use std::path::Path;

use serde_json::{json, Value};

use crate::diagnostic::Warning;
use crate::error::Result;
use crate::load::walk::{walk_mut, Node};
use crate::load::{openapi31, type_keywords};

/// Repairs `raw` (of `file`) in place; returns the pointers of the values it changed, outermost first
/// (a repair inside a changed value is not listed again). Most repairs come with a warning; a few
/// normalise what is only written differently (`minimum: 1.0` of an integer).
pub fn normalise(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<Vec<String>> {
    let mut error = None;
    let mut changed: Vec<String> = Vec::new();
    walk_mut(raw, "", Node::Root, &mut |pointer, kind, value| {
        if error.is_some() {
            return;
        }
        let warned_before = warnings.len();
        let repaired = repair(file, pointer, kind, value, warnings, &mut error);
        let inside_changed = changed.last().is_some_and(|last| {
            pointer
                .strip_prefix(last.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        });
        if (repaired || warnings.len() > warned_before) && !inside_changed {
            changed.push(pointer.to_string());
        }
    });
    error.map_or(Ok(changed), Err)
}

/// The repairs of one value of the document, of kind `kind` at `pointer`; `true` when one changed it
/// without a warning.
fn repair(
    file: &Path,
    pointer: &str,
    kind: Node,
    value: &mut Value,
    warnings: &mut Vec<Warning>,
    error: &mut Option<crate::error::Error>,
) -> bool {
    // (`additionalProperties: false` is a boolean `openapiv3` reads as it is.)
    // A property that happens to be named `additionalProperties` is a schema like any other.
    let additional = pointer.ends_with("/additionalProperties")
        && !pointer.ends_with("/properties/additionalProperties");
    if let (Node::Schema, Value::Bool(accepts), false) = (kind, &*value, additional) {
        // JSON Schema's `true` (anything) and `false` (nothing), which `openapiv3` cannot read.
        let replacement = if *accepts {
            json!({})
        } else {
            json!({"not": {}})
        };
        warnings.push(Warning::new(
            file,
            pointer,
            "boolean-schema",
            format!("the schema `{value}` is read as {replacement}"),
        ));
        *value = replacement;
        return false;
    }
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    if object.contains_key("$ref") {
        return false;
    }
    match kind {
        Node::Parameter | Node::Header => {
            without_schema(file, pointer, kind, object, warnings);
            false
        }
        Node::Response => {
            without_description(file, pointer, object, warnings);
            false
        }
        Node::Operation => {
            without_callbacks(file, pointer, object, warnings);
            false
        }
        Node::Schema => {
            pattern_not_text(file, pointer, object, warnings);
            if let Err(err) = keywords_of_3_1(file, pointer, object, warnings) {
                *error = Some(err);
            }
            type_keywords::repair(file, pointer, object, warnings)
        }
        _ => false,
    }
}

/// A parameter or header must have `schema` or `content`. Many specs leave both out of a response
/// header (`X-Rate-Limit: {description: ...}`); `openapiv3` then fails with "no variant of enum
/// ParameterSchemaOrContent found in flattened data". Such a value is a string: it is given
/// `schema: {type: string}`.
fn without_schema(
    file: &Path,
    pointer: &str,
    kind: Node,
    object: &mut serde_json::Map<String, Value>,
    warnings: &mut Vec<Warning>,
) {
    if object.contains_key("schema") || object.contains_key("content") {
        return;
    }
    let (name, what) = match kind {
        Node::Parameter => ("parameter-without-schema", "parameter"),
        _ => ("header-without-schema", "header"),
    };
    object.insert("schema".to_string(), json!({"type": "string"}));
    warnings.push(Warning::new(
        file,
        pointer,
        name,
        format!("the {what} has neither `schema` nor `content`; it is read as a string (`schema: {{type: string}}`)"),
    ));
}

/// A response must have a `description`; many generated specs leave it out. It gets an empty one.
fn without_description(
    file: &Path,
    pointer: &str,
    object: &mut serde_json::Map<String, Value>,
    warnings: &mut Vec<Warning>,
) {
    if object.contains_key("description") {
        return;
    }
    object.insert("description".to_string(), json!(""));
    warnings.push(Warning::new(
        file,
        pointer,
        "response-without-description",
        "the response has no `description` (OpenAPI requires one); it is read with an empty one",
    ));
}

/// `type: [string, "null"]` and numeric `exclusiveMinimum` are OpenAPI 3.1 (JSON Schema); specs that
/// say `openapi: 3.0.x` use them anyway. They are read as 3.1 reads them.
/// Callbacks describe requests the API makes to the client; the generator makes neither side of them,
/// and real specs write them in ways `openapiv3` refuses (a `$ref` per expression). They are left out.
fn without_callbacks(
    file: &Path,
    pointer: &str,
    object: &mut serde_json::Map<String, Value>,
    warnings: &mut Vec<Warning>,
) {
    if object.remove("callbacks").is_some() {
        warnings.push(Warning::new(
            file,
            format!("{pointer}/callbacks"),
            "callbacks-ignored",
            "callbacks are not generated; they are left out",
        ));
    }
}

/// A `pattern` must be a regular expression in a string; `pattern: 0` is left out.
fn pattern_not_text(
    file: &Path,
    pointer: &str,
    object: &mut serde_json::Map<String, Value>,
    warnings: &mut Vec<Warning>,
) {
    if object.get("pattern").is_some_and(|p| !p.is_string()) {
        let pattern = object.remove("pattern").unwrap_or_default();
        warnings.push(Warning::new(
            file,
            format!("{pointer}/pattern"),
            "invalid-pattern",
            format!("`pattern` must be a string, not {pattern}; it is left out"),
        ));
    }
}

fn keywords_of_3_1(
    file: &Path,
    pointer: &str,
    object: &mut serde_json::Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let type_list = object.get("type").is_some_and(Value::is_array);
    let numeric_bound = ["exclusiveMinimum", "exclusiveMaximum"]
        .iter()
        .any(|key| object.get(*key).is_some_and(Value::is_number));
    if !type_list && !numeric_bound {
        return Ok(());
    }
    openapi31::exclusive_bounds(object);
    openapi31::types(file, pointer, object, warnings)?;
    let what = match (type_list, numeric_bound) {
        (true, true) => "a `type` list and a numeric exclusive bound",
        (true, false) => "a `type` list",
        _ => "a numeric `exclusiveMinimum`/`exclusiveMaximum`",
    };
    warnings.push(Warning::new(
        file,
        pointer,
        "openapi-3-1-keyword",
        format!("{what} is OpenAPI 3.1, but the document says 3.0; read as 3.1 means it"),
    ));
    Ok(())
}
