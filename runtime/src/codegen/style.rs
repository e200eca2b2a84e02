//! How the generated clients and servers write and read an object-valued query parameter.

/// How an object-valued query parameter is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `style: deepObject`: `name[key]=value` for each property.
    DeepObject,
    /// `style: form`, `explode: true` (the default): each property is a query parameter of its own.
    FormExploded,
    /// `style: form`, `explode: false`: `name=key,value,key,value`.
    Form,
}
