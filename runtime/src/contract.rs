//! What the two sides of a generated API trait share: the context a call runs in, who made it, and why
//! a call has no documented response. An implementation of the trait is served over HTTP by the
//! generated router, and a client of the API implements the same trait over HTTP, so code written
//! against the trait runs against either (or against a test double).

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use serde_json::{Map, Value};

/// The context of one call through an API trait.
///
/// On the server side the adapter fills it from the request: the correlation id it answers errors
/// with, the request headers (without `Authorization`: the verified token is [`Context::caller`]) and
/// the verified caller. On the client side its headers are sent with the request (a consent token,
/// say) and `correlation_id`, when set, is sent as `Korrelasjonsid`.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The correlation id of the call (Skatteetaten's `korrelasjonsid`).
    pub correlation_id: Option<String>,
    /// Request headers: as received (server), or extra headers to send (client).
    pub headers: http::HeaderMap,
    /// The verified caller (server side, when the operation requires a token).
    pub caller: Option<Arc<Claims>>,
}

impl Context {
    /// An empty context: what a client call needs by default.
    pub fn new() -> Self {
        Self::default()
    }

    /// The context with `correlation_id` set.
    pub fn with_correlation_id(mut self, correlation_id: impl Into<String>) -> Self {
        self.correlation_id = Some(correlation_id.into());
        self
    }

    /// A header value as text, if present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Who made a call: the claims of the verified access token (for Maskinporten tokens, the client's
/// organisation, the system user and its customer, the scopes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// `iss`.
    pub issuer: Option<String>,
    /// `client_id`: the integration that asked for the token.
    pub client_id: Option<String>,
    /// `scope`, split on spaces.
    pub scopes: Vec<String>,
    /// The organisation the token was issued to (Maskinporten's `consumer`, as an organisation number).
    pub consumer: Option<String>,
    /// The organisation that acts for the consumer (Maskinporten's `supplier`), when delegated.
    pub supplier: Option<String>,
    /// The system user's customer (the organisation number in `authorization_details`), for
    /// system-user tokens.
    pub system_user_org: Option<String>,
    /// The system user's id, for system-user tokens.
    pub system_user_id: Option<String>,
    /// `exp`, seconds since the Unix epoch.
    pub expires_at: Option<i64>,
    /// Every claim as received.
    pub raw: Map<String, Value>,
}

