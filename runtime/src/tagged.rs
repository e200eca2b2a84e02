//! Serde support for the enums of a `oneOf` with a `discriminator`: the named property of the JSON object
//! picks the variant. The object is handed to the variant's type whole (the property included, since that
//! type usually declares it too), and on the way out the property is added when the type did not write it.
//! And for the enums of an object that sets exactly one of its properties ([`one_key`]).

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

/// Reads an object that must set exactly one of `keys` (an object whose `oneOf` requires one property
/// each, as Skatteetaten's `oppgaveeier` is `person` or `organisasjon`): the object with that key alone.
/// Other keys are left out (the schema allows them); none or more than one of `keys` is an error saying
/// which.
pub fn one_key<'de, D: Deserializer<'de>>(
    deserializer: D,
    keys: &'static [&'static str],
) -> Result<Value, D::Error> {
    let listed = || {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Value::Object(mut object) = Value::deserialize(deserializer)? else {
        return Err(de::Error::custom(format!(
            "expected an object with exactly one of {}",
            listed()
        )));
    };
    let set: Vec<&&str> = keys.iter().filter(|k| object.contains_key(**k)).collect();
    match set.as_slice() {
        [one] => {
            let key = (**one).to_string();
            let value = object.remove(&key).unwrap_or(Value::Null);
            Ok(Value::Object(serde_json::Map::from_iter([(key, value)])))
        }
        [] => Err(de::Error::custom(format!(
            "exactly one of {} is required, and none is set",
            listed()
        ))),
        many => Err(de::Error::custom(format!(
            "exactly one of {} may be set, and {} are",
            listed(),
            many.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ))),
    }
}

#[cfg(test)]
mod one_key_tests {
    use super::one_key;
    use serde_json::{json, Value};

    fn read(value: Value) -> Result<Value, String> {
        one_key(value, &["person", "organisasjon"]).map_err(|e| e.to_string())
    }

    #[test]
    fn one_key_is_kept_and_the_others_left_out() {
        assert_eq!(
            read(json!({"person": {"navn": "Kari"}, "merknad": 1})).unwrap(),
            json!({"person": {"navn": "Kari"}})
        );
        assert_eq!(
            read(json!({})).unwrap_err(),
            "exactly one of `person`, `organisasjon` is required, and none is set"
        );
        assert_eq!(
            read(json!({"person": {}, "organisasjon": {}})).unwrap_err(),
            "exactly one of `person`, `organisasjon` may be set, and `person` and `organisasjon` are"
        );
        assert!(read(json!(3)).unwrap_err().contains("expected an object"));
    }
}
