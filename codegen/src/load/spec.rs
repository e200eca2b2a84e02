//! Reads one OpenAPI document (YAML or JSON) into both its raw JSON value and the typed `openapiv3` form.
//! The raw value is kept: errors point into it with JSON pointers, and a few shapes that `openapiv3`
//! reads lossily (an object with `anyOf` of `required` lists and no `type`) are looked up there.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::yaml::yaml_to_json;

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Spec {
    pub openapi: OpenAPI,
    pub raw: Value,
}

/// Parses the text of `file` (JSON when it ends in `.json`, YAML otherwise).
pub fn parse_spec(file: &Path, text: &str) -> Result<Spec> {
    let is_json = file.extension().is_some_and(|ext| ext == "json");
    let raw: Value = if is_json {
        serde_json::from_str(text).map_err(|err| {
            Error::new(
                file,
                format!("line {}, column {}", err.line(), err.column()),
                format!("invalid JSON: {err}"),
            )
        })?
    } else {
        yaml_to_json(text).map_err(|msg| Error::new(file, "", msg))?
    };
    check_version(file, &raw)?;
    let openapi: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|err| {
        let pointer = match json_pointer(err.path()) {
            root if root.is_empty() => "/".to_string(),
            pointer => pointer,
        };
        let (pointer, message) =
            refine(&raw, &pointer).unwrap_or((pointer, err.inner().to_string()));
        Error::new(
            file,
            pointer,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
    })?;
    Ok(Spec { openapi, raw })
}

fn check_version(file: &Path, raw: &Value) -> Result<()> {
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(Error::new(
            file,
            "/openapi",
            format!("OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x"),
        )),
        None => Err(Error::new(
            file,
            "/openapi",
            "missing `openapi: 3.0.x` field; is this an OpenAPI document?",
        )),
    }
}

/// `openapiv3` reads `paths` and `responses` through `#[serde(flatten)]`, which hides where inside them
/// an error is. This re-reads the parts one by one to find the deepest pointer.
fn refine(raw: &Value, pointer: &str) -> Option<(String, String)> {
    if pointer != "/paths" {
        return None;
    }
    for (path, item) in raw.get("paths")?.as_object()? {
        let at = format!("/paths/{}", escape(path));
        let Err(err) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) else {
            continue;
        };
        let inner = json_pointer(err.path());
        let mut found = (format!("{at}{inner}"), err.inner().to_string());
        // An operation's `responses` is flattened too: look at each response.
        let segments: Vec<&str> = inner.trim_start_matches('/').split('/').collect();
        if let [method, "responses"] = segments.as_slice() {
            let responses = item.get(*method)?.get("responses")?.as_object()?;
            for (status, response) in responses {
                if response.get("$ref").is_some() {
                    continue;
                }
                let result = serde_path_to_error::deserialize::<_, openapiv3::Response>(response);
                if let Err(err) = result {
                    found = (
                        format!(
                            "{at}/{method}/responses/{}{}",
                            escape(status),
                            json_pointer(err.path())
                        ),
                        err.inner().to_string(),
                    );
                    break;
                }
            }
        }
        return Some(found);
    }
    None
}

/// Turns serde_path_to_error's path into a JSON pointer (RFC 6901).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push_str(&escape(key)),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
