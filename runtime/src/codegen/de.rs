//! What `#[derive(runtime::codegen::Deserialize)]` expands to calls: the parts every JSON object's
//! `Deserialize` shares, written once here instead of once per struct.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use crate::codegen::check::Rule;

/// A key of the object, as the index of its field (`usize::MAX` for a key the struct does not have).
/// `names` is sorted; `indices[i]` is the field of `names[i]`.
#[derive(Clone, Copy)]
pub struct Field {
    /// The wire names of the fields, sorted.
    pub names: &'static [&'static str],
    /// The field index of each name.
    pub indices: &'static [usize],
}

impl Field {
    fn find(self, key: &[u8]) -> usize {
        match self.names.binary_search_by(|name| name.as_bytes().cmp(key)) {
            Ok(at) => self.indices[at],
            Err(_) => usize::MAX,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Field {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.find(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self.find(key))
    }
}

/// Reads the value of a field into its slot; a field given twice is serde's `duplicate_field` error.
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    value_with(map, slot, name, |value: T| value)
}

/// [`value`] for a field read through `#[serde(with = …)]`: `W` reads it, `unwrap` takes it out.
pub fn value_with<'de, A: MapAccess<'de>, W: Deserialize<'de>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    unwrap: fn(W) -> T,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(unwrap(map.next_value()?));
    Ok(())
}

/// [`value`] for a field with a [`Rule`] (`#[check(length(..))]`, `#[check(range(..))]`): the value
/// read is checked while it is read (so the error is the field's, with its path, for
/// serde_path_to_error); a value out of bounds is a `custom` error naming the field and the bound.
pub fn checked<'de, A: MapAccess<'de>, T: Deserialize<'de>, R: Rule<T>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    rule: R,
) -> Result<(), A::Error> {
    checked_with(map, slot, name, |value: T| value, rule)
}

/// [`checked`] for a field read through `#[serde(with = …)]`, as [`value_with`].
pub fn checked_with<'de, A: MapAccess<'de>, W: Deserialize<'de>, T, R: Rule<T>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    unwrap: fn(W) -> T,
    rule: R,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(CheckedSeed { unwrap, name, rule })?);
    Ok(())
}

/// Reads a `W`, takes the field's value out of it and checks it.
struct CheckedSeed<W, T, R> {
    unwrap: fn(W) -> T,
    name: &'static str,
    rule: R,
}

impl<'de, W: Deserialize<'de>, T, R: Rule<T>> DeserializeSeed<'de> for CheckedSeed<W, T, R> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let value = (self.unwrap)(W::deserialize(deserializer)?);
        match self.rule.check_value(&value) {
            Ok(()) => Ok(value),
            Err(error) => Err(de::Error::custom(format_args!("`{}`: {error}", self.name))),
        }
    }
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The first required field that is missing, of `(missing, name)` pairs in field order.
pub fn first_missing(fields: &[(bool, &'static str)]) -> &'static str {
    fields
        .iter()
        .find(|(missing, _)| *missing)
        .map_or("", |(_, name)| name)
}
