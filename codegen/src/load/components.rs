//! The `components` sections of a document, as the loader adds to them (schemas moved out of `$defs`,
//! values bundled from other files): made when missing, with keys that do not clash.

use serde_json::{json, Map, Value};

/// `components/schemas` of the document, made if missing.
pub fn components_schemas(raw: &mut Value) -> &mut Map<String, Value> {
    section(raw, "schemas")
}

/// `components/<name>` of the document, made if missing (or replaced if not an object).
pub fn section<'v>(raw: &'v mut Value, name: &str) -> &'v mut Map<String, Value> {
    if !raw.is_object() {
        *raw = json!({});
    }
    let components = &mut raw["components"];
    if !components.is_object() {
        *components = json!({});
    }
    let section = &mut components[name];
    if !section.is_object() {
        *section = json!({});
    }
    match section {
        Value::Object(map) => map,
        _ => unreachable!("made an object just above"),
    }
}

/// `name`, or `name_2`, `name_3`, … : the first key `map` does not have.
pub fn unique_key(map: &Map<String, Value>, name: &str) -> String {
    let name = if name.is_empty() { "Schema" } else { name };
    if !map.contains_key(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|key| !map.contains_key(key))
        .unwrap_or_default()
}
