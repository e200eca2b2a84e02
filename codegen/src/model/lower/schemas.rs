//! Schemas → types. Component schemas keep their (converted) names; inline objects, enums and constrained
//! strings get names from where they stand (`Leveranse` + `oppgavegiver` → `LeveranseOppgavegiver`).

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Context;
use crate::error::Result;
use crate::load::spec::escape;
use crate::model::names::{snake_name, type_name, variant_name, Namer};
use crate::model::{
    Doc, EnumVariant, Field, Length, Place, Primitive, PropertyVariant, TaggedVariant, TypeKind,
    TypeRef, UnionVariant,
};

/// A schema or a reference to one, whichever way `openapiv3` boxes it.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// Where the type of a schema gets its name: a component's fixed name, or a hint for an inline schema.
pub(super) enum Slot<'n> {
    Fixed(&'n str),
    Hint(String),
}

impl Slot<'_> {
    pub(super) fn hint(&self) -> &str {
        match self {
            Slot::Fixed(name) => name,
            Slot::Hint(hint) => hint,
        }
    }

    pub(super) fn name(&self, cx: &mut Context) -> String {
        match self {
            Slot::Fixed(name) => name.to_string(),
            Slot::Hint(hint) => cx.fresh_name(hint),
        }
    }
}

/// Lowers every schema of `components/schemas`, names first so that forward and circular `$ref`s resolve.
pub(crate) fn lower_components(cx: &mut Context) -> Result<()> {
    let Some(components) = &cx.spec.openapi.components else {
        return Ok(());
    };
    // A schema mapped to a type of existing code has no type here (`$ref`s to it name that type).
    let keys: Vec<&String> = components
        .schemas
        .keys()
        .filter(|key| !cx.externs.contains_key(*key))
        .collect();
    let names: Vec<String> = keys.iter().map(|key| cx.claim_component(key)).collect();
    for (key, name) in keys.into_iter().zip(names) {
        let pointer = format!("/components/schemas/{}", escape(key));
        let ty = match SchemaRef::from(&components.schemas[key]) {
            SchemaRef::Ref(_) => type_ref(cx, (&components.schemas[key]).into(), &pointer, &name)?,
            SchemaRef::Item(schema) => lower_schema(cx, schema, &pointer, Slot::Fixed(&name))?,
        };
        let named = cx.named(&name);
        if ty != named {
            let doc = doc_at(cx, &pointer);
            cx.add_type(name, &pointer, doc, TypeKind::Alias { target: ty });
        } else if !cx.has_type(&name) {
            // `X: {$ref: X}` or `X: {allOf: [{$ref: X}]}`: the schema says nothing but itself.
            cx.warn(
                &pointer,
                "schema-without-type",
                format!("schema `{key}` refers only to itself and has no type of its own; it is any JSON value"),
            );
            let doc = doc_at(cx, &pointer);
            cx.add_type(
                name,
                &pointer,
                doc,
                TypeKind::Alias {
                    target: TypeRef::Any,
                },
            );
        }
    }
    Ok(())
}

/// The type of a schema used in a field, parameter or body.
pub(crate) fn type_ref(
    cx: &mut Context,
    schema: SchemaRef,
    pointer: &str,
    hint: &str,
) -> Result<TypeRef> {
    cx.enter(pointer)?;
    let ty = type_ref_inner(cx, schema, pointer, hint);
    cx.leave();
    ty
}

fn type_ref_inner(
    cx: &mut Context,
    schema: SchemaRef,
    pointer: &str,
    hint: &str,
) -> Result<TypeRef> {
    match schema {
        // A component itself (`#/components/schemas/X`, not a part of one such as `.../X/properties/y`).
        SchemaRef::Ref(reference)
            if reference
                .strip_prefix("#/components/schemas/")
                .is_some_and(|key| !key.contains('/')) =>
        {
            cx.schema_ref(reference, pointer)
        }
        SchemaRef::Ref(reference) => lower_elsewhere(cx, reference, pointer, hint),
        SchemaRef::Item(schema) => lower_schema(cx, schema, pointer, Slot::Hint(hint.to_string())),
    }
}

