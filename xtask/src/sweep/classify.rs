//! Classes of errors: a message of the generator → a short name that a fix would close as a whole
//! ("OpenAPI 3.1", "dangling $ref"), so the sweep's table says what to fix first. Messages that no rule
//! knows fall back to their signature (names and numbers blanked), which still groups them.

use crate::cases::signature::blank;

/// The rules, first match wins: the class, and the pieces a message has (all of them, in any order).
/// They follow the generator's messages (`codegen/src/{load,model}`); a message no rule knows still
/// groups by its signature.
const RULES: &[(&str, &[&str])] = &[
    (
        "generator bug: emitted code does not parse",
        &["emitted code does not parse"],
    ),
    ("generator bug: panic", &["generator bug: it panicked"]),
    ("OpenAPI 3.1 (only 3.0.x is read)", &["OpenAPI version 3.1"]),
    (
        "OpenAPI version not supported",
        &["OpenAPI version", "is not supported"],
    ),
    ("missing openapi field", &["missing `openapi"]),
    ("invalid JSON", &["invalid JSON"]),
    ("invalid YAML", &["invalid YAML"]),
    (
        "external $ref (another file or URL)",
        &["$ref", "points outside this file"],
    ),
    ("path item $ref", &["path item $ref"]),
    ("dangling $ref", &["$ref", "points to no"]),
    ("dangling $ref", &["$ref", "points to nothing"]),
    (
        "$ref into the wrong section",
        &["$ref", "should point into"],
    ),
    ("$ref cycle", &["$ref chain is longer"]),
    (
        "object-typed parameter",
        &["parameter", "has an object type"],
    ),
    (
        "path template without its parameter",
        &["but the operation declares no path parameter"],
    ),
    (
        "path parameter not in the path",
        &["does not occur in path"],
    ),
    (
        "allOf member not an object",
        &["allOf member is not an object"],
    ),
    ("allOf too deep (cycle?)", &["allOf nests deeper"]),
    ("schemas nested too deep", &["schemas nest deeper"]),
    (
        "operation without responses",
        &["operation has no responses"],
    ),
    ("invalid schema", &["invalid schema:"]),
    ("ambiguous route", &["ambiguous"]),
    ("name collision", &["both become"]),
];

/// Messages whose class is their prefix plus the signature of the rest: the rest says which part of
/// the OpenAPI model the document breaks (`expected struct PathItem`), and that is the fix.
const PREFIXED: &[(&str, &str)] = &[(
    "not a valid OpenAPI 3.0 document: ",
    "not valid OpenAPI 3.0",
)];

/// The class of an error message (the generator's `message`, without file and place).
pub fn error_class(message: &str) -> String {
    let message = first_line(message);
    if let Some((rest, class)) = PREFIXED
        .iter()
        .find_map(|(prefix, class)| Some((message.strip_prefix(prefix)?, class)))
    {
        // serde's messages end with the place, which varies: `at line 3 column 7`.
        let rest = rest.split(" at line ").next().unwrap_or(rest);
        return format!("{class}: {}", fallback(rest));
    }
    RULES
        .iter()
        .find(|(_, pieces)| pieces.iter().all(|p| message.contains(p)))
        .map_or_else(|| fallback(message), |(class, _)| (*class).to_string())
}

/// A panic's class: the place in the generator it happened (`codegen/src/x.rs:12`), which is the bug.
pub fn panic_class(message: &str) -> String {
    // The hook's text: "panicked at codegen/src/x.rs:12:5:\nmessage"
    let at = first_line(message).trim_start_matches("panicked at ");
    let at = at.trim_end_matches(':');
    let at = at.rsplit_once(':').map_or(at, |(a, _)| a);
    format!("panic at {at}")
}

/// The class of a compiler error: its code and its message with names blanked.
pub fn compile_class(code: &str, message: &str) -> String {
    let text = blank(first_line(message));
    if code.is_empty() {
        text
    } else {
        format!("{code} {text}")
    }
}

fn fallback(message: &str) -> String {
    let mut text = blank(message);
    if let Some((cut, _)) = text.char_indices().nth(100) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_messages_get_their_class() {
        assert_eq!(
            error_class(
                "OpenAPI version 3.1.0 is not supported; this generator reads OpenAPI 3.0.x"
            ),
            "OpenAPI 3.1 (only 3.0.x is read)"
        );
        assert_eq!(
            error_class("OpenAPI version 2.0 is not supported; this generator reads OpenAPI 3.0.x"),
            "OpenAPI version not supported"
        );
        assert_eq!(
            error_class("invalid JSON: expected value at line 1 column 2"),
            "invalid JSON"
        );
        assert_eq!(
            error_class("generator bug: emitted code does not parse: expected `,`"),
            "generator bug: emitted code does not parse"
        );
        assert_eq!(
            error_class("parameter `filter` has an object type; only scalar and array parameters are supported"),
            "object-typed parameter"
        );
        assert_eq!(
            error_class("$ref `#/components/schemas/A` points to nothing (dangling reference)"),
            "dangling $ref"
        );
        assert_eq!(
            error_class("line 3, column 7: invalid YAML: mapping values are not allowed"),
            "invalid YAML"
        );
    }

    #[test]
    fn invalid_documents_keep_what_serde_expected() {
        let a = error_class("not a valid OpenAPI 3.0 document: invalid type: string \"#/x\", expected struct PathItem at line 1 column 9");
        assert_eq!(
            a,
            "not valid OpenAPI 3.0: invalid type: string \"_\", expected struct PathItem"
        );
        let b = error_class("not a valid OpenAPI 3.0 document: invalid type: string \"#/y\", expected struct PathItem at line 4 column 2");
        assert_eq!(a, b);
    }

    #[test]
    fn unknown_messages_group_by_their_signature() {
        let a = error_class("schema `Foo` has 3 parents\nmore detail");
        assert_eq!(a, "schema `_` has # parents");
        assert_eq!(a, error_class("schema `Bar` has 12 parents"));
        assert!(error_class(&"word ".repeat(100)).ends_with('…'));
    }

    #[test]
    fn panics_by_place_and_compile_errors_by_code() {
        assert_eq!(
            panic_class("panicked at codegen/src/model/x.rs:12:5:\nindex out of range"),
            "panic at codegen/src/model/x.rs:12"
        );
        assert_eq!(
            compile_class("E0425", "cannot find value `foo` in this scope"),
            "E0425 cannot find value `_` in this scope"
        );
        assert_eq!(compile_class("", "unused import"), "unused import");
    }
}
