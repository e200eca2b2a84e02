//! Operation shapes: only a `default` response, many query parameters, path parameters typed by a
//! `$ref` cycle, path templates that differ only in parameter names, form and multipart bodies, streamed and XML
//! answers.

use serde_json::{json, Value};

use super::pick;
use super::schemas::add_cycle;
use crate::fuzz::names::AWKWARD;
use crate::fuzz::sites::{self, get, get_mut, pointer, schema_ref};

pub fn only_default_response(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let op = get_mut(spec, &at)?.as_object_mut()?;
    let responses = op.get("responses")?.as_object()?;
    let first = responses
        .values()
        .next()
        .cloned()
        .unwrap_or_else(|| json!({"description": "ok"}));
    op.insert("responses".into(), json!({ "default": first }));
    Some(format!("only `default` at {}", pointer(&at)))
}

/// 8–65 query parameters, some with awkward names.
pub fn many_query_params(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let count = rng.usize(8..=65);
    let params: Vec<Value> = (0..count)
        .map(|i| {
            let name = if rng.usize(..4) == 0 {
                format!("{}{i}", AWKWARD[rng.usize(..AWKWARD.len())])
            } else {
                format!("param{i}")
            };
            let schema = [
                json!({"type": "string"}),
                json!({"type": "integer"}),
                json!({"type": "array", "items": {"type": "string"}}),
                json!({"type": "boolean"}),
            ][rng.usize(..4)]
            .clone();
            json!({ "name": name, "in": "query", "required": rng.bool(), "schema": schema })
        })
        .collect();
    let op = get_mut(spec, &at)?.as_object_mut()?;
    let list = op.entry("parameters").or_insert_with(|| json!([]));
    list.as_array_mut()?.extend(params);
    Some(format!("{count} query parameters at {}", pointer(&at)))
}

/// A path parameter whose schema is a reference into an `A → B → A` cycle.
pub fn path_param_cycle(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let params: Vec<_> = sites::all(spec)
        .into_iter()
        .filter(|at| {
            get(spec, at)
                .is_some_and(|p| p.get("in") == Some(&json!("path")) && p.get("schema").is_some())
        })
        .collect();
    let at = pick(rng, &params)?.clone();
    let (a, b) = add_cycle(spec, rng)?;
    get_mut(spec, &at)?
        .as_object_mut()?
        .insert("schema".into(), json!({ "$ref": schema_ref(&a) }));
    Some(format!(
        "path parameter at {} typed {a:?} <-> {b:?}",
        pointer(&at)
    ))
}

/// `/x/{b}` next to `/x/{a}`: the same route, different parameter names.
pub fn twin_path_template(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let paths = spec.get("paths")?.as_object()?;
    let templated: Vec<String> = paths.keys().filter(|p| p.contains('{')).cloned().collect();
    let template = pick(rng, &templated)?.clone();
    let item = paths.get(&template)?.clone();
    let twin = rename_template_params(&template);
    if paths.contains_key(&twin) {
        return None;
    }
    let mut text = serde_json::to_string(&item).ok()?;
    for (old, new) in template_params(&template)
        .iter()
        .zip(template_params(&twin))
    {
        text = text.replace(
            &format!("\"name\":\"{old}\""),
            &format!("\"name\":\"{new}\""),
        );
    }
    let mut item: Value = serde_json::from_str(&text).ok()?;
    // Keep operationIds unique unless another operator says otherwise.
    if let Some(map) = item.as_object_mut() {
        for op in map.values_mut() {
            if let Some(Value::String(id)) = op.get_mut("operationId") {
                id.push_str("Tvilling");
            }
        }
    }
    spec.get_mut("paths")?
        .as_object_mut()?
        .insert(twin.clone(), item);
    Some(format!("path {twin:?} next to {template:?}"))
}

