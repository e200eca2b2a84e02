//! What `#[derive(runtime::Serialize)]` expands to calls: an object written from its fields as
//! `&dyn` values, so a struct's `Serialize` is one array for the compiler, not a call and a `?` per
//! field (the way `derive(Debug)` hands `&dyn Debug`s to `debug_struct_fields_finish`).

use serde::ser::{SerializeStruct, Serializer};

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
