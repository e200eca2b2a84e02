//! A `oneOf`/`anyOf` without a `discriminator` whose members still say which one they are: each is a
//! component object with a required property whose schema allows one string, the same property in
//! every member and another string in each (Box's `CollaborationItem`: `File`, `Folder`, `WebLink`,
//! each with `type: {enum: [file]}`, `[folder]`, `[web_link]`). Read as an untagged union, the first
//! member that fits would take every value (an open enum and unknown fields fit anything); read by
//! that property, each value is the member it names, as typify reads such unions too.

use serde_json::Value;

use super::schemas::{collect_members, Props, SchemaRef, Tags};
use super::Context;
use crate::error::Result;
use openapiv3::{ReferenceOr, Schema};

/// The property and, per member, (tag, `$ref`, pointer of the member), when every member names itself;
/// `None` otherwise.
pub(super) fn implied_tag(
    cx: &Context,
    members: &[ReferenceOr<Schema>],
    keyword: &str,
    pointer: &str,
) -> Result<Option<(String, Tags)>> {
    if members.len() < 2 {
        return Ok(None);
    }
    // Per member: its `$ref`, and the properties it fixes to one string (required ones only).
    let mut fixed: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let ReferenceOr::Reference { reference } = member else {
            return Ok(None);
        };
        if !reference.starts_with("#/components/schemas/") {
            return Ok(None);
        }
        let at = format!("{pointer}/{keyword}/{i}");
        let mut props = Props::empty();
        let mut skipped = Vec::new();
        collect_members(
            cx,
            SchemaRef::Ref(reference),
            &at,
            &mut props,
            0,
            &mut skipped,
        )?;
        if !skipped.is_empty() {
            return Ok(None);
        }
        let values = props
            .fixed_strings(cx)
            .into_iter()
            .filter(|(name, _)| props.is_required(name))
            .collect();
        fixed.push((reference, values));
    }
    // The first property of the first member that every member fixes, to a value of its own.
    let (_, first) = &fixed[0];
    for (property, _) in first {
        let tags: Option<Vec<String>> = fixed
            .iter()
            .map(|(_, values)| {
                values
                    .iter()
                    .find(|(name, _)| name == property)
                    .map(|(_, value)| value.clone())
            })
            .collect();
        let Some(tags) = tags else { continue };
        let mut distinct = tags.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != tags.len() {
            continue;
        }
        let found = (fixed.iter().zip(tags).enumerate())
            .map(|(i, ((reference, _), tag))| {
                (
                    tag,
                    reference.to_string(),
                    format!("{pointer}/{keyword}/{i}"),
                )
            })
            .collect();
        return Ok(Some((property.clone(), found)));
    }
    Ok(None)
}

impl Props<'_> {
    /// The properties whose schema (as written, or a `$ref` to a component) allows exactly one
    /// string: `{type: string, enum: [file]}`.
    fn fixed_strings(&self, cx: &Context) -> Vec<(String, String)> {
        let one_string = |raw: &Value| -> Option<String> {
            match raw.get("enum")?.as_array()?.as_slice() {
                [Value::String(only)] => Some(only.clone()),
                _ => None,
            }
        };
        self.entries
            .iter()
            .filter_map(|(name, (_, at))| {
                let raw = cx.raw(at)?;
                let raw = match raw.get("$ref").and_then(Value::as_str) {
                    Some(reference) => cx.raw(reference.strip_prefix('#')?)?,
                    None => raw,
                };
                Some((name.clone(), one_string(raw)?))
            })
            .collect()
    }
}
