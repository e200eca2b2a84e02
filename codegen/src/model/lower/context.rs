//! State shared while lowering one spec: the types made so far, the names taken, and `$ref` resolution.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::hash::{HashMap, HashSet};
use crate::load::spec::Spec;
use crate::model::names::{is_keyword, type_name, Namer};
use crate::model::own_names::OwnName;
use crate::model::{Doc, ExternType, SharedType, TypeDef, TypeId, TypeKind, TypeRef};

pub(crate) struct Context<'a> {
    pub file: &'a Path,
    pub spec: &'a Spec,
    /// Error-code enums a schema may name in `x-error-code-table`.
    pub code_tables: Vec<String>,
    types: Vec<TypeDef>,
    type_names: Namer,
    /// Rust type name → the id its type has: given when the name is claimed (a component's before
    /// its schema is lowered, so `$ref`s to it resolve), never reused.
    ids: HashMap<String, TypeId>,
    /// The claimed names by id (`TypeId(i)` is `names[i]`).
    names: Vec<String>,
    /// Whether the own names of the generated code (`Option`, `Serialize`, ...) are reserved in
    /// `type_names`: after the component schemas claimed theirs, before the first name of ours.
    own_names_reserved: bool,
    /// Component schema key → Rust type name.
    component_names: HashMap<String, String>,
    /// Rust type name → the component schema key that claimed it, to say why another one did not get it.
    claimed_by: HashMap<String, String>,
    /// Component schema key → the module of the run that defines it (a schema bundled from another
    /// folder's spec): re-exported, not defined, under the name it has there where that name is free.
    pub shared: HashMap<String, SharedType>,
    /// Component schema key → the Rust type of existing code used for it (see `externs`): such a
    /// schema is neither named nor lowered, a `$ref` to it is [`TypeRef::Extern`].
    pub externs: HashMap<String, ExternType>,
    /// Whether responses keep their documented examples ([`Settings::examples`](crate::Settings)).
    pub keep_examples: bool,
    /// JSON pointer of a schema already lowered → its type, so a schema reached twice makes one type.
    lowered: HashMap<String, TypeRef>,
    /// Pointers of `$ref` targets being lowered: reaching one again is a cycle of `$ref`s.
    resolving: HashSet<String>,
    /// How deep lowering is in nested inline schemas, to stop before the stack does.
    depth: usize,
    pub warnings: Vec<Warning>,
    warned: HashSet<(String, &'static str)>,
    /// The values looked up last by [`Context::raw`] as parents, by pointer, most recent first.
    recent_parents: RefCell<Vec<(String, Option<&'a Value>)>>,
}

/// How many parents [`Context::raw`] remembers: about as deep as lowering goes between two lookups
/// in one object.
const RECENT_PARENTS: usize = 8;

/// Nested inline schemas deeper than this are an error, not a stack overflow.
const MAX_DEPTH: usize = 96;

/// Names no type may have, not even a spec's schema. Every other name the generated code uses for
/// an item of its own is either not in the API module's scope or written by path where a schema took
/// it (see [`crate::model::own_names`]). `Self` is a keyword (`type_name` makes it `Self_`); kept here
/// so that no other path to a name can give it.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &["Self"];

impl<'a> Context<'a> {
    pub fn new(file: &'a Path, spec: &'a Spec, code_tables: Vec<String>) -> Self {
        let mut type_names = Namer::new();
        for name in RESERVED_TYPE_NAMES.iter().copied() {
            type_names.reserve(name);
        }
        for table in &code_tables {
            type_names.reserve(table);
        }
        Context {
            file,
            spec,
            code_tables,
            types: Vec::new(),
            type_names,
            ids: HashMap::default(),
            names: Vec::new(),
            own_names_reserved: false,
            component_names: HashMap::default(),
            claimed_by: HashMap::default(),
            shared: HashMap::default(),
            externs: HashMap::default(),
            keep_examples: false,
            lowered: HashMap::default(),
            resolving: HashSet::default(),
            depth: 0,
            warnings: Vec::new(),
            warned: HashSet::default(),
            recent_parents: RefCell::new(Vec::with_capacity(RECENT_PARENTS)),
        }
    }

    /// Records a warning, once per place and kind (a global `security` is read by every operation).
    pub fn warn(&mut self, pointer: &str, name: &'static str, message: impl Into<String>) {
        if self.warned.insert((pointer.to_string(), name)) {
            // A value copied from another file is reported where it was written.
            let (file, pointer) = self.spec.locate(self.file, pointer);
            self.warnings
                .push(Warning::new(&file, pointer, name, message));
        }
    }

    /// Enters one level of nested schemas; an error at `pointer` when too deep.
    pub fn enter(&mut self, pointer: &str) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(
                pointer,
                format!("schemas nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Marks the `$ref` target `pointer` as being lowered; `false` when it already is (a cycle).
    pub fn start_resolving(&mut self, pointer: &str) -> bool {
        self.resolving.insert(pointer.to_string())
    }

    pub fn done_resolving(&mut self, pointer: &str) {
        self.resolving.remove(pointer);
    }

    /// Whether the type of this claimed name has been added.
    pub fn has_type(&self, name: &str) -> bool {
        let id = self.ids.get(name);
        self.types.iter().any(|t| Some(&t.id) == id)
    }

    /// The reference to the type of a name claimed by [`Context::claim_component`] or
    /// [`Context::fresh_name`] (whether or not the type is added yet).
    pub fn named(&mut self, name: &str) -> TypeRef {
        TypeRef::Named(self.id(name))
    }

    /// The id of a claimed name, given on first ask.
    fn id(&mut self, name: &str) -> TypeId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = TypeId(self.names.len() as u32);
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    /// The name claimed for `id`.
    pub fn name_of(&self, id: TypeId) -> &str {
        &self.names[id.0 as usize]
    }

    /// The type `id` names, if added.
    fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.id == id)
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        let (file, pointer) = self.spec.locate(self.file, pointer);
        Error::new(&file, pointer, message)
    }

    /// The raw JSON at a pointer, for shapes `openapiv3` does not keep.
    pub fn raw(&self, pointer: &str) -> Option<&'a Value> {
        use crate::load::pointer::{child, get};
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            return get(&self.spec.raw, pointer);
        };
        // Lowering looks at the fields of an object one after another, and at their schemas between
        // them: the objects looked in last are remembered, so most lookups are one step, not one per
        // segment of a long pointer from the root.
        let mut recent = self.recent_parents.borrow_mut();
        let found = match recent.iter().position(|(p, _)| p == parent) {
            Some(i) => recent[i].1,
            None => {
                // A parent below one of them (the parameters of an operation looked at before) is
                // looked up from there: from the root, Graph's escaped path keys were unescaped and
                // hashed again for each parameter and response.
                let below = recent
                    .iter()
                    .filter_map(|(p, value)| {
                        let rest = parent.strip_prefix(p.as_str())?;
                        rest.starts_with('/').then_some((rest, *value))
                    })
                    .min_by_key(|(rest, _)| rest.len());
                let value = match below {
                    Some((rest, value)) => value.and_then(|value| get(value, rest)),
                    None => get(&self.spec.raw, parent),
                };
                if recent.len() == RECENT_PARENTS {
                    recent.pop();
                }
                recent.insert(0, (parent.to_string(), value));
                value
            }
        };
        found.and_then(|value| child(value, last))
    }

    /// The value openapiv3 read at `pointer` when it is `/components/<T's section>/<key>` (a component
    /// schema, response, parameter, …): the value [`Context::raw_as`] would read there again. `None`
    /// for any other pointer.
    pub fn read_component<T: InComponents>(
        &self,
        pointer: &str,
    ) -> Option<&'a openapiv3::ReferenceOr<T>> {
        let key = pointer
            .strip_prefix("/components/")?
            .strip_prefix(T::SECTION)?
            .strip_prefix('/')?;
        // An escaped key (`~0`, `~1`) is left to `raw_as`.
        if key.contains(['/', '~']) {
            return None;
        }
        T::section(self.spec.openapi.components.as_ref()?)?.get(key)
    }

    /// Reads the raw JSON at `pointer` as `T` (e.g. an `ObjectType` view of a schema without `type`).
    pub fn raw_as<T: DeserializeOwned>(&self, pointer: &str) -> Result<Option<T>> {
        match self.raw(pointer) {
            None => Ok(None),
            // Read in place: cloning the value first cost a copy of every nested schema each time.
            Some(value) => T::deserialize(value).map(Some).map_err(|err| {
                let why = crate::load::plain::reword(&err.to_string(), None);
                self.error(pointer, format!("invalid schema: {why}"))
            }),
        }
    }

    /// Claims the Rust name of a component schema (first pass, so forward `$ref`s resolve). The spec's
    /// name wins over the generated code's own (`Error`, `Option`, `Client` stay theirs); a name that
    /// still cannot be given as asked (two schemas `Foo` and `foo`, a keyword) is a `schema-renamed`
    /// warning.
    pub fn claim_component(&mut self, key: &str) -> String {
        let wanted = match self.shared.get(key) {
            Some(shared) => shared.name.clone(),
            None => type_name(key),
        };
        let name = self.type_names.unique(wanted.clone());
        if let Some(why) = self.rename_reason(key, &wanted, &name) {
            let pointer = format!(
                "/components/schemas/{}",
                key.replace('~', "~0").replace('/', "~1")
            );
            self.warn(
                &pointer,
                "schema-renamed",
                format!("`{key}` is generated as `{name}` because {why}"),
            );
        }
        self.component_names.insert(key.to_string(), name.clone());
        self.claimed_by.insert(name.clone(), key.to_string());
        self.id(&name);
        name
    }

    /// Why the schema `key` is generated as `name`, not as the name its key spells (`wanted`, before
    /// [`Namer::unique`]); `None` when that is no rename (only the case is Rust's: `foo_bar` is
    /// `FooBar`).
    fn rename_reason(&self, key: &str, wanted: &str, name: &str) -> Option<String> {
        if name != wanted {
            return Some(match self.claimed_by.get(wanted) {
                Some(other) => format!("the schema `{other}` is generated as `{wanted}`"),
                None if self.code_tables.iter().any(|t| t == wanted) => {
                    format!("`{wanted}` is the API's error-code enum")
                }
                None => format!("`{wanted}` is a name Rust keeps for itself"),
            });
        }
        if self.shared.contains_key(key) || key == name {
            return None;
        }
        if let Some(keyword) = name.strip_suffix('_').filter(|k| is_keyword(k)) {
            return Some(format!("`{keyword}` is a Rust keyword"));
        }
        let digit = key.starts_with(|c: char| c.is_ascii_digit());
        digit.then(|| "a Rust name cannot start with a digit".to_string())
    }

    /// A fresh, unique type name derived from `hint`. Our own names never take one the generated code
    /// uses for its own items (see [`crate::model::own_names`]): only a spec's schema may.
    pub fn fresh_name(&mut self, hint: &str) -> String {
        if !self.own_names_reserved {
            self.own_names_reserved = true;
            for own in OwnName::ALL {
                self.type_names.reserve(own.short());
            }
        }
        self.type_names.unique(type_name(hint))
    }

    pub fn add_type(&mut self, name: String, pointer: &str, doc: Doc, kind: TypeKind) -> TypeRef {
        let id = self.id(&name);
        self.types.push(TypeDef {
            id,
            name,
            pointer: pointer.to_string(),
            doc,
            kind,
            shared: None,
            features: Default::default(),
        });
        TypeRef::Named(id)
    }

    /// Whether a value of `ty` is text or bytes as it is (a string, an enum of strings, a constrained
    /// string), following the aliases made so far.
    pub fn is_text(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Primitive(
                    crate::model::Primitive::String | crate::model::Primitive::Bytes,
                )
                | TypeRef::BoundedString(_) => return true,
                TypeRef::Named(id) => match self.def(*id) {
                    Some(TypeDef {
                        kind: crate::model::TypeKind::Alias { target },
                        ..
                    }) => ty = target,
                    Some(def) => {
                        return matches!(
                            def.kind,
                            crate::model::TypeKind::StringEnum { .. }
                                | crate::model::TypeKind::ConstrainedString { .. }
                        )
                    }
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Whether `ty` is an object a form or multipart body can be made of: a struct, or (for a
    /// urlencoded form, `map_too`) a map, following the aliases made so far.
    pub fn is_form_object(&self, ty: &TypeRef, map_too: bool) -> bool {
        let mut ty = ty;
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Map(_) => return map_too,
                TypeRef::Named(id) => match self.def(*id) {
                    Some(TypeDef {
                        kind: crate::model::TypeKind::Alias { target },
                        ..
                    }) => ty = target,
                    Some(def) => return matches!(def.kind, crate::model::TypeKind::Struct { .. }),
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    }

    pub fn cached(&self, pointer: &str) -> Option<TypeRef> {
        self.lowered.get(pointer).cloned()
    }

    pub fn cache(&mut self, pointer: &str, ty: &TypeRef) {
        self.lowered.insert(pointer.to_string(), ty.clone());
    }

    /// Resolves `#/components/schemas/X` to X's type (by the id its name was claimed with), or to the
    /// Rust type of existing code X is mapped to.
    pub fn schema_ref(&self, reference: &str, at: &str) -> Result<TypeRef> {
        let key = self.local_ref(reference, "/components/schemas/", at)?;
        if let Some(ty) = self.externs.get(&key) {
            return Ok(TypeRef::Extern(ty.clone()));
        }
        self.component_names
            .get(&key)
            .and_then(|name| self.ids.get(name))
            .map(|id| TypeRef::Named(*id))
            .ok_or_else(|| {
                self.error(
                    at,
                    format!("$ref `{reference}` points to no schema in components/schemas"),
                )
            })
    }

    /// Checks that `reference` is a local `#/<prefix><key>` reference and returns the unescaped key.
    pub fn local_ref(&self, reference: &str, prefix: &str, at: &str) -> Result<String> {
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(self.error(
                at,
                format!("$ref `{reference}` points outside this file; only local `#/...` references are supported"),
            ));
        };
        let key = pointer.strip_prefix(prefix).ok_or_else(|| {
            self.error(
                at,
                format!("$ref `{reference}` should point into `#{prefix}`"),
            )
        })?;
        if self.raw(pointer).is_none() {
            return Err(self.error(
                at,
                format!("$ref `{reference}` points to nothing (dangling reference)"),
            ));
        }
        Ok(crate::load::pointer::unescape(key).into_owned())
    }

    /// Follows `$ref`s (to `components/...` or to any other place in the document, as some specs do)
    /// until a `T` (parameter, response, request body) is found. Returns it with its pointer, so errors
    /// and inline schemas inside it point to the right place.
    pub fn component<'s, T: InComponents>(
        &self,
        item: &'s openapiv3::ReferenceOr<T>,
        at: &str,
    ) -> Result<(Cow<'s, T>, String)>
    where
        'a: 's,
    {
        let mut reference = match item {
            openapiv3::ReferenceOr::Item(value) => {
                return Ok((Cow::Borrowed(value), at.to_string()))
            }
            openapiv3::ReferenceOr::Reference { reference } => reference.clone(),
        };
        let mut from = at.to_string();
        for _ in 0..16 {
            let pointer = self.local_pointer(&reference, &from)?;
            // Where openapiv3 read the target already (a `$ref` into its section of `components`,
            // the usual case), that reading is used: Graph's operations refer to one error response
            // 22,844 times.
            let next = match self.read_component::<T>(&pointer) {
                Some(openapiv3::ReferenceOr::Item(value)) => {
                    return Ok((Cow::Borrowed(value), pointer))
                }
                Some(openapiv3::ReferenceOr::Reference { reference }) => reference.clone(),
                None => match self.raw_as(&pointer)?.ok_or_else(|| {
                    self.error(&from, format!("$ref `{reference}` points to nothing"))
                })? {
                    openapiv3::ReferenceOr::Item(value) => return Ok((Cow::Owned(value), pointer)),
                    openapiv3::ReferenceOr::Reference { reference } => reference,
                },
            };
            reference = next;
            from = pointer;
        }
        Err(self.error(at, "$ref chain is longer than 16 steps (a cycle?)"))
    }

    /// The JSON pointer of a local `#/...` reference that points to something.
    pub fn local_pointer(&self, reference: &str, at: &str) -> Result<String> {
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(self.error(
                at,
                format!("$ref `{reference}` points outside this file; only local `#/...` references are supported"),
            ));
        };
        // A pointer in a URI fragment is percent-encoded (`%7Bid%7D`, `;%20charset=utf-8`).
        let decoded = crate::load::spec::percent_decode(pointer);
        for candidate in [pointer, decoded.as_str()] {
            if self.raw(candidate).is_some() {
                return Ok(candidate.to_string());
            }
        }
        Err(self.error(
            at,
            format!("$ref `{reference}` points to nothing (dangling reference)"),
        ))
    }

    /// Sets the kind of a type added earlier (it is added first so parents precede their parts).
    pub fn set_kind(&mut self, ty: &TypeRef, kind: crate::model::TypeKind) {
        if let TypeRef::Named(id) = ty {
            if let Some(def) = self.types.iter_mut().rev().find(|t| t.id == *id) {
                def.kind = kind;
            }
        }
    }

    /// Component schema key → Rust type name, as claimed.
    pub fn component_names(&self) -> &HashMap<String, String> {
        &self.component_names
    }

    /// Component schema key → the id of its type, as claimed.
    pub fn component_ids(&self) -> HashMap<String, TypeId> {
        self.component_names
            .iter()
            .filter_map(|(key, name)| Some((key.clone(), *self.ids.get(name)?)))
            .collect()
    }

    /// The types (shared components marked as such) and the warnings.
    pub fn into_parts(mut self) -> (Vec<TypeDef>, Vec<Warning>) {
        for (key, shared) in &self.shared {
            let Some(id) = self
                .component_names
                .get(key)
                .and_then(|name| self.ids.get(name))
            else {
                continue;
            };
            if let Some(def) = self.types.iter_mut().find(|t| t.id == *id) {
                def.shared = Some(shared.clone());
            }
        }
        (self.types, self.warnings)
    }
}

/// A value a `$ref` may stand for, and the section of `components` openapiv3 reads such values into.
pub(crate) trait InComponents: Clone + DeserializeOwned + 'static {
    /// The section's key in `components` (`requestBodies`).
    const SECTION: &'static str;
    /// The section openapiv3 read; `None` for a kind of value it has none for (a path item).
    fn section(
        components: &openapiv3::Components,
    ) -> Option<&indexmap::IndexMap<String, openapiv3::ReferenceOr<Self>>>;
}

