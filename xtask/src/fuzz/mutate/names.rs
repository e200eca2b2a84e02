//! Renames to awkward or colliding names: schemas, properties, operationIds, enum values.

use serde_json::{json, Value};

use super::pick;
use crate::fuzz::names::{awkward_or_colliding, colliding, AWKWARD};
use crate::fuzz::sites::{self, get, get_mut, pointer};

pub fn rename_schema(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let names = sites::named_schemas(spec);
    let old = pick(rng, &names)?.clone();
    let new = awkward_or_colliding(rng, &old);
    let schemas = spec.pointer_mut("/components/schemas")?.as_object_mut()?;
    if schemas.contains_key(&new) {
        return None;
    }
    let body = schemas.shift_remove(&old)?;
    schemas.insert(new.clone(), body);
    sites::rename_refs(spec, &old, &new);
    Some(format!("schema {old:?} -> {new:?}"))
}

/// A second schema whose name differs from an existing one only in case or separators.
pub fn add_colliding_schema(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let names = sites::named_schemas(spec);
    let old = pick(rng, &names)?.clone();
    let variants = colliding(&old);
    let new = pick(rng, &variants)?.clone();
    let schemas = spec.pointer_mut("/components/schemas")?.as_object_mut()?;
    if schemas.contains_key(&new) {
        return None;
    }
    let copy = schemas.get(&old)?.clone();
    schemas.insert(new.clone(), copy);
    Some(format!("schema {new:?} next to {old:?}"))
}

pub fn rename_property(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let maps = sites::property_maps(spec);
    let at = pick(rng, &maps)?.clone();
    let map = get(spec, &at)?.as_object()?;
    let keys: Vec<String> = map.keys().cloned().collect();
    let old = pick(rng, &keys)?.clone();
    let new = awkward_or_colliding(rng, &old);
    if map.contains_key(&new) {
        return None;
    }
    let map = get_mut(spec, &at)?.as_object_mut()?;
    let body = map.shift_remove(&old)?;
    map.insert(new.clone(), body);
    // Keep `required` naming the property.
    let owner = get_mut(spec, &at[..at.len() - 1])?;
    if let Some(Value::Array(required)) = owner.get_mut("required") {
        for name in required.iter_mut() {
            if name.as_str() == Some(old.as_str()) {
                *name = json!(new);
            }
        }
    }
    Some(format!("property {old:?} -> {new:?} at {}", pointer(&at)))
}

/// Siblings `a-b`, `a_b`, `aB` and the like: properties that become the same field name.
pub fn add_colliding_property(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let maps = sites::property_maps(spec);
    let at = pick(rng, &maps)?.clone();
    let map = get_mut(spec, &at)?.as_object_mut()?;
    let keys: Vec<String> = map.keys().cloned().collect();
    let old = pick(rng, &keys)?.clone();
    let variants = colliding(&old);
    let new = pick(rng, &variants)?.clone();
    if map.contains_key(&new) {
        return None;
    }
    let copy = map.get(&old)?.clone();
    map.insert(new.clone(), copy);
    Some(format!(
        "property {new:?} next to {old:?} at {}",
        pointer(&at)
    ))
}

pub fn rename_operation_id(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    let at = pick(rng, &ops)?.clone();
    let op = get_mut(spec, &at)?.as_object_mut()?;
    let old = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or("op")
        .to_string();
    let new = awkward_or_colliding(rng, &old);
    op.insert("operationId".into(), json!(new));
    Some(format!(
        "operationId {old:?} -> {new:?} at {}",
        pointer(&at)
    ))
}

/// Two operations with the same operationId (or the same after case conversion).
pub fn duplicate_operation_id(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    if ops.len() < 2 {
        return None;
    }
    let from = pick(rng, &ops)?.clone();
    let to = pick(rng, &ops)?.clone();
    if from == to {
        return None;
    }
    let id = get(spec, &from)?.get("operationId")?.as_str()?.to_string();
    let new = if rng.bool() {
        id.clone()
    } else {
        pick(rng, &colliding(&id))?.clone()
    };
    get_mut(spec, &to)?
        .as_object_mut()?
        .insert("operationId".into(), json!(new));
    Some(format!(
        "operationId {new:?} at {} (as {id:?})",
        pointer(&to)
    ))
}

/// An operation `x` and another `call_x`, the name the generated code may use for its helper.
pub fn call_x_next_to_x(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let ops = sites::operations(spec);
    if ops.len() < 2 {
        return None;
    }
    let (a, b) = (pick(rng, &ops)?.clone(), pick(rng, &ops)?.clone());
    if a == b {
        return None;
    }
    let base = ["x", "router", "new", "client", "errorRoles"][rng.usize(..5)];
    let prefix = ["call_", "handle_", "route_", "", "try_"][rng.usize(..5)];
    get_mut(spec, &a)?
        .as_object_mut()?
        .insert("operationId".into(), json!(base));
    get_mut(spec, &b)?
        .as_object_mut()?
        .insert("operationId".into(), json!(format!("{prefix}{base}")));
    Some(format!("operationIds {base:?} and \"{prefix}{base}\""))
}

/// An enum value that is awkward, or collides with another value of the same enum.
pub fn awkward_enum_value(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let enums = sites::enums(spec);
    let at = pick(rng, &enums)?.clone();
    let values = get_mut(spec, &at)?.as_array_mut()?;
    let existing: Vec<String> = values
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let new = match pick(rng, &existing) {
        Some(old) if rng.bool() => pick(rng, &colliding(old))?.clone(),
        _ => AWKWARD[rng.usize(..AWKWARD.len())].to_string(),
    };
    if rng.bool() && !values.is_empty() {
        let i = rng.usize(..values.len());
        values[i] = json!(new);
    } else {
        values.push(json!(new));
    }
    Some(format!("enum value {new:?} at {}", pointer(&at)))
}
