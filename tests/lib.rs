//! Helpers shared by the integration tests in `tests/tests/`.
// The fixture modules hold types nested dozens of levels deep, as the generated crate's root allows.
#![recursion_limit = "512"]
// The README's examples (`mod readme`) must build without warnings, as a user would want them to; a
// variable an example makes and leaves for the reader's code is not one.
#![doc(test(attr(deny(warnings), allow(unused_variables))))]

pub mod spec_lists;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// A documented example from `tests/fixtures/examples/<folder>/<file>`.
pub fn example(folder: &str, file: &str) -> Value {
    let path = root()
        .join("tests/fixtures/examples")
        .join(folder)
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not JSON: {err}", path.display()))
}

/// The value at `pointer` (a JSON pointer) of `specs/<folder>/openapi.yaml`, read with the generator's
/// own loader (YAML goes through its one YAML function): the examples written in the specs.
pub fn spec_example(folder: &str, pointer: &str) -> Value {
    let dir = root().join("specs").join(folder);
    let loaded = codegen::load::load_folder(&dir).expect("spec folder loads");
    let spec = loaded.spec.expect("folder has a spec");
    spec.spec
        .raw
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{folder}: nothing at {pointer}"))
        .clone()
}

/// Deserializes `json` into `T` and serializes it back; panics unless the result is the same JSON value.
/// Timestamps count as the same when they name the same instant (`2021-03-10T09:29:16.000000Z` comes
/// back as `2021-03-10T09:29:16Z`): chrono does not keep trailing zeros of fractions.
pub fn assert_round_trip<T: Serialize + DeserializeOwned>(json: &Value) -> T {
    let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|err| {
        panic!(
            "does not deserialize into {}: {err}",
            std::any::type_name::<T>()
        )
    });
    let back = serde_json::to_value(&typed).expect("serializes");
    if let Err(path) = same_json(json, &back, "") {
        panic!(
            "{} does not round-trip: first difference at {path}\nexpected: {json:#}\nactual: {back:#}",
            std::any::type_name::<T>()
        );
    }
    typed
}

fn same_json(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if e.len() != a.len() {
                return Err(format!("{at} (keys {:?} vs {:?})", e.keys(), a.keys()));
            }
            for (key, value) in e {
                let child = format!("{at}/{key}");
                match a.get(key) {
                    Some(other) => same_json(value, other, &child)?,
                    None => return Err(child),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (e, a))| same_json(e, a, &format!("{at}/{i}"))),
        (Value::String(e), Value::String(a)) if e != a => {
            match (
                chrono::DateTime::parse_from_rfc3339(e),
                chrono::DateTime::parse_from_rfc3339(a),
            ) {
                (Ok(e), Ok(a)) if e == a && e.offset() == a.offset() => Ok(()),
                _ => Err(format!("{at} ({e:?} vs {a:?})")),
            }
        }
        (e, a) if e == a => Ok(()),
        _ => Err(at.to_string()),
    }
}

/// The runtime the generated code refers to as `crate::runtime`.
pub use skatteetaten_api::runtime;

/// Output of `tests/fixtures/specs/tricky-api`, compiled here so a generator change that emits code
/// which does not build, or warns, fails the test build.
#[path = "fixtures/generated/tricky_api/mod.rs"]
#[rustfmt::skip]
pub mod tricky_api;

/// Output of `tests/fixtures/specs/torture-api`: every class of spec that once broke the generator
/// (colliding names, recursion of every shape, nullable, `default`-only responses, discriminators,
/// bidi text, Norwegian capitals, many parameters, exact decimals, ECMA patterns), compiled here with
/// every feature under clippy `-D warnings` by CI.
#[path = "fixtures/generated/torture_api/mod.rs"]
#[rustfmt::skip]
pub mod torture_api;

/// Output of `tests/fixtures/specs/plain-api`: no error tables and no error responses, so its server
/// adapter answers bad input in RFC 7807 `application/problem+json`.
#[path = "fixtures/generated/plain_api/mod.rs"]
#[rustfmt::skip]
pub mod plain_api;

/// Output of `tests/fixtures/specs/own-errors-api`: no error tables, but an error object of its own
/// (`{code, message, status}`), which its server adapter answers bad input in.
#[path = "fixtures/generated/own_errors_api/mod.rs"]
#[rustfmt::skip]
pub mod own_errors_api;

/// Output of `tests/fixtures/specs/bounds-api`: anonymous strings with length bounds (plain `String`s,
/// checked by client and server), beside a named one and one with a pattern (types of their own).
#[path = "fixtures/generated/bounds_api/mod.rs"]
#[rustfmt::skip]
pub mod bounds_api;

/// Output of `tests/fixtures/specs/names-api`: schemas named as the generated code's own items
/// (`Error`, `Result`, `Client`, `Context`, `Request`, `Response`, `String`, `Option`, `Some`,
/// `Serialize`, `Responses`, ...) keep their names; the code names its own items by path.
#[path = "fixtures/generated/names_api/mod.rs"]
#[rustfmt::skip]
pub mod names_api;

/// Output of `tests/fixtures/specs/fidelity-api`: types as the most used specs write them (keywords
/// beside a type that does not take them, bounds outside int64, `type` beside `oneOf`/`allOf`, one
/// enum at two differently named places), each kept, and what cannot be kept a warning.
#[path = "fixtures/generated/fidelity_api/mod.rs"]
#[rustfmt::skip]
pub mod fidelity_api;

/// Output of `tests/fixtures/specs/forms-api`: form and multipart request bodies (a Stripe-like nested
/// form, a Twilio-like flat form, an OpenAI-like file upload), exercised end to end in `tests/forms.rs`.
#[path = "fixtures/generated/forms_api/mod.rs"]
#[rustfmt::skip]
pub mod forms_api;

/// Output of `tests/fixtures/specs/streams-api`: binary bodies as byte streams (a download, an upload,
/// a document without schema), server-sent events and NDJSON of typed items, text events, and an
/// operation whose success offers JSON or a stream of events (two trait methods).
#[path = "fixtures/generated/streams_api/mod.rs"]
#[rustfmt::skip]
pub mod streams_api;

/// The README's Rust examples, compiled (and run, unless `no_run`) as doctests, so each one builds as
/// written in a new crate that depends on `skatteetaten-api`.
#[doc = include_str!("../README.md")]
mod readme {}