impl Claims {
    /// Whether the token carries `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// What a method of an API trait returns: a future of the documented response (or [`Error`]) that
/// can be sent between threads. `impl ApiFuture<R>` is `impl Future<Output = Result<R, Error>> +
/// Send`, said once here so that the signatures of the trait's methods (and the client's) stay short.
/// Implement a method with `async fn … -> Result<R, Error>`, or return any such future.
pub trait ApiFuture<R>: Future<Output = Result<R, Error>> + Send {}

impl<R, F: Future<Output = Result<R, Error>> + Send> ApiFuture<R> for F {}

/// Why a call through an API trait has no documented response.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the operation does not document.
    #[cfg(feature = "client")]
    UndocumentedStatus(Box<crate::client::Response>),
    /// The server answered with a documented status, but the body is not what the spec says.
    #[cfg(feature = "client")]
    Decode(crate::client::DecodeError),
    /// No (complete) answer: the connection failed, broke off or timed out.
    #[cfg(feature = "client")]
    Transport(crate::client::TransportError),
    /// The [`TokenSource`](crate::client::TokenSource) gave no token.
    #[cfg(feature = "client")]
    Token(crate::client::TokenError),
    /// The request could not be built from the arguments.
    #[cfg(feature = "client")]
    InvalidRequest(crate::client::RequestError),
    /// The implementation failed on its own (a database down, say). A server answers it with the
    /// API's unexpected-error code; the message is logged, not sent.
    Implementation(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// An implementation's own failure.
    pub fn implementation(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Implementation(err.into())
    }

    /// The HTTP status, when a server answered.
    pub fn status(&self) -> Option<u16> {
        #[cfg(feature = "client")]
        if let Some(response) = self.response() {
            return Some(response.status);
        }
        None
    }

    /// The whole response, when a server answered.
    #[cfg(feature = "client")]
    pub fn response(&self) -> Option<&crate::client::Response> {
        match self {
            Error::UndocumentedStatus(response) => Some(response),
            Error::Decode(err) => Some(&err.response),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        #[cfg(feature = "client")]
        if let Error::Transport(err) = self {
            return err.is_timeout();
        }
        false
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(feature = "client")]
            Error::UndocumentedStatus(response) => write!(
                f,
                "HTTP {} from {} is not documented for this operation; body: {}",
                response.status,
                response.url,
                response.snippet()
            ),
            #[cfg(feature = "client")]
            Error::Decode(err) => write!(f, "{err}"),
            #[cfg(feature = "client")]
            Error::Transport(err) => write!(f, "{err}"),
            #[cfg(feature = "client")]
            Error::Token(err) => write!(f, "no access token: {err}"),
            #[cfg(feature = "client")]
            Error::InvalidRequest(err) => write!(f, "{err}"),
            Error::Implementation(err) => write!(f, "the implementation failed: {err}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "client")]
            Error::Transport(err) => Some(&err.source),
            #[cfg(feature = "client")]
            Error::Token(err) => Some(err.as_ref()),
            Error::Implementation(err) => Some(err.as_ref()),
            #[cfg(feature = "client")]
            _ => None,
        }
    }
}

/// What an error body says, for messages: its code (`GLD_019`) and its text. Generated error models
/// implement it from their fields (`kode`/`melding`, `code`/`message`, problem+json's `type`/`title`…).
pub trait ErrorBody {
    /// The error code, if the body has one.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The human-readable text, if the body has one.
    fn message(&self) -> Option<&str> {
        None
    }
}

impl ErrorBody for () {}

impl ErrorBody for Vec<u8> {}

impl ErrorBody for String {
    fn message(&self) -> Option<&str> {
        Some(self)
    }
}

impl ErrorBody for Value {
    fn code(&self) -> Option<&str> {
        let object = self.as_object()?;
        let (_, key) = crate::codegen::error_fields::message_and_code(object);
        object.get(key?)?.as_str()
    }

    fn message(&self) -> Option<&str> {
        let object = self.as_object()?;
        let (key, _) = crate::codegen::error_fields::message_and_code(object);
        object.get(key?)?.as_str()
    }
}

impl<T: ErrorBody> ErrorBody for Box<T> {
    fn code(&self) -> Option<&str> {
        (**self).code()
    }

    fn message(&self) -> Option<&str> {
        (**self).message()
    }
}

/// A documented error response: its status and its typed body. What a response enum's `into_result`
/// gives for any response but the success.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    pub status: u16,
    pub body: E,
}

impl<E> ApiError<E> {
    pub fn new(status: u16, body: E) -> Self {
        ApiError { status, body }
    }
}

impl<E: ErrorBody> fmt::Display for ApiError<E> {
    /// `HTTP 404 GLD_019: Fant ikke …`: the status, the body's code and its text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.body.code() {
            write!(f, " {code}")?;
        }
        if let Some(message) = self.body.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for ApiError<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_display_shows_the_code_and_the_text() {
        let err = ApiError {
            status: 404,
            body: serde_json::json!({"kode": "GLD_019", "melding": "Fant ikke", "korrelasjonsid": "x"}),
        };
        assert_eq!(err.to_string(), "HTTP 404 GLD_019: Fant ikke");
        let problem = ApiError {
            status: 400,
            body: serde_json::json!({"type": "about:blank", "title": "Bad Request"}),
        };
        assert_eq!(problem.to_string(), "HTTP 400 about:blank: Bad Request");
        assert_eq!(
            ApiError {
                status: 503,
                body: ()
            }
            .to_string(),
            "HTTP 503"
        );
    }
}