/// A `$ref` to a schema outside `components/schemas` (another operation's inline schema, a property
/// of a component): the schema there is lowered once, named after the first place that refers to it.
/// A container schema gets its name before it is lowered, so a `$ref` back to it from inside (Azure's
/// specs have these) resolves to that name instead of recursing forever.
fn lower_elsewhere(
    cx: &mut Context,
    reference: &str,
    pointer: &str,
    hint: &str,
) -> Result<TypeRef> {
    let target = cx.local_pointer(reference, pointer)?;
    if let Some(ty) = cx.cached(&target) {
        return Ok(ty);
    }
    let schema = cx
        .raw_as::<ReferenceOr<Schema>>(&target)?
        .ok_or_else(|| cx.error(pointer, format!("$ref `{reference}` points to no schema")))?;
    let schema = match &schema {
        ReferenceOr::Reference { reference } => {
            if !cx.start_resolving(&target) {
                cx.warn(
                    pointer,
                    "ref-cycle-without-type",
                    format!("$ref `{reference}` is part of a cycle of $refs that never reaches a schema; it is any JSON value"),
                );
                return Ok(TypeRef::Any);
            }
            let ty = type_ref(cx, SchemaRef::Ref(reference), &target, hint);
            cx.done_resolving(&target);
            let ty = ty?;
            cx.cache(&target, &ty);
            return Ok(ty);
        }
        ReferenceOr::Item(schema) => schema,
    };
    const CONTAINER_KEYS: &[&str] = &[
        "properties",
        "additionalProperties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
    ];
    let is_container = cx
        .raw(&target)
        .and_then(Value::as_object)
        .is_some_and(|map| CONTAINER_KEYS.iter().any(|k| map.contains_key(*k)));
    if !is_container {
        let ty = lower_schema(cx, schema, &target, Slot::Hint(hint.to_string()))?;
        cx.cache(&target, &ty);
        return Ok(ty);
    }
    let name = cx.fresh_name(hint);
    let named = cx.named(&name);
    cx.cache(&target, &named);
    let ty = lower_schema(cx, schema, &target, Slot::Fixed(&name))?;
    if ty != named {
        let doc = doc_at(cx, &target);
        cx.add_type(name, &target, doc, TypeKind::Alias { target: ty });
    }
    cx.cache(&target, &named);
    Ok(named)
}

