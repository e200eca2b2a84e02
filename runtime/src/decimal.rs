//! Exact amounts on the wire: `#[serde(with = "crate::runtime::decimal")]` writes a
//! [`Decimal`] as a JSON number with exactly its digits, and reads a JSON number
//! without going through `f64` (`12345678901234567.89` stays `12345678901234567.89`).
//!
//! The attribute works on any field whose type holds decimals: `Decimal`, `Option<_>`, `Vec<_>`,
//! `Box<_>` and `BTreeMap<String, _>` of them, nested as deep as needed (see [`DecimalField`]).
//!
//! It relies on serde_json's additive `raw_value` feature only: the number text is handed over as a
//! [`RawValue`], so nothing changes for other types in the same build (unlike rust_decimal's
//! `serde-float`, which goes through `f64`, or serde_json's `arbitrary_precision`, which changes every
//! `serde_json::Value`). Other formats, and serde's buffering of untagged enums, see an ordinary number
//! or string; there the value is as exact as that format or buffer keeps it.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{self, Serialize, Serializer};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The name serde_json gives a raw JSON value: a deserializer that knows it (serde_json's own, and
/// `serde_json::Value`'s, with `raw_value` on) hands over the value's text instead of parsing it.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A type that holds decimals and that [`serialize`] and [`deserialize`] handle.
pub trait DecimalField: Sized {
    /// Writes the value, each decimal as an exact JSON number.
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, each decimal from the exact JSON number text.
    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// For `#[serde(with = "crate::runtime::decimal")]`.
pub fn serialize<T: DecimalField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize_exact(serializer)
}

/// For `#[serde(with = "crate::runtime::decimal")]`.
pub fn deserialize<'de, T: DecimalField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_exact(deserializer)
}

/// `deserialize` as a seed: reads a decimal where no field attribute can say `with` (the value of a
/// one-key object, `tagged::one_key`).
pub struct Seed<T>(std::marker::PhantomData<T>);

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Seed(std::marker::PhantomData)
    }
}

impl<'de, T: DecimalField> serde::de::DeserializeSeed<'de> for Seed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_exact(deserializer)
    }
}

