//! The spec's side of the audit: what a schema says its values are, read from the JSON of the document
//! itself, not from the generator's lowering (or the audit could not see the generator's mistakes).
//! `$ref`s are followed, to a depth limit; a composition is what its members agree on.

use serde_json::{Map, Value};

/// How deep `$ref`s and nested schemas are followed before the type is [`SpecType::Unknown`].
const DEPTH: usize = 24;

/// What a schema says its values are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecType {
    Boolean,
    Integer,
    Number,
    String,
    /// A string whose `format` the generator types: `date`, `date-time`, `uuid`.
    Format(&'static str),
    Array(Box<SpecType>),
    Object {
        /// It names properties (or its composition members, all objects, do).
        properties: bool,
        /// The type of `additionalProperties`, when that is a schema.
        values: Option<Box<SpecType>>,
    },
    /// `oneOf`/`anyOf`/`allOf` (or 3.1's list of types) of members of different kinds.
    Composition,
    /// The schema says nothing about its values.
    Any,
    /// A `$ref` that leads nowhere in the document, or deeper than the limit: not judged.
    Unknown,
}

impl SpecType {
    /// How the report shows it (`array of integer`, `string (date-time)`).
    pub fn label(&self) -> String {
        match self {
            SpecType::Boolean => "boolean".into(),
            SpecType::Integer => "integer".into(),
            SpecType::Number => "number".into(),
            SpecType::String => "string".into(),
            SpecType::Format(format) => format!("string ({format})"),
            SpecType::Array(items) => format!("array of {}", items.label()),
            SpecType::Object {
                properties: true, ..
            } => "object with properties".into(),
            SpecType::Object {
                values: Some(values),
                ..
            } => format!("map of {}", values.label()),
            SpecType::Object { .. } => "object".into(),
            SpecType::Composition => "composition".into(),
            SpecType::Any => "any".into(),
            SpecType::Unknown => "unknown".into(),
        }
    }

    /// Whether the schema gives a type (anything but [`SpecType::Any`] and [`SpecType::Unknown`]).
    pub fn is_typed(&self) -> bool {
        !matches!(self, SpecType::Any | SpecType::Unknown)
    }
}

/// Looks up a JSON pointer of the document.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<&'a Value>;

/// The type of the schema at `pointer` (`Unknown` when there is none).
pub fn classify_at<'a>(lookup: Lookup<'a>, pointer: &str) -> SpecType {
    match lookup(pointer) {
        Some(schema) => classify(lookup, schema, 0),
        None => SpecType::Unknown,
    }
}

/// The pointers a schema's `$ref` chain leads through (the schema's own pointer not included).
pub fn ref_chain<'a>(lookup: Lookup<'a>, pointer: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut at = lookup(pointer);
    while let Some(target) = at.and_then(local_ref) {
        if chain.len() >= DEPTH || chain.contains(&target) {
            break;
        }
        at = lookup(&target);
        chain.push(target);
    }
    chain
}

/// The pointer a local `$ref` names (`#/components/schemas/A%20B` → `/components/schemas/A B`).
fn local_ref(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    let pointer = reference.strip_prefix('#')?;
    Some(codegen::load::spec::percent_decode(pointer))
}

pub fn classify<'a>(lookup: Lookup<'a>, schema: &'a Value, depth: usize) -> SpecType {
    if depth > DEPTH {
        return SpecType::Unknown;
    }
    let map = match schema {
        Value::Object(map) => map,
        Value::Bool(true) => return SpecType::Any,
        _ => return SpecType::Unknown,
    };
    if map.contains_key("$ref") {
        // OpenAPI 3.0: what stands beside a `$ref` is ignored.
        return match local_ref(schema).and_then(|target| lookup(&target)) {
            Some(target) => classify(lookup, target, depth + 1),
            None => SpecType::Unknown,
        };
    }
    let own = own_type(lookup, map, depth);
    let members: Vec<SpecType> = ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|key| map.get(*key)?.as_array())
        .flatten()
        .map(|member| classify(lookup, member, depth + 1))
        .filter(|t| *t != SpecType::Any)
        .collect();
    if members.is_empty() {
        return own;
    }
    if members.contains(&SpecType::Unknown) {
        return SpecType::Unknown;
    }
    // What the members agree on, with the schema's own properties; objects agree with objects.
    let mut joined = match &own {
        SpecType::Object {
            properties: true, ..
        } => Some(own.clone()),
        _ => None,
    };
    for member in members {
        joined = Some(match joined {
            None => member,
            Some(so_far) => join(so_far, member),
        });
    }
    joined.unwrap_or(own)
}

fn join(a: SpecType, b: SpecType) -> SpecType {
    match (a, b) {
        (a, b) if a == b => a,
        (SpecType::Object { properties: p, .. }, SpecType::Object { properties: q, .. }) => {
            SpecType::Object {
                properties: p || q,
                values: None,
            }
        }
        _ => SpecType::Composition,
    }
}

