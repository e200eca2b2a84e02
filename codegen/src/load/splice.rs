//! The repaired values of a document put into the `openapiv3` reading of it. A JSON document is read into
//! `openapiv3`'s types straight from the text, on another core, while its raw value is read and
//! normalised; when the loader's repairs (`fixes`) changed a few values in place (GitHub's description
//! has four, Kubernetes' a few thousand in its parameters), only the entries holding them (a component,
//! a path item) are read again from the repaired value and put in place, instead of the whole document
//! a second time (as long as parsing it, and both readings in memory at once).

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Puts the entries of `raw` holding the `repaired` pointers into `openapi`; `false` when one cannot
/// be (a pointer outside any component or path item, an entry that does not read): then the whole
/// document must be read again, which also says where it does not read.
pub(crate) fn entries(openapi: &mut OpenAPI, raw: &Value, repaired: &[String]) -> bool {
    let mut done: HashSet<&str> = HashSet::new();
    for pointer in repaired {
        let Some(entry) = entry_of(pointer) else {
            return false;
        };
        if done.insert(entry.pointer) && replace(openapi, raw, &entry).is_none() {
            return false;
        }
    }
    true
}

/// A value of `components/<section>` or of `paths`, by its pointer.
struct Entry<'p> {
    /// Its pointer in the document (`/components/schemas/Pet`).
    pointer: &'p str,
    /// `Some(section)` of `components`, `None` for a path item.
    section: Option<&'p str>,
    /// Its key, unescaped.
    key: String,
}

/// The entry a pointer is inside of (or is).
fn entry_of(pointer: &str) -> Option<Entry<'_>> {
    let mut segments = pointer.strip_prefix('/')?.split('/');
    let (section, depth) = match segments.next()? {
        "components" => (Some(segments.next()?), 3),
        "paths" => (None, 2),
        _ => return None,
    };
    let key = segments.next()?;
    let end = pointer
        .match_indices('/')
        .nth(depth)
        .map_or(pointer.len(), |(i, _)| i);
    Some(Entry {
        pointer: &pointer[..end],
        section,
        key: super::pointer::unescape(key).into_owned(),
    })
}

/// Reads `entry` again from `raw` into its place in `openapi`; `None` when it cannot.
fn replace(openapi: &mut OpenAPI, raw: &Value, entry: &Entry) -> Option<()> {
    let value = raw.pointer(entry.pointer)?;
    let Some(section) = entry.section else {
        // Path items are not kept (the lowering reads each one from `raw`, repairs included): a
        // repaired one has only to read.
        return match entry.key.starts_with('/') {
            true => ReferenceOr::<PathItem>::deserialize(value).ok().map(drop),
            false => None,
        };
    };
    let components = openapi.components.as_mut()?;
    match section {
        "schemas" => put(&mut components.schemas, &entry.key, value),
        "responses" => put(&mut components.responses, &entry.key, value),
        "parameters" => put(&mut components.parameters, &entry.key, value),
        "examples" => put(&mut components.examples, &entry.key, value),
        "requestBodies" => put(&mut components.request_bodies, &entry.key, value),
        "headers" => put(&mut components.headers, &entry.key, value),
        "securitySchemes" => put(&mut components.security_schemes, &entry.key, value),
        "links" => put(&mut components.links, &entry.key, value),
        "callbacks" => put(&mut components.callbacks, &entry.key, value),
        _ => None,
    }
}

/// Replaces the value of `key` (which `map` has, in its place) by `value` read again.
fn put<T: DeserializeOwned>(
    map: &mut IndexMap<String, ReferenceOr<T>>,
    key: &str,
    value: &Value,
) -> Option<()> {
    let slot = map.get_mut(key)?;
    *slot = ReferenceOr::<T>::deserialize(value).ok()?;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_repaired_entries_read_again_are_the_whole_document_read_again() {
        let written = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a/{b}": {"get": {
                "parameters": [{"name": "w", "in": "query", "schema": {"type": "boolean", "uniqueItems": true}}],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {
                "Pod": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1.0}}},
                "Other": {"type": "string"}
            }}
        });
        let mut raw = written.clone();
        let mut warnings = Vec::new();
        let repaired =
            crate::load::fixes::normalise(std::path::Path::new("a.json"), &mut raw, &mut warnings)
                .unwrap();
        assert_eq!(
            repaired,
            [
                "/paths/~1a~1{b}/get/parameters/0/schema",
                "/components/schemas/Pod/properties/n"
            ]
        );
        // The direct reading leaves the path items out (see `direct`).
        let mut direct: OpenAPI = serde_json::from_value(written).unwrap();
        direct.paths.paths.clear();
        assert!(entries(&mut direct, &raw, &repaired));
        let mut again: OpenAPI = serde_json::from_value(raw).unwrap();
        again.paths.paths.clear();
        assert_eq!(direct, again);
    }

    #[test]
    fn a_place_outside_the_entries_asks_for_the_whole_document() {
        let mut openapi: OpenAPI = serde_json::from_value(
            json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}),
        )
        .unwrap();
        let raw = json!({});
        assert!(!entries(&mut openapi, &raw, &["/info/x".to_string()]));
        assert!(!entries(
            &mut openapi,
            &raw,
            &["/components/schemas/Missing".to_string()]
        ));
        assert!(entries(&mut openapi, &raw, &[]));
        let entry = entry_of("/components/schemas/a~1b/properties/c").unwrap();
        assert_eq!(
            (entry.pointer, entry.section, entry.key.as_str()),
            ("/components/schemas/a~1b", Some("schemas"), "a/b")
        );
        let entry = entry_of("/paths/~1x/get").unwrap();
        assert_eq!((entry.pointer, entry.key.as_str()), ("/paths/~1x", "/x"));
    }
}
