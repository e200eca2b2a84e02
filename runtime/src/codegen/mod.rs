//! What the generated code and the derives of `skatteetaten-runtime-macros` name, and a user does not:
//! the request pipeline a generated server adapter runs ([`server`]), the request a generated client
//! builds ([`client`]), the derives and the readers and writers their expansions call ([`de`], [`ser`],
//! [`tagged`], [`check`]), and the macros of the constrained strings and open enums.
//!
//! Hidden from the docs and not covered by semver promises to users: it changes with the generator,
//! which is released together with this crate. What a user calls is in the crate root, [`crate::client`]
//! and [`crate::server`].

pub mod check;
mod constrained;
pub mod de;
#[doc(hidden)]
pub mod error_fields;
pub mod ser;
mod style;
pub mod tagged;

pub use crate::constrained_string::constrained_string;
pub use crate::open_enum::open_enum;
pub use constrained::check_string;
/// serde's `Deserialize` and `Serialize` for the generated JSON objects, at a fraction of
/// serde_derive's compile cost: see [`de`], [`ser`] and the `skatteetaten-runtime-macros` crate.
pub use skatteetaten_runtime_macros::{Deserialize, OpenEnum, Responses, Serialize};
pub use style::ObjectStyle;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;
