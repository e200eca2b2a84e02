//! Walks an OpenAPI document knowing what each object in it is (a schema, a parameter, a response, …),
//! so the loader's rewrites touch only what they mean to: a schema's `const` keyword, not a property
//! named `const`; an `examples` list of a schema, not the `examples` map of a media type. The walk is
//! iterative (an explicit stack), so a hostile, deeply nested document cannot overflow the stack.

use serde_json::Value;

use crate::load::pointer::escape;

/// What a value of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Root,
    Components,
    Paths,
    PathItem,
    Operation,
    /// An operation's `responses`: responses by status, and extensions (`x-…`).
    Responses,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    /// A map whose values are all of one kind (`properties`, `components/parameters`, `content`).
    MapOf(Item),
    /// A list whose elements are all of one kind (`allOf`, an operation's `parameters`).
    ListOf(Item),
}

/// The kinds of values that maps and lists hold (a subset of [`Node`], so `MapOf` is not recursive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    PathItem,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
}

impl Item {
    pub fn node(self) -> Node {
        match self {
            Item::PathItem => Node::PathItem,
            Item::Parameter => Node::Parameter,
            Item::Header => Node::Header,
            Item::RequestBody => Node::RequestBody,
            Item::Response => Node::Response,
            Item::MediaType => Node::MediaType,
            Item::Encoding => Node::Encoding,
            Item::Example => Node::Example,
            Item::Link => Node::Link,
            Item::Callback => Node::Callback,
            Item::SecurityScheme => Node::SecurityScheme,
            Item::Schema => Node::Schema,
        }
    }
}

impl Node {
    /// The `components` section that holds this kind of object, if any.
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Node::Schema => "schemas",
            Node::Parameter => "parameters",
            Node::Header => "headers",
            Node::RequestBody => "requestBodies",
            Node::Response => "responses",
            Node::Example => "examples",
            Node::Link => "links",
            Node::Callback => "callbacks",
            Node::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }

    /// What the child `key` of a value of this kind is; `None` for what is not walked (examples, default
    /// values, extensions, plain fields).
    fn child(self, key: &str, value: &Value) -> Option<Node> {
        use Node as N;
        let map = |item| Some(N::MapOf(item));
        let list = |item| Some(N::ListOf(item));
        match self {
            N::Root => match key {
                "paths" | "webhooks" => Some(N::Paths),
                "components" => Some(N::Components),
                _ => None,
            },
            N::Components => match key {
                "schemas" => map(Item::Schema),
                "parameters" => map(Item::Parameter),
                "headers" => map(Item::Header),
                "requestBodies" => map(Item::RequestBody),
                "responses" => map(Item::Response),
                "examples" => map(Item::Example),
                "links" => map(Item::Link),
                "callbacks" => map(Item::Callback),
                "securitySchemes" => map(Item::SecurityScheme),
                "pathItems" => map(Item::PathItem),
                _ => None,
            },
            // These objects may have extensions beside their entries.
            N::Paths | N::Callback => (!key.starts_with("x-")).then_some(N::PathItem),
            N::Responses => (!key.starts_with("x-")).then_some(N::Response),
            N::PathItem => match key {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    Some(N::Operation)
                }
                "parameters" => list(Item::Parameter),
                _ => None,
            },
            N::Operation => match key {
                "parameters" => list(Item::Parameter),
                "requestBody" => Some(N::RequestBody),
                "responses" => Some(N::Responses),
                "callbacks" => map(Item::Callback),
                _ => None,
            },
            N::Parameter | N::Header => match key {
                "schema" => Some(N::Schema),
                "content" => map(Item::MediaType),
                "examples" => map(Item::Example),
                _ => None,
            },
            N::RequestBody => match key {
                "content" => map(Item::MediaType),
                _ => None,
            },
            N::Response => match key {
                "headers" => map(Item::Header),
                "content" => map(Item::MediaType),
                "links" => map(Item::Link),
                _ => None,
            },
            N::MediaType => match key {
                "schema" => Some(N::Schema),
                "examples" => map(Item::Example),
                "encoding" => map(Item::Encoding),
                _ => None,
            },
            N::Encoding => match key {
                "headers" => map(Item::Header),
                _ => None,
            },
            N::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => map(Item::Schema),
                "allOf" | "oneOf" | "anyOf" | "prefixItems" => list(Item::Schema),
                "items" if value.is_array() => list(Item::Schema),
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
                | "contentSchema" => Some(N::Schema),
                _ => None,
            },
            // Maps of names (`headers`, `properties`, `components/…`): `x-rate-limit` is a name here.
            N::MapOf(item) => Some(item.node()),
            N::ListOf(item) => Some(item.node()),
            N::Example | N::Link | N::SecurityScheme => None,
        }
    }
}

