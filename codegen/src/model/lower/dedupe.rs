//! Identical inline schemas are one type. Real specs repeat the same inline object or enum in many
//! places (GitHub's `state: {enum: [open, closed]}`, 722 inline `[read, write]` permission enums, a
//! `{ url, html_url }` link object in every response); each used to be a type of its own with the same
//! code, which the user cannot pass from one place to another and rustc type-checks again. An inline
//! type that is the same as another type (same shape, same field and variant names and docs) is
//! replaced by that one: by a component schema when one is the same (the spec author's name wins).
//! Merging can make the types that contain the merged ones the same, so it runs until nothing changes.
//! Component schemas are never merged into each other: their names are the spec's.
//!
//! A type kept for several places is never named after one of them, nor documented by one (Stripe's
//! customer `id` was once `AccountCountry`, "The account's country."): it is named by what the places'
//! names have in common (`IssuesListForOrgState` and `PullsListState` → `State`), or else by its shape
//! (`[read, write]` → `ReadOrWrite`, `{url, html_url}` → `UrlAndHtmlUrl`); where neither says
//! something, the places keep types of their own. Its doc is the places' when they all say the same,
//! else none (each field and parameter keeps its own).

use crate::hash::{HashMap, HashSet};
use crate::model::names::type_name;
use crate::model::{Doc, Operation, TypeDef, TypeId, TypeKind};

/// Merges identical inline types of `types`, pointing every reference (in `types` and `operations`)
/// to the one kept, named as the module says (a rename is the kept type's name alone: references hold
/// its id). `reserved`: other names of the module's type namespace
/// (its error enums).
pub(crate) fn merge_identical(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    reserved: &[String],
) {
    let mut taken: HashSet<String> = types.iter().map(|def| def.name.clone()).collect();
    taken.extend(reserved.iter().cloned());
    // Nor a name no type may have, nor one the generated code uses for its own items: only a spec's
    // schema takes those (see `model::own_names`).
    taken.extend(
        super::context::RESERVED_TYPE_NAMES
            .iter()
            .map(|n| n.to_string()),
    );
    taken.extend(crate::model::own_names::OwnName::ALL.map(|own| own.short().to_string()));
    // Kept type → the names of the places it stands for (its own first name among them).
    let mut places: HashMap<TypeId, Vec<String>> = HashMap::default();
    // The groups no name fits: found again each round, not judged again.
    let mut unnamed: HashSet<Vec<TypeId>> = HashSet::default();
    // The shape of each type, hashed once and again only when merging changed it: a round after the
    // first changes few types (GitHub's five rounds hashed 19,600 types' fields and docs, not 7,100).
    let mut shapes: Vec<u64> = types.iter().map(shape_hash).collect();
    loop {
        // Merged type → the type it is merged into.
        let mut merged: HashMap<TypeId, TypeId> = HashMap::default();
        // Kept type → its new name.
        let mut renamed: HashMap<TypeId, String> = HashMap::default();
        let mut undocumented: HashSet<TypeId> = HashSet::default();
        for group in identical(types, &shapes) {
            let kept = &types[group[0]];
            let others = &group[1..];
            if !is_component(kept) {
                let members: Vec<TypeId> = group.iter().map(|&i| types[i].id).collect();
                if unnamed.contains(&members) {
                    continue;
                }
                let names: Vec<String> = group
                    .iter()
                    .flat_map(|&i| {
                        let def = &types[i];
                        places
                            .get(&def.id)
                            .cloned()
                            .unwrap_or_else(|| vec![def.name.clone()])
                    })
                    .collect();
                // Without a name that fits every place, each keeps a type of its own.
                let Some(name) = merged_name(&kept.kind, &names, &mut taken) else {
                    unnamed.insert(members);
                    continue;
                };
                for &i in &group {
                    places.remove(&types[i].id);
                }
                places.insert(kept.id, names);
                if name != kept.name {
                    renamed.insert(kept.id, name);
                }
                if others.iter().any(|&i| types[i].doc != kept.doc) {
                    undocumented.insert(kept.id);
                }
            }
            for &i in others {
                merged.insert(types[i].id, kept.id);
            }
        }
        if merged.is_empty() {
            break;
        }
        let mut kept = types.iter().map(|def| !merged.contains_key(&def.id));
        shapes.retain(|_| kept.next().unwrap_or(true));
        types.retain(|def| !merged.contains_key(&def.id));
        for def in types.iter_mut() {
            if undocumented.contains(&def.id) {
                def.doc = Doc {
                    deprecated: def.doc.deprecated,
                    ..Doc::default()
                };
            }
            if let Some(new) = renamed.remove(&def.id) {
                def.name = new;
            }
        }
        for i in redirect(types, operations, &merged) {
            shapes[i] = shape_hash(&types[i]);
        }
    }
}

