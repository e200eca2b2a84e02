//! The hand-written runtime of the generated crates: what every generated module uses, kept out of
//! the generated code so it is written (and reviewed, and tested) once.
//!
//! What a user meets: the contract of every operation ([`Context`], [`Error`], [`ApiError`]), the
//! constraint errors of constrained strings ([`ConstraintError`]), exact amounts ([`decimal`]), streamed
//! bodies ([`ByteStream`], [`EventStream`]), uploaded files ([`File`]), and the crates whose types appear
//! in generated signatures ([`uuid`], [`chrono`], [`rust_decimal`]), re-exported so a user names the same
//! versions without adding them. Behind features: the HTTP client (`client`), the server adapter
//! (`server`) and its SQLite idempotency store (`sqlite`).
//!
//! What only the generated code names (the request pipeline, the derives, the readers and writers
//! their expansions call) is in a module hidden from these docs, `codegen`.
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

#[doc(hidden)]
pub mod codegen;
mod constrained_string;
pub mod decimal;
mod file;
pub use file::File;
#[cfg(feature = "test-keys")]
pub mod keys;
mod open_enum;
#[cfg(any(feature = "client", feature = "server"))]
pub mod xml;

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

#[cfg(feature = "server")]
pub mod server;
