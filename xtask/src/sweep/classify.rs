//! Classes of errors: a message of the generator → a short name that a fix would close as a whole
//! ("OpenAPI 3.1", "dangling $ref"), so the sweep's table says what to fix first. Messages that no rule
//! knows fall back to their signature (names and numbers blanked), which still groups them.

use crate::cases::signature::blank;

/// The rules, first match wins: the class, and the pieces a message has (all of them, in any order).
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
    ("invalid JSON", &["invalid JSON"]),
    ("invalid YAML", &["invalid YAML"]),
    ("invalid YAML", &["YAML"]),
    (
        "not a valid OpenAPI 3.0 document",
        &["not a valid OpenAPI 3.0 document"],
    ),
    ("dangling $ref", &["$ref", "not found"]),
    ("dangling $ref", &["$ref", "does not exist"]),
    ("dangling $ref", &["$ref", "dangling"]),
    ("dangling $ref", &["$ref", "leads nowhere"]),
    ("external $ref (another file)", &["$ref", "external"]),
    ("external $ref (another file)", &["$ref", "other file"]),
    ("ambiguous route", &["ambiguous"]),
    ("route conflict", &["route", "conflict"]),
    ("object-typed parameter", &["parameter", "object"]),
    ("array parameter", &["parameter", "array"]),
    ("parameter without schema", &["parameter", "schema"]),
    ("duplicate name", &["both become"]),
    ("duplicate name", &["collide"]),
    ("duplicate name", &["twice"]),
    ("discriminator", &["discriminator"]),
    ("unsupported media type", &["media type"]),
    ("missing openapi field", &["missing `openapi"]),
];

/// The class of an error message (the generator's `message`, without file and place).
pub fn error_class(message: &str) -> String {
    let message = first_line(message);
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