/// The name of an inline type kept for the places `names`: what they have in common, else its shape;
/// `None` when neither says something (the places then keep types of their own). A name is claimed
/// in `taken`.
fn merged_name(kind: &TypeKind, names: &[String], taken: &mut HashSet<String>) -> Option<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let common = common_suffix(&words);
    let vague = common.len() == 1 && VAGUE.contains(&common[0]);
    let candidate = common.concat();
    // Words of our own hints for bodies (`GetFooResponseBody`): they say where, not what.
    let op_like = ["Request", "Response", "Body"]
        .iter()
        .any(|word| candidate.ends_with(word));
    let starts_ok = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase());
    let wanted = if !common.is_empty() && !vague && !op_like && starts_ok {
        Some(candidate)
    } else if vague {
        // `…Object` everywhere, of `[list]`: `ListObject` says what it is and where it stands.
        shape_name(kind).map(|shape| {
            if shape.ends_with(common[0]) {
                shape
            } else {
                format!("{shape}{}", common[0])
            }
        })
    } else {
        shape_name(kind)
    }?;
    // A name already given (a component's, another merged type's) gets a number: never another's name.
    // One of the places' own names is free: those types are the one kept.
    let name = std::iter::once(wanted.clone())
        .chain((2..).map(|n| format!("{wanted}{n}")))
        .find(|name| !taken.contains(name) || names.contains(name))?;
    taken.insert(name.clone());
    Some(name)
}

/// A name from the type's own shape: its values (`ReadOrWrite`), variants (`FileOrFolder`) or fields
/// (`UrlAndHtmlUrl`), where there are few enough to read; `None` otherwise.
fn shape_name(kind: &TypeKind) -> Option<String> {
    let (parts, joint): (Vec<String>, &str) = match kind {
        TypeKind::StringEnum { variants } => {
            (variants.iter().map(|v| v.name.clone()).collect(), "Or")
        }
        TypeKind::Union { variants } => (variants.iter().map(|v| v.name.clone()).collect(), "Or"),
        TypeKind::Struct { fields, .. } => {
            (fields.iter().map(|f| type_name(&f.wire)).collect(), "And")
        }
        _ => return None,
    };
    let most = if joint == "Or" { 4 } else { 2 };
    if parts.is_empty() || parts.len() > most {
        return None;
    }
    let name = parts.join(joint);
    (name.len() <= 48).then_some(name)
}

/// Points every reference to a merged type (a key of `merged`) to the type kept for it. Returns the
/// indices of the types that changed.
fn redirect(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    merged: &HashMap<TypeId, TypeId>,
) -> Vec<usize> {
    let mut changed = Vec::new();
    for (i, def) in types.iter_mut().enumerate() {
        let mut any = false;
        for part in def.kind.parts_mut() {
            any |= retarget(part.named_mut(), merged);
        }
        if any {
            changed.push(i);
        }
    }
    for op in operations.iter_mut() {
        for param in &mut op.params {
            retarget(param.ty.named_mut(), merged);
        }
        for content in op.contents_mut() {
            retarget(content.ty.named_mut(), merged);
        }
    }
    changed
}

/// Whether `id` was merged, and now names the type kept for it.
fn retarget(id: Option<&mut TypeId>, merged: &HashMap<TypeId, TypeId>) -> bool {
    let Some(id) = id else {
        return false;
    };
    match merged.get(id) {
        Some(kept) => {
            *id = *kept;
            true
        }
        None => false,
    }
}

/// Words that say nothing alone: a type is not named by one of them.
const VAGUE: &[&str] = &[
    "Item", "Items", "Inner", "Value", "Values", "Variant", "Type", "Data", "Object", "Body",
    "Result", "Error", "Option", "String", "Vec", "Box", "Self", "List", "Info", "Details",
    "Content", "From", "To",
];

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

/// The shape of a type, without its name: its kind (fields, variants, their docs). Not the type's own
/// doc: an inline schema's description is its field's or parameter's, which stays there.
fn shape(def: &TypeDef) -> (&TypeKind, bool) {
    (&def.kind, def.doc.deprecated)
}

fn shape_hash(def: &TypeDef) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(shape(def))
}

/// A type's shape with its hash worked out before.
struct Shape<'t> {
    hash: u64,
    shape: (&'t TypeKind, bool),
}

impl std::hash::Hash for Shape<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.shape == other.shape
    }
}

impl Eq for Shape<'_> {}

/// The groups of types with one shape, each as indices into `types` (`shapes` are the hashes of their
/// shapes): the one to keep first (a component when one has the shape), then the inline ones to merge
/// into it. Groups of one are left out.
fn identical(types: &[TypeDef], shapes: &[u64]) -> Vec<Vec<usize>> {
    let key = |i: usize| Shape {
        hash: shapes[i],
        shape: shape(&types[i]),
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<Shape, usize> =
        HashMap::with_capacity_and_hasher(types.len(), Default::default());
    // Components first, so an inline type the same as a component becomes the component; a
    // component is never merged into another.
    let components =
        (0..types.len()).filter(|&i| types[i].shared.is_none() && is_component(&types[i]));
    let inline =
        (0..types.len()).filter(|&i| types[i].shared.is_none() && !is_component(&types[i]));
    for i in components.chain(inline) {
        match by_key.get(&key(i)) {
            Some(&group) if !is_component(&types[i]) => groups[group].push(i),
            Some(_) => {}
            None => {
                by_key.insert(key(i), groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups.retain(|group| group.len() > 1);
    groups
}
