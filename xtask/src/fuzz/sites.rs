//! Where in a spec a mutation can act: every node addressed by its path (JSON pointer tokens), and the
//! kinds of node the operators look for (schemas, operations, property maps, enums, texts).

use serde_json::Value;

/// A node's address: the tokens of its JSON pointer.
pub type Path = Vec<String>;

pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The JSON pointer of `path` (`~` and `/` escaped).
pub fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Every node of `root`, parents before children.
pub fn all(root: &Value) -> Vec<Path> {
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

fn walk(node: &Value, path: &mut Path, out: &mut Vec<Path>) {
    out.push(path.clone());
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(key.clone());
                walk(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

pub fn get<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    root.pointer(&pointer(path))
}

pub fn get_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    root.pointer_mut(&pointer(path))
}

/// Whether the node at `path` is a schema, judged by the key it sits under (good enough to aim at).
pub fn is_schema(path: &[String]) -> bool {
    let n = path.len();
    let last = path.last().map(String::as_str);
    let parent = n.checked_sub(2).map(|i| path[i].as_str());
    matches!(
        last,
        Some("schema" | "items" | "additionalProperties" | "not")
    ) || matches!(parent, Some("allOf" | "oneOf" | "anyOf"))
        && last.is_some_and(|l| l.parse::<usize>().is_ok())
        || matches!(parent, Some("properties"))
        || (n == 3 && path[0] == "components" && path[1] == "schemas")
}

/// Schema objects of `root`.
pub fn schemas(root: &Value) -> Vec<Path> {
    kind(root, |path, node| node.is_object() && is_schema(path))
}

/// Named schemas: `/components/schemas/*`.
pub fn named_schemas(root: &Value) -> Vec<String> {
    root.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Operations: `/paths/<template>/<method>`.
pub fn operations(root: &Value) -> Vec<Path> {
    kind(root, |path, node| {
        node.is_object()
            && path.len() == 3
            && path[0] == "paths"
            && METHODS.contains(&path[2].as_str())
    })
}

/// Maps of properties (`.../properties`).
pub fn property_maps(root: &Value) -> Vec<Path> {
    kind(root, |path, node| {
        node.as_object().is_some_and(|m| !m.is_empty())
            && path.last().is_some_and(|l| l == "properties")
            && is_schema(&path[..path.len() - 1])
    })
}

/// Enum value lists.
pub fn enums(root: &Value) -> Vec<Path> {
    kind(root, |path, node| {
        node.is_array() && path.last().is_some_and(|l| l == "enum")
    })
}

/// Free texts: descriptions, titles, summaries.
pub fn texts(root: &Value) -> Vec<Path> {
    kind(root, |path, node| {
        node.is_string()
            && path
                .last()
                .is_some_and(|l| matches!(l.as_str(), "description" | "title" | "summary"))
    })
}

fn kind(root: &Value, keep: impl Fn(&[String], &Value) -> bool) -> Vec<Path> {
    all(root)
        .into_iter()
        .filter(|path| get(root, path).is_some_and(|node| keep(path, node)))
        .collect()
}

/// The `$ref` string of a named schema.
pub fn schema_ref(name: &str) -> String {
    format!(
        "#/components/schemas/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

/// Renames every `$ref` (and discriminator mapping) to the schema `from` so it names `to`.
pub fn rename_refs(root: &mut Value, from: &str, to: &str) {
    let (old, new) = (schema_ref(from), schema_ref(to));
    rewrite_strings(root, &mut |key, text| {
        let is_ref = key == Some("$ref") || key.is_none();
        if is_ref && (text == old || text.starts_with(&format!("{old}/"))) {
            Some(format!("{new}{}", &text[old.len()..]))
        } else {
            None
        }
    });
}

/// Applies `change` to every string value of an object, with its key, and to the values of discriminator
/// mappings with `None` (those are references too).
fn rewrite_strings(node: &mut Value, change: &mut dyn FnMut(Option<&str>, &str) -> Option<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let Value::String(text) = child {
                    if let Some(new) = change(Some(key.as_str()), text) {
                        *text = new;
                    }
                } else {
                    rewrite_strings(child, change);
                }
            }
            if let Some(Value::Object(mapping)) = map.get_mut("mapping") {
                for child in mapping.values_mut() {
                    if let Value::String(text) = child {
                        if let Some(new) = change(None, text) {
                            *text = new;
                        }
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| rewrite_strings(c, change)),
        _ => {}
    }
}
