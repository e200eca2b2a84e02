//! `runtime::codegen::Serialize` and `runtime::codegen::Deserialize` against serde's own derives: the same struct,
//! derived both ways, must write the same JSON and read every input to the same value or to the same
//! error.

// The derives name the runtime as `runtime` where the type is defined, as a generated file imports it.
use skatteetaten_runtime as runtime;

use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;

/// Declares the struct twice: `Ours` with the runtime's derives, `Theirs` with serde's, with the
/// same fields and attributes, and a conversion to compare values.
macro_rules! twins {
    ($(#[$container:meta])* { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }) => {
        #[derive(Debug, Clone, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
        $(#[$container])*
        pub struct Ours { $($(#[$attr])* pub $field: $ty,)* }

        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        $(#[$container])*
        pub struct Theirs { $($(#[$attr])* pub $field: $ty,)* }

        impl From<Theirs> for Ours {
            fn from(t: Theirs) -> Ours {
                Ours { $($field: t.$field,)* }
            }
        }
        impl From<Ours> for Theirs {
            fn from(o: Ours) -> Theirs {
                Theirs { $($field: o.$field,)* }
            }
        }
    };
}

mod plain {
    use super::*;

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Inner {
        pub n: i64,
    }

    twins!({
        id: i64,
        name: String,
        #[serde(rename = "type")]
        kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// Required, may be null.
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Inner>>,
        tags: Vec<String>,
        #[serde(default)]
        count: u32,
        r#async: bool,
    });

    /// serde's errors name the struct; the twins' names differ.
    fn error(e: serde_json::Error) -> String {
        e.to_string().replace("Theirs", "Ours")
    }

    pub fn check(input: serde_json::Value) {
        let ours = serde_json::from_value::<Ours>(input.clone()).map_err(error);
        let theirs = serde_json::from_value::<Theirs>(input.clone())
            .map(Ours::from)
            .map_err(error);
        assert_eq!(ours, theirs, "reading {input}");
        // From text too (borrowed keys, another code path in serde_json).
        let text = input.to_string();
        let ours = serde_json::from_str::<Ours>(&text).map_err(error);
        let theirs = serde_json::from_str::<Theirs>(&text)
            .map(Ours::from)
            .map_err(error);
        assert_eq!(ours, theirs, "reading {text}");
        if let Ok(value) = ours {
            assert_eq!(
                serde_json::to_string(&value).unwrap(),
                serde_json::to_string(&Theirs::from(value.clone())).unwrap(),
                "writing {value:?}"
            );
        }
    }
}

#[test]
fn reads_and_writes_as_serde_derive_does() {
    let full = json!({
        "id": 1, "name": "a", "type": "t", "note": "n", "description": "d",
        "inner": {"n": 2}, "tags": ["x", "y"], "count": 3, "async": true
    });
    plain::check(full.clone());
    let mut inputs = vec![
        // optional fields missing, a required-nullable field null or missing
        json!({"id": 1, "name": "a", "type": "t", "description": null, "tags": [], "async": false}),
        json!({"id": 1, "name": "a", "type": "t", "tags": [], "async": false}),
        // unknown fields are skipped, whatever they hold
        json!({"id": 1, "zzz": {"deep": [1, 2, {"x": null}]}, "name": "a", "type": "t", "tags": [],
               "async": false, "aaa": 1}),
        // null for an optional field
        json!({"id": 1, "name": "a", "type": "t", "note": null, "tags": [], "async": false}),
        // wrong types
        json!({"id": "1", "name": "a", "type": "t", "tags": [], "async": false}),
        json!({"id": 1, "name": "a", "type": "t", "tags": [1], "async": false}),
        json!({"id": 1, "name": "a", "type": "t", "tags": [], "async": false, "inner": {"n": "x"}}),
        // not an object
        json!("text"),
        json!(null),
        json!(1.5),
        json!({}),
    ];
    // each required field missing in turn: serde's `missing field` error, for the first one missing
    for key in ["id", "name", "type", "tags", "async"] {
        let mut input = full.clone();
        input.as_object_mut().unwrap().remove(key);
        inputs.push(input);
    }
    for input in inputs {
        plain::check(input);
    }
}

#[test]
fn an_array_is_not_an_object() {
    // The one intended difference: serde's derive also reads a struct from an array of its fields in
    // order (for formats without keys); a JSON API's object is an object.
    let ours =
        serde_json::from_str::<plain::Ours>(r#"[1, "a", "t", null, null, null, [], 0, true]"#);
    assert_eq!(
        ours.unwrap_err().to_string(),
        "invalid type: sequence, expected struct Ours at line 1 column 1"
    );
}

#[test]
fn a_duplicate_field_is_serde_derive_s_error() {
    let text = r#"{"id": 1, "id": 2, "name": "a", "type": "t", "tags": [], "async": false}"#;
    let ours = serde_json::from_str::<plain::Ours>(text)
        .unwrap_err()
        .to_string();
    let theirs = serde_json::from_str::<plain::Theirs>(text)
        .unwrap_err()
        .to_string();
    assert_eq!(ours, theirs);
    assert!(ours.starts_with("duplicate field `id`"), "{ours}");
}

mod camel {
    use super::*;

    twins!(#[serde(rename_all = "camelCase")] {
        due_date: String,
        #[serde(rename = "ID")]
        id: i64,
        plain: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        a_b_c: Option<i32>,
    });
}

#[test]
fn camel_case_names_are_serde_s() {
    let input = json!({"dueDate": "2026-11-26", "ID": 7, "plain": true, "aBC": 3});
    let ours: camel::Ours = serde_json::from_value(input.clone()).unwrap();
    let theirs: camel::Theirs = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(ours, camel::Ours::from(theirs.clone()));
    assert_eq!(serde_json::to_value(&ours).unwrap(), input);
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        serde_json::to_string(&theirs).unwrap()
    );
}

mod amounts {
    use super::*;

    twins!({
        #[serde(with = "runtime::decimal")]
        amount: Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "runtime::decimal")]
        extra: Option<Decimal>,
    });

    /// A required nullable decimal, as the generator writes one: present, `null` or a number.
    pub mod nullable {
        use super::*;

        twins!({
            #[serde(with = "runtime::decimal")]
            amount: Option<Decimal>,
        });
    }
}

#[test]
fn a_required_nullable_field_under_with_must_be_there_as_serde_derive_says() {
    use amounts::nullable::{Ours, Theirs};
    for text in [r#"{}"#, r#"{"amount":null}"#, r#"{"amount":1.50}"#] {
        let ours = serde_json::from_str::<Ours>(text).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<Theirs>(text)
            .map(Ours::from)
            .map_err(|e| e.to_string().replace("Theirs", "Ours"));
        assert_eq!(ours, theirs, "reading {text}");
    }
    assert!(serde_json::from_str::<Ours>("{}")
        .unwrap_err()
        .to_string()
        .contains("missing field `amount`"));
}

#[test]
fn fields_under_with_are_read_and_written_by_that_module() {
    let text = r#"{"amount":12345678901234567890.123,"extra":0.10}"#;
    let ours: amounts::Ours = serde_json::from_str(text).unwrap();
    let theirs: amounts::Theirs = serde_json::from_str(text).unwrap();
    assert_eq!(ours, amounts::Ours::from(theirs.clone()));
    assert_eq!(
        ours.amount,
        Decimal::from_str("12345678901234567890.123").unwrap()
    );
    assert_eq!(serde_json::to_string(&ours).unwrap(), text);
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        serde_json::to_string(&theirs).unwrap()
    );
    let without: amounts::Ours = serde_json::from_str(r#"{"amount":1}"#).unwrap();
    assert_eq!(without.extra, None);
    assert_eq!(serde_json::to_string(&without).unwrap(), r#"{"amount":1}"#);
    let twice = r#"{"amount":1,"amount":2}"#;
    assert_eq!(
        serde_json::from_str::<amounts::Ours>(twice)
            .unwrap_err()
            .to_string(),
        serde_json::from_str::<amounts::Theirs>(twice)
            .unwrap_err()
            .to_string()
    );
}

mod bounded {
    use super::*;

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Bounded {
        #[check(length(min = 1, max = 3))]
        pub short_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[check(length(max = 2))]
        pub tags: Option<Vec<String>>,
        #[serde(with = "runtime::decimal")]
        pub amount: Decimal,
    }
}

#[test]
fn length_checks_hold_both_ways_and_name_the_field() {
    use bounded::Bounded;
    let text = r#"{"shortName":"abc","tags":["ab","c"],"amount":1.5}"#;
    let ok: Bounded = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&ok).unwrap(), text);
    // Absent and `None`: nothing to check.
    let without: Bounded = serde_json::from_str(r#"{"shortName":"a","amount":1}"#).unwrap();
    assert_eq!(without.tags, None);

    let read = |text: &str| {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Bounded>(deserializer).unwrap_err();
        (error.path().to_string(), error.inner().to_string())
    };
    let (path, message) = read(r#"{"shortName":"abcd","amount":1}"#);
    assert_eq!(path, "shortName");
    assert!(
        message.starts_with(
            "`shortName`: a value is longer than 3 characters; at least 1 and at most 3 characters allowed"
        ),
        "{message}"
    );
    let (path, message) = read(r#"{"shortName":"","amount":1}"#);
    assert_eq!(path, "shortName");
    assert!(message.contains("is 0 characters long"), "{message}");
    let (path, message) = read(r#"{"shortName":"a","tags":["ab","abc"],"amount":1}"#);
    assert_eq!(path, "tags");
    assert!(message.contains("at most 2 characters"), "{message}");

    // Writing refuses it too, and writes nothing of the field.
    let long = Bounded {
        short_name: "abcd".into(),
        ..ok
    };
    let error = serde_json::to_string(&long).unwrap_err().to_string();
    assert!(
        error.starts_with("`shortName`: a value is longer than 3 characters"),
        "{error}"
    );
    let long = Bounded {
        short_name: "a".into(),
        tags: Some(vec!["abc".into()]),
        amount: Decimal::ONE,
    };
    assert!(serde_json::to_string(&long).is_err());
}

mod nested {
    use super::*;

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct Outer {
        pub items: Vec<Item>,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct Item {
        pub code: String,
        pub count: u8,
    }
}

#[test]
fn serde_path_to_error_names_the_field() {
    // The server reports where a body is wrong through serde_path_to_error: the keys must reach it.
    let text = r#"{"items": [{"code": "a", "count": 1}, {"code": "b", "count": 300}]}"#;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let error = serde_path_to_error::deserialize::<_, nested::Outer>(deserializer).unwrap_err();
    assert_eq!(error.path().to_string(), "items[1].count");
    let missing = r#"{"items": [{"count": 1}]}"#;
    let deserializer = &mut serde_json::Deserializer::from_str(missing);
    let error = serde_path_to_error::deserialize::<_, nested::Outer>(deserializer).unwrap_err();
    assert_eq!(error.path().to_string(), "items[0]");
    assert!(error
        .inner()
        .to_string()
        .starts_with("missing field `code`"));
}

#[test]
fn other_formats_get_a_struct() {
    // Buffered content (untagged unions read their variants through it) and a non-JSON value tree.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Item(nested::Item),
        Text(String),
    }
    let item: Either = serde_json::from_str(r#"{"code": "x", "count": 2}"#).unwrap();
    assert_eq!(
        item,
        Either::Item(nested::Item {
            code: "x".into(),
            count: 2
        })
    );
    let text: Either = serde_json::from_str(r#""x""#).unwrap();
    assert_eq!(text, Either::Text("x".into()));
    // serde_urlencoded: a flat object from a query string, keys as owned strings.
    #[derive(Debug, PartialEq, runtime::codegen::Deserialize)]
    struct Query {
        page: u32,
        #[serde(default)]
        q: Option<String>,
    }
    let query: Query = serde_urlencoded::from_str("page=2&q=x").unwrap();
    assert_eq!(
        query,
        Query {
            page: 2,
            q: Some("x".into())
        }
    );
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, runtime::codegen::OpenEnum)]
pub enum Merge {
    #[serde(rename = "PR_TITLE")]
    PrTitle,
    #[serde(rename = "merge message")]
    MergeMessage,
    Unknown(String),
}

#[test]
fn an_open_enum_reads_every_value_and_writes_it_back() {
    assert_eq!(Merge::PrTitle.as_str(), "PR_TITLE");
    assert_eq!(
        Merge::from_known("merge message"),
        Some(Merge::MergeMessage)
    );
    assert_eq!(Merge::from_known("OTHER"), None);
    assert_eq!(Merge::from("OTHER"), Merge::Unknown("OTHER".into()));
    assert_eq!("PR_TITLE".parse::<Merge>(), Ok(Merge::PrTitle));
    assert_eq!(Merge::MergeMessage.to_string(), "merge message");
    let read: Vec<Merge> = serde_json::from_str(r#"["PR_TITLE", "new value"]"#).unwrap();
    assert_eq!(read, [Merge::PrTitle, Merge::Unknown("new value".into())]);
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        r#"["PR_TITLE","new value"]"#
    );
    assert!(serde_json::from_str::<Merge>("1").is_err());
}

/// Types named as the expansions' own items and generic parameters (`A` is serde's `MapAccess`
/// parameter, `S` and `D` the serializer and deserializer, `Visitor`, `Partial` and `With` local
/// types): each must still mean the user's type inside the expansion (fuzz seed 15: `A { me: Box<A> }`
/// was E0401).
mod hygiene {
    use super::*;

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct A {
        pub me: Option<Box<A>>,
        pub s: S,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct S {
        pub d: Option<D>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "runtime::decimal"
        )]
        pub amount: Option<Decimal>,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct D {
        pub visitor: Visitor,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct Visitor {
        pub partial: Option<Box<Partial>>,
        pub with: Option<With>,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct Partial {
        pub n: i32,
    }

    #[derive(Debug, PartialEq, runtime::codegen::Serialize, runtime::codegen::Deserialize)]
    pub struct With {
        pub a: Option<Box<A>>,
    }
}

#[test]
fn user_types_named_like_the_expansion_s_own_names_are_the_user_s() {
    use hygiene::*;
    let text = r#"{"me":{"s":{"d":null}},"s":{"d":{"visitor":{"partial":{"n":1},"with":{"a":null}}},"amount":1.50}}"#;
    let a: A = serde_json::from_str(text).unwrap();
    assert_eq!(
        a.s.d.as_ref().unwrap().visitor.partial.as_deref(),
        Some(&Partial { n: 1 })
    );
    // `me` is not skipped when `None` (no `skip_serializing_if`): written as `null`.
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        text.replace(r#"{"me":{"s""#, r#"{"me":{"me":null,"s""#)
    );
}
