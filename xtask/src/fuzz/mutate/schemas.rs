//! Schema shapes that have broken generators: self references and `$ref` cycles, nullable and required
//! toggles, discriminators, `format` with `pattern`, deep nesting, swapped types, "exactly one of".

use serde_json::{json, Map, Value};

use super::pick;
use crate::fuzz::sites::{self, get, get_mut, pointer, schema_ref};

/// A named schema that is (or contains) a reference to itself.
pub fn self_reference(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let names = sites::named_schemas(spec);
    let name = pick(rng, &names)?.clone();
    let me = json!({ "$ref": schema_ref(&name) });
    let (shape, body) = match rng.usize(..5) {
        0 => ("$ref self", me),
        1 => ("allOf [self]", json!({ "allOf": [me] })),
        2 => ("array of self", json!({ "type": "array", "items": me })),
        3 => (
            "required property of itself",
            json!({ "type": "object", "required": ["me"], "properties": { "me": me } }),
        ),
        _ => (
            "map of self",
            json!({ "type": "object", "additionalProperties": me }),
        ),
    };
    spec.pointer_mut("/components/schemas")?
        .as_object_mut()?
        .insert(name.clone(), body);
    Some(format!("{name:?} becomes {shape}"))
}

/// Two new schemas that are pure references to each other, used by an existing property.
pub fn ref_cycle(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let (a, b) = add_cycle(spec, rng)?;
    let maps = sites::property_maps(spec);
    if let Some(at) = pick(rng, &maps).cloned() {
        let map = get_mut(spec, &at)?.as_object_mut()?;
        map.insert("syklus".into(), json!({ "$ref": schema_ref(&a) }));
        return Some(format!("{a:?} <-> {b:?}, used at {}", pointer(&at)));
    }
    Some(format!("{a:?} <-> {b:?}"))
}

