//! A differential test of `runtime::codegen::Serialize`/`runtime::codegen::Deserialize` against serde's own derives
//! over every field shape the generator writes on an object (issue 21).
//!
//! The shapes are the product of four dimensions, expanded mechanically by the macros below (no
//! combination is picked by hand):
//! - the kind of value: its type, whether `#[serde(with = "runtime::decimal")]` reads it (the
//!   generator writes it on every field holding a `Decimal`) and whether `#[check(length(..))]` bounds
//!   its strings (the generator writes it on every anonymous string schema with a length);
//! - its presence: required, required and nullable (`Option` without `default`), optional (`default,
//!   skip_serializing_if = "Option::is_none"`, the last also by its full path), and the other forms
//!   the derive accepts (`default` alone on a plain or an `Option` type, `skip_serializing_if` alone);
//! - its name: as written, `rename`, `rename_all = "camelCase"`, both, a raw identifier (`r#type`);
//! - the struct around it: a required `first` before it and an optional `last` after it, so the order
//!   of missing-field errors and the skipping of `None` are compared too.
//!
//! Each shape is declared twice, `Ours` with the runtime's derives and `Theirs` with serde's, and both
//! read every input of a generated corpus ([`corpus`]): the field absent, under its wire name, under
//! another name, under both, twice; each value of a list of JSON values of every type (null, strings
//! in and out of the length bound, numbers exact and out of range, arrays, objects right and wrong for
//! the nested struct, maps); `first` present, missing or of the wrong type; an unknown field or none;
//! and values that are not objects. Both must read to the same value (compared by `Debug`) and write
//! the same JSON, or fail with the same message at the same `serde_path_to_error` path; from the text
//! and from a `serde_json::Value` (another code path of serde_json). Two differences are the derive's
//! by design and are counted, not failed ([`Explained`]): an array is not an object, and a string out
//! of a `#[check(length)]` bound (serde's derive has no such check) is the runtime's error at the
//! field. Any other difference fails the test, listing each.

// The derives name the runtime as `runtime` where the type is defined, as a generated file imports it.
use skatteetaten_runtime as runtime;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;

/// The nested object of the `object` kinds, derived the runtime's way for `Ours`.
mod ours_inner {
    use crate::runtime;

    /// A nested object: its errors must carry their path through the outer derive.
    #[derive(Debug, Default, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct Inner {
        pub n: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub s: Option<String>,
    }
}

/// The same nested object, derived serde's way for `Theirs`.
mod theirs_inner {
    /// A nested object: its errors must carry their path through the outer derive.
    #[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
    pub struct Inner {
        pub n: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub s: Option<String>,
    }
}

/// One shape: `Ours` and `Theirs` with the same fields and attributes (`#[check]` on `Ours` only:
/// serde's derive has none), and `run`, which compares them over the corpus.
macro_rules! leaf {
    (
        [[$($with:tt)*] [$($check:tt)*] [$length:expr] [$($ty:tt)*]]
        [$($presence:tt)*]
        [$($container:tt)*] [$($rename:tt)*] $field:ident $wire:literal $alt:literal
    ) => {
        pub mod ours {
            #[allow(unused_imports)]
            use crate::{ours_inner::Inner, runtime};
            #[allow(unused_imports)]
            use rust_decimal::Decimal;
            #[allow(unused_imports)]
            use std::collections::BTreeMap;

            #[derive(Debug, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
            $($container)*
            pub struct Ours {
                pub first: i64,
                $($presence)* $($with)* $($check)* $($rename)*
                pub $field: $($ty)*,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub last: Option<String>,
            }
        }
        pub mod theirs {
            #[allow(unused_imports)]
            use crate::{runtime, theirs_inner::Inner};
            #[allow(unused_imports)]
            use rust_decimal::Decimal;
            #[allow(unused_imports)]
            use std::collections::BTreeMap;

            #[derive(Debug, serde::Serialize, serde::Deserialize)]
            $($container)*
            pub struct Theirs {
                pub first: i64,
                $($presence)* $($with)* $($rename)*
                pub $field: $($ty)*,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub last: Option<String>,
            }
        }
        pub fn run(report: &mut crate::Report) {
            let shape = crate::Shape { name: module_path!(), wire: $wire, alt: $alt, length: $length };
            crate::compare::<ours::Ours, theirs::Theirs>(report, &shape);
        }
    };
}