macro_rules! in_components {
    ($($ty:ty => $section:literal, $field:ident;)*) => {$(
        impl InComponents for $ty {
            const SECTION: &'static str = $section;
            fn section(
                components: &openapiv3::Components,
            ) -> Option<&indexmap::IndexMap<String, openapiv3::ReferenceOr<Self>>> {
                Some(&components.$field)
            }
        }
    )*};
}

in_components! {
    openapiv3::Schema => "schemas", schemas;
    openapiv3::Parameter => "parameters", parameters;
    openapiv3::RequestBody => "requestBodies", request_bodies;
    openapiv3::Response => "responses", responses;
    openapiv3::Example => "examples", examples;
}

impl InComponents for openapiv3::PathItem {
    // OpenAPI 3.1's `components/pathItems`, which openapiv3 does not read (a 3.1 document's are read
    // from the raw value).
    const SECTION: &'static str = "pathItems";
    fn section(
        _: &openapiv3::Components,
    ) -> Option<&indexmap::IndexMap<String, openapiv3::ReferenceOr<Self>>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_raw_value_is_the_one_at_its_pointer_whatever_was_looked_up_before() {
        let file = Path::new("specs/x/openapi.json");
        let text = r#"{
            "openapi": "3.0.3",
            "info": {"title": "x", "version": "1"},
            "paths": {
                "/a/{id}": {"get": {
                    "summary": "A",
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"type": "string", "description": "first"}}],
                    "responses": {"200": {"description": "ok"}}
                }},
                "/a/{id}/b": {"get": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"type": "string", "description": "second"}}],
                    "responses": {"200": {"description": "ok b"}}
                }}
            }
        }"#;
        let spec = crate::load::spec::parse_spec(file, text).expect("parses");
        let cx = Context::new(file, &spec, Vec::new());
        let a = "/paths/~1a~1{id}/get";
        let b = "/paths/~1a~1{id}~1b/get";
        // Parents remembered (an operation), then pointers below them, below a sibling path whose
        // escaped key starts like theirs, missing ones, and the root's own fields.
        let pointers = [
            a.to_string(),
            format!("{a}/summary"),
            format!("{a}/parameters/0/schema/description"),
            format!("{b}/parameters/0/schema/description"),
            format!("{a}/parameters/0/schema/description"),
            format!("{a}/responses/200/description"),
            format!("{b}/responses/200/description"),
            format!("{a}/parameters/1/schema"),
            format!("{b}/nothing/here"),
            "/info/title".to_string(),
            "/openapi".to_string(),
        ];
        for _ in 0..2 {
            for pointer in &pointers {
                let expected = crate::load::pointer::get(&spec.raw, pointer);
                assert_eq!(cx.raw(pointer), expected, "{pointer}");
            }
        }
        assert_eq!(
            cx.raw(&format!("{b}/parameters/0/schema/description")),
            Some(&Value::String("second".to_string()))
        );
    }
}
