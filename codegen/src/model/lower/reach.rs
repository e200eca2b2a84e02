//! Which types a module generates, and behind which Cargo features.
//!
//! A module's types are those its operations reach: through their parameters, request bodies, responses
//! and the responses' headers, and from there through every type reference (fields, variants, an
//! alias's target) and every `$ref` of a component schema (an `allOf` member merged into its parent is
//! still reached). Kept besides, with every type they reach:
//!
//! - every schema of a folder without operations (a shared folder's library of types);
//! - the schemas another module of the run uses (a shared type is defined where it is written);
//! - a schema with `x-codegen-keep: true`, and every schema of a document whose root has
//!   `x-codegen-keep-all-schemas: true`.
//!
//! The component schemas dropped are one informational diagnostic per folder (`unused-schemas`).
//!
//! Tags: in a module whose operations carry more than one tag, each tag is a Cargo feature
//! (`tag-<module>-<tag>`, kebab case), and so are the operations without a tag together
//! (`tag-<module>-untagged`, with a tag the spec calls `untagged` if it has one). An operation is
//! compiled with any of its tags' features; a type with any feature of the operations that reach it,
//! however many (the emitters put the items of one set of features in one module under one `cfg`, a
//! file of its own that a build without them does not read). A type reached by every feature, or
//! kept by the rules above, is always compiled (no features). A discriminator's `mapping` reaches
//! nothing of its own (see `walk`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::Warning;
use crate::hash::HashMap;
use crate::load::pointer;
use crate::load::spec::{percent_decode, Spec};
use crate::model::names::snake_name;
use crate::model::{Model, Operation, TypeId, TypeRef};
use crate::settings::Layout;

/// The extension on a schema that keeps it when no operation uses it.
pub const KEEP: &str = "x-codegen-keep";
/// The extension on the document root that keeps every component schema.
pub const KEEP_ALL: &str = "x-codegen-keep-all-schemas";

/// What the lowering of one folder knows of reachability that the model does not say: the component
/// schemas each operation's document names, the `$ref`s between component schemas, and which schemas
/// the spec asks to keep. By the types' ids.
#[derive(Debug, Default)]
pub(crate) struct Roots {
    /// The spec file, for the diagnostic.
    pub file: PathBuf,
    /// Per operation (in the order of `Service::operations`), the component types its document names.
    pub operations: Vec<BTreeSet<TypeId>>,
    /// Component type → the component types its schema names with `$ref` (deep, e.g. `allOf` members).
    pub refs: HashMap<TypeId, BTreeSet<TypeId>>,
    /// The types kept whether or not an operation reaches them.
    pub kept: BTreeSet<TypeId>,
    /// The component types, to count the dropped ones.
    pub components: BTreeSet<TypeId>,
}

/// The [`Roots`] of one spec: `names` maps component keys to their types' ids, `externs` are the component
/// keys mapped to types of existing code (not generated, so neither reached nor followed: what their
/// schemas name is not needed for them); `operations` lists each operation's JSON pointer and its path
/// item's, in the order the operations were lowered.
pub(crate) fn roots<T>(
    file: PathBuf,
    spec: &Spec,
    (names, externs): (&HashMap<String, TypeId>, &HashMap<String, T>),
    operations: &[(String, String)],
) -> Roots {
    let refs = Refs { names, externs };
    let raw = &spec.raw;
    let keep_all = raw.get(KEEP_ALL).and_then(Value::as_bool) == Some(true);
    let schemas = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut roots = Roots {
        file,
        ..Roots::default()
    };
    for (key, schema) in schemas.into_iter().flatten() {
        let Some(&id) = names.get(key) else {
            continue;
        };
        roots.components.insert(id);
        let keep = schema.get(KEEP).and_then(Value::as_bool) == Some(true);
        if keep_all || keep || operations.is_empty() {
            roots.kept.insert(id);
        }
        let mut found = BTreeSet::new();
        walk(raw, schema, &refs, &mut found, false);
        found.remove(&id);
        roots.refs.insert(id, found);
    }
    for (op, path_item) in operations {
        let mut found = BTreeSet::new();
        if let Some(value) = pointer::get(raw, op) {
            walk(raw, value, &refs, &mut found, true);
        }
        if let Some(value) = pointer::get(raw, &format!("{path_item}/parameters")) {
            walk(raw, value, &refs, &mut found, true);
        }
        roots.operations.push(found);
    }
    roots
}

