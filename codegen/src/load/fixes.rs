//! Repairs of common defects of OpenAPI 3.0 documents that `openapiv3` refuses with words no user can
//! act on, done on the raw value before it is read, each with a warning at the place.

use std::path::Path;

use serde_json::{json, Value};

use crate::diagnostic::Warning;
use crate::load::walk::{walk_mut, Node};

/// A parameter or header must have `schema` or `content`. Many specs leave both out of a response
/// header (`X-Rate-Limit: {description: ...}`); `openapiv3` then fails with "no variant of enum
/// ParameterSchemaOrContent found in flattened data". Such a value is a string: it is given
/// `schema: {type: string}`.
pub fn normalise(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) {
    walk_mut(raw, "", Node::Root, &mut |pointer, kind, value| {
        let (name, what) = match kind {
            Node::Parameter => ("parameter-without-schema", "parameter"),
            Node::Header => ("header-without-schema", "header"),
            _ => return,
        };
        let Some(object) = value.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref")
            || object.contains_key("schema")
            || object.contains_key("content")
        {
            return;
        }
        object.insert("schema".to_string(), json!({"type": "string"}));
        warnings.push(Warning::new(
            file,
            pointer,
            name,
            format!("the {what} has neither `schema` nor `content`; it is read as a string (`schema: {{type: string}}`)"),
        ));
    });
}