fn template_params(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

fn rename_template_params(template: &str) -> String {
    let mut out = template.to_string();
    for name in template_params(template) {
        out = out.replace(&format!("{{{name}}}"), &format!("{{{name}Annen}}"));
    }
    out
}

/// A form or multipart request body: of a named schema (any shape, so also one that is no object), or of
/// an object with files, lists, nested objects, a choice and awkward names, sometimes with an `encoding`.
pub fn form_body(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let named = sites::named_schemas(spec);
    let awkward = AWKWARD[rng.usize(..AWKWARD.len())];
    let schema = match pick(rng, &named) {
        Some(name) if rng.bool() => json!({ "$ref": schema_ref(name) }),
        _ => json!({
            "type": "object",
            "required": ["file", awkward],
            "properties": {
                "file": {"type": "string", "format": "binary"},
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                awkward: {"type": "integer"},
                "when": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "nested": {"type": "object", "properties": {"a": {"type": "boolean"}}},
                "rows": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "number"}}}},
                "choice": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
                "map": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }),
    };
    let media = ["application/x-www-form-urlencoded", "multipart/form-data"][rng.usize(..2)];
    let mut content = json!({ "schema": schema });
    if rng.bool() {
        content["encoding"] = json!({
            "nested": {"style": "deepObject", "explode": true},
            "tags": {"contentType": "application/json"},
        });
    }
    let op = get_mut(spec, &at)?.as_object_mut()?;
    op.insert(
        "requestBody".into(),
        json!({ "required": rng.bool(), "content": { media: content } }),
    );
    Some(format!("`{media}` body at {}", pointer(&at)))
}

/// A streamed answer: bytes, a stream of events or lines of a named or inline item schema (OpenAPI 3.2's
/// `itemSchema` or an array `schema`), or JSON beside a stream of events (two methods); sometimes a
/// streamed request body too.
pub fn stream_response(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let named = sites::named_schemas(spec);
    let item = match pick(rng, &named) {
        Some(name) if rng.bool() => json!({ "$ref": schema_ref(name) }),
        _ => {
            json!({"type": "object", "properties": {"delta": {"type": "string"}, "n": {"type": "integer"}}})
        }
    };
    let (what, content) = match rng.usize(..5) {
        0 => (
            "bytes",
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
        ),
        1 => ("events", json!({"text/event-stream": {"itemSchema": item}})),
        2 => (
            "lines",
            json!({"application/x-ndjson": {"schema": {"type": "array", "items": item}}}),
        ),
        3 => ("text events", json!({"text/event-stream": {}})),
        _ => (
            "JSON or events",
            json!({
                "application/json": {"schema": item.clone()},
                "text/event-stream": {"itemSchema": item},
            }),
        ),
    };
    let op = get_mut(spec, &at)?.as_object_mut()?;
    op.insert(
        "responses".into(),
        json!({ "200": { "description": "streamed", "content": content } }),
    );
    if rng.bool() {
        let body = json!({"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}});
        op.insert("requestBody".into(), body);
    }
    Some(format!("{what} answered at {}", pointer(&at)))
}

/// XML beside an answer's JSON, with the same schema: the same data in another encoding; sometimes
/// under an awkward `xml.name`.
pub fn xml_beside_json(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let awkward = AWKWARD[rng.usize(..AWKWARD.len())];
    let op = get_mut(spec, &at)?.as_object_mut()?;
    let responses = op.get_mut("responses")?.as_object_mut()?;
    for response in responses.values_mut() {
        let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        let Some(json) = content.get("application/json").cloned() else {
            continue;
        };
        let mut xml = json;
        if rng.bool() {
            if let Some(schema) = xml.get_mut("schema").and_then(Value::as_object_mut) {
                if !schema.contains_key("$ref") {
                    schema.insert("xml".into(), json!({ "name": awkward }));
                }
            }
        }
        content.insert("application/xml".into(), xml);
        return Some(format!("XML beside JSON at {}", pointer(&at)));
    }
    None
}
