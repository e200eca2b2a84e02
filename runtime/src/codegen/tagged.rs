//! Serde support for the enums of a `oneOf` with a `discriminator`: the named property of the JSON object
//! picks the variant. The object is handed to the variant's type whole (the property included, since that
//! type usually declares it too), and on the way out the property is added when the type did not write it.
//! And for the enums of an object that sets exactly one of its properties ([`one_key_expecting`],
//! [`two_keys`], [`no_key`], which the generated reader calls).

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Writes `value` as a JSON object that carries `property: tag`.
pub fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    match &mut value {
        Value::Object(map) => {
            map.entry(property)
                .or_insert_with(|| Value::String(tag.to_string()));
        }
        other => {
            return Err(serde::ser::Error::custom(format!(
                "a variant tagged by `{property}` must be a JSON object, not {other}"
            )))
        }
    }
    value.serialize(serializer)
}

/// Reads a JSON object and the value of its `property`, the tag that names the variant.
pub fn split<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(String, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = match value.get(property) {
        Some(Value::String(tag)) => tag.clone(),
        Some(other) => {
            return Err(de::Error::custom(format!(
                "`{property}` must be a string naming the variant, not {other}"
            )))
        }
        None => {
            return Err(de::Error::custom(format!(
                "missing field `{property}`, which names the variant"
            )))
        }
    };
    Ok((tag, value))
}

/// Reads the variant's value from the object.
pub fn variant<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The error for a tag no variant has.
pub fn unknown<E: de::Error>(tag: &str, expected: &'static [&'static str]) -> E {
    E::unknown_variant(tag, expected)
}

/// What a one-key object (an object that sets exactly one of its properties, as Skatteetaten's
/// `oppgaveeier` is `person` or `organisasjon`) is expected to be, for a visitor's `expecting`.
pub fn one_key_expecting(f: &mut std::fmt::Formatter<'_>, keys: &[&str]) -> std::fmt::Result {
    write!(f, "an object with exactly one of {}", listed(keys))
}

/// The error for a one-key object that sets `second` after `first`.
pub fn two_keys<E: de::Error>(keys: &[&str], first: &str, second: &str) -> E {
    E::custom(format!(
        "exactly one of {} may be set, and `{first}` and `{second}` are",
        listed(keys)
    ))
}

/// The error for a one-key object that sets none of `keys`.
pub fn no_key<E: de::Error>(keys: &[&str]) -> E {
    E::custom(format!(
        "exactly one of {} is required, and none is set",
        listed(keys)
    ))
}

fn listed(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
