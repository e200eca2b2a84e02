//! Says in plain words why `openapiv3` refused a document. Its own messages name Rust internals ("data
//! did not match any variant of untagged enum ReferenceOr", "no variant of enum ParameterSchemaOrContent
//! found in flattened data") and stop at the outermost `$ref`-or-value, far from the mistake. Here the
//! value at the pointer is read again as what it is (a schema, a parameter, …) to find the deepest place
//! and the real reason, and serde's wording is turned into the spec's.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::load::spec::json_pointer;
use crate::load::walk::{nodes, Node};

/// How many times a refusal is followed into a nested value (each step goes one value deeper).
const MAX_STEPS: usize = 32;

/// The deepest pointer and a plain message for `message`, which `openapiv3` gave at `pointer`.
pub fn explain(raw: &Value, pointer: &str, message: &str) -> (String, String) {
    let mut pointer = pointer.to_string();
    let mut message = message.to_string();
    for _ in 0..MAX_STEPS {
        if !message.contains("untagged enum") && !message.contains("flattened data") {
            break;
        }
        match deeper(raw, &pointer) {
            Some((at, why)) if at != pointer || why != message => {
                pointer = at;
                message = why;
            }
            _ => break,
        }
    }
    let kind = kind_at(raw, &pointer);
    (pointer, reword(&message, kind))
}

/// What the value at `pointer` is, if the walk of the document reaches it.
fn kind_at(raw: &Value, pointer: &str) -> Option<Node> {
    nodes(raw, "", Node::Root)
        .into_iter()
        .find(|(at, _)| at == pointer)
        .map(|(_, kind)| kind)
}

/// Reads the value at `pointer` as its kind, without the `$ref` alternative, for a deeper error.
fn deeper(raw: &Value, pointer: &str) -> Option<(String, String)> {
    let value = raw.pointer(pointer)?;
    if value.get("$ref").is_some() {
        return None;
    }
    fn read<T: DeserializeOwned>(pointer: &str, value: &Value) -> Option<(String, String)> {
        let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
        Some((
            format!("{pointer}{}", json_pointer(err.path())),
            err.inner().to_string(),
        ))
    }
    match kind_at(raw, pointer)? {
        Node::Schema => read::<openapiv3::Schema>(pointer, value),
        Node::Parameter => read::<openapiv3::Parameter>(pointer, value),
        Node::Header => read::<openapiv3::Header>(pointer, value),
        Node::RequestBody => read::<openapiv3::RequestBody>(pointer, value),
        Node::Response => read::<openapiv3::Response>(pointer, value),
        Node::MediaType => read::<openapiv3::MediaType>(pointer, value),
        Node::Example => read::<openapiv3::Example>(pointer, value),
        Node::Link => read::<openapiv3::Link>(pointer, value),
        Node::Callback => read::<openapiv3::Callback>(pointer, value),
        Node::SecurityScheme => read::<openapiv3::SecurityScheme>(pointer, value),
        Node::PathItem => read::<openapiv3::PathItem>(pointer, value),
        Node::Operation => read::<openapiv3::Operation>(pointer, value),
        _ => None,
    }
}

/// serde's and `openapiv3`'s wording → the spec's.
fn reword(message: &str, kind: Option<Node>) -> String {
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
            let expected = expected
                .replace("a map", "an object")
                .replace("a sequence", "a list");
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
    }
}