/// Visits `start` and everything below it, parents before children. `visit` gets each value's pointer
/// (from the document root), its kind and the value itself, and may change it: the children are looked
/// up after the visit, so a visit that adds or moves schemas has them walked too.
pub fn walk_mut(
    doc: &mut Value,
    start: &str,
    kind: Node,
    visit: &mut dyn FnMut(&str, Node, &mut Value),
) {
    // The stack holds the values themselves, not only their pointers: looking each one up from the
    // root again cost as much as the rest of the walk. A visit changes only the value it is given, so
    // the values below it that are still on the stack stay where they are.
    let Some(value) = super::pointer::get_mut(doc, start) else {
        return;
    };
    // One pointer, cut back to a value's parent and extended by its key when the value is visited,
    // instead of a new string for each value (with its key escaped into two more): the values are
    // visited parents first, so the pointer then always starts with the parent's.
    let mut pointer = start.to_string();
    let mut stack = vec![(start.len(), Segment::Start, kind, value)];
    while let Some((parent, segment, kind, value)) = stack.pop() {
        pointer.truncate(parent);
        match segment {
            Segment::Start => {}
            Segment::Key(key) => {
                pointer.push('/');
                push_escaped(&mut pointer, key);
            }
            Segment::Index(i) => {
                use std::fmt::Write as _;
                let _ = write!(pointer, "/{i}");
            }
        }
        visit(&pointer, kind, value);
        let here = pointer.len();
        let before = stack.len();
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if let Some(node) = kind.child(key, child) {
                        stack.push((here, Segment::Key(key), node, child));
                    }
                }
            }
            Value::Array(list) => {
                if let Node::ListOf(item) = kind {
                    for (i, child) in list.iter_mut().enumerate() {
                        stack.push((here, Segment::Index(i), item.node(), child));
                    }
                }
            }
            _ => {}
        }
        // Last first, so the stack pops them in document order.
        stack[before..].reverse();
    }
}

/// What a value adds to its parent's pointer.
enum Segment<'a> {
    /// Nothing: the value the walk starts at.
    Start,
    Key(&'a str),
    Index(usize),
}

/// `key` as a pointer segment (`~` → `~0`, `/` → `~1`), added to `pointer`.
fn push_escaped(pointer: &mut String, key: &str) {
    for ch in key.chars() {
        match ch {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            ch => pointer.push(ch),
        }
    }
}

/// Every value below `start` with its pointer and kind, in document order (parents first).
pub fn nodes(doc: &Value, start: &str, kind: Node) -> Vec<(String, Node)> {
    let mut out = Vec::new();
    let Some(value) = super::pointer::get(doc, start) else {
        return out;
    };
    let mut stack = vec![(start.to_string(), kind, value)];
    while let Some((pointer, kind, value)) = stack.pop() {
        let before = stack.len();
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if let Some(node) = kind.child(key, child) {
                        stack.push((format!("{pointer}/{}", escape(key)), node, child));
                    }
                }
            }
            Value::Array(list) => {
                if let Node::ListOf(item) = kind {
                    for (i, child) in list.iter().enumerate() {
                        stack.push((format!("{pointer}/{i}"), item.node(), child));
                    }
                }
            }
            _ => {}
        }
        stack[before..].reverse();
        out.push((pointer, kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_schemas_and_not_property_names_or_examples() {
        let doc = json!({
            "paths": {"/x": {"get": {"parameters": [{"name": "a", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"properties": {"const": {"type": "string"}}},
                    "examples": {"e": {"value": {"type": ["not", "a", "schema"]}}}}}}}}}},
        });
        let schemas: Vec<String> = nodes(&doc, "", Node::Root)
            .into_iter()
            .filter(|(_, kind)| *kind == Node::Schema)
            .map(|(pointer, _)| pointer)
            .collect();
        assert_eq!(
            schemas,
            [
                "/paths/~1x/get/parameters/0/schema",
                "/paths/~1x/get/responses/200/content/application~1json/schema",
                "/paths/~1x/get/responses/200/content/application~1json/schema/properties/const",
            ]
        );
    }

    #[test]
    fn a_changing_walk_visits_what_a_reading_walk_finds_with_the_same_pointers() {
        // Escaped keys (`~`, `/`), lists, siblings after a deep subtree, and a start below the root.
        let mut doc = json!({
            "paths": {
                "/a~b/{c}": {"get": {"parameters": [
                    {"name": "p", "in": "query", "schema": {"allOf": [{"type": "string"}, {"properties": {"x/y": {"items": {"type": "integer"}}}}]}},
                    {"name": "q", "in": "header", "schema": {"type": "boolean"}}
                ], "responses": {"200": {"description": "ok"}}}},
                "/b": {"post": {"responses": {"default": {"description": "e", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}
            },
            "components": {"schemas": {"S~1": {"properties": {"a": {"type": "string"}}}}}
        });
        for (start, kind) in [("", Node::Root), ("/paths/~1a~0b~1{c}", Node::PathItem)] {
            let expected = nodes(&doc, start, kind);
            let mut visited = Vec::new();
            walk_mut(&mut doc, start, kind, &mut |pointer, kind, _| {
                visited.push((pointer.to_string(), kind));
            });
            assert_eq!(visited, expected, "from {start:?}");
            assert!(visited.len() > 10, "{visited:?}");
        }
    }
}
