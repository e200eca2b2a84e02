//! Recursive types: a struct that contains itself without a `Vec` or map in between would be infinitely
//! large, so such fields are boxed. One pass over the finished types.

use std::collections::{HashMap, HashSet};

use crate::model::{TypeDef, TypeKind, TypeRef};

pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), inline_names(&t.kind)))
        .collect();
    for def in types.iter_mut() {
        let owner = def.name.clone();
        if let TypeKind::Struct { fields } = &mut def.kind {
            for field in fields {
                if let TypeRef::Named(target) = &field.ty {
                    field.boxed = reaches(&edges, target, &owner);
                }
            }
        }
    }
}

/// The named types a type holds inline (not behind a `Vec` or map, which already allocate).
fn inline_names(kind: &TypeKind) -> Vec<String> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union { variants } => variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias { target } => named(target).into_iter().collect(),
        TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. } => Vec::new(),
    }
}

fn reaches(edges: &HashMap<String, Vec<String>>, from: &str, target: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name.clone()) {
            stack.extend(edges.get(&name).into_iter().flatten().cloned());
        }
    }
    false
}