/// Documentation of the schema, parameter or property at `pointer`, read from the raw document (so that a
/// `description` beside a `$ref` is kept too).
pub(crate) fn doc_at(cx: &Context, pointer: &str) -> Doc {
    let Some(raw) = cx.raw(pointer) else {
        return Doc::default();
    };
    let field = |key: &str| crate::load::pointer::field(raw, key);
    let text = |key: &str| {
        field(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Doc {
        summary: text("summary").or_else(|| text("title")),
        description: text("description"),
        inferred: match field("x-inferred") {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Bool(true)) => Some(String::new()),
            _ => None,
        },
        deprecated: field("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

fn lower_schema(cx: &mut Context, schema: &Schema, pointer: &str, slot: Slot) -> Result<TypeRef> {
    if let Slot::Hint(_) = slot {
        if let Some(ty) = cx.cached(pointer) {
            return Ok(ty);
        }
    }
    if schema
        .schema_data
        .extensions
        .contains_key(super::externs::RUST_TYPE)
    {
        // A component schema's `x-rust-type` was taken before lowering (`externs`): one lowered here
        // is inline, where no type name could stand for it.
        cx.warn(
            pointer,
            "rust-type-inline-ignored",
            format!(
                "`{}` on an inline schema is not used (only a component schema can be mapped to a Rust type); the schema is generated",
                super::externs::RUST_TYPE
            ),
        );
    }
    let ty = lower_kind(cx, schema, pointer, slot)?;
    // A plain string, number or boolean is worked out again at no cost and with no side effect;
    // remembering each one (most properties are) held megabytes of pointers.
    let plain = matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_))
    );
    if !(plain
        && matches!(
            ty,
            TypeRef::Primitive(_) | TypeRef::BoundedString(_) | TypeRef::BoundedNumber(..)
        ))
    {
        cx.cache(pointer, &ty);
    }
    Ok(ty)
}

pub(super) fn lower_kind(
    cx: &mut Context,
    schema: &Schema,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    if let Some(table) = schema.schema_data.extensions.get("x-error-code-table") {
        return error_code_table(cx, table, pointer);
    }
    let doc = || doc_at(cx, pointer);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            // A value listed twice is one value (real specs repeat some).
            let mut seen = crate::hash::HashSet::default();
            let values: Vec<&String> = string
                .enumeration
                .iter()
                .flatten()
                .filter(|v| seen.insert(v.as_str()))
                .collect();
            if !values.is_empty() {
                let mut namer = Namer::new();
                namer.reserve("Unknown");
                let variants = values
                    .iter()
                    .map(|wire| EnumVariant {
                        name: namer.unique(variant_name(wire)),
                        wire: wire.to_string(),
                    })
                    .collect();
                let doc = doc();
                let name = slot.name(cx);
                // Inline enums with the same values are one type: the dedupe pass merges them and names
                // the one kept by what its places have in common, or by its values.
                return Ok(cx.add_type(name, pointer, doc, TypeKind::StringEnum { variants }));
            }
            // A date, timestamp or UUID is its own type; a `pattern` beside such a format only restates it.
            if let Some(primitive) =
                string_format(&string.format).filter(|p| *p != Primitive::String)
            {
                return Ok(TypeRef::Primitive(primitive));
            }
            // An anonymous string whose only constraint is its length is a `String`, the bound a check
            // of the field or parameter that holds it (a user should not spell a type for it); a named
            // one, or one with a pattern (its docs say when it is not checked), is a type of its own.
            // (`minLength: 0` alone bounds nothing.)
            if let (None, Slot::Hint(_)) = (&string.pattern, &slot) {
                return Ok(match Length::of(string.min_length, string.max_length) {
                    Some(length) => TypeRef::BoundedString(length),
                    None => TypeRef::Primitive(Primitive::String),
                });
            }
            if string.pattern.is_some()
                || string.min_length.is_some()
                || string.max_length.is_some()
            {
                // Patterns are ECMA-262, as the generated types run them (regress); one that does not
                // compile is not enforced; the type's docs say so, and the length limits still hold.
                let mut unchecked = None;
                let pattern = match &string.pattern {
                    Some(pattern) => match regress::Regex::new(pattern) {
                        Ok(_) => Some(pattern.clone()),
                        Err(err) => {
                            let reason = err.to_string();
                            let reason = reason.lines().last().unwrap_or_default().trim();
                            let reason = reason.trim_start_matches("error: ");
                            unchecked = Some(format!(
                                "The spec's pattern `{pattern}` is not checked: {reason} (not an ECMA-262 regular expression)."
                            ));
                            None
                        }
                    },
                    None => None,
                };
                if pattern.is_none() && string.min_length.is_none() && string.max_length.is_none() {
                    let mut doc = doc();
                    doc.description = join_paragraphs(doc.description, unchecked);
                    let name = slot.name(cx);
                    let target = TypeRef::Primitive(Primitive::String);
                    return Ok(cx.add_type(name, pointer, doc, TypeKind::Alias { target }));
                }
                let kind = TypeKind::ConstrainedString {
                    pattern,
                    min_length: string.min_length,
                    max_length: string.max_length,
                };
                let mut doc = doc();
                doc.description = join_paragraphs(doc.description, unchecked);
                let name = slot.name(cx);
                return Ok(cx.add_type(name, pointer, doc, kind));
            }
            Ok(TypeRef::Primitive(
                string_format(&string.format).unwrap_or(Primitive::String),
            ))
        }
        // A bound (`minimum`, `maximum`) is a check where the value crosses the wire, as a string's
        // length is; the type stays the primitive's.
        SchemaKind::Type(Type::Number(number)) => {
            let primitive = match &number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Primitive::F32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal" => Primitive::Decimal,
                _ => Primitive::F64,
            };
            if primitive == Primitive::Decimal
                && (number.minimum.is_some() || number.maximum.is_some())
            {
                cx.warn(
                    pointer,
                    "decimal-bounds-unchecked",
                    "the `minimum`/`maximum` of a decimal are not checked by the generated code (a bound written as a JSON number cannot say every amount exactly); the value is any decimal",
                );
            }
            Ok(super::bounds::number(primitive, number))
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            let primitive = match &integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Primitive::I32,
                _ => Primitive::I64,
            };
            Ok(super::bounds::integer(primitive, integer))
        }
        SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Primitive(Primitive::Bool)),
        SchemaKind::Type(Type::Object(object)) => {
            let props = Props::of(object, pointer);
            lower_constrained_object(cx, props, pointer, slot)
        }
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(items) => {
                // The array of a component already has the component's name; its items are its `Item`.
                let hint = match slot {
                    Slot::Fixed(name) => format!("{name}Item"),
                    Slot::Hint(hint) => hint,
                };
                let at = format!("{pointer}/items");
                Ok(TypeRef::Array(Box::new(type_ref(
                    cx,
                    items.into(),
                    &at,
                    &hint,
                )?)))
            }
            None => Ok(TypeRef::Array(Box::new(TypeRef::Any))),
        },
        SchemaKind::AllOf { all_of } => lower_all_of(cx, all_of, pointer, slot),
        SchemaKind::OneOf { one_of } => lower_choice(cx, one_of, "oneOf", pointer, slot),
        SchemaKind::AnyOf { any_of } => lower_choice(cx, any_of, "anyOf", pointer, slot),
        SchemaKind::Not { .. } => Ok(TypeRef::Any),
        SchemaKind::Any(any) => super::any_schema::lower_any(cx, schema, any, pointer, slot),
    }
}

