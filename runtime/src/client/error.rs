//! What can go wrong in a call over HTTP, told apart so callers can act on it (the variants of
//! [`crate::Error`]). Nothing the server sent is dropped: every error that has a response keeps all of it.
//! A body that does not decode ([`DecodeError`]) is told in `response`, beside the decoding that finds it.

use std::fmt;

use super::response::DecodeError;
use super::token::TokenError;
use crate::Error;

/// No (complete) answer from the server.
#[derive(Debug)]
pub struct TransportError {
    /// How many times the request was tried.
    pub attempts: u32,
    pub source: reqwest::Error,
}

impl TransportError {
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "timed out"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        write!(f, "request {what} after {} attempt(s): ", self.attempts)?;
        // reqwest's message and its causes (the interesting part is often in a cause).
        write!(f, "{}", self.source)?;
        let mut cause = std::error::Error::source(&self.source);
        while let Some(err) = cause {
            write!(f, ": {err}")?;
            cause = err.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// An argument that cannot be put in a request (a header value with a line break, an object where a
/// parameter must be a scalar), or a base URL that does not join with the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub message: String,
}

impl RequestError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for RequestError {}

/// A client that cannot be built from its configuration.
#[derive(Debug)]
pub struct BuildError {
    pub message: String,
    pub source: Option<reqwest::Error>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.message)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

impl From<DecodeError> for Error {
    fn from(err: DecodeError) -> Self {
        Error::Decode(err)
    }
}

impl From<RequestError> for Error {
    fn from(err: RequestError) -> Self {
        Error::InvalidRequest(err)
    }
}

impl From<TokenError> for Error {
    fn from(err: TokenError) -> Self {
        Error::Token(err)
    }
}
