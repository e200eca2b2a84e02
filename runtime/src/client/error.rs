//! What can go wrong in a call, told apart so callers can act on it. Nothing the server sent is dropped:
//! every variant that has a response keeps all of it.

use std::fmt;

use super::response::Response;
use super::token::TokenError;

/// The error of a call. `E` is the typed body of the operation's documented error responses (for
/// Skatteetaten's APIs the `Feil` model, with its `Feilkode`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the operation documents, and the body is what the spec says.
    Api(Box<ApiError<E>>),
    /// The server answered with a status the operation does not document.
    UndocumentedStatus(Box<Response>),
    /// The server answered with a documented status, but the body is not what the spec says.
    Decode(DecodeError),
    /// No (complete) answer: the connection failed, broke off or timed out.
    Transport(TransportError),
    /// The [`TokenSource`](super::TokenSource) gave no token.
    Token(TokenError),
    /// The request could not be built from the arguments.
    InvalidRequest(RequestError),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|response| response.status)
    }

    /// The whole response, when the server answered.
    pub fn response(&self) -> Option<&Response> {
        match self {
            Error::Api(err) => Some(&err.response),
            Error::UndocumentedStatus(response) => Some(response),
            Error::Decode(err) => Some(&err.response),
            Error::Transport(_) | Error::Token(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The documented error, if that is what this is.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(err) => Some(err),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(err) if err.is_timeout())
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(err) => write!(f, "{err}"),
            Error::UndocumentedStatus(response) => write!(
                f,
                "HTTP {} from {} is not documented for this operation; body: {}",
                response.status,
                response.url,
                response.snippet()
            ),
            Error::Decode(err) => write!(f, "{err}"),
            Error::Transport(err) => write!(f, "{err}"),
            Error::Token(err) => write!(f, "no access token: {err}"),
            Error::InvalidRequest(err) => write!(f, "{err}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(err) => Some(&err.source),
            Error::Token(err) => Some(err.as_ref()),
            _ => None,
        }
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(err: DecodeError) -> Self {
        Error::Decode(err)
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(err: RequestError) -> Self {
        Error::InvalidRequest(err)
    }
}

/// A documented error response: its status, its typed body and the response itself. `Debug` and `Display`
/// hide the call's credentials wherever the server echoed them (in a `melding`, say).
#[derive(Clone)]
pub struct ApiError<E> {
    pub status: u16,
    pub body: E,
    /// The whole response (headers, the body as it came).
    pub response: Response,
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} from {}: {:?}",
            self.status,
            self.response.url,
            self.response.secrets.debug(&self.body)
        )
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.response.secrets.debug(&self.body))
            .field("response", &self.response)
            .finish()
    }
}

/// A body that is not what the spec documents for its status.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The Rust type the body should have been.
    pub expected: &'static str,
    /// Why it is not (the decoder's message, with line and column; the call's credentials redacted).
    pub error: String,
    /// The whole response.
    pub response: Box<Response>,
}

impl DecodeError {
    /// The start of the body that did not decode (the call's credentials redacted).
    pub fn snippet(&self) -> String {
        self.response.snippet()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} from {}: expected a body of type {}, but {}; the body starts with {:?}",
            self.response.status,
            self.response.url,
            self.expected,
            self.error,
            self.snippet()
        )
    }
}

impl std::error::Error for DecodeError {}

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