/// The primitive a string `format` names, if it names one.
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<Primitive> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some(Primitive::Date),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some(Primitive::DateTime),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some(Primitive::Bytes),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Some(Primitive::Uuid),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "local-date-time" => {
            Some(Primitive::LocalDateTime)
        }
        _ => None,
    }
}

fn join_paragraphs(first: Option<String>, second: Option<String>) -> Option<String> {
    match (first, second) {
        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
        (a, b) => a.or(b),
    }
}

fn error_code_table(cx: &Context, table: &Value, pointer: &str) -> Result<TypeRef> {
    let at = format!("{pointer}/x-error-code-table");
    let name = table
        .as_str()
        .ok_or_else(|| cx.error(&at, "expected the name of an error table"))?;
    if cx.code_tables.iter().any(|t| t == name) {
        Ok(TypeRef::ErrorCode(name.to_string()))
    } else {
        Err(cx.error(
            &at,
            format!(
                "no error table `{name}` for this API (it has: {})",
                if cx.code_tables.is_empty() {
                    "none".to_string()
                } else {
                    cx.code_tables.join(", ")
                }
            ),
        ))
    }
}

/// The schema of a property, borrowed from the document or read for the occasion.
type PropertySchema<'s> = Cow<'s, ReferenceOr<Box<Schema>>>;

/// The properties of an object schema, each with the pointer of its schema (they may come from several
/// schemas when `allOf` merges them). The schemas are borrowed from the document where they can be:
/// copying each object's properties cost a copy of everything below it, at every level of nesting.
pub(super) struct Props<'s> {
    /// With rustc's hasher, as the generator's other maps ([`crate::hash`]).
    pub(super) entries: IndexMap<String, (PropertySchema<'s>, String), rustc_hash::FxBuildHasher>,
    required: Vec<String>,
    additional: Option<Cow<'s, AdditionalProperties>>,
    /// An `anyOf`/`oneOf` of `required` lists asks for at least one property: no valid default.
    at_least_one: bool,
}

impl<'s> Props<'s> {
    pub(super) fn empty() -> Self {
        Props {
            entries: IndexMap::default(),
            required: Vec::new(),
            additional: None,
            at_least_one: false,
        }
    }

    fn of(object: &'s ObjectType, pointer: &str) -> Self {
        let mut props = Props::empty();
        props.additional = object.additional_properties.as_ref().map(Cow::Borrowed);
        props.add(object, pointer);
        props
    }

    /// [`Props::of`] an object read for the occasion, which the props then own.
    fn owned(object: ObjectType, pointer: &str) -> Self {
        let mut props = Props::empty();
        props.additional = object.additional_properties.map(Cow::Owned);
        for (key, schema) in object.properties {
            let at = format!("{pointer}/properties/{}", escape(&key));
            props.entries.insert(key, (Cow::Owned(schema), at));
        }
        props.require(object.required);
        props
    }

    fn add(&mut self, object: &'s ObjectType, pointer: &str) {
        for (key, schema) in &object.properties {
            let at = format!("{pointer}/properties/{}", escape(key));
            self.entries
                .insert(key.clone(), (Cow::Borrowed(schema), at));
        }
        self.require(object.required.iter().cloned());
    }

    /// Whether the property `name` is required.
    pub(super) fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    /// Adds the `required` names not listed yet.
    fn require(&mut self, keys: impl IntoIterator<Item = String>) {
        for key in keys {
            if !self.required.contains(&key) {
                self.required.push(key);
            }
        }
    }

    /// Adds the properties and `required` names that [`collect_members`] gathered from another schema.
    fn merge(&mut self, other: Props<'s>) {
        self.entries.extend(other.entries);
        self.require(other.required);
    }

