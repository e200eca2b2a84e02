//! The one place that reads YAML. serde_yaml is frozen upstream; swapping it for a maintained fork means
//! changing only this function. Everything after it works on `serde_json::Value`.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses a YAML document into a JSON value. The error says the line and column.
///
/// An integer outside the 64-bit range (`minimum: -9223372036854776000`, as OpenAI writes an int64's
/// lower end) is read as the nearest double, as a JSON reader reads the same text; the loader then
/// says where such a number does not fit its schema (`load/type_keywords.rs`).
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    serde_yaml::from_str::<Json>(text)
        .map(|json| json.0)
        .map_err(|err| match err.location() {
            Some(loc) => format!(
                "line {}, column {}: invalid YAML: {}",
                loc.line(),
                loc.column(),
                err
            ),
            None => format!("invalid YAML: {err}"),
        })
}

/// A JSON value read from YAML: serde_json's own reading, but for 128-bit integers, which serde_json
/// refuses ("JSON number out of range") without its `arbitrary_precision` feature.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value that JSON can hold")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(small), _) => Value::from(small),
            (_, Ok(unsigned)) => Value::from(unsigned),
            _ => float(v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::from(small),
            Err(_) => float(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Json::deserialize(deserializer).map(|json| json.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(value)) = seq.next_element()? {
            list.push(value);
        }
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        // Keys as serde_json reads them from YAML: a key `200` (a status code) is the text "200".
        while let Some((key, Json(value))) = map.next_entry::<String, Json>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A double as JSON holds it; `.inf` and `.nan`, which JSON has not, are `null` as serde_json makes them.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = "a: 1\nb: -2\nc: 1.5\nd: [x, true, null]\n200: {e: ~}\nf: '007'\n";
        assert_eq!(
            yaml_to_json(text).unwrap(),
            json!({"a": 1, "b": -2, "c": 1.5, "d": ["x", true, null], "200": {"e": null}, "f": "007"})
        );
        assert_eq!(
            yaml_to_json(text).unwrap(),
            serde_yaml::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn integers_beyond_64_bits_are_doubles() {
        let value = yaml_to_json("min: -9223372036854776000\nmax: 18446744073709551616\n").unwrap();
        assert_eq!(value["min"], json!(-9223372036854775808.0));
        assert!(value["min"].is_f64());
        assert_eq!(value["max"], json!(18446744073709551616.0));
        assert_eq!(
            yaml_to_json("u: 18446744073709551615").unwrap()["u"],
            json!(u64::MAX)
        );
    }

    #[test]
    fn errors_say_where() {
        let err = yaml_to_json("a: [1,\n").unwrap_err();
        assert!(err.starts_with("line "), "{err}");
    }
}
