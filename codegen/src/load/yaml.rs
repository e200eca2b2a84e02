//! The one place that reads YAML. serde_yaml is frozen upstream; swapping it for a maintained fork means
//! changing only this function. Everything after it works on `serde_json::Value`.

use serde_json::Value;

/// Parses a YAML document into a JSON value. The error says the line and column.
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    serde_yaml::from_str::<Value>(text).map_err(|err| match err.location() {
        Some(loc) => format!(
            "line {}, column {}: invalid YAML: {}",
            loc.line(),
            loc.column(),
            err
        ),
        None => format!("invalid YAML: {err}"),
    })
}
