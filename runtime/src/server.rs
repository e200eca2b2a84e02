//! Support for the generated server adapters (feature `server`): the request pipeline every adapter
//! runs (bearer token, `Accept`, `Content-Type`, body limit and read timeout, idempotency, timeout), the documented error
//! bodies it answers bad input with, the idempotency stores, and [`serve`], an accept loop with a
//! header read timeout and a connection limit.
//!
//! A generated `<api>::server` module has a `router` function that serves any implementation of the
//! API's trait (declared with its requests and responses in `<api>::operations`, the contract the
//! client implements too) as an [`axum::Router`] through [`Server`]: each operation a
//! [`Server::route`] of its constant ([`Operation`]) and its call function. The implementation is
//! called with a [`crate::Context`]: the headers, the correlation id and the verified caller. Which of the
//! API's error codes answers which kind of bad input is the generated `ERROR_ROLES` constant
//! ([`ErrorRoles`]), derived by the generator from the API's error tables; its [`ErrorShape`] is the
//! body they are written in (Skatteetaten's `feil.md`, the API's own error object, or RFC 7807).

mod accept;
mod auth;
mod config;
pub mod events;
mod form;
mod input;
mod jwt;
mod key_locks;
mod pipeline;
mod rejection;
mod reply;
mod roles;
mod serve;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;

pub use accept::{accepts, is_json_media_type, negotiate, Format};
pub use auth::{AnyToken, AuthError, BoxFuture, SharedSecret, TokenVerifier};
pub use config::{ErrorReport, ServerConfig};
pub use input::Input;
pub use jwt::{maskinporten, JwtVerifier};
pub use pipeline::{
    invoke, Answer, BodyKind, Call, CallError, KeyLocation, Method, Operation, Routes, Server,
    Started,
};
pub use rejection::{korrelasjonsid, Rejection};
pub use reply::{Reply, ReplyError, Respond};
pub use roles::{ErrorCode, ErrorRoles, ErrorShape, SpecCodes};
pub use serve::{serve, ServeConfig};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use store::{IdempotencyStore, MemoryStore, StoreError, StoredReply};

/// The HTTP framework the adapters are built on, re-exported so generated code and users name the
/// same version.
pub use axum;
