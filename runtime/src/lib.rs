//! The hand-written runtime of the generated crates: what every generated module uses, kept out of
//! the generated code so it is written (and reviewed, and tested) once.
//!
//! Always here: constrained strings ([`check_string`], [`ConstraintError`]), the length bounds of plain
//! strings ([`check`]), exact amounts
//! ([`decimal`]), open string enums ([`open_enum!`]), the shared impls of constrained strings
//! ([`constrained_string!`]) and tagged unions ([`tagged`]), and the crates whose
//! types appear in generated signatures ([`uuid`], [`chrono`], [`rust_decimal`]), re-exported so a
//! user names the same versions without adding them. Behind features: the HTTP client (`client`),
//! the server adapter (`server`) and its SQLite idempotency store (`sqlite`).
//!
//! A generated crate re-exports this crate as `runtime` (`skatteetaten_api::runtime`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed future that can be sent between threads: what the client's token sources and transport and
/// the server's verifiers and call functions return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub use chrono;
pub use regress;
pub use rust_decimal;
pub use uuid;

pub mod body;
mod claims;
mod contract;
#[cfg(any(feature = "client", feature = "server"))]
mod media;
pub use body::{ByteStream, EventStream, StreamError, StreamErrorKind};
pub use claims::{organisation_number, SYSTEM_USER_TYPE};
pub use contract::{ApiError, ApiFuture, Claims, Context, Error, ErrorBody};

pub mod check;
mod constrained_string;
pub mod de;
pub mod decimal;
#[doc(hidden)]
pub mod error_fields;
mod file;
pub use file::File;
pub mod ser;
/// serde's `Deserialize` and `Serialize` for the generated JSON objects, at a fraction of
/// serde_derive's compile cost: see [`de`], [`ser`] and the `skatteetaten-runtime-macros` crate.
pub use skatteetaten_runtime_macros::{Deserialize, OpenEnum, Responses, Serialize};
#[cfg(feature = "test-keys")]
pub mod keys;
mod open_enum;
pub use constrained_string::constrained_string;
pub use open_enum::open_enum;
pub mod tagged;
#[cfg(any(feature = "client", feature = "server"))]
pub mod xml;

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

/// serde, for the `open_enum!` and `constrained_string!` expansions (so the caller need not name it).
#[doc(hidden)]
pub use serde as __serde;

#[cfg(feature = "client")]
pub mod client;

/// A value that does not meet the constraints of its type in the spec (pattern, length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    /// The Rust type the value was meant for.
    pub type_name: &'static str,
    /// The value as given.
    pub value: String,
    /// What it breaks.
    pub reason: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: {:?} {}",
            self.type_name, self.value, self.reason
        )
    }
}

impl std::error::Error for ConstraintError {}

/// Checks a string against the constraints of a constrained-string type. Lengths count characters
/// (as JSON Schema does), not bytes. The pattern is an ECMA-262 regular expression, as OpenAPI's are, and
/// may match anywhere in the value (JSON Schema patterns are not anchored; specs anchor with `^…$`).
pub fn check_string(
    type_name: &'static str,
    value: &str,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&regress::Regex>,
) -> Result<(), ConstraintError> {
    let fail = |reason: String| ConstraintError {
        type_name,
        value: value.to_string(),
        reason,
    };
    // The length rule is the one the plain strings' checks use.
    let length = check::Length {
        min: min_length,
        max: max_length,
    };
    length
        .check_str(value)
        .map_err(|error| fail(error.reason()))?;
    if let Some(pattern) = pattern {
        if pattern.find(value).is_none() {
            return Err(fail(format!(
                "does not match the pattern of the type (`{type_name}::PATTERN`)"
            )));
        }
    }
    Ok(())
}

#[cfg(feature = "server")]
pub mod server;