/// The type a schema says with its own keywords (`type`, `format`, `properties`, `items`, `enum`).
fn own_type<'a>(lookup: Lookup<'a>, map: &'a Map<String, Value>, depth: usize) -> SpecType {
    let declared: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        // OpenAPI 3.1: a list of types, `null` among them for a nullable one.
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    match declared.as_slice() {
        [] => {}
        [single] => return of_type(lookup, map, single, depth),
        _ => return SpecType::Composition,
    }
    if map.contains_key("properties") || map.contains_key("additionalProperties") {
        return of_type(lookup, map, "object", depth);
    }
    if map.contains_key("items") {
        return of_type(lookup, map, "array", depth);
    }
    match map.get("enum").and_then(Value::as_array) {
        Some(values) if !values.is_empty() => {
            let kind = |v: &Value| match v {
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                _ => "",
            };
            let first = kind(&values[0]);
            if !first.is_empty() && values.iter().all(|v| kind(v) == first) {
                return of_type(lookup, map, first, depth);
            }
            SpecType::Any
        }
        _ => SpecType::Any,
    }
}

fn of_type<'a>(
    lookup: Lookup<'a>,
    map: &'a Map<String, Value>,
    declared: &str,
    depth: usize,
) -> SpecType {
    match declared {
        "boolean" => SpecType::Boolean,
        "integer" => SpecType::Integer,
        "number" => SpecType::Number,
        "string" => match map.get("format").and_then(Value::as_str) {
            Some("date") => SpecType::Format("date"),
            Some("date-time") => SpecType::Format("date-time"),
            Some("uuid") => SpecType::Format("uuid"),
            _ => SpecType::String,
        },
        "array" => SpecType::Array(Box::new(match map.get("items") {
            Some(items) => classify(lookup, items, depth + 1),
            None => SpecType::Any,
        })),
        "object" => SpecType::Object {
            properties: map
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty()),
            values: match map.get("additionalProperties") {
                Some(schema @ Value::Object(_)) => {
                    Some(Box::new(classify(lookup, schema, depth + 1))).filter(|t| t.is_typed())
                }
                _ => None,
            },
        },
        // `type: null` alone, or a type OpenAPI does not have.
        _ => SpecType::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn type_of(document: &Value, pointer: &str) -> SpecType {
        let lookup = |p: &str| document.pointer(p);
        classify_at(&lookup, pointer)
    }

    #[test]
    fn scalars_formats_and_siblings_that_do_not_change_the_type() {
        let doc = json!({
            "flag": {"type": "boolean", "uniqueItems": true},
            "limit": {"type": "integer", "format": "int32"},
            "ratio": {"type": "number"},
            "when": {"type": "string", "format": "date-time"},
            "id": {"type": "string", "format": "uuid", "maxLength": 36},
            "name": {"type": "string", "format": "email"},
            "nullable31": {"type": ["integer", "null"]},
            "either31": {"type": ["integer", "string"]},
            "colour": {"enum": ["red", "blue"]},
            "nothing": {"description": "whatever"},
        });
        assert_eq!(type_of(&doc, "/flag"), SpecType::Boolean);
        assert_eq!(type_of(&doc, "/limit"), SpecType::Integer);
        assert_eq!(type_of(&doc, "/ratio"), SpecType::Number);
        assert_eq!(type_of(&doc, "/when"), SpecType::Format("date-time"));
        assert_eq!(type_of(&doc, "/id"), SpecType::Format("uuid"));
        assert_eq!(type_of(&doc, "/name"), SpecType::String);
        assert_eq!(type_of(&doc, "/nullable31"), SpecType::Integer);
        assert_eq!(type_of(&doc, "/either31"), SpecType::Composition);
        assert_eq!(type_of(&doc, "/colour"), SpecType::String);
        assert_eq!(type_of(&doc, "/nothing"), SpecType::Any);
        assert_eq!(type_of(&doc, "/missing"), SpecType::Unknown);
    }

    #[test]
    fn refs_are_followed_and_compositions_joined() {
        let doc = json!({
            "components": {"schemas": {
                "File": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Folder": {"properties": {"id": {"type": "string"}}},
                "Count": {"$ref": "#/components/schemas/Int"},
                "Int": {"type": "integer"},
                "Loop": {"$ref": "#/components/schemas/Loop"},
                "Item": {"type": "object", "oneOf": [
                    {"$ref": "#/components/schemas/File"},
                    {"$ref": "#/components/schemas/Folder"}
                ]},
                "Mixed": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                "Described": {"allOf": [{"$ref": "#/components/schemas/Int"}, {"description": "n"}]},
                "Counts": {"type": "array", "items": {"$ref": "#/components/schemas/Count"}},
                "Scores": {"type": "object", "additionalProperties": {"type": "number"}},
            }}
        });
        let at = |name: &str| type_of(&doc, &format!("/components/schemas/{name}"));
        assert_eq!(at("Count"), SpecType::Integer);
        assert_eq!(at("Loop"), SpecType::Unknown);
        assert_eq!(
            at("Item"),
            SpecType::Object {
                properties: true,
                values: None
            }
        );
        assert_eq!(at("Mixed"), SpecType::Composition);
        assert_eq!(at("Described"), SpecType::Integer);
        assert_eq!(at("Counts"), SpecType::Array(Box::new(SpecType::Integer)));
        assert_eq!(at("Scores").label(), "map of number");
        let lookup = |p: &str| doc.pointer(p);
        assert_eq!(
            ref_chain(&lookup, "/components/schemas/Count"),
            vec!["/components/schemas/Int".to_string()]
        );
    }
}
