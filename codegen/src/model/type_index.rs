//! Finding a module's named type by its [`TypeId`]: what every holder of a [`TypeRef::Named`]
//! (lowering passes, emitters, the mock) asks of the module's types, answered without comparing names.
//!
//! While the model is lowered, types come and go (merged, unreached), and passes look them up in a
//! [`TypeIndex`]. Once it is built, `renumber` makes each id the type's place in
//! [`Service::types`](super::Service::types), and [`find`] is one step.
//!
//! [`TypeRef::Named`]: super::TypeRef::Named

use crate::hash::HashMap;

use super::{Operation, TypeDef, TypeId, TypeKind};

/// The type `id` names among `types`: at its place when the ids are places (a finished model), else
/// searched for (a model built by hand).
pub fn find(types: &[TypeDef], id: TypeId) -> Option<&TypeDef> {
    match types.get(id.0 as usize) {
        Some(def) if def.id == id => Some(def),
        _ => types.iter().find(|def| def.id == id),
    }
}

/// Gives every type of a module the id of its place in `types` and points every reference (in
/// `types` and `operations`) to it: done once the module's types are final.
pub(crate) fn renumber(types: &mut [TypeDef], operations: &mut [Operation]) {
    let new: HashMap<TypeId, TypeId> = types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.id, TypeId(i as u32)))
        .collect();
    let point = |id: Option<&mut TypeId>| {
        if let Some(id) = id {
            // Every reference names a type of the module (`reach` keeps what is referenced).
            if let Some(place) = new.get(id) {
                *id = *place;
            }
        }
    };
    for def in types.iter_mut() {
        def.id = new[&def.id];
        for part in def.kind.parts_mut() {
            point(part.named_mut());
        }
    }
    for op in operations.iter_mut() {
        for param in &mut op.params {
            point(param.ty.named_mut());
        }
        for content in op.contents_mut() {
            point(content.ty.named_mut());
            point(content.form.as_mut().and_then(|form| form.object.as_mut()));
        }
    }
}

/// The types of one API module by id, borrowed.
#[derive(Debug, Clone, Default)]
pub struct TypeIndex<'a> {
    defs: HashMap<TypeId, &'a TypeDef>,
}

impl<'a> TypeIndex<'a> {
    pub fn new(types: &'a [TypeDef]) -> Self {
        TypeIndex {
            defs: types.iter().map(|def| (def.id, def)).collect(),
        }
    }

    /// The type `id` names, if the module has it.
    pub fn get(&self, id: TypeId) -> Option<&'a TypeDef> {
        self.defs.get(&id).copied()
    }

    /// The Rust name of type `id` in its module.
    pub fn name(&self, id: TypeId) -> Option<&'a str> {
        self.get(id).map(|def| def.name.as_str())
    }

    /// How many types the module has.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The kind of type `id`.
    pub fn kind(&self, id: TypeId) -> Option<&'a TypeKind> {
        self.get(id).map(|def| &def.kind)
    }
}
