//! Schemas that `openapiv3` reads as "any" (`SchemaKind::Any`) although they say more. It reads a schema
//! as one kind only when every keyword belongs to that kind, and real specs mix them: `type: object`
//! beside `oneOf` (Box's `CollaborationItem`, a `oneOf` of `File`, `Folder`, `WebLink`), properties beside
//! `allOf` (Cloudflare), common properties beside a `oneOf` of variants, `items` or an `enum` without
//! `type`. Each is read here for what it says; what cannot be (two compositions side by side, a `type`
//! that OpenAPI does not have) is a warning at the place, never a silent `serde_json::Value`.
//! (Keywords beside a plain `type` that does not take them are repaired by the loader,
//! `load/type_keywords.rs`, so `openapiv3` reads those schemas as their type.)

use openapiv3::{AnySchema, ArrayType, ReferenceOr, Schema, SchemaKind, StringType, Type};

use super::schemas::{
    collect_members, doc_at, lower_all_of, lower_choice, lower_constrained_object, lower_kind,
    lower_object, member_name, only_constraints, raw_object, Slot,
};
use super::Context;
use crate::error::Result;
use crate::model::names::{variant_name, Namer};
use crate::model::{TypeKind, TypeRef, UnionVariant};

/// The type of `schema`, which `openapiv3` read as `any`.
pub(super) fn lower_any(
    cx: &mut Context,
    schema: &Schema,
    any: &AnySchema,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    let choices = [("oneOf", &any.one_of), ("anyOf", &any.any_of)];
    let mut choices = choices
        .into_iter()
        .filter(|(_, members)| !members.is_empty());
    if !any.all_of.is_empty() {
        // `allOf` merges the properties beside it itself (`lower_all_of` reads them from the document).
        for (keyword, _) in choices {
            not_applied(cx, pointer, keyword, "allOf");
        }
        return lower_all_of(cx, &any.all_of, pointer, slot);
    }
    if let Some((keyword, members)) = choices.next() {
        for (other, _) in choices {
            not_applied(cx, pointer, other, keyword);
        }
        return lower_choice_beside(cx, members, keyword, pointer, slot);
    }
    if let Some(typed) = typed_view(any) {
        let schema = Schema {
            schema_data: schema.schema_data.clone(),
            schema_kind: SchemaKind::Type(typed),
        };
        return lower_kind(cx, &schema, pointer, slot);
    }
    if let Some(props) = raw_object(cx, pointer)? {
        return lower_constrained_object(cx, props, pointer, slot);
    }
    if let Some(ty) = &any.typ {
        cx.warn(
            &format!("{pointer}/type"),
            "unknown-type",
            format!("`type: {ty}` is not an OpenAPI type (string, number, integer, boolean, array, object); the schema is any JSON value"),
        );
    }
    Ok(TypeRef::Any)
}

/// A second composition beside the one the type is made of: its rule is not part of the type.
fn not_applied(cx: &mut Context, pointer: &str, keyword: &str, used: &str) {
    cx.warn(
        &format!("{pointer}/{keyword}"),
        "composition-not-applied",
        format!("`{keyword}` beside `{used}`: the type is made of `{used}`; the `{keyword}` is not part of it (values are not checked against it)"),
    );
}

/// A `oneOf`/`anyOf` with keywords beside it. A `type` beside it only restates what the members are;
/// properties beside it are common to every member, so each member becomes an object of its own
/// properties and the common ones (as typify reads it), unless a `discriminator` picks the members as
/// they are.
fn lower_choice_beside(
    cx: &mut Context,
    members: &[ReferenceOr<Schema>],
    keyword: &str,
    pointer: &str,
    slot: Slot,
) -> Result<TypeRef> {
    let member_pointer = |i: usize| format!("{pointer}/{keyword}/{i}");
    let constraints_only = (0..members.len()).all(|i| only_constraints(cx.raw(&member_pointer(i))));
    let has_properties = cx
        .raw(pointer)
        .is_some_and(|raw| raw.get("properties").is_some());
    if constraints_only || !has_properties {
        return lower_choice(cx, members, keyword, pointer, slot);
    }
    if cx
        .raw(pointer)
        .is_some_and(|raw| raw.get("discriminator").is_some())
    {
        cx.warn(
            &format!("{pointer}/properties"),
            "properties-beside-union",
            format!("properties beside a `{keyword}` with a `discriminator`: the members are the variants as they are; the properties beside them are not added to each"),
        );
        return lower_choice(cx, members, keyword, pointer, slot);
    }
    let name = slot.name(cx);
    let doc = doc_at(cx, pointer);
    let union = cx.add_type(
        name.clone(),
        pointer,
        doc,
        TypeKind::Union {
            variants: Vec::new(),
        },
    );
    // Known before its variants are: a `$ref` back to this schema from a member resolves to it.
    cx.cache(pointer, &union);
    let mut names = Namer::new();
    let mut variants = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let at = member_pointer(i);
        let candidate = match member {
            ReferenceOr::Reference { reference } => match cx.schema_ref(reference, &at) {
                Ok(TypeRef::Named(id)) => Some(cx.name_of(id).to_string()),
                _ => None,
            },
            ReferenceOr::Item(_) => member_name(cx.raw(&at)),
        };
        let hint = match &candidate {
            Some(candidate) => format!("{name}{candidate}"),
            None => format!("{name}Variant{}", i + 1),
        };
        let mut props = raw_object(cx, pointer)?.unwrap_or_else(super::schemas::Props::empty);
        let mut skipped = Vec::new();
        collect_members(cx, member.into(), &at, &mut props, 0, &mut skipped)?;
        if !skipped.is_empty() {
            cx.warn(
                &at,
                "properties-beside-union",
                format!("this `{keyword}` member is not an object, so the properties beside the `{keyword}` cannot be added to it; the variant has only the common properties"),
            );
        }
        let ty = lower_object(cx, props, &at, Slot::Hint(hint))?;
        let variant = candidate.unwrap_or_else(|| variant_name(&format!("Variant{}", i + 1)));
        variants.push(UnionVariant {
            name: names.unique(variant),
            ty,
            boxed: false,
        });
    }
    cx.set_kind(&union, TypeKind::Union { variants });
    Ok(union)
}

