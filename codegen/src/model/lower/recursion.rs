//! Recursive types, resolved once over the finished types of an API:
//!
//! - aliases on a cycle of aliases (`type Tre = Vec<Tre>;`, which Rust refuses) become newtypes
//!   (`struct Tre(Vec<Tre>)`); a cycle of bare `$ref`s that never reaches a schema has no type at all
//!   and becomes `serde_json::Value`, with a warning;
//! - a field, variant or newtype that holds a type on its own cycle without a `Vec` or map in between
//!   would make the type infinitely large, so it is boxed.
//!
//! Both use the strongly connected components of the type graph, computed iteratively.

use crate::diagnostic::Warning;
use crate::hash::HashMap;
use crate::model::graph::{components, on_cycle};
use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

pub(crate) fn resolve(types: &mut [TypeDef], file: &std::path::Path, warnings: &mut Vec<Warning>) {
    break_alias_cycles(types, file, warnings);
    box_recursive_parts(types);
}

fn index_of(types: &[TypeDef]) -> HashMap<TypeId, usize> {
    types.iter().enumerate().map(|(i, t)| (t.id, i)).collect()
}

fn break_alias_cycles(types: &mut [TypeDef], file: &std::path::Path, warnings: &mut Vec<Warning>) {
    let index = index_of(types);
    let is_alias = |i: usize| matches!(types[i].kind, TypeKind::Alias { .. });
    // Edges from an alias to the aliases its target names, through arrays and maps too.
    let edges: Vec<Vec<usize>> = (0..types.len())
        .map(|i| match &types[i].kind {
            TypeKind::Alias { target } => target
                .named()
                .and_then(|id| index.get(&id).copied())
                .filter(|&j| is_alias(j))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = components(&edges);
    let cyclic = on_cycle(&edges, &component);
    // A cycle of aliases each of which is just another name has no concrete type anywhere.
    let mut has_container: HashMap<usize, bool> = HashMap::default();
    for i in (0..types.len()).filter(|&i| cyclic[i]) {
        let container = matches!(
            &types[i].kind,
            TypeKind::Alias {
                target: TypeRef::Array(_) | TypeRef::Map(_)
            }
        );
        *has_container.entry(component[i]).or_default() |= container;
    }
    for i in (0..types.len()).filter(|&i| cyclic[i]) {
        let TypeKind::Alias { target } = &types[i].kind else {
            continue;
        };
        types[i].kind = if has_container[&component[i]] {
            TypeKind::Newtype {
                target: target.clone(),
                boxed: false,
            }
        } else {
            warnings.push(Warning::new(
                file,
                &types[i].pointer,
                "ref-cycle-without-type",
                format!(
                    "`{}` is part of a cycle of $refs that never reaches a schema; it is any JSON value",
                    types[i].name
                ),
            ));
            TypeKind::Alias {
                target: TypeRef::Any,
            }
        };
    }
}

/// The named type a part holds inline (not behind a `Vec` or map, which already allocate).
fn inline(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

fn box_recursive_parts(types: &mut [TypeDef]) {
    let index = index_of(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            t.kind
                .parts()
                .into_iter()
                .filter_map(|ty| inline(ty).and_then(|id| index.get(&id).copied()))
                .collect()
        })
        .collect();
    let component = components(&edges);
    for (owner, def) in types.iter_mut().enumerate() {
        let same = |ty: &TypeRef| {
            inline(ty)
                .and_then(|id| index.get(&id))
                .is_some_and(|&target| component[target] == component[owner])
        };
        for (ty, boxed) in def.kind.boxable_parts_mut() {
            *boxed = same(ty);
        }
    }
}
