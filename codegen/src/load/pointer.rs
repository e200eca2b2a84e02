//! JSON pointers (RFC 6901): lookups that give the same answers as `serde_json::Value::pointer` and
//! `pointer_mut`, without their cost (those unescape every segment into two new strings, and the
//! loader's walks and the lowering look up hundreds of thousands of deep pointers), and the making of
//! pointers: an escaped segment, serde_path_to_error's path, a percent-encoded `$ref` fragment.

use std::borrow::Cow;

use serde_json::Value;

/// The value at `pointer` in `doc`, as `doc.pointer(pointer)` finds it.
pub fn get<'v>(doc: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut target = doc;
    for token in tokens(pointer)? {
        target = step(target, &token)?;
    }
    Some(target)
}

/// The value that the (escaped) pointer segment `segment` names inside `value`: `get(value, "/segment")`.
pub fn child<'v>(value: &'v Value, segment: &str) -> Option<&'v Value> {
    step(value, &unescape(segment))
}

/// The value of `key` in `value` when it is an object, as `value.get(key)` finds it. The objects of a
/// spec are small (a schema, a property, a parameter has a few keys): reading their keys in order is
/// quicker than serde_json's hashing of `key` (SipHash), which was a tenth of the lowering's time.
/// Large objects (`paths`, `components/schemas`) are still looked up by hash.
pub fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    const SCANNED: usize = 16;
    match value {
        Value::Object(map) if map.len() <= SCANNED => map
            .iter()
            .find_map(|(name, value)| (name == key).then_some(value)),
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// One step of a lookup, by an unescaped segment.
fn step<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Object(_) => field(value, token),
        Value::Array(list) => list.get(index(token)?),
        _ => None,
    }
}

/// The value at `pointer` in `doc`, as `doc.pointer_mut(pointer)` finds it.
pub fn get_mut<'v>(doc: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    let mut target = doc;
    for token in tokens(pointer)? {
        target = match target {
            Value::Object(map) => map.get_mut(token.as_ref())?,
            Value::Array(list) => list.get_mut(index(&token)?)?,
            _ => return None,
        };
    }
    Some(target)
}

/// The unescaped segments of `pointer`; `None` when it is neither empty nor starts with `/`.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    // `"".split('/')` is one empty segment, which `skip` drops: the empty pointer is the document.
    Some(pointer.split('/').skip(1).map(unescape))
}

/// A pointer segment as the key it stands for (`~1` → `/`, `~0` → `~`); a copy only when it has an
/// escape.
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        // In this order, as serde_json does: `~01` is `~1`, not `/`.
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// An array index as serde_json reads one: no sign, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Turns serde_path_to_error's path into a JSON pointer (RFC 6901).
pub(crate) fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push_str(&escape(key)),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `%7B` → `{`: references are URIs, and some tools percent-encode them. Invalid escapes stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agrees_with_serde_json() {
        let mut doc = json!({
            "a/b": {"c~d": [1, {"e": 2}]},
            "": {"": 3},
            "~1": 4,
            "list": [0, 1, 2],
        });
        let pointers = [
            "",
            "/",
            "//",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/2",
            "/~01",
            "/~1",
            "/list/0",
            "/list/00",
            "/list/-",
            "/list/x",
            "x",
            "/a~1b/c~0d/1/e/f",
        ];
        for pointer in pointers {
            assert_eq!(get(&doc, pointer), doc.pointer(pointer), "{pointer}");
            if let Some((parent, last)) = pointer.rsplit_once('/') {
                let stepwise = get(&doc, parent).and_then(|value| child(value, last));
                assert_eq!(stepwise, doc.pointer(pointer), "{pointer}");
            }
            let expected = doc.pointer(pointer).cloned();
            assert_eq!(
                get_mut(&mut doc, pointer).map(|v| v.clone()),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn a_field_is_found_in_small_and_large_objects_as_serde_json_finds_it() {
        // Read in order up to 16 keys, by hash beyond: both ways give `get`'s answer.
        for size in [0, 1, 15, 16, 17, 40] {
            let object: serde_json::Map<String, Value> =
                (0..size).map(|i| (format!("k{i}"), json!(i))).collect();
            let object = Value::Object(object);
            for key in ["k0", "k15", "k16", "k39", "k", "k00", ""] {
                assert_eq!(field(&object, key), object.get(key), "{size} keys: {key}");
            }
        }
        assert_eq!(field(&json!([1, 2]), "0"), None);
        assert_eq!(field(&json!("text"), "k0"), None);
    }
}