/// The type a schema without a readable `type` has by its keywords: a list by `items`, a string by its
/// string keywords or string `enum`, or the `type` it names with keywords `openapiv3` did not take
/// beside it (`not`). `None` for properties without `type` (read from the document by `raw_object`)
/// and for what says nothing.
fn typed_view(any: &AnySchema) -> Option<Type> {
    let strings =
        !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null());
    let string_keywords =
        any.pattern.is_some() || any.min_length.is_some() || any.max_length.is_some() || strings;
    let of_values = |is: fn(&serde_json::Value) -> bool| {
        !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_null() || is(v))
    };
    let ty = match any.typ.as_deref() {
        Some(ty) => ty,
        None if any.items.is_some() => "array",
        None if string_keywords
            && any.properties.is_empty()
            && any.additional_properties.is_none() =>
        {
            "string"
        }
        // An `enum` of numbers or booleans without `type` (`id: {enum: [3]}`) is of their type.
        None if of_values(serde_json::Value::is_i64) => "integer",
        None if of_values(serde_json::Value::is_number) => "number",
        None if of_values(serde_json::Value::is_boolean) => "boolean",
        None => return None,
    };
    Some(match ty {
        "array" => Type::Array(ArrayType {
            items: any.items.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or_default(),
        }),
        "string" => Type::String(StringType {
            format: any.format.clone().into(),
            pattern: any.pattern.clone(),
            enumeration: (any.enumeration.iter())
                .filter_map(|v| v.as_str().map(|s| Some(s.to_string())))
                .collect(),
            min_length: any.min_length,
            max_length: any.max_length,
        }),
        "integer" => Type::Integer(openapiv3::IntegerType {
            format: any.format.clone().into(),
            ..Default::default()
        }),
        "number" => Type::Number(openapiv3::NumberType {
            format: any.format.clone().into(),
            ..Default::default()
        }),
        "boolean" => Type::Boolean(openapiv3::BooleanType::default()),
        // `type: object` beside `not`, say: the object, whatever it may not be.
        "object" => Type::Object(openapiv3::ObjectType {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional_properties: any.additional_properties.clone(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn any(value: serde_json::Value) -> AnySchema {
        match serde_json::from_value::<Schema>(value).unwrap().schema_kind {
            SchemaKind::Any(any) => any,
            other => panic!("read as {other:?}"),
        }
    }

    #[test]
    fn items_make_a_list_and_string_keywords_a_string() {
        assert!(matches!(
            typed_view(&any(json!({"items": {"type": "string"}}))),
            Some(Type::Array(_))
        ));
        match typed_view(&any(json!({"enum": ["a", "b"], "format": "x-code"}))) {
            Some(Type::String(string)) => assert_eq!(string.enumeration.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(typed_view(&any(json!({"description": "anything"}))).is_none());
        assert!(matches!(
            typed_view(&any(json!({"enum": [0, 1, 2]}))),
            Some(Type::Integer(_))
        ));
        assert!(matches!(
            typed_view(&any(json!({"enum": [true, null]}))),
            Some(Type::Boolean(_))
        ));
        assert!(typed_view(&any(json!({"properties": {"a": {}}, "maxLength": 3}))).is_none());
        assert!(matches!(
            typed_view(&any(json!({"type": "object", "not": {"required": ["a"]}}))),
            Some(Type::Object(_))
        ));
    }
}
