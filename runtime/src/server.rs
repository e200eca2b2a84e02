//! Support for the generated server adapters (feature `server`): the request pipeline every adapter
//! runs (bearer token, `Accept`, `Content-Type`, body limit and read timeout, idempotency, timeout), the documented error
//! bodies it answers bad input with, the idempotency stores, and [`serve`], an accept loop with a
//! header read timeout and a connection limit.
//!
//! A generated `<api>::server` module has a `router` function that serves any implementation of the
//! API's trait (declared with its requests and responses in `<api>::operations`, the contract the
//! client implements too) as an [`axum::Router`], configured by a [`ServerConfig`]. The
//! implementation is called with a [`crate::Context`]: the headers, the correlation id and the verified
//! caller. Which of the API's error codes answers which kind of bad input is the generated
//! `ERROR_ROLES` constant ([`ErrorRoles`]), derived by the generator from the API's error tables; its
//! [`ErrorShape`] is the body they are written in (Skatteetaten's `feil.md`, the API's own error
//! object, or RFC 7807). The pipeline the router is built of is the generated code's, not part of
//! this module.

pub(crate) mod accept;
mod auth;
mod config;
mod form;
pub(crate) mod input;
mod jwt;
mod key_locks;
pub(crate) mod pipeline;
pub(crate) mod rejection;
pub(crate) mod reply;
mod roles;
mod serve;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;

pub use auth::{AnyToken, AuthError, BoxFuture, SharedSecret, TokenVerifier};
pub use config::{ErrorReport, ServerConfig};
pub use jwt::{maskinporten_issuers, JwtVerifier};
pub use rejection::korrelasjonsid;
pub use roles::{ErrorCode, ErrorRoles, ErrorShape, SpecCodes};
pub use serve::{serve, ServeConfig};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use store::{IdempotencyStore, MemoryStore, StoreError, StoredReply};

/// The HTTP framework the adapters are built on, re-exported so generated code and users name the
/// same version.
pub use axum;