/// Adds `A → B → A` (pure `$ref`s) to the components; returns the names.
pub fn add_cycle(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<(String, String)> {
    let root = spec.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    let n = rng.u32(..1000);
    let (a, b) = (format!("SyklusA{n}"), format!("SyklusB{n}"));
    schemas.insert(a.clone(), json!({ "$ref": schema_ref(&b) }));
    schemas.insert(b.clone(), json!({ "$ref": schema_ref(&a) }));
    Some((a, b))
}

pub fn toggle_nullable(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let schemas = sites::schemas(spec);
    let at = pick(rng, &schemas)?.clone();
    let schema = get_mut(spec, &at)?.as_object_mut()?;
    let now = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    schema.insert("nullable".into(), json!(!now));
    Some(format!("nullable {} at {}", !now, pointer(&at)))
}

/// Makes a property required (or not); sometimes requires a property that does not exist.
pub fn toggle_required(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let maps = sites::property_maps(spec);
    let at = pick(rng, &maps)?.clone();
    let keys: Vec<String> = get(spec, &at)?.as_object()?.keys().cloned().collect();
    let name = if rng.usize(..5) == 0 {
        "finnesIkke".to_string()
    } else {
        pick(rng, &keys)?.clone()
    };
    let owner = get_mut(spec, &at[..at.len() - 1])?.as_object_mut()?;
    let required = owner.entry("required").or_insert_with(|| json!([]));
    let list = required.as_array_mut()?;
    let before = list.len();
    list.retain(|v| v.as_str() != Some(name.as_str()));
    let added = list.len() == before;
    if added {
        list.push(json!(name));
    }
    Some(format!(
        "{name:?} {} at {}",
        if added { "required" } else { "optional" },
        pointer(&at)
    ))
}

/// A `oneOf` of named schemas with a discriminator, with or without a mapping (sometimes a wrong one).
pub fn add_discriminator(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let names = sites::named_schemas(spec);
    if names.len() < 2 {
        return None;
    }
    let variants: Vec<String> = (0..rng.usize(2..4))
        .filter_map(|_| pick(rng, &names).cloned())
        .collect();
    let mut discriminator = Map::new();
    discriminator.insert("propertyName".into(), json!("type"));
    let mapping = rng.usize(..3);
    if mapping > 0 {
        let mut map = Map::new();
        for (i, v) in variants.iter().enumerate() {
            let target = if mapping == 2 && i == 0 {
                schema_ref("FinnesIkke")
            } else {
                schema_ref(v)
            };
            map.insert(format!("{v}-{i}"), json!(target));
        }
        discriminator.insert("mapping".into(), Value::Object(map));
    }
    let one_of: Vec<Value> = variants
        .iter()
        .map(|v| json!({ "$ref": schema_ref(v) }))
        .collect();
    let name = format!("Variant{}", rng.u32(..1000));
    spec.pointer_mut("/components/schemas")?
        .as_object_mut()?
        .insert(
            name.clone(),
            json!({ "oneOf": one_of, "discriminator": discriminator }),
        );
    // Used somewhere, so the type is reached.
    if let Some(at) = pick(rng, &sites::property_maps(spec)).cloned() {
        get_mut(spec, &at)?
            .as_object_mut()?
            .insert("variant".into(), json!({ "$ref": schema_ref(&name) }));
    }
    Some(format!(
        "{name:?}: oneOf {variants:?}, mapping {}",
        ["none", "given", "to a missing schema"][mapping]
    ))
}

pub fn date_with_pattern(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let schemas: Vec<_> = sites::schemas(spec)
        .into_iter()
        .filter(|at| get(spec, at).and_then(|s| s.get("type")) == Some(&json!("string")))
        .collect();
    let at = pick(rng, &schemas)?.clone();
    let (format, pattern) = [
        ("date", r"^\d{4}-\d{2}-\d{2}$"),
        ("date-time", r"^\d{4}"),
        ("uuid", "^[a-f0-9-]+$"),
        ("decimal", r"^\d+$"),
        ("date", "(unclosed"),
        ("date", r"\p{Lu}æøå"),
    ][rng.usize(..6)];
    let schema = get_mut(spec, &at)?.as_object_mut()?;
    schema.insert("format".into(), json!(format));
    schema.insert("pattern".into(), json!(pattern));
    Some(format!(
        "format {format} with pattern {pattern:?} at {}",
        pointer(&at)
    ))
}

/// A property whose type is objects in arrays in objects …, up to ~100 levels.
pub fn deep_nesting(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let maps = sites::property_maps(spec);
    let at = pick(rng, &maps)?.clone();
    let depth = rng.usize(2..=100);
    let mut schema = json!({ "type": "string" });
    for level in 0..depth {
        schema = if level % 2 == 0 {
            json!({ "type": "array", "items": schema })
        } else {
            json!({ "type": "object", "properties": { format!("niva{level}"): schema } })
        };
    }
    get_mut(spec, &at)?
        .as_object_mut()?
        .insert("dyp".into(), schema);
    Some(format!("{depth} levels deep at {}", pointer(&at)))
}

pub fn swap_type(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let typed: Vec<_> = sites::schemas(spec)
        .into_iter()
        .filter(|at| get(spec, at).and_then(|s| s.get("type")).is_some())
        .collect();
    let at = pick(rng, &typed)?.clone();
    let new = [
        "string", "integer", "number", "boolean", "object", "array", "null", "strange",
    ][rng.usize(..8)];
    let schema = get_mut(spec, &at)?.as_object_mut()?;
    let old = schema.insert("type".into(), json!(new))?;
    Some(format!("type {old} -> {new:?} at {}", pointer(&at)))
}

/// Properties plus `oneOf: [{required: [a]}, {required: [b]}]`: exactly one of them is given.
pub fn exactly_one_of(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let maps: Vec<_> = sites::property_maps(spec)
        .into_iter()
        .filter(|at| {
            get(spec, at)
                .and_then(Value::as_object)
                .is_some_and(|m| m.len() >= 2)
        })
        .collect();
    let at = pick(rng, &maps)?.clone();
    let keys: Vec<String> = get(spec, &at)?
        .as_object()?
        .keys()
        .take(2)
        .cloned()
        .collect();
    let owner = get_mut(spec, &at[..at.len() - 1])?.as_object_mut()?;
    owner.insert(
        "oneOf".into(),
        json!([{ "required": [keys[0]] }, { "required": [keys[1]] }]),
    );
    Some(format!("exactly one of {keys:?} at {}", pointer(&at)))
}