/// What a `$ref` to a component schema is: a generated type, or a type of existing code.
struct Refs<'a, T> {
    names: &'a HashMap<String, TypeId>,
    externs: &'a HashMap<String, T>,
}

/// The component schema key a `$ref` names, unescaped (a copy only when there is an escape).
fn component_key(reference: &str) -> Option<Cow<'_, str>> {
    let key = reference.strip_prefix("#/components/schemas/")?;
    if key.contains('%') {
        return Some(Cow::Owned(
            pointer::unescape(&percent_decode(key)).into_owned(),
        ));
    }
    Some(pointer::unescape(key))
}

/// Collects the component schemas `value` names with `$ref` into `found`.
/// With `follow`, other `$ref`s (to `components/responses`, `parameters`, `headers`, …) are followed;
/// component schemas are not entered (their own references are [`Roots::refs`]).
fn walk<T>(raw: &Value, value: &Value, refs: &Refs<T>, found: &mut BTreeSet<TypeId>, follow: bool) {
    let mut pending = vec![value];
    let mut followed: BTreeSet<String> = BTreeSet::new();
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                let reference = pointer::field(value, "$ref").and_then(Value::as_str);
                if let Some(reference) = reference {
                    let component = component_key(reference);
                    let component = component.as_deref();
                    if let Some(id) = component.and_then(|key| refs.names.get(key)) {
                        found.insert(*id);
                    } else if component.is_some_and(|key| refs.externs.contains_key(key)) {
                        // Not generated: nothing it names is needed for it.
                    } else if let (true, Some(at)) = (follow, reference.strip_prefix('#')) {
                        if followed.insert(at.to_string()) {
                            let target = pointer::get(raw, at)
                                .or_else(|| pointer::get(raw, &percent_decode(at)));
                            pending.extend(target);
                        }
                    }
                }
                for (key, child) in map {
                    match key.as_str() {
                        // Not generated, or not schemas. A discriminator's `mapping` names
                        // schemas the model uses only as the variants of a `oneOf`/`anyOf`, which
                        // are its members (found as `$ref`s) or, when the mapping names another, the
                        // enum's own parts. On a base schema (`allOf` inheritance: Graph's
                        // `microsoft.graph.entity` maps 653 subtypes) the generated struct names none
                        // of them: followed, every tag reaching an entity would reach most of the API.
                        "callbacks" | "example" | "examples" | "links" | "mapping" => {}
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}

/// The Cargo feature of a tag of `module` (`tag-github-repos`): kebab case, ASCII letters and digits
/// only (æ, ø, å as `model::names` writes them), as Cargo wants feature names.
pub fn tag_feature(module: &str, tag: &str) -> String {
    let tag = match kebab(tag) {
        tag if tag.is_empty() => "tag".to_string(),
        tag => tag,
    };
    format!("{}{tag}", tag_feature_prefix(module))
}

/// What the operations without a tag are called where a tag's name is asked for: their feature is
/// `tag-<module>-untagged`, shared with a tag the spec calls that, and `--tag untagged` selects them.
pub const UNTAGGED: &str = "untagged";

/// The feature of the operations of `module` that have no tag (`tag-<module>-untagged`).
pub fn untagged_feature(module: &str) -> String {
    tag_feature(module, UNTAGGED)
}

/// What every tag feature of `module` starts with (`tag-github-`): the rest is the tag.
pub fn tag_feature_prefix(module: &str) -> String {
    format!("tag-{}-", kebab(module))
}

fn kebab(text: &str) -> String {
    let words = snake_name(text);
    let words = words.split(|c: char| !c.is_ascii_alphanumeric());
    words
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Drops from each module the types no operation reaches (see the module documentation) and sets the
/// features of operations and types; one `unused-schemas` note per module that dropped some.
pub(crate) fn prune(model: &mut Model, roots: &BTreeMap<String, Roots>, notes: &mut Vec<Warning>) {
    // The types of each module other modules use (shared types), found until nothing is added: a module
    // keeps what it is asked for, which may ask more of another.
    let mut demanded: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut reached: BTreeMap<String, Reached> = BTreeMap::new();
    loop {
        reached.clear();
        for api in &model.apis {
            let (Some(service), Some(roots)) = (&api.service, roots.get(&api.module)) else {
                continue;
            };
            let extra = demanded.get(&api.module).cloned().unwrap_or_default();
            reached.insert(
                api.module.clone(),
                reach(
                    &api.module,
                    &service.operations,
                    &service.types,
                    roots,
                    &extra,
                ),
            );
        }
        let mut more = false;
        for api in &model.apis {
            let (Some(service), Some(found)) = (&api.service, reached.get(&api.module)) else {
                continue;
            };
            for def in &service.types {
                let (Some(shared), true) = (&def.shared, found.types.contains_key(&def.id)) else {
                    continue;
                };
                more |= demanded
                    .entry(shared.module.clone())
                    .or_default()
                    .insert(shared.name.clone());
            }
        }
        if !more {
            break;
        }
    }
    for api in &mut model.apis {
        let (Some(service), Some(found), Some(roots)) = (
            &mut api.service,
            reached.remove(&api.module),
            roots.get(&api.module),
        ) else {
            continue;
        };
        let dropped: Vec<&String> = service
            .types
            .iter()
            .filter(|def| roots.components.contains(&def.id) && !found.types.contains_key(&def.id))
            .map(|def| &def.name)
            .collect();
        if !dropped.is_empty() {
            let n = dropped.len();
            let examples: Vec<String> = dropped.iter().take(3).map(|n| format!("`{n}`")).collect();
            let more = if n > 3 { ", …" } else { "" };
            notes.push(Warning::info(
                &roots.file,
                "/components/schemas",
                "unused-schemas",
                format!(
                    "{n} component schema{} no operation uses {} not generated ({}{more}); keep them with `{KEEP}: true` on the schema or `{KEEP_ALL}: true` on the document",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                    examples.join(", ")
                ),
            ));
        }
        service
            .types
            .retain(|def| found.types.contains_key(&def.id));
        // Files included into another crate have no crate of their own to have features: the tags
        // are chosen when generating (`Settings::tags`), and what is generated is compiled.
        let gated = model.root.layout == Layout::Crate;
        for def in &mut service.types {
            def.features = if gated {
                Arc::clone(&found.types[&def.id])
            } else {
                Arc::default()
            };
        }
        for (op, features) in service.operations.iter_mut().zip(found.operations) {
            op.features = if gated { features } else { Vec::new() };
        }
        service.features = if gated { found.features } else { Vec::new() };
    }
}

/// What one module reaches.
struct Reached {
    /// Every kept type → the features it is compiled with (empty: always).
    types: HashMap<TypeId, Arc<[String]>>,
    /// Each operation's features (empty: always).
    operations: Vec<Vec<String>>,
    /// Every tag feature of the module, sorted.
    features: Vec<String>,
}

fn reach(
    module: &str,
    operations: &[Operation],
    types: &[crate::model::TypeDef],
    roots: &Roots,
    demanded: &BTreeSet<String>,
) -> Reached {
    let index: HashMap<TypeId, usize> = types.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let parts = def.kind.parts().into_iter().filter_map(TypeRef::named);
            let refs = roots.refs.get(&def.id).into_iter().flatten().copied();
            let mut out: Vec<usize> = parts
                .chain(refs)
                .filter_map(|id| index.get(&id).copied())
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let closure = |start: &mut dyn Iterator<Item = TypeId>| -> Vec<usize> {
        let mut seen = vec![false; types.len()];
        let mut stack: Vec<usize> = start.filter_map(|id| index.get(&id).copied()).collect();
        let mut out = Vec::new();
        while let Some(node) = stack.pop() {
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            out.push(node);
            stack.extend(edges[node].iter().copied().filter(|&n| !seen[n]));
        }
        out
    };

    let tags: BTreeSet<&str> = operations
        .iter()
        .flat_map(|op| &op.tags)
        .map(String::as_str)
        .collect();
    let tagged = tags.len() > 1;
    let mut all_features: BTreeSet<String> = BTreeSet::new();
    if tagged {
        all_features.extend(tags.iter().map(|t| tag_feature(module, t)));
    }
    // The operations without a tag have a feature of their own: were they always compiled, Graph's
    // 1,483 (its `$count` endpoints) would cost a build of one tag as much as all of GitHub's.
    let untagged = (tagged && operations.iter().any(|op| op.tags.is_empty()))
        .then(|| untagged_feature(module));
    all_features.extend(untagged.clone());
    let all_features: Vec<String> = all_features.into_iter().collect();
    let op_features: Vec<Vec<String>> = operations
        .iter()
        .map(|op| {
            if !tagged {
                return Vec::new();
            }
            if op.tags.is_empty() {
                return untagged.iter().cloned().collect();
            }
            let set: BTreeSet<String> = op.tags.iter().map(|t| tag_feature(module, t)).collect();
            set.into_iter().collect()
        })
        .collect();

    // The roots of what is always compiled (kept, demanded by other modules, reached by an operation
    // of a module without tag features), and of each tag feature. One walk each, not one per
    // operation: a walk costs the module's types, so per operation it was quadratic.
    // Other modules ask for a shared type by the name it is re-exported under, its name here.
    let demanded = types
        .iter()
        .filter(|def| demanded.contains(&def.name))
        .map(|def| def.id);
    let mut always: Vec<TypeId> = roots.kept.iter().copied().chain(demanded).collect();
    let mut by_feature: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let mut start: Vec<TypeId> = Vec::new();
        let refs = op
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(op.contents().map(|content| &content.ty));
        start.extend(refs.filter_map(TypeRef::named));
        if let Some(named) = roots.operations.get(i) {
            start.extend(named.iter().copied());
        }
        if op_features[i].is_empty() {
            always.extend(start);
        } else {
            for feature in &op_features[i] {
                by_feature
                    .entry(feature.as_str())
                    .or_default()
                    .extend(start.iter().copied());
            }
        }
    }
    // `None`: not reached; `Some(None)`: always; `Some(Some(bits))`: with any of the features whose
    // bits are set (a bit per feature of `all_features`: Graph's types are reached by hundreds of its
    // 418 tags, a set of names each was a tenth of the generator's memory).
    let words = all_features.len().div_ceil(64).max(1);
    let mut found: Vec<Option<Option<Vec<u64>>>> = vec![None; types.len()];
    for node in closure(&mut always.into_iter()) {
        found[node] = Some(None);
    }
    for (feature, start) in by_feature {
        let Ok(bit) = all_features.binary_search_by(|f| f.as_str().cmp(feature)) else {
            continue;
        };
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        for node in closure(&mut start.into_iter()) {
            match &mut found[node] {
                Some(None) => {}
                Some(Some(bits)) => bits[word] |= mask,
                slot => {
                    let mut bits = vec![0; words];
                    bits[word] |= mask;
                    *slot = Some(Some(bits));
                }
            }
        }
    }
    // The types of one set of features share its list.
    let mut interned: HashMap<Vec<u64>, Arc<[String]>> = HashMap::default();
    let mut features_of = |bits: Vec<u64>| -> Arc<[String]> {
        let count: u32 = bits.iter().map(|word| word.count_ones()).sum();
        if count as usize >= all_features.len() {
            // Every tag: always compiled.
            return Arc::default();
        }
        let list = interned.entry(bits).or_insert_with_key(|bits| {
            let on = |i: usize| bits[i / 64] >> (i % 64) & 1 == 1;
            all_features
                .iter()
                .enumerate()
                .filter(|(i, _)| on(*i))
                .map(|(_, feature)| feature.clone())
                .collect()
        });
        Arc::clone(list)
    };
    let types = types
        .iter()
        .zip(found)
        .filter_map(|(def, found)| {
            let features = match found? {
                Some(bits) => features_of(bits),
                None => Arc::default(),
            };
            Some((def.id, features))
        })
        .collect();
    Reached {
        types,
        operations: op_features,
        features: all_features,
    }
}

#[cfg(test)]
mod tests {
    use super::{tag_feature, untagged_feature};

    #[test]
    fn the_operations_without_a_tag_are_a_feature_as_a_tag_is() {
        assert_eq!(untagged_feature("x"), "tag-x-untagged");
        // A tag the spec calls that shares it.
        assert_eq!(untagged_feature("x"), tag_feature("x", "Untagged"));
    }

    #[test]
    fn tag_features_are_ascii_kebab_case() {
        assert_eq!(tag_feature("github", "repos"), "tag-github-repos");
        assert_eq!(
            tag_feature("github", "code-scanning"),
            "tag-github-code-scanning"
        );
        assert_eq!(
            tag_feature("innrapportering_oppdrag", "Innsending"),
            "tag-innrapportering-oppdrag-innsending"
        );
        assert_eq!(
            tag_feature("x", "Oppdrag på Ærø"),
            "tag-x-oppdrag-paa-aeroe"
        );
        assert_eq!(tag_feature("x", "type"), "tag-x-type");
        assert_eq!(tag_feature("x", "Users / Admin"), "tag-x-users-admin");
        // Nothing of it is ASCII: `model::names` calls it `value`.
        assert_eq!(tag_feature("x", "日本"), "tag-x-value");
    }
}
