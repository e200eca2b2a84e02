//! Identical inline schemas are one type. Real specs repeat the same inline object or enum in many
//! places (GitHub's `state: {enum: [open, closed]}`, a `{ url, html_url }` link object in every
//! response); each used to be a type of its own with the same code, which the user cannot pass from
//! one place to another and rustc type-checks again. An inline type that is the same as another type
//! (same shape, same field and variant names and docs) is replaced by that one: by a component
//! schema when one is the same (the spec author's name wins), else by the first in the spec's order.
//! Merging can make the types that contain the merged ones the same, so it runs until nothing changes.
//! Component schemas are never merged into each other: their names are the spec's.
//!
//! An inline type kept for several places is named by what their names have in common
//! (`IssuesListForOrgState` and `PullsListState` → `State`), where that name is free and says
//! something; else it keeps the first name.

use std::collections::HashMap;

use crate::model::{Operation, TypeDef, TypeKind};

/// Merges identical inline types of `types`, pointing every reference (in `types` and `operations`)
/// to the one kept, then names each kept type by what its places have in common. `reserved`: other
/// names of the module's type namespace (its error enums).
pub(crate) fn merge_identical(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    reserved: &[String],
) {
    // Kept type → the names of the types merged into it.
    let mut absorbed: HashMap<String, Vec<String>> = HashMap::new();
    loop {
        let merged = identical(types);
        if merged.is_empty() {
            break;
        }
        for (gone, kept) in &merged {
            let mut names = absorbed.remove(gone).unwrap_or_default();
            names.push(gone.clone());
            absorbed.entry(kept.clone()).or_default().extend(names);
        }
        types.retain(|def| !merged.contains_key(&def.name));
        redirect(types, operations, &merged);
    }
    let renamed = common_names(types, &absorbed, reserved);
    for def in types.iter_mut() {
        if let Some(new) = renamed.get(&def.name) {
            def.name = new.clone();
        }
    }
    redirect(types, operations, &renamed);
}

/// Points every reference to a name of `renames` to its new name.
fn redirect(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    renames: &HashMap<String, String>,
) {
    if renames.is_empty() {
        return;
    }
    for def in types.iter_mut() {
        for part in def.kind.parts_mut() {
            rename(part.named_mut(), renames);
        }
    }
    for op in operations.iter_mut() {
        for param in &mut op.params {
            rename(param.ty.named_mut(), renames);
        }
        if let Some(body) = &mut op.body {
            rename(body.content.ty.named_mut(), renames);
        }
        for response in &mut op.responses {
            if let Some(content) = &mut response.content {
                rename(content.ty.named_mut(), renames);
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

/// Words that say nothing alone: a type is not renamed to one of them.
const VAGUE: &[&str] = &[
    "Item", "Items", "Inner", "Value", "Values", "Variant", "Type", "Data", "Object", "Body",
    "Result", "Error", "Option", "String", "Vec", "Box", "Self", "List", "Info", "Details",
    "Content",
];

/// Kept inline type → the name its places have in common, where that is free and not vague.
fn common_names(
    types: &[TypeDef],
    absorbed: &HashMap<String, Vec<String>>,
    reserved: &[String],
) -> HashMap<String, String> {
    let mut taken: std::collections::HashSet<&str> =
        types.iter().map(|def| def.name.as_str()).collect();
    taken.extend(reserved.iter().map(String::as_str));
    // Nor a name no type may have, nor one the generated code uses for its own items: only a spec's
    // schema takes those (see `model::own_names`).
    taken.extend(super::context::RESERVED_TYPE_NAMES.iter().copied());
    taken.extend(crate::model::own_names::OwnName::ALL.map(|own| own.short()));
    let mut kept: Vec<(&String, &Vec<String>)> = absorbed
        .iter()
        .filter(|(name, _)| taken.contains(name.as_str()))
        .collect();
    // The type used in the most places gets a name two would want; then the spec's order decides.
    let order: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.as_str(), i))
        .collect();
    kept.sort_by_key(|(name, others)| {
        (
            std::cmp::Reverse(others.len()),
            order.get(name.as_str()).copied().unwrap_or(usize::MAX),
        )
    });
    let mut renames = HashMap::new();
    let mut claimed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (name, others) in kept {
        let Some(def) = types.iter().find(|def| &def.name == name) else {
            continue;
        };
        if is_component(def) {
            continue;
        }
        let words: Vec<Vec<&str>> = std::iter::once(name.as_str())
            .chain(others.iter().map(String::as_str))
            .map(camel_words)
            .collect();
        let common = common_suffix(&words);
        let shorter = common.len() < camel_words(name).len();
        let candidate = common.concat();
        let vague = common.len() == 1 && VAGUE.contains(&common[0]);
        let op_like = candidate.ends_with("Request") || candidate.ends_with("Response");
        let starts_ok = candidate
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase());
        if shorter
            && !vague
            && !op_like
            && starts_ok
            && !taken.contains(candidate.as_str())
            && claimed.insert(candidate.clone())
        {
            renames.insert(name.clone(), candidate);
        }
    }
    renames
}

/// `IssuesListForOrgState` → `[Issues, List, For, Org, State]`.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// The words every list ends with.
fn common_suffix<'a>(lists: &[Vec<&'a str>]) -> Vec<&'a str> {
    let Some(first) = lists.first() else {
        return Vec::new();
    };
    let mut n = 0;
    while n < first.len()
        && lists.iter().all(|words| {
            words.len() > n && words[words.len() - 1 - n] == first[first.len() - 1 - n]
        })
    {
        n += 1;
    }
    first[first.len() - n..].to_vec()
}

/// A component schema (`/components/schemas/<name>`), as opposed to an inline one.
fn is_component(def: &TypeDef) -> bool {
    def.pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Inline type → the type it is the same as.
fn identical(types: &[TypeDef]) -> HashMap<String, String> {
    // The shape of a type, without its name: its kind (fields, variants, their docs). Not the type's own doc: an inline schema's description is its field's or
    // parameter's, which stays there. A type that names itself keeps its name in the key, so it is
    // merged only with itself.
    fn key(def: &TypeDef) -> (&TypeKind, bool) {
        (&def.kind, def.doc.deprecated)
    }
    let mut first: HashMap<(&TypeKind, bool), &str> = HashMap::with_capacity(types.len());
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
