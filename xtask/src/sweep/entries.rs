//! What became of each document, as a line of the report: the worker's or the compile check's outcome,
//! with the error, panic or compiler error put into its class.

use serde_json::Value;

use super::classify;
use super::find::{Document, Version};
use super::report::{Compiled, Entry};
use crate::cases::outcome::{Class, Outcome};

pub fn skipped(document: &Document) -> Entry {
    let class = match document.version {
        Version::Swagger2 => "Swagger 2.0",
        _ => "not OpenAPI 3.0 or 3.1",
    };
    Entry {
        path: document.path.clone(),
        version: document.version,
        outcome: "skipped",
        class: class.into(),
        location: String::new(),
        message: String::new(),
        warnings: Vec::new(),
        compiled: None,
    }
}

/// What the worker (or the runner) recorded, as a line of the report.
pub fn judged(document: &Document, outcome: Option<Outcome>) -> Entry {
    let outcome = outcome.unwrap_or_else(|| Outcome::new(Class::Infra, "no outcome recorded"));
    let mut entry = Entry {
        path: document.path.clone(),
        version: document.version,
        outcome: "infra",
        class: String::new(),
        location: String::new(),
        message: outcome.message.lines().next().unwrap_or("").to_string(),
        warnings: Vec::new(),
        compiled: None,
    };
    match outcome.class {
        Class::Generated => {
            entry.outcome = "generated";
            entry.warnings = outcome
                .detail
                .get("warnings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect();
            entry.class = format!("{} warnings", entry.warnings.len());
            entry.message = tally(&entry.warnings);
        }
        Class::ErrorLocated | Class::ErrorUnlocated => {
            entry.outcome = "error";
            entry.message = outcome.detail_str("message").to_string();
            entry.location = outcome.detail_str("location").to_string();
            entry.class = classify::error_class(&entry.message);
            if outcome.class == Class::ErrorUnlocated {
                entry.class.push_str(" [unlocated]");
            }
        }
        Class::Panic => {
            entry.outcome = "panic";
            entry.class = classify::panic_class(&outcome.message);
            entry.message = outcome.message.replace('\n', " ");
        }
        Class::Crash => {
            entry.outcome = "crash";
            entry.class = if outcome.message.contains("overflowed its stack") {
                "stack overflow".into()
            } else {
                "worker died".into()
            };
            entry.message = outcome.message.clone();
        }
        Class::Timeout => {
            entry.outcome = "timeout";
            entry.class = "no answer in time".into();
        }
        Class::Compiles | Class::BrokenCode | Class::Infra => {
            entry.class = "infra".into();
        }
    }
    entry
}

/// The compile check's verdict, with the compiler's first error and where it is.
pub fn compiled(outcome: &Outcome) -> Compiled {
    if outcome.class != Class::BrokenCode {
        return Compiled {
            clean: outcome.class == Class::Compiles,
            class: outcome.class.name().into(),
            message: outcome.message.lines().next().unwrap_or("").into(),
        };
    }
    let place = outcome
        .message
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .unwrap_or("");
    Compiled {
        clean: false,
        class: classify::compile_class(outcome.detail_str("code"), outcome.detail_str("message")),
        message: format!("{place}: {}", outcome.detail_str("message")),
    }
}

/// Warning names with their counts, in order of first appearance: `ambiguous-route×3 duplicate-operation-id`.
fn tally(names: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for name in names {
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name, 1)),
        }
    }
    let words: Vec<String> = counts
        .into_iter()
        .map(|(name, n)| {
            if n == 1 {
                name.to_string()
            } else {
                format!("{name}×{n}")
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Document {
        Document {
            path: "api/x.json".into(),
            version: Version::V30,
        }
    }

    #[test]
    fn an_error_gets_its_class_place_and_message() {
        let mut outcome = Outcome::new(Class::ErrorUnlocated, "case/specs/x/openapi.json: boom");
        outcome.detail = json!({ "location": "/paths", "message": "OpenAPI version 3.1.0 is not supported; this generator reads OpenAPI 3.0.x" });
        let entry = judged(&document(), Some(outcome));
        assert_eq!(entry.outcome, "error");
        assert_eq!(entry.class, "OpenAPI 3.1 (only 3.0.x is read) [unlocated]");
        assert_eq!(entry.location, "/paths");
    }

    #[test]
    fn generated_documents_count_their_warnings_and_a_missing_outcome_is_infra() {
        let mut outcome = Outcome::new(Class::Generated, "3 files");
        outcome.detail = json!({ "warnings": ["ambiguous-route", "ambiguous-route"] });
        let entry = judged(&document(), Some(outcome));
        assert_eq!(
            (entry.outcome, entry.class.as_str()),
            ("generated", "2 warnings")
        );
        assert_eq!(judged(&document(), None).outcome, "infra");
        let timeout = Outcome::new(Class::Timeout, "no answer in 60s; killed");
        assert_eq!(judged(&document(), Some(timeout)).outcome, "timeout");
    }

    #[test]
    fn broken_code_is_classed_by_its_first_error() {
        let mut outcome = Outcome::new(
            Class::BrokenCode,
            "error[E0425]: cannot find value `a`\n  --> src/x.rs:3:5\n",
        );
        outcome.detail = json!({ "code": "E0425", "message": "cannot find value `a`" });
        let c = compiled(&outcome);
        assert!(!c.clean);
        assert_eq!(c.class, "E0425 cannot find value `_`");
        assert_eq!(c.message, "src/x.rs:3:5: cannot find value `a`");
    }
}
