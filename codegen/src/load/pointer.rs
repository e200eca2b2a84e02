//! JSON pointer lookups (RFC 6901) that give the same answers as `serde_json::Value::pointer` and
//! `pointer_mut`, without their cost: those unescape every segment into two new strings, and the
//! loader's walks and the lowering look up hundreds of thousands of deep pointers.

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

/// One step of a lookup, by an unescaped segment.
fn step<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(token),
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

fn unescape(segment: &str) -> Cow<'_, str> {
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
}
