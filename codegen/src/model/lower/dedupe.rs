//! Identical inline schemas are one type. Real specs repeat the same inline object or enum in many
//! places (GitHub's `state: {enum: [open, closed]}`, a `{ url, html_url }` link object in every
//! response); each used to be a type of its own with the same code, which the user cannot pass from
//! one place to another and rustc type-checks again. An inline type that is the same as another type
//! (same shape, same field and variant names, same docs) is replaced by that one: by a component
//! schema when one is the same (the spec author's name wins), else by the first in the spec's order.
//! Merging can make the types that contain the merged ones the same, so it runs until nothing changes.
//! Component schemas are never merged into each other: their names are the spec's.

use std::collections::HashMap;

use crate::model::{Operation, TypeDef};

/// Merges identical inline types of `types`, pointing every reference (in `types` and `operations`)
/// to the one kept. Returns how many types were merged away.
pub(crate) fn merge_identical(types: &mut Vec<TypeDef>, operations: &mut [Operation]) -> usize {
    let mut merged = 0;
    loop {
        let renames = identical(types);
        if renames.is_empty() {
            return merged;
        }
        merged += renames.len();
        types.retain(|def| !renames.contains_key(&def.name));
        for def in types.iter_mut() {
            for part in def.kind.parts_mut() {
                rename(part.named_mut(), &renames);
            }
        }
        for op in operations.iter_mut() {
            for param in &mut op.params {
                rename(param.ty.named_mut(), &renames);
            }
            if let Some(body) = &mut op.body {
                rename(body.content.ty.named_mut(), &renames);
            }
            for response in &mut op.responses {
                if let Some(content) = &mut response.content {
                    rename(content.ty.named_mut(), &renames);
                }
            }
        }
    }
}

fn rename(name: Option<&mut String>, renames: &HashMap<String, String>) {
    if let Some(name) = name {
        if let Some(kept) = renames.get(name.as_str()) {
            *name = kept.clone();
        }
    }
}

/// A component schema (`/components/schemas/<name>`), as opposed to an inline one.
fn is_component(def: &TypeDef) -> bool {
    def.pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Inline type → the type it is the same as.
fn identical(types: &[TypeDef]) -> HashMap<String, String> {
    // The shape of a type, without its name: its kind and its docs, as the model prints them. A type
    // that names itself keeps its name in the key, so it is merged only with itself.
    let key = |def: &TypeDef| format!("{:?}|{:?}", def.kind, def.doc);
    let mut first: HashMap<String, &str> = HashMap::with_capacity(types.len());
    // Components first, so an inline type the same as a component becomes the component.
    let ordered = types
        .iter()
        .filter(|def| def.shared.is_none() && is_component(def))
        .chain(
            types
                .iter()
                .filter(|def| def.shared.is_none() && !is_component(def)),
        );
    let mut renames = HashMap::new();
    for def in ordered {
        match first.entry(key(def)) {
            std::collections::hash_map::Entry::Occupied(kept) => {
                if !is_component(def) {
                    renames.insert(def.name.clone(), kept.get().to_string());
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(&def.name);
            }
        }
    }
    renames
}