    /// These props, owning what they borrowed (to outlive the schema they were gathered from).
    fn into_owned(self) -> Props<'static> {
        Props {
            entries: (self.entries.into_iter())
                .map(|(key, (schema, at))| (key, (Cow::Owned(schema.into_owned()), at)))
                .collect(),
            required: self.required,
            additional: self.additional.map(|a| Cow::Owned(a.into_owned())),
            at_least_one: self.at_least_one,
        }
    }
}

/// An object view of a schema that has properties but no `type: object` (which `openapiv3` reads as
/// `Any`, or as `anyOf`/`oneOf` when those list only `required`, dropping the properties).
pub(super) fn raw_object(cx: &Context, pointer: &str) -> Result<Option<Props<'static>>> {
    let Some(raw) = cx.raw(pointer) else {
        return Ok(None);
    };
    if raw.get("properties").is_none() && raw.get("additionalProperties").is_none() {
        return Ok(None);
    }
    let object: Option<ObjectType> = cx.raw_as(pointer)?;
    Ok(object.map(|object| Props::owned(object, pointer)))
}

pub(super) fn lower_object(
    cx: &mut Context,
    props: Props,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    if props.entries.is_empty() {
        return match props.additional.as_deref() {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{}Value", slot.hint());
                let at = format!("{pointer}/additionalProperties");
                Ok(TypeRef::Map(Box::new(type_ref(
                    cx,
                    schema.as_ref().into(),
                    &at,
                    &hint,
                )?)))
            }
            _ => Ok(TypeRef::Map(Box::new(TypeRef::Any))),
        };
    }
    let name = slot.name(cx);
    let doc = doc_at(cx, pointer);
    let placeholder = TypeKind::Struct {
        fields: Vec::new(),
        default: false,
    };
    let index = cx.add_type(name.clone(), pointer, doc, placeholder);
    // Known before its fields are: a `$ref` back to this schema from inside it resolves to this type.
    cx.cache(pointer, &index);
    let mut names = Namer::new();
    let mut fields = Vec::new();
    // Looked up once per property: GitHub's objects have up to a hundred, most of them required.
    let required: crate::hash::HashSet<&str> = props.required.iter().map(String::as_str).collect();
    for (wire, (schema, at)) in &props.entries {
        let hint = format!("{name}{}", type_name(wire));
        let ty = type_ref(cx, schema.as_ref().into(), at, &hint)?;
        fields.push(Field {
            name: names.unique(snake_name(wire)),
            wire: wire.clone(),
            ty,
            required: required.contains(wire.as_str()),
            nullable: is_nullable(cx, at),
            boxed: false,
            doc: doc_at(cx, at),
            pointer: Place(at.clone()),
        });
    }
    // A `required` name without a property is legal JSON Schema (GitHub's spec has them); it adds no field.
    let default = !props.at_least_one && fields.iter().all(Field::optional);
    cx.set_kind(&index, TypeKind::Struct { fields, default });
    Ok(index)
}

