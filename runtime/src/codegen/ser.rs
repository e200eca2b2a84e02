//! What `#[derive(runtime::codegen::Serialize)]` expands to calls: an object written from its fields as
//! `&dyn` values, so a struct's `Serialize` is one array for the compiler, not a call and a `?` per
//! field (the way `derive(Debug)` hands `&dyn Debug`s to `debug_struct_fields_finish`).

use serde::ser::{Error, SerializeStruct, Serializer};

/// A field's value, as the object writer takes it: any `Serialize` type, behind `&dyn`.
pub use erased_serde::Serialize as Value;

/// Writes an object named `name` (for formats that want it) with `fields` in order; a field whose
/// third element is `true` is left out (`skip_serializing_if`).
pub fn object<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, &dyn Value, bool)],
) -> Result<S::Ok, S::Error> {
    let len = fields.iter().filter(|(_, _, left_out)| !left_out).count();
    let mut object = serializer.serialize_struct(name, len)?;
    for (key, value, left_out) in fields {
        if *left_out {
            object.skip_field(key)?;
        } else {
            object.serialize_field(key, value)?;
        }
    }
    object.end()
}

/// A field with a [`Rule`](crate::codegen::check::Rule) (`#[check(length(..))]` of its strings,
/// `#[check(range(..))]` of its numbers): written as `value` once `checked` (the field itself) is checked;
/// a value out of bounds is a `custom` error naming the field and the bound, and nothing of the field is
/// written.
pub struct Checked<'a, T: ?Sized, R> {
    pub value: &'a dyn Value,
    pub checked: &'a T,
    pub name: &'static str,
    pub rule: R,
}

impl<T: ?Sized, R: crate::codegen::check::Rule<T>> serde::Serialize for Checked<'_, T, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rule
            .check_value(self.checked)
            .map_err(|error| S::Error::custom(format_args!("`{}`: {error}", self.name)))?;
        serde::Serialize::serialize(self.value, serializer)
    }
}