thread_local! {
    /// Set while a format other than JSON writes or reads (see [`as_text`]).
    static AS_TEXT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` with every decimal written as its text (`collect_str`) instead of raw JSON number
/// text, and read from text (`deserialize_str`): for a format other than JSON (XML), whose serializer
/// knows nothing of serde_json's raw value and would write it as a struct, and whose deserializer
/// would offer an element as a map. A serializer cannot tell the value which format it writes, so the
/// writer (or reader) says it, for the (synchronous) time it works, on its own thread.
pub fn as_text<R>(write: impl FnOnce() -> R) -> R {
    /// Puts the flag back also when `write` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            AS_TEXT.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(AS_TEXT.with(|flag| flag.replace(true)));
    write()
}

impl DecimalField for Decimal {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if AS_TEXT.with(Cell::get) {
            return serializer.collect_str(self);
        }
        // Display writes every digit and the scale (`1.50` stays `1.50`), never an exponent: valid
        // JSON number text.
        let raw = RawValue::from_string(self.to_string()).map_err(ser::Error::custom)?;
        raw.serialize(serializer)
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if AS_TEXT.with(Cell::get) {
            return deserializer.deserialize_str(DecimalVisitor);
        }
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
    }
}

impl<T: DecimalField> DecimalField for Option<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Exact(value)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<Read<T>>::deserialize(deserializer)?;
        Ok(value.map(|read| read.0))
    }
}

impl<T: DecimalField> DecimalField for Box<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_exact(serializer)
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_exact(deserializer).map(Box::new)
    }
}

impl<T: DecimalField> DecimalField for Vec<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Exact))
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<Read<T>>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|read| read.0).collect())
    }
}

impl<T: DecimalField> DecimalField for BTreeMap<String, T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Exact(value))))
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = BTreeMap::<String, Read<T>>::deserialize(deserializer)?;
        Ok(values
            .into_iter()
            .map(|(key, read)| (key, read.0))
            .collect())
    }
}

/// Serializes a borrowed [`DecimalField`] exactly (an element of a list, the value of an option).
struct Exact<'a, T>(&'a T);

impl<T: DecimalField> Serialize for Exact<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_exact(serializer)
    }
}

/// Deserializes a [`DecimalField`] exactly, where serde wants a `Deserialize` type.
struct Read<T>(T);

impl<'de, T: DecimalField> Deserialize<'de> for Read<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_exact(deserializer).map(Read)
    }
}

/// Reads one decimal from whatever the deserializer offers: the raw JSON text (serde_json), or a plain
/// number or string (other formats, buffered content).
struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        // serde_json's raw value: one entry, keyed by the token, whose value is the JSON text.
        if map.next_key::<String>()?.as_deref() != Some(RAW_VALUE_TOKEN) {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        let text = map.next_value::<String>()?;
        parse_json_text(&text).map_err(de::Error::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        // A deserializer that does not know the raw-value token (serde's buffered content).
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_number(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Only formats without exact number text get here; the shortest text that reads back as the
        // same f64 is what a person wrote, so `0.1` stays `0.1`.
        parse_number(&value.to_string()).map_err(E::custom)
    }
}

/// A decimal from raw JSON text: a number, or a string holding one (as some APIs write amounts).
fn parse_json_text(text: &str) -> Result<Decimal, String> {
    let text = text.trim();
    if text.starts_with('"') {
        let inner: String = serde_json::from_str(text).map_err(|err| err.to_string())?;
        return parse_number(&inner);
    }
    parse_number(text)
}

/// A decimal from number text, exponent (`1e2`, `1.5E-3`) included; more than 28 significant digits is
/// an error rather than a rounded amount.
fn parse_number(text: &str) -> Result<Decimal, String> {
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|err| match too_big(&err) {
        true => format!(
            "`{text}` has too many digits: a decimal holds at most {} significant digits and a value below 2^96",
            Decimal::MAX_SCALE
        ),
        false => format!("`{text}` is not a decimal number: {err}"),
    })
}

/// Whether rust_decimal refused the text for its size (too many digits, too large a value), which its
/// own messages call a matter of "scale" or "precision" even when the number has no fraction at all.
fn too_big(err: &rust_decimal::Error) -> bool {
    match err {
        rust_decimal::Error::ScaleExceedsMaximumPrecision(_)
        | rust_decimal::Error::Underflow
        | rust_decimal::Error::ExceedsMaximumPossibleValue
        | rust_decimal::Error::LessThanMinimumPossibleValue => true,
        rust_decimal::Error::ErrorString(text) => text.contains("overflow"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde::de::value::Error;
    use serde::de::IntoDeserializer;
    use serde::{Deserialize, Serialize};

    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Boxed {
        #[serde(with = "crate::decimal")]
        amount: Box<Option<Decimal>>,
    }

    /// Issue 21: more digits than a decimal holds is said to be the number's size, not its "scale".
    #[test]
    fn too_many_digits_is_said_as_size() {
        for text in [
            "1.12345678901234567890123456789",
            "123456789012345678901234567890",
            "98765432109876543210987654321.5",
            "1e40",
        ] {
            let error = parse_number(text).unwrap_err();
            assert!(error.contains("too many digits"), "{text}: {error}");
            assert!(!error.to_lowercase().contains("scale"), "{text}: {error}");
        }
        let error = parse_number("1.2.3").unwrap_err();
        assert!(error.contains("is not a decimal number"), "{error}");
    }

    #[test]
    fn boxes_are_exact() {
        let text = r#"{"amount":12345678901234567.89}"#;
        let boxed: Boxed = serde_json::from_str(text).unwrap();
        assert_eq!(*boxed.amount, Some(dec("12345678901234567.89")));
        assert_eq!(serde_json::to_string(&boxed).unwrap(), text);
    }

    /// Formats without raw JSON text hand over plain numbers or strings.
    #[test]
    fn other_deserializers_give_numbers_and_strings() {
        let read = |de| -> Decimal { deserialize(de).unwrap() };
        assert_eq!(
            read(IntoDeserializer::<Error>::into_deserializer("12.30")),
            dec("12.30")
        );
        let from_int: Decimal =
            deserialize(IntoDeserializer::<Error>::into_deserializer(-7i64)).unwrap();
        assert_eq!(from_int, dec("-7"));
        let from_uint: Decimal =
            deserialize(IntoDeserializer::<Error>::into_deserializer(7u64)).unwrap();
        assert_eq!(from_uint, dec("7"));
        // The shortest text of the f64: what was written, as far as the format kept it.
        let from_float: Decimal =
            deserialize(IntoDeserializer::<Error>::into_deserializer(0.1f64)).unwrap();
        assert_eq!(from_float, dec("0.1"));
        let not_a_number =
            deserialize::<Decimal, _>(IntoDeserializer::<Error>::into_deserializer("x"));
        assert!(not_a_number.is_err());
    }

    #[test]
    fn exponents_and_json_strings_are_read() {
        assert_eq!(parse_json_text("1e2").unwrap(), dec("100"));
        assert_eq!(parse_json_text("-1.5E-3").unwrap(), dec("-0.0015"));
        assert_eq!(parse_json_text(r#""1.10""#).unwrap(), dec("1.10"));
        assert!(parse_json_text("null").is_err());
    }
}