/// `nullable: true` on the property, or on the schema its `$ref` names.
fn is_nullable(cx: &Context, at: &str) -> bool {
    use crate::load::pointer::field;
    let flag = |raw: &Value| field(raw, "nullable").and_then(Value::as_bool) == Some(true);
    let Some(raw) = cx.raw(at) else {
        return false;
    };
    if flag(raw) {
        return true;
    }
    field(raw, "$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
        .and_then(|pointer| cx.raw(pointer))
        .is_some_and(flag)
}

pub(super) fn lower_all_of(
    cx: &mut Context,
    all_of: &[ReferenceOr<Schema>],
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    let own = raw_object(cx, pointer)?;
    // `allOf: [{$ref: X}, {description: ...}]`: one member gives the shape, the others only annotate or
    // constrain it. Then the type is that member's (AWS specs document every field so).
    let shapes: Vec<usize> = (0..all_of.len())
        .filter(|i| !only_constraints(cx.raw(&format!("{pointer}/allOf/{i}"))))
        .collect();
    if let ([shape], None) = (shapes.as_slice(), &own) {
        let at = format!("{pointer}/allOf/{shape}");
        return type_ref(cx, (&all_of[*shape]).into(), &at, slot.hint());
    }
    let mut props = Props::empty();
    let mut skipped = Vec::new();
    for (i, member) in all_of.iter().enumerate() {
        collect_members(
            cx,
            member.into(),
            &format!("{pointer}/allOf/{i}"),
            &mut props,
            0,
            &mut skipped,
        )?;
    }
    // Members that are not objects (a string among them, say) have no properties to merge. When no
    // member has any, the first shape is the type (AWS writes `allOf` of two string schemas).
    if props.entries.is_empty() && own.is_none() && !skipped.is_empty() {
        if let Some(&shape) = shapes.first() {
            cx.warn(
                pointer,
                "allof-of-non-objects",
                "allOf of schemas that are not objects: the first one is the type, the others' constraints are not checked",
            );
            let at = format!("{pointer}/allOf/{shape}");
            return type_ref(cx, (&all_of[shape]).into(), &at, slot.hint());
        }
    }
    for at in skipped {
        cx.warn(
            &at,
            "allof-member-not-object",
            "allOf member is not an object schema; it has no properties to merge, so it is left out",
        );
    }
    if let Some(own) = own {
        props.entries.extend(own.entries);
        for key in own.required {
            if !props.required.contains(&key) {
                props.required.push(key);
            }
        }
    }
    lower_object(cx, props, pointer, slot)
}

/// Gathers the properties of one `allOf` member into `props`, following `$ref`s and nested `allOf`s.
pub(super) fn collect_members<'a: 's, 's>(
    cx: &Context<'a>,
    member: SchemaRef<'s>,
    pointer: &str,
    props: &mut Props<'s>,
    depth: usize,
    skipped: &mut Vec<String>,
) -> Result<()> {
    if depth > 32 {
        return Err(cx.error(pointer, "allOf nests deeper than 32 levels (a cycle?)"));
    }
    let (schema, at) = match member {
        SchemaRef::Ref(reference) => {
            let at = cx.local_pointer(reference, pointer)?;
            // A component is at hand, read already; any other place is read for the occasion.
            if let Some(schema) = cx.read_component::<Schema>(&at) {
                return collect_members(cx, schema.into(), &at, props, depth + 1, skipped);
            }
            let Some(schema) = cx.raw_as::<ReferenceOr<Schema>>(&at)? else {
                return Err(cx.error(pointer, format!("$ref `{reference}` points to no schema")));
            };
            let mut found = Props::empty();
            collect_members(cx, (&schema).into(), &at, &mut found, depth + 1, skipped)?;
            props.merge(found.into_owned());
            return Ok(());
        }
        SchemaRef::Item(schema) => (schema, pointer.to_string()),
    };
    // An `allOf` with keywords beside it (`type: object`) is read by openapiv3 as "any", but merges
    // the same way.
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any) if !any.all_of.is_empty() => Some(&any.all_of),
        _ => None,
    };
    match (&schema.schema_kind, all_of) {
        (SchemaKind::Type(Type::Object(object)), _) => {
            props.add(object, &at);
            Ok(())
        }
        (_, Some(all_of)) => {
            for (i, inner) in all_of.iter().enumerate() {
                collect_members(
                    cx,
                    inner.into(),
                    &format!("{at}/allOf/{i}"),
                    props,
                    depth + 1,
                    skipped,
                )?;
            }
            if let Some(own) = raw_object(cx, &at)? {
                props.entries.extend(own.entries);
                props.required.extend(own.required);
            }
            Ok(())
        }
        (_, None) => match raw_object(cx, &at)? {
            Some(own) => {
                props.entries.extend(own.entries);
                props.required.extend(own.required);
                Ok(())
            }
            // A member with only `required`, `description` and the like constrains, but adds nothing.
            None if only_constraints(cx.raw(&at)) => {
                if let Some(required) = cx.raw(&at).and_then(|r| r.get("required")) {
                    for key in required
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !props.required.iter().any(|k| k == key) {
                            props.required.push(key.to_string());
                        }
                    }
                }
                Ok(())
            }
            None => {
                skipped.push(at);
                Ok(())
            }
        },
    }
}

/// Whether a schema only constrains (lists `required`, a description…) and defines no shape of its own.
pub(super) fn only_constraints(raw: Option<&Value>) -> bool {
    const CONSTRAINT_KEYS: &[&str] = &[
        "required",
        "description",
        "title",
        "minProperties",
        "maxProperties",
        "not",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "example",
        "default",
        "externalDocs",
        "xml",
    ];
    match raw {
        Some(Value::Object(map)) => map
            .keys()
            .all(|k| CONSTRAINT_KEYS.contains(&k.as_str()) || k.starts_with("x-")),
        _ => false,
    }
}

