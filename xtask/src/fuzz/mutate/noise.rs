//! Noise: hostile text in descriptions, deleted keys, random unicode keys.

use serde_json::{json, Value};

use super::pick;
use crate::fuzz::names::random_unicode;
use crate::fuzz::sites::{self, get_mut, pointer};

/// Texts that have broken doc comments and string literals.
const TEXTS: &[&str] = &[
    "right-to-left \u{202e} override",
    "\u{202e}",
    "- a\n- b\n  - nested\n\n1. one\n2. two",
    "* star\n* list",
    "ends in a backslash \\",
    "*/ /* nested comment",
    "```\nfn broken(\n```",
    "```rust\nlet x = ;\n```",
    "[link]: <broken",
    "<script>alert(1)</script>",
    "\"quoted\" and 'quoted' and `ticks`",
    "#![no_std]",
    "line\r\nwith CR",
    "tab\tand \u{0}nul",
    "{} {:?} {0}",
    "    indented as code\n    fn x()",
    "",
];

pub fn inject_text(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let texts = sites::texts(spec);
    let text = TEXTS[rng.usize(..TEXTS.len())];
    let at = match pick(rng, &texts) {
        Some(at) if rng.usize(..4) > 0 => at.clone(),
        // Or a title/description where there was none.
        _ => {
            let schemas = sites::schemas(spec);
            let mut at = pick(rng, &schemas)?.clone();
            at.push(["title", "description"][rng.usize(..2)].to_string());
            at
        }
    };
    let (owner, key) = at.split_at(at.len() - 1);
    get_mut(spec, owner)?
        .as_object_mut()?
        .insert(key[0].clone(), json!(text));
    Some(format!("text {text:?} at {}", pointer(&at)))
}

pub fn delete_key(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let objects: Vec<_> = sites::all(spec)
        .into_iter()
        .filter(|at| !at.is_empty())
        .collect();
    let at = pick(rng, &objects)?.clone();
    let (owner, key) = at.split_at(at.len() - 1);
    match get_mut(spec, owner)? {
        Value::Object(map) => {
            map.shift_remove(&key[0])?;
        }
        Value::Array(items) => {
            let i: usize = key[0].parse().ok()?;
            items.remove(i);
        }
        _ => return None,
    }
    Some(format!("deleted {}", pointer(&at)))
}

/// Renames a key of a map the spec's author chooses (schemas, properties, paths, responses) to random
/// unicode.
pub fn unicode_key(spec: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let mut maps = sites::property_maps(spec);
    maps.push(vec!["components".into(), "schemas".into()]);
    maps.push(vec!["paths".into()]);
    let at = pick(rng, &maps)?.clone();
    let map = get_mut(spec, &at)?.as_object_mut()?;
    let keys: Vec<String> = map.keys().cloned().collect();
    let old = pick(rng, &keys)?.clone();
    let new = if at == ["paths"] {
        format!("/{}", random_unicode(rng))
    } else {
        random_unicode(rng)
    };
    if map.contains_key(&new) {
        return None;
    }
    let body = map.shift_remove(&old)?;
    map.insert(new.clone(), body);
    if at == ["components", "schemas"] {
        sites::rename_refs(spec, &old, &new);
    }
    Some(format!("key {old:?} -> {new:?} at {}", pointer(&at)))
}
