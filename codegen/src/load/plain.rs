//! Says in plain words why `openapiv3` refused a document. Its own messages name Rust internals ("data
//! did not match any variant of untagged enum ReferenceOr", "no variant of enum ParameterSchemaOrContent
//! found in flattened data") and stop at the outermost `$ref`-or-value, far from the mistake. Here the
//! value at the pointer is read again as what it is (a schema, a parameter, …) to find the deepest place
//! and the real reason, and serde's wording is turned into the spec's.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::load::pointer::{escape, json_pointer};
use crate::load::walk::{nodes, Node};

/// The deepest pointer and a plain message for `message`, which `openapiv3` gave at `pointer`.
pub fn explain(raw: &Value, pointer: &str, message: &str) -> (String, String) {
    let start = if pointer == "/" { "" } else { pointer };
    let Some(kind) = kind_at(raw, start) else {
        return (pointer.to_string(), reword(message, None));
    };
    // Every value below that is itself refused, deepest first: the first one none of whose own values
    // is refused is where the mistake is.
    let refused: Vec<(String, Node, String, String)> = nodes(raw, start, kind)
        .into_iter()
        .filter_map(|(at, kind)| {
            let (inner, why) = read_as(kind, raw.pointer(&at)?)??;
            Some((at, kind, inner, why))
        })
        .collect();
    let deepest = refused.iter().find(|(at, ..)| {
        let below = format!("{at}/");
        !refused.iter().any(|(other, ..)| other.starts_with(&below))
    });
    let Some((at, kind, inner, why)) = deepest else {
        return (pointer.to_string(), reword(message, Some(kind)));
    };
    let mut place = format!("{at}{inner}");
    // `openapiv3` reads a schema's keywords through `#[serde(flatten)]`, which loses the keyword's
    // name: the keyword without which the value reads is the one at fault.
    if inner.is_empty() {
        if let Some(Value::Object(map)) = raw.pointer(at) {
            let culprit = map.keys().find(|key| {
                let mut without = map.clone();
                without.remove(*key);
                matches!(read_as(*kind, &Value::Object(without)), Some(None))
            });
            if let Some(key) = culprit {
                place = format!("{at}/{}", escape(key));
            }
        }
    }
    let kind = kind_at(raw, &place).or(Some(*kind));
    (place, reword(why, kind))
}

/// What the value at `pointer` is, if the walk of the document reaches it.
fn kind_at(raw: &Value, pointer: &str) -> Option<Node> {
    nodes(raw, "", Node::Root)
        .into_iter()
        .find(|(at, _)| at == pointer)
        .map(|(_, kind)| kind)
}

/// Reads `value` as a `kind` (not as a `$ref`): `None` when that kind is not read alone, `Some(None)`
/// when it reads, `Some(Some((pointer inside, message)))` when it is refused.
fn read_as(kind: Node, value: &Value) -> Option<Option<(String, String)>> {
    fn read<T: DeserializeOwned>(value: &Value) -> Option<(String, String)> {
        let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
        Some((json_pointer(err.path()), err.inner().to_string()))
    }
    if value.get("$ref").is_some() {
        return Some(None);
    }
    Some(match kind {
        Node::Schema => read::<openapiv3::Schema>(value),
        Node::Parameter => read::<openapiv3::Parameter>(value),
        Node::Header => read::<openapiv3::Header>(value),
        Node::RequestBody => read::<openapiv3::RequestBody>(value),
        Node::Response => read::<openapiv3::Response>(value),
        Node::MediaType => read::<openapiv3::MediaType>(value),
        Node::Example => read::<openapiv3::Example>(value),
        Node::Link => read::<openapiv3::Link>(value),
        Node::Callback => read::<openapiv3::Callback>(value),
        Node::SecurityScheme => read::<openapiv3::SecurityScheme>(value),
        Node::PathItem => read::<openapiv3::PathItem>(value),
        Node::Operation => read::<openapiv3::Operation>(value),
        _ => return None,
    })
}

/// serde's and `openapiv3`'s wording → the spec's; `kind` is what the value should be, if known.
pub fn reword(message: &str, kind: Option<Node>) -> String {
    let what = match kind {
        Some(Node::Schema) => "a schema",
        Some(Node::Parameter) => "a parameter",
        Some(Node::Header) => "a header",
        Some(Node::RequestBody) => "a request body",
        Some(Node::Response) => "a response",
        Some(Node::MediaType) => "a media type",
        Some(Node::Example) => "an example",
        Some(Node::Link) => "a link",
        Some(Node::Callback) => "a callback",
        Some(Node::SecurityScheme) => "a security scheme",
        Some(Node::PathItem) => "a path item",
        Some(Node::Operation) => "an operation",
        _ => "what is allowed here",
    };
    if message.contains("ParameterSchemaOrContent") {
        return format!("{what} needs either `schema` or `content`");
    }
    if message.contains("untagged enum ReferenceOr") {
        return format!("this is neither a `$ref` nor {what}");
    }
    if message.contains("untagged enum") || message.contains("flattened data") {
        return format!("this value does not have any of the shapes of {what}");
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("the required field {rest} is missing");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => format!("{found} is not allowed here; expected {expected}"),
            None => format!("{rest} is not allowed here"),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let expected = match expected {
                "usize" | "u64" | "u32" | "u16" => "a whole number (0 or more)",
                "i64" | "i32" => "an integer",
                "f64" | "f32" => "a number",
                "a map" => "an object",
                "a sequence" => "a list",
                // `openapiv3`'s type names: a struct is a JSON object, an enum one of several forms.
                other if other.starts_with("struct ") => "an object",
                other if other.contains("enum ") => "one of the forms allowed here",
                other => other,
            };
            let found = found.replace("map", "object").replace("sequence", "list");
            return format!("found {found} where {expected} was expected");
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::reword;

    #[test]
    fn no_rust_names_reach_the_user() {
        for message in [
            "data did not match any variant of untagged enum ReferenceOr",
            "no variant of enum ParameterSchemaOrContent found in flattened data",
            "data did not match any variant of untagged enum SchemaKind",
        ] {
            let text = reword(message, None);
            assert!(!text.contains("enum"), "{text}");
        }
        assert_eq!(
            reword("invalid type: string \"nope\", expected a map", None),
            "found string \"nope\" where an object was expected"
        );
        assert_eq!(
            reword(
                "invalid type: integer `5`, expected struct Components",
                None
            ),
            "found integer `5` where an object was expected"
        );
        assert_eq!(
            reword(
                "unknown variant `body`, expected one of `query`, `path`",
                None
            ),
            "`body` is not allowed here; expected one of `query`, `path`"
        );
    }
}