pub(super) fn lower_choice(
    cx: &mut Context,
    members: &[ReferenceOr<Schema>],
    keyword: &str,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    let member_pointer = |i: usize| format!("{pointer}/{keyword}/{i}");
    // `anyOf: [{required: [a]}, {required: [b]}]` beside `properties`: a rule about which properties
    // must be present, not a choice of types. The properties are the type.
    if (0..members.len()).all(|i| only_constraints(cx.raw(&member_pointer(i)))) {
        return match raw_object(cx, pointer)? {
            Some(props) => lower_constrained_object(cx, props, pointer, slot),
            None => Ok(TypeRef::Any),
        };
    }
    if let Some(tagged) = lower_tagged(cx, members, keyword, pointer, &slot)? {
        return Ok(tagged);
    }
    // A choice of one is that one (`anyOf: [{$ref: address}]`, Stripe's way of writing a nullable
    // reference): the member's type, not an enum of one variant.
    // An inline member takes the slot as it is, so a component keeps its own name.
    match members {
        [ReferenceOr::Item(member)] => return lower_schema(cx, member, &member_pointer(0), slot),
        [member] => return type_ref(cx, member.into(), &member_pointer(0), slot.hint()),
        _ => {}
    }
    let name = slot.name(cx);
    let doc = doc_at(cx, pointer);
    let mut names = Namer::new();
    let mut variants = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let at = member_pointer(i);
        let candidate = member_name(cx.raw(&at));
        let hint = match &candidate {
            Some(candidate) => format!("{name}{candidate}"),
            None => format!("{name}Variant{}", i + 1),
        };
        let ty = type_ref(cx, member.into(), &at, &hint)?;
        let variant = match (&ty, candidate) {
            (TypeRef::Named(id), _) => cx.name_of(*id).to_string(),
            (_, Some(candidate)) => candidate,
            (TypeRef::Primitive(p) | TypeRef::BoundedNumber(p, _), None) => format!("{p:?}"),
            (TypeRef::BoundedString(_), None) => "String".to_string(),
            (TypeRef::Array(_), None) => "List".to_string(),
            (TypeRef::Map(_), None) => "Map".to_string(),
            (TypeRef::ErrorCode(n), None) => n.clone(),
            (TypeRef::Any, None) => "Value".to_string(),
            (TypeRef::Extern(ty), None) => ty.last_name().to_string(),
        };
        variants.push(UnionVariant {
            name: names.unique(variant),
            ty,
            boxed: false,
        });
    }
    Ok(cx.add_type(name, pointer, doc, TypeKind::Union { variants }))
}

/// An object, with the rule of an `anyOf`/`oneOf` of `required` lists beside its properties (which
/// openapiv3 drops when the schema also says `type: object`): `oneOf` with one property per member is
/// an enum of the properties; otherwise the object has no valid `Default`.
pub(super) fn lower_constrained_object(
    cx: &mut Context,
    mut props: Props,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    for keyword in ["oneOf", "anyOf"] {
        let Some(members) = cx
            .raw(pointer)
            .and_then(|raw| raw.get(keyword))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let member_pointer = |i: usize| format!("{pointer}/{keyword}/{i}");
        if members.is_empty()
            || !(0..members.len()).all(|i| only_constraints(cx.raw(&member_pointer(i))))
        {
            continue;
        }
        if keyword == "oneOf" {
            if let Some(wires) = one_property_each(cx, members.len(), &member_pointer, &props) {
                return lower_one_property(cx, props, &wires, pointer, slot);
            }
        }
        props.at_least_one = true;
    }
    lower_object(cx, props, pointer, slot)
}

/// A name for an inline member of a union, from what it says of itself: its `title`, or the one
/// property it requires or has.
pub(super) fn member_name(raw: Option<&Value>) -> Option<String> {
    let raw = raw?.as_object()?;
    if raw.contains_key("$ref") {
        return None;
    }
    if let Some(title) = raw.get("title").and_then(Value::as_str) {
        return Some(type_name(title));
    }
    let single = |key: &str| -> Option<String> {
        match raw.get(key)? {
            Value::Array(list) if list.len() == 1 => list[0].as_str().map(str::to_string),
            Value::Object(map) if map.len() == 1 => map.keys().next().cloned(),
            _ => None,
        }
    };
    single("required")
        .or_else(|| single("properties"))
        .map(|wire| type_name(&wire))
}

