//! OpenAPI 3.1 read into the same model as 3.0. `openapiv3` reads only 3.0, and the model reads both the
//! typed document and the raw value, so a 3.1 document is rewritten, once, into the 3.0 shape that says
//! the same thing; both readers then see that one value. What 3.0 cannot say is dropped with a warning.
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [X, "null"]` | `type: X, nullable: true` |
//! | `type: [X, Y]` | `oneOf: [{type: X}, {type: Y}]` (each with its own keywords) |
//! | `type: "null"` | `nullable: true` (a warning: nothing else fits) |
//! | `oneOf: [S, {type: "null"}]` | `allOf: [S], nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` (schema) | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (same for maximum) |
//! | `$ref` with siblings | `allOf: [{$ref}]` with the siblings |
//! | `$defs` | moved to `components/schemas`, `$ref`s rewritten |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `webhooks` | dropped (a warning) |
//! | `$ref` to `components/pathItems` | the path item, copied in place |
//! | a `mutualTLS` security scheme | dropped with the requirements that name it (a warning) |
//! | a document without `paths` | `paths: {}` |

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::load::components::{components_schemas, unique_key};
use crate::load::origin::{locate, Origin};
use crate::load::pointer::escape;
use crate::load::walk::{nodes, walk_mut, Node};

/// The 3.0 version the rewritten document says it is.
const AS_VERSION: &str = "3.0.3";

/// Rewrites the 3.1 document `raw` (of `file`) into 3.0. Returns where the schemas moved out of `$defs`
/// were.
pub fn normalise(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<Vec<Origin>> {
    let Some(root) = raw.as_object_mut() else {
        return Err(Error::new(file, "/", "the document is not an object"));
    };
    root.insert("openapi".to_string(), Value::String(AS_VERSION.to_string()));
    // The dialect names the JSON Schema vocabulary; the schemas are read as OpenAPI's either way.
    root.remove("jsonSchemaDialect");
    if root.remove("webhooks").is_some() {
        warnings.push(Warning::new(
            file,
            "/webhooks",
            "webhooks-ignored",
            "`webhooks` (calls the API makes to its users) are not generated; they were ignored",
        ));
    }
    // 3.1 allows a document of only components or webhooks.
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            // `identifier` (an SPDX id) is 3.1 only; 3.0 requires `name`, which it can stand for.
            if let Some(identifier) = license.remove("identifier") {
                license.entry("name").or_insert(identifier);
            }
        }
    }
    path_items(file, raw, warnings);
    mutual_tls(file, raw, warnings);
    // Each move's source is a pointer after the moves before it: follow those back to the spec as written.
    let mut origins: Vec<Origin> = Vec::new();
    for (from, to) in hoist_defs(raw) {
        let (file, source) = locate(&origins, file, &from);
        origins.push(Origin {
            at: to,
            file,
            source,
        });
    }
    let mut error = None;
    walk_mut(raw, "", Node::Root, &mut |pointer, kind, value| {
        if kind != Node::Schema || error.is_some() {
            return;
        }
        if let Err(err) = schema(file, pointer, value, warnings) {
            error = Some(err);
        }
    });
    error.map_or(Ok(origins), Err)
}

/// `paths: {/x: {$ref: '#/components/pathItems/X'}}`: 3.0 has no `components/pathItems`, so the path
/// item is copied in place; the section is then dropped (with a warning if some were not used).
fn path_items(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(items) = raw
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("pathItems"))
    else {
        return;
    };
    let mut unused: Vec<String> = items
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            // A path item may name another; a few steps, not a cycle.
            for _ in 0..8 {
                let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
                    break;
                };
                let Some(key) = reference.strip_prefix("#/components/pathItems/") else {
                    break;
                };
                let key = super::pointer::unescape(key);
                let Some(target) = items.get(key.as_ref()) else {
                    break;
                };
                unused.retain(|k| *k != key);
                *item = target.clone();
            }
        }
    }
    if !unused.is_empty() {
        warnings.push(Warning::new(
            file,
            "/components/pathItems",
            "path-items-ignored",
            format!(
                "`components/pathItems` that no path names are not generated: {}",
                unused.join(", ")
            ),
        ));
    }
}

/// A `mutualTLS` security scheme (3.1) is a client certificate, set up outside the generated code:
/// it is dropped, and so are the security requirements that name it.
fn mutual_tls(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(schemes) = raw
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        warnings.push(Warning::new(
            file,
            format!("/components/securitySchemes/{}", escape(name)),
            "mutual-tls-ignored",
            format!("security scheme `{name}` is mutual TLS (a client certificate), which the generated code does not set up; requirements naming it were dropped"),
        ));
    }
    if names.is_empty() {
        return;
    }
    let drop_scheme = |requirements: &mut Value| {
        if let Value::Array(list) = requirements {
            list.retain(|requirement| {
                !requirement
                    .as_object()
                    .is_some_and(|r| r.keys().any(|k| names.contains(k)))
            });
        }
    };
    if let Some(security) = raw.get_mut("security") {
        drop_scheme(security);
    }
    walk_mut(raw, "", Node::Root, &mut |_, kind, value| {
        if kind == Node::Operation {
            if let Some(security) = value.get_mut("security") {
                drop_scheme(security);
            }
        }
    });
}

/// Rewrites one schema; its children are visited after it.
fn schema(
    file: &Path,
    pointer: &str,
    value: &mut Value,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let schema = match value {
        // `additionalProperties: false` is 3.0 too; anywhere else a boolean schema is 3.1 only.
        Value::Bool(_) if pointer.ends_with("/additionalProperties") => return Ok(()),
        Value::Bool(true) => {
            *value = json!({});
            return Ok(());
        }
        Value::Bool(false) => {
            *value = json!({"not": {}});
            return Ok(());
        }
        Value::Object(schema) => schema,
        _ => return Ok(()),
    };
    // Identifiers and comments: nothing to generate from.
    for key in ["$schema", "$id", "$anchor", "$comment", "$dynamicAnchor"] {
        schema.remove(key);
    }
    if schema.remove("$dynamicRef").is_some() {
        warnings.push(Warning::new(
            file,
            format!("{pointer}/$dynamicRef"),
            "dynamic-ref-ignored",
            "`$dynamicRef` is not supported; it was ignored",
        ));
    }
    // The media type and encoding of a string's content: documentation only here; the value stays a string.
    for key in ["contentMediaType", "contentEncoding", "contentSchema"] {
        schema.remove(key);
    }
    if let Some(examples) = schema.remove("examples") {
        if let Value::Array(list) = examples {
            if let Some(first) = list.into_iter().next() {
                schema.entry("example").or_insert(first);
            }
        } else {
            // Not a list: not the 3.1 keyword; keep it as it was.
            schema.insert("examples".to_string(), examples);
        }
    }
    if let Some(value) = schema.remove("const") {
        // `const` usually comes without `type`; the value's own type lets the model make an enum of it.
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let (Some(implied), false) = (implied, schema.contains_key("type")) {
            schema.insert("type".to_string(), json!(implied));
        }
        schema.entry("enum").or_insert_with(|| json!([value]));
    }
    exclusive_bounds(schema);
    types(file, pointer, schema, warnings)?;
    null_members(schema, "oneOf");
    null_members(schema, "anyOf");
    // 3.0 ignores the siblings of a `$ref`; 3.1 applies them (a description, `nullable`, constraints).
    if schema.contains_key("$ref") && schema.len() > 1 {
        let reference = schema.remove("$ref").unwrap_or_default();
        all_of(schema).push(json!({ "$ref": reference }));
    }
    Ok(())
}

/// Both exclusive bounds in the 3.0 form.
pub(crate) fn exclusive_bounds(schema: &mut Map<String, Value>) {
    exclusive_bound(schema, "exclusiveMinimum", "minimum", |bound, limit| {
        bound > limit
    });
    exclusive_bound(schema, "exclusiveMaximum", "maximum", |bound, limit| {
        bound < limit
    });
}

/// `exclusiveMinimum: 5` (3.1) is `minimum: 5, exclusiveMinimum: true` (3.0). A `minimum` beside it
/// that is stricter (`stricter(minimum, 5)`) wins.
fn exclusive_bound(
    schema: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(limit)) = schema.get(exclusive).cloned() else {
        return;
    };
    let existing = schema.get(inclusive).and_then(Value::as_f64);
    match (existing, limit.as_f64()) {
        (Some(bound), Some(limit)) if stricter(bound, limit) => {
            schema.remove(exclusive);
        }
        _ => {
            schema.insert(inclusive.to_string(), Value::Number(limit));
            schema.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

/// Keywords that apply to one JSON type only: a schema of several types gives each its own.
fn type_of_keyword(key: &str, value: &Value) -> Option<&'static str> {
    const NUMBER_FORMATS: &[&str] = &["int32", "int64", "float", "double", "decimal"];
    Some(match key {
        "minLength" | "maxLength" | "pattern" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" | "prefixItems" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "minProperties"
        | "maxProperties"
        | "patternProperties" => "object",
        "format" => match value.as_str() {
            Some(format) if NUMBER_FORMATS.contains(&format) => "number",
            _ => "string",
        },
        _ => return None,
    })
}

/// `type` as a list (or `"null"`): one type and `nullable`, or a `oneOf` of the types.
pub(crate) fn types(
    file: &Path,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let names: Vec<String> = match schema.get("type") {
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for (i, item) in list.iter().enumerate() {
                let Some(name) = item.as_str() else {
                    return Err(Error::new(
                        file,
                        format!("{pointer}/type/{i}"),
                        "a `type` list holds type names (strings)",
                    ));
                };
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
            names
        }
        Some(Value::String(name)) if name == "null" => vec![name.clone()],
        _ => return Ok(()),
    };
    schema.remove("type");
    let nullable = names.iter().any(|n| n == "null");
    let names: Vec<String> = names.into_iter().filter(|n| n != "null").collect();
    if nullable {
        schema.insert("nullable".to_string(), Value::Bool(true));
    }
    match names.as_slice() {
        [] if nullable => warnings.push(Warning::new(
            file,
            format!("{pointer}/type"),
            "null-type",
            "a schema whose only type is `null` cannot be said in OpenAPI 3.0; it is read as any value, nullable",
        )),
        [] => {}
        [one] => {
            schema.insert("type".to_string(), Value::String(one.clone()));
        }
        several => {
            let mut members: Vec<Value> = several
                .iter()
                .map(|name| json!({ "type": name }))
                .collect();
            let keys: Vec<String> = schema.keys().cloned().collect();
            for key in keys {
                let Some(kind) = type_of_keyword(&key, &schema[&key]) else {
                    continue;
                };
                let owners: Vec<usize> = several
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| {
                        name.as_str() == kind || (kind == "number" && name.as_str() == "integer")
                    })
                    .map(|(i, _)| i)
                    .collect();
                if owners.is_empty() {
                    continue;
                }
                let value = schema.remove(&key).unwrap_or_default();
                for i in owners {
                    members[i][key.as_str()] = value.clone();
                }
            }
            if schema.contains_key("oneOf") {
                all_of(schema).push(json!({ "oneOf": members }));
            } else {
                schema.insert("oneOf".to_string(), Value::Array(members));
            }
        }
    }
    Ok(())
}

/// `oneOf: [S, {type: "null"}]`, 3.1's way of saying "S or null", is `allOf: [S], nullable: true`.
fn null_members(schema: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(members)) = schema.get_mut(key) else {
        return;
    };
    let is_null = |member: &Value| {
        let Some(object) = member.as_object() else {
            return false;
        };
        let null_type = match object.get("type") {
            Some(Value::String(name)) => name == "null",
            Some(Value::Array(list)) => list.len() == 1 && list[0] == "null",
            _ => false,
        };
        null_type
            && object
                .keys()
                .all(|k| matches!(k.as_str(), "type" | "description" | "title"))
    };
    let before = members.len();
    members.retain(|member| !is_null(member));
    if members.len() == before {
        return;
    }
    schema.insert("nullable".to_string(), Value::Bool(true));
    let Some(Value::Array(members)) = schema.remove(key) else {
        return;
    };
    match members.len() {
        0 => {}
        1 => all_of(schema).extend(members),
        _ => {
            schema.insert(key.to_string(), Value::Array(members));
        }
    }
}

/// The schema's `allOf` list, made if missing.
fn all_of(schema: &mut Map<String, Value>) -> &mut Vec<Value> {
    let entry = schema
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        *entry = Value::Array(Vec::new());
    }
    match entry {
        Value::Array(list) => list,
        _ => unreachable!("made a list just above"),
    }
}

/// Moves every `$defs` (and draft-4 `definitions`) entry of a schema, or of the document itself, to
/// `components/schemas`, under a fresh key, and points the `$ref`s (and discriminator mappings) to it
/// there: the model resolves schema `$ref`s only into `components/schemas`. Returns the moves, in
/// order, as (old, new) pointers; each is a pointer of the document as the moves before it left it.
fn hoist_defs(raw: &mut Value) -> Vec<(String, String)> {
    let mut moved: Vec<(String, String)> = Vec::new();
    // A moved entry may hold `$defs` of its own, which the next round finds; a few rounds suffice.
    for _ in 0..MAX_DEFS_ROUNDS {
        let mut holders: Vec<String> = ["/$defs", "/definitions"]
            .into_iter()
            .map(str::to_string)
            .collect();
        holders.extend(
            nodes(raw, "", Node::Root)
                .into_iter()
                .filter(|(_, kind)| *kind == Node::Schema)
                .flat_map(|(pointer, _)| {
                    ["$defs", "definitions"].map(|key| format!("{pointer}/{}", escape(key)))
                }),
        );
        holders.retain(|pointer| raw.pointer(pointer).is_some_and(Value::is_object));
        if holders.is_empty() {
            break;
        }
        // Deepest first: moving an outer entry first would change the pointers of the inner ones.
        for holder in holders.iter().rev() {
            let Some(Value::Object(entries)) = raw.pointer_mut(holder).map(Value::take) else {
                continue;
            };
            if let Some((parent, key)) = holder.rsplit_once('/') {
                if let Some(Value::Object(parent)) = raw.pointer_mut(parent) {
                    parent.remove(key);
                }
            }
            let schemas = components_schemas(raw);
            for (name, value) in entries {
                let key = unique_key(schemas, &name);
                moved.push((
                    format!("{holder}/{}", escape(&name)),
                    format!("/components/schemas/{}", escape(&key)),
                ));
                schemas.insert(key, value);
            }
        }
    }
    if moved.is_empty() {
        return moved;
    }
    // Each move applied in turn, as the moves were made.
    let follow = |reference: &mut String| {
        for (from, to) in &moved {
            let Some(rest) = reference
                .strip_prefix('#')
                .and_then(|r| r.strip_prefix(from.as_str()))
            else {
                continue;
            };
            if rest.is_empty() || rest.starts_with('/') {
                *reference = format!("#{to}{rest}");
            }
        }
    };
    walk_mut(raw, "", Node::Root, &mut |_, kind, value| {
        if let Some(Value::String(reference)) = value.get_mut("$ref") {
            follow(reference);
        }
        if kind != Node::Schema {
            return;
        }
        let mapping = value
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
            .and_then(Value::as_object_mut);
        for reference in mapping.into_iter().flat_map(|m| m.values_mut()) {
            if let Value::String(reference) = reference {
                follow(reference);
            }
        }
    });
    moved
}

/// Rounds of moving `$defs` (each finds those inside the entries the one before moved).
const MAX_DEFS_ROUNDS: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(doc: Value) -> (Value, Vec<Warning>) {
        let mut doc = doc;
        let mut warnings = Vec::new();
        normalise(Path::new("openapi.yaml"), &mut doc, &mut warnings).expect("normalises");
        (doc, warnings)
    }

    fn schema_of(schema: Value) -> Value {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "components": {"schemas": {"S": schema}}});
        normalised(doc).0["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn type_lists_become_nullable_or_one_of() {
        assert_eq!(
            schema_of(json!({"type": ["integer", "null"], "format": "int64"})),
            json!({"type": "integer", "format": "int64", "nullable": true})
        );
        assert_eq!(
            schema_of(
                json!({"type": ["string", "integer", "null"], "pattern": "^a", "maximum": 3})
            ),
            json!({"nullable": true, "oneOf": [
                {"type": "string", "pattern": "^a"},
                {"type": "integer", "maximum": 3}]})
        );
    }

    #[test]
    fn one_of_with_null_is_a_nullable_all_of() {
        assert_eq!(
            schema_of(json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
    }

    #[test]
    fn ref_with_siblings_keeps_them() {
        assert_eq!(
            schema_of(json!({"$ref": "#/components/schemas/T", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        // Alone, a `$ref` stays a `$ref`.
        assert_eq!(
            schema_of(json!({"$ref": "#/components/schemas/T"})),
            json!({"$ref": "#/components/schemas/T"})
        );
    }

    #[test]
    fn exclusive_bounds_take_the_3_0_form_and_the_stricter_bound_wins() {
        assert_eq!(
            schema_of(json!({"type": "number", "exclusiveMinimum": 0, "minimum": 5})),
            json!({"type": "number", "minimum": 5})
        );
        assert_eq!(
            schema_of(json!({"type": "number", "exclusiveMaximum": 9, "maximum": 10})),
            json!({"type": "number", "maximum": 9, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn keywords_are_rewritten_only_in_schemas() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/x": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"const": {"const": 1}, "examples": {"type": "string", "examples": ["a"]}}},
                "examples": {"e": {"value": {"const": 1, "type": ["a", "null"]}}}}}}}}}}});
        let (doc, _) = normalised(doc);
        let media = &doc["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"]["properties"]["const"],
            json!({"type": "integer", "enum": [1]})
        );
        assert_eq!(
            media["schema"]["properties"]["examples"],
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            media["examples"]["e"]["value"],
            json!({"const": 1, "type": ["a", "null"]})
        );
    }

    #[test]
    fn nested_defs_move_to_components_and_refs_follow() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"},
                                 "c": {"$ref": "#/components/schemas/A/$defs/B/$defs/C"}},
                  "$defs": {"B": {"$defs": {"C": {"type": "string"}}, "properties": {"c": {"$ref": "#/components/schemas/A/$defs/B/$defs/C"}}}}},
            "C": {"type": "integer"},
            "D": {"$defs": {"E": {"type": "string"}}, "definitions": {"F": {"type": "string"}}}}}});
        let (doc, _) = normalised(doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["C"], json!({"type": "integer"}));
        assert_eq!(schemas["C_2"], json!({"type": "string"}));
        assert_eq!(
            schemas["A"]["properties"]["b"]["$ref"],
            "#/components/schemas/B"
        );
        assert_eq!(
            schemas["A"]["properties"]["c"]["$ref"],
            "#/components/schemas/C_2"
        );
        assert_eq!(
            schemas["B"]["properties"]["c"]["$ref"],
            "#/components/schemas/C_2"
        );
        assert!(schemas["A"].get("$defs").is_none());
        // Both keywords in one schema: both moved.
        assert_eq!(schemas["E"], json!({"type": "string"}));
        assert_eq!(schemas["F"], json!({"type": "string"}));
        assert_eq!(schemas["D"], json!({}));
    }

    #[test]
    fn document_level_defs_move_too() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "$defs": {"X": {"type": "object", "properties": {"y": {"$ref": "#/$defs/X/$defs/Y"}},
                            "$defs": {"Y": {"type": "string"}}}},
            "components": {"schemas": {"A": {"$ref": "#/$defs/X"},
                "U": {"oneOf": [{"$ref": "#/$defs/X"}], "discriminator": {"propertyName": "t", "mapping": {"x": "#/$defs/X"}}}}}});
        let (doc, _) = normalised(doc);
        let schemas = &doc["components"]["schemas"];
        assert!(doc.get("$defs").is_none());
        assert_eq!(schemas["A"]["$ref"], "#/components/schemas/X");
        assert_eq!(
            schemas["X"]["properties"]["y"]["$ref"],
            "#/components/schemas/Y"
        );
        assert_eq!(schemas["Y"], json!({"type": "string"}));
        assert_eq!(
            schemas["U"]["discriminator"]["mapping"]["x"],
            "#/components/schemas/X"
        );
    }

    #[test]
    fn document_level_3_1_fields() {
        let doc = json!({"openapi": "3.1.0", "jsonSchemaDialect": "x",
            "info": {"title": "T", "version": "1", "summary": "s", "license": {"identifier": "MIT"}},
            "webhooks": {"w": {}}});
        let (doc, warnings) = normalised(doc);
        assert_eq!(
            doc,
            json!({"openapi": "3.0.3", "paths": {},
                "info": {"title": "T", "version": "1", "license": {"name": "MIT"}}})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].name, "webhooks-ignored");
        assert_eq!(warnings[0].location, "/webhooks");
    }

    #[test]
    fn path_items_and_mutual_tls() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/x": {"$ref": "#/components/pathItems/X"}},
            "security": [{"mtls": []}, {"oauth": ["les"]}],
            "components": {
                "pathItems": {"X": {"get": {"security": [{"mtls": []}], "responses": {}}}, "Ubrukt": {}},
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "oauth": {"type": "http", "scheme": "bearer"}}}});
        let (doc, warnings) = normalised(doc);
        assert_eq!(
            doc["paths"]["/x"],
            json!({"get": {"security": [], "responses": {}}})
        );
        assert_eq!(doc["security"], json!([{"oauth": ["les"]}]));
        assert!(doc["components"].get("pathItems").is_none());
        assert!(doc["components"]["securitySchemes"].get("mtls").is_none());
        let names: Vec<&str> = warnings.iter().map(|w| w.name).collect();
        assert_eq!(names, ["path-items-ignored", "mutual-tls-ignored"]);
        assert!(warnings[0].message.contains("Ubrukt"));
    }

    #[test]
    fn boolean_schemas() {
        assert_eq!(
            schema_of(
                json!({"properties": {"a": true, "b": false}, "additionalProperties": false})
            ),
            json!({"properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false})
        );
    }
}