/// The names a field is given: `[container attrs] [field attrs] ident wire-name another-name`.
macro_rules! names {
    ($kind:tt $presence:tt) => {
        pub mod plain {
            leaf!($kind $presence [] [] value "value" "Value");
        }
        pub mod renamed {
            leaf!($kind $presence [] [#[serde(rename = "the-value")]] value "the-value" "value");
        }
        pub mod camel {
            leaf!($kind $presence [#[serde(rename_all = "camelCase")]] [] the_value "theValue" "the_value");
        }
        pub mod camel_renamed {
            leaf!($kind $presence [#[serde(rename_all = "camelCase")]]
                [#[serde(rename = "THE_VALUE")]] the_value "THE_VALUE" "theValue");
        }
        pub mod raw {
            leaf!($kind $presence [] [] r#type "type" "r#type");
        }
        pub fn run(report: &mut crate::Report) {
            plain::run(report);
            renamed::run(report);
            camel::run(report);
            camel_renamed::run(report);
            raw::run(report);
        }
    };
}

/// The presences of a field of a kind: its attributes, and its type (`Option` or not).
macro_rules! presences {
    ([$($with:tt)*] [$($check:tt)*] [$length:expr] [$($ty:tt)*]) => {
        /// Required, not nullable (the generator: `required`).
        pub mod required {
            names!([[$($with)*] [$($check)*] [$length] [$($ty)*]] []);
        }
        /// Required and nullable (the generator: `required` and `nullable`): `None` is `null`.
        pub mod nullable {
            names!([[$($with)*] [$($check)*] [$length] [Option<$($ty)*>]] []);
        }
        /// Optional (the generator: not `required`).
        pub mod optional {
            names!([[$($with)*] [$($check)*] [$length] [Option<$($ty)*>]]
                [#[serde(default, skip_serializing_if = "Option::is_none")]]);
        }
        /// Optional, `Option` by path (the generator, where the API has a type called `Option`).
        pub mod optional_by_path {
            names!([[$($with)*] [$($check)*] [$length] [std::option::Option<$($ty)*>]]
                [#[serde(default, skip_serializing_if = "std::option::Option::is_none")]]);
        }
        /// `default` on a plain type: the derive accepts it (the generator does not write it).
        pub mod defaulted {
            names!([[$($with)*] [$($check)*] [$length] [$($ty)*]] [#[serde(default)]]);
        }
        /// `default` on an `Option` without `skip_serializing_if`: `None` written as `null`.
        pub mod default_option {
            names!([[$($with)*] [$($check)*] [$length] [Option<$($ty)*>]] [#[serde(default)]]);
        }
        /// `skip_serializing_if` without `default`: missing only where serde's derive allows it.
        pub mod skip_only {
            names!([[$($with)*] [$($check)*] [$length] [Option<$($ty)*>]]
                [#[serde(skip_serializing_if = "Option::is_none")]]);
        }
        pub fn run(report: &mut crate::Report) {
            required::run(report);
            nullable::run(report);
            optional::run(report);
            optional_by_path::run(report);
            defaulted::run(report);
            default_option::run(report);
            skip_only::run(report);
        }
    };
}

/// The kinds of value the generator writes on a field: `[with] [check] [length bound] [type]`. `with`
/// and `check` never meet: `with` is for decimals, `check` for strings.
mod shapes {
    macro_rules! kinds {
        ($($kind:ident: $with:tt $check:tt $length:tt $ty:tt;)*) => {
            $(pub mod $kind {
                presences!($with $check $length $ty);

                #[test]
                fn reads_and_writes_as_serde_derive_does() {
                    let mut report = crate::Report::default();
                    run(&mut report);
                    report.assert_no_difference();
                }
            })*
        };
    }

    kinds! {
        string: [] [] [None] [String];
        integer: [] [] [None] [i64];
        list: [] [] [None] [Vec<String>];
        map: [] [] [None] [BTreeMap<String, String>];
        object: [] [] [None] [Inner];
        boxed: [] [] [None] [Box<Inner>];
        any: [] [] [None] [serde_json::Value];
        decimal: [#[serde(with = "runtime::decimal")]] [] [None] [Decimal];
        decimals: [#[serde(with = "runtime::decimal")]] [] [None] [Vec<Decimal>];
        decimal_map: [#[serde(with = "runtime::decimal")]] [] [None] [BTreeMap<String, Decimal>];
        checked_string: [] [#[check(length(min = 1, max = 3))]] [Some((1, 3))] [String];
        checked_list: [] [#[check(length(min = 1, max = 3))]] [Some((1, 3))] [Vec<String>];
        checked_map: [] [#[check(length(min = 1, max = 3))]] [Some((1, 3))] [BTreeMap<String, String>];
    }
}

/// One shape, as the comparison needs it.
pub struct Shape {
    /// The module of the shape (`derive_matrix::shapes::decimal::nullable::camel`).
    name: &'static str,
    /// The field's name in JSON.
    wire: &'static str,
    /// Another name of the field (its Rust name, or its name before `rename`): an unknown key.
    alt: &'static str,
    /// `#[check(length(min, max))]` of `Ours`' field.
    length: Option<(usize, usize)>,
}

/// What the comparison found.
#[derive(Default)]
pub struct Report {
    shapes: usize,
    inputs: usize,
    /// Inputs read by both derives the same way.
    same: usize,
    /// Inputs where both read to a value (the rest failed the same way).
    read: usize,
    /// Whether the shapes have a `#[check(length)]`.
    checked: bool,
    explained: Explained,
    differences: Vec<String>,
}

/// The differences by design, counted.
#[derive(Default)]
struct Explained {
    /// An array for the object: serde's derive reads a struct from a sequence of its fields, ours does
    /// not (README: a JSON API's object is an object).
    array: usize,
    /// A string out of a `#[check(length)]` bound: serde's derive has no such check.
    length: usize,
    /// A value read the same, whose writing ours refuses: a `default` out of the bound (`String`'s
    /// empty string), which reading does not check (it reads no string).
    written: usize,
}

/// How one derive read one input: the value's `Debug` and the JSON it writes back, or the error's
/// path and message. `Theirs` is named `Ours` in it, so the two compare.
type Outcome = Result<(String, Result<String, String>), (String, String)>;

fn outcome<T: Serialize + Debug>(
    read: Result<T, serde_path_to_error::Error<serde_json::Error>>,
) -> Outcome {
    let name = |text: String| text.replace("Theirs", "Ours");
    match read {
        Ok(value) => Ok((
            name(format!("{value:?}")),
            serde_json::to_string(&value).map_err(|e| name(e.to_string())),
        )),
        Err(error) => Err((error.path().to_string(), name(error.inner().to_string()))),
    }
}

/// Reads `text` as serde_json's `from_str` does (the whole text), through serde_path_to_error.
fn from_text<T: DeserializeOwned + Serialize + Debug>(text: &str) -> Outcome {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let read = outcome(serde_path_to_error::deserialize::<_, T>(&mut *deserializer));
    // Trailing text is an error of the text, after the value: the same for both derives.
    match deserializer.end() {
        Err(error) if read.is_ok() => Err((".".into(), error.to_string())),
        _ => read,
    }
}

/// Reads a parsed `serde_json::Value` (its own `Deserializer`, borrowed), through serde_path_to_error.
fn from_value<T: DeserializeOwned + Serialize + Debug>(value: &Value) -> Outcome {
    outcome(serde_path_to_error::deserialize::<_, T>(value))
}

/// Compares `O` (the runtime's derives) with `T` (serde's) over the corpus of `shape`.
fn compare<O, T>(report: &mut Report, shape: &Shape)
where
    O: DeserializeOwned + Serialize + Debug,
    T: DeserializeOwned + Serialize + Debug,
{
    report.shapes += 1;
    report.checked |= shape.length.is_some();
    for text in corpus(shape) {
        let parsed: Option<Value> = serde_json::from_str(&text).ok();
        let mut pairs = vec![("text", from_text::<O>(&text), from_text::<T>(&text))];
        if let Some(value) = &parsed {
            pairs.push(("value", from_value::<O>(value), from_value::<T>(value)));
        }
        for (how, ours, theirs) in pairs {
            report.inputs += 1;
            if ours == theirs {
                report.same += 1;
                report.read += usize::from(ours.is_ok());
            } else if is_array_difference(&ours) {
                report.explained.array += 1;
            } else if is_length_difference(shape, parsed.as_ref(), &text, &ours) {
                report.explained.length += 1;
            } else if is_written_length_difference(shape, &ours, &theirs) {
                report.explained.written += 1;
            } else {
                report.differences.push(format!(
                    "{} reading {text} ({how}):\n  ours:   {ours:?}\n  theirs: {theirs:?}",
                    shape.name
                ));
            }
        }
    }
}

/// An array where an object is (the struct, or `Inner` in it): ours refuses it as serde's `invalid
/// type` error, where serde's derive reads the fields in order.
fn is_array_difference(ours: &Outcome) -> bool {
    matches!(ours, Err((_, message)) if message.starts_with("invalid type: sequence, expected struct "))
}

/// A string out of the field's length bound: ours refuses it at the field, naming it and the bound.
fn is_length_difference(shape: &Shape, parsed: Option<&Value>, text: &str, ours: &Outcome) -> bool {
    let Err((path, message)) = ours else {
        return false;
    };
    if path != shape.wire || !message.starts_with(&format!("`{}`: ", shape.wire)) {
        return false;
    }
    // The field's value in the input (the first of two is read first, and is the one refused; a
    // parsed `Value` keeps the last: take the strings of both).
    let mut values: Vec<Value> = parsed
        .and_then(|v| v.get(shape.wire))
        .into_iter()
        .cloned()
        .collect();
    let key = format!("\"{}\":", shape.wire);
    if let Some(at) = text.find(&key) {
        let mut stream =
            serde_json::Deserializer::from_str(&text[at + key.len()..]).into_iter::<Value>();
        if let Some(Ok(first)) = stream.next() {
            values.push(first);
        }
    }
    values.iter().any(|value| out_of_bounds(shape, Some(value)))
}

/// Whether a field's JSON value holds a string out of the shape's bound: itself, an item, or an entry.
fn out_of_bounds(shape: &Shape, value: Option<&Value>) -> bool {
    let Some((min, max)) = shape.length else {
        return false;
    };
    let out = |s: &Value| {
        s.as_str()
            .is_some_and(|s| !(min..=max).contains(&s.chars().count()))
    };
    match value {
        Some(Value::Array(items)) => items.iter().any(out),
        Some(Value::Object(entries)) => entries.values().any(out),
        Some(other) => out(other),
        None => false,
    }
}

/// A value read the same whose strings are out of the bound: ours refuses to write it, naming the field.
fn is_written_length_difference(shape: &Shape, ours: &Outcome, theirs: &Outcome) -> bool {
    let (Ok((ours, Err(message))), Ok((theirs, Ok(written)))) = (ours, theirs) else {
        return false;
    };
    let written: Value = serde_json::from_str(written).expect("serde_json wrote JSON");
    ours == theirs
        && message.starts_with(&format!("`{}`: ", shape.wire))
        && out_of_bounds(shape, written.get(shape.wire))
}

/// The JSON values a field is given: every JSON type; strings inside and outside the length bound
/// (1 to 3); numbers integer, exact decimal, beyond `f64`'s precision and beyond its range; arrays and
/// maps of strings, of numbers, of nulls; objects right and wrong for `Inner` (wrong type inside,
/// required field missing, a string in it).
const VALUES: &[&str] = &[
    "null",
    r#""""#,
    r#""abc""#,
    r#""abcdefgh""#,
    "0",
    "1.50",
    "12345678901234567890.123",
    "1e400",
    "true",
    "[]",
    r#"["ab"]"#,
    r#"["a","bcdefgh"]"#,
    "[1,2.5]",
    "{}",
    r#"{"n":1}"#,
    r#"{"n":"x"}"#,
    r#"{"n":1,"s":"abcdefgh"}"#,
    r#"{"s":"a"}"#,
    r#"{"k":"ab"}"#,
    r#"{"k":"abcdefgh"}"#,
    r#"{"k":1.5}"#,
];

/// The inputs of a shape, as JSON text (text, so a key can be given twice): the product of
/// - before the field: `first` as `1`, as `1` followed by an unknown key with a nested value, missing,
///   or `"1"` (the wrong type, whose error comes before the field's);
/// - the field: absent, or each of [`VALUES`] under its wire name, under another name, under both
///   (the other with the next value), twice under its wire name (the second with the next value);
///
/// each with `"last":"z"` after it; and values that are not objects, arrays among them.
fn corpus(shape: &Shape) -> Vec<String> {
    let (wire, alt) = (shape.wire, shape.alt);
    let mut fields: Vec<String> = vec![String::new()];
    for (i, value) in VALUES.iter().enumerate() {
        let next = VALUES[(i + 1) % VALUES.len()];
        fields.push(format!(r#""{wire}":{value},"#));
        fields.push(format!(r#""{alt}":{value},"#));
        fields.push(format!(r#""{alt}":{next},"{wire}":{value},"#));
        fields.push(format!(r#""{wire}":{value},"{wire}":{next},"#));
    }
    // `first` right, with and without an unknown key; `first` missing or wrong, without.
    let contexts = [
        r#""first":1,"#,
        r#""first":1,"zzz":{"deep":[1,{"x":null}]},"#,
        "",
        r#""first":"1","#,
    ];
    let mut inputs = Vec::new();
    for context in contexts {
        for field in &fields {
            inputs.push(format!(r#"{{{context}{field}"last":"z"}}"#));
        }
    }
    inputs.extend(
        [
            "null",
            "1",
            r#""text""#,
            "[]",
            r#"[1,"abc","z"]"#,
            r#"[1,null]"#,
            "{}",
        ]
        .map(String::from),
    );
    inputs
}

impl Report {
    /// Fails on any difference, listing them; and on a corpus that did not reach both sides of every
    /// comparison (values read and errors, each difference by design): an arm that never runs would
    /// prove nothing.
    fn assert_no_difference(&self) {
        let Report {
            shapes,
            inputs,
            same,
            read,
            checked,
            explained,
            differences,
        } = self;
        eprintln!(
            "{shapes} shapes, {inputs} inputs: {same} the same ({read} read to a value); by design: {} \
             arrays refused, {} strings out of bounds refused, {} written out of bounds refused; {} \
             differences",
            explained.array,
            explained.length,
            explained.written,
            differences.len()
        );
        let mut by_shape = std::collections::BTreeMap::<&str, usize>::new();
        for difference in differences {
            let shape = difference.split(' ').next().unwrap_or_default();
            *by_shape.entry(shape).or_default() += 1;
        }
        assert!(
            differences.is_empty(),
            "{} differences from serde's derive, by shape: {by_shape:#?}\nthe first:\n{}",
            differences.len(),
            differences
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert_eq!(*shapes, 7 * 5, "presences × names");
        assert!(*read > 0 && read < same, "{read} of {same}");
        assert!(explained.array > 0);
        assert_eq!(*checked, explained.length > 0);
    }
}