/// For an object whose `oneOf` members each require exactly one of its properties, and together all of
/// them: those properties, in the members' order.
fn one_property_each(
    cx: &Context,
    count: usize,
    member_pointer: &dyn Fn(usize) -> String,
    props: &Props,
) -> Option<Vec<String>> {
    if !props.required.is_empty()
        || matches!(
            props.additional.as_deref(),
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true))
        )
    {
        return None;
    }
    let mut wires: Vec<String> = Vec::new();
    for i in 0..count {
        let required = cx.raw(&member_pointer(i))?.get("required")?.as_array()?;
        let [single] = required.as_slice() else {
            return None;
        };
        let wire = single.as_str()?.to_string();
        if wires.contains(&wire) || !props.entries.contains_key(&wire) {
            return None;
        }
        wires.push(wire);
    }
    (wires.len() == props.entries.len()).then_some(wires)
}

/// An object that holds exactly one of its properties: an enum with a variant per property.
fn lower_one_property(
    cx: &mut Context,
    props: Props,
    wires: &[String],
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    let name = slot.name(cx);
    let doc = doc_at(cx, pointer);
    let index = cx.add_type(
        name.clone(),
        pointer,
        doc,
        TypeKind::OneProperty {
            variants: Vec::new(),
        },
    );
    cx.cache(pointer, &index);
    let mut names = Namer::new();
    let mut variants = Vec::new();
    for wire in wires {
        let (schema, at) = &props.entries[wire];
        let hint = format!("{name}{}", type_name(wire));
        let ty = type_ref(cx, schema.as_ref().into(), at, &hint)?;
        variants.push(PropertyVariant {
            name: names.unique(variant_name(wire)),
            wire: wire.clone(),
            ty,
            boxed: false,
            doc: doc_at(cx, at),
        });
    }
    cx.set_kind(&index, TypeKind::OneProperty { variants });
    Ok(index)
}

/// A `oneOf`/`anyOf` with a `discriminator` whose variants can all be named: a tagged enum. `None` when
/// there is no discriminator, or a member is inline without a `mapping` entry (an untagged union then).
fn lower_tagged(
    cx: &mut Context,
    members: &[ReferenceOr<Schema>],
    keyword: &str,
    pointer: &str,
    slot: &Slot,
) -> Result<Option<TypeRef>> {
    let Some(discriminator) = cx.raw(&format!("{pointer}/discriminator")) else {
        // Without a discriminator, the members may still say which one they are.
        return match super::implied_tag::implied_tag(cx, members, keyword, pointer)? {
            Some((property, tags)) => tagged(cx, &property, tags, pointer, slot).map(Some),
            None => Ok(None),
        };
    };
    let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
        return Ok(None);
    };
    let mapping: Vec<(String, String)> = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(tag, target)| Some((tag.clone(), target.as_str()?.to_string())))
        .collect();
    // A mapping value is a `$ref` or the name of a component schema.
    let as_ref = |target: &str| {
        if target.starts_with('#') || target.contains('/') {
            target.to_string()
        } else {
            format!("#/components/schemas/{target}")
        }
    };
    let mut tags: Tags = Vec::new();
    for (tag, target) in &mapping {
        tags.push((
            tag.clone(),
            as_ref(target),
            format!("{pointer}/discriminator/mapping/{}", escape(tag)),
        ));
    }
    for (i, member) in members.iter().enumerate() {
        let ReferenceOr::Reference { reference } = member else {
            return Ok(None);
        };
        if tags.iter().any(|(_, r, _)| r == reference) {
            continue;
        }
        // Without a mapping entry the tag is the schema's name.
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            return Ok(None);
        };
        let tag = crate::load::pointer::unescape(key).into_owned();
        tags.push((tag, reference.clone(), format!("{pointer}/{keyword}/{i}")));
    }
    if tags.is_empty() {
        return Ok(None);
    }
    tagged(cx, property, tags, pointer, slot).map(Some)
}

/// The variants of a tagged enum: (tag, `$ref` of its member, pointer of the place that names it).
pub(super) type Tags = Vec<(String, String, String)>;

/// The enum of `tags`, picked by `property`.
fn tagged(
    cx: &mut Context,
    property: &str,
    tags: Tags,
    pointer: &str,
    slot: &Slot,
) -> Result<TypeRef> {
    let name = slot.name(cx);
    let doc = doc_at(cx, pointer);
    let mut names = Namer::new();
    let mut variants = Vec::new();
    for (tag, reference, at) in tags {
        let ty = type_ref(cx, SchemaRef::Ref(&reference), &at, &name)?;
        variants.push(TaggedVariant {
            name: names.unique(variant_name(&tag)),
            tag,
            ty,
            boxed: false,
        });
    }
    let kind = TypeKind::Tagged {
        property: property.to_string(),
        variants,
    };
    Ok(cx.add_type(name, pointer, doc, kind))
}
