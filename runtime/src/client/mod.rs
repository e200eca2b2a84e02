//! The HTTP machinery of the generated clients (feature `client`).
//!
//! Each API module has a `client` module with a `Client` that implements the API's trait (its
//! contract, shared with the server: typed request and [`Context`] in, the documented response out)
//! over [`Transport`]. The transport sends `Authorization: Bearer <token>` from your
//! [`TokenSource`] and `Accept` explicitly, keeps at most 5 calls in flight (configurable), and retries
//! transport failures, 429 and 5xx answers — after the server's `Retry-After`, or else a jittered backoff —
//! but only for `GET`s and for submissions with an idempotency key, which keep the same key on every try.
//! It follows redirects only within the origin it called, so no credential reaches another host, and its
//! error messages hide the credentials a server echoes back.
//!
//! The README of the generated crate shows a call end to end.

mod backoff;
mod config;
#[cfg(feature = "maskinporten")]
pub mod consent;
mod error;
mod form;
#[cfg(feature = "maskinporten")]
pub mod maskinporten;
mod redirect;
pub(crate) mod request;
pub(crate) mod response;
mod retry;
mod secrets;
mod token;
mod transport;

pub use crate::{ApiError, ApiFuture, Context, Error};
pub use backoff::Backoff;
pub use config::ClientConfig;
pub use error::{BuildError, RequestError, TransportError};
#[cfg(feature = "maskinporten")]
pub use maskinporten::{
    Environment, Maskinporten, MaskinportenError, MaskinportenKey, MaskinportenTokenSource,
    TokenRequest,
};
/// The HTTP client crate the clients send with, re-exported so a `reqwest::Client` of your own
/// ([`Transport::with_http_client`]) is of the same version.
pub use reqwest;
/// A server's answer, as [`Error::UndocumentedStatus`](crate::Error::UndocumentedStatus) and
/// [`DecodeError`] keep it.
pub use response::{DecodeError, Response};
pub use token::{BoxFuture, StaticToken, Token, TokenError, TokenSource};
pub use transport::Transport;
