//! An HTTP answer as status, content type and bytes: what an operation returns, what the idempotency
//! store keeps, and what is sent.

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

use super::accept::Format;

/// A response ready to send (or to store for an idempotent replay).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// `None`: no body.
    pub content_type: Option<String>,
    pub body: Bytes,
    /// A body sent as it comes, instead of `body` (a binary body or a stream of events). A streamed
    /// reply is not kept for an idempotent replay.
    pub stream: Option<crate::ByteStream>,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
}

/// How an operation's response enum is answered: its variant's status, its body written as the spec
/// says. Derived by `runtime::codegen::Responses` (with the `server` feature) for every generated response
/// enum.
pub trait Respond {
    fn reply(self) -> Result<Reply, ReplyError>;

    /// The answer in `format`: what [`Respond::reply`] answers, with the bodies the spec offers as
    /// XML too written as XML when the caller asked for it ([`Format::Xml`]). The derive overrides it
    /// for a response that has such bodies.
    fn reply_as(self, format: Format) -> Result<Reply, ReplyError>
    where
        Self: Sized,
    {
        let _ = format;
        self.reply()
    }
}

/// A typed response body that could not be serialized (a bug of the implementation, answered as the
/// API's unexpected-error code).
#[derive(Debug)]
pub struct ReplyError(pub String);

impl std::fmt::Display for ReplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the response body cannot be serialized: {}", self.0)
    }
}

impl std::error::Error for ReplyError {}

impl Reply {
    /// A JSON body.
    pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Reply, ReplyError> {
        let bytes = serde_json::to_vec(body).map_err(|err| ReplyError(err.to_string()))?;
        Ok(Reply::bytes(status, "application/json", bytes))
    }

    /// A body offered as JSON and as XML (whose root element is `root`), written as `format` says.
    pub fn json_or_xml<T: Serialize>(
        status: u16,
        body: &T,
        format: Format,
        root: &str,
    ) -> Result<Reply, ReplyError> {
        match format {
            Format::Json => Reply::json(status, body),
            Format::Xml(media_type) => {
                let text = crate::xml::to_string(root, body).map_err(ReplyError)?;
                Ok(Reply::bytes(status, media_type, text.into_bytes()))
            }
        }
    }

    /// A JSON body from a value (cannot fail).
    pub fn json_value(status: u16, body: &serde_json::Value) -> Reply {
        Reply::bytes(status, "application/json", body.to_string().into_bytes())
    }

    /// A body of `media_type`.
    pub fn bytes(status: u16, media_type: &str, body: impl Into<Bytes>) -> Reply {
        Reply {
            status,
            content_type: Some(media_type.to_string()),
            body: body.into(),
            stream: None,
            headers: Vec::new(),
        }
    }

    /// A body of `media_type` sent as it comes.
    pub fn stream(status: u16, media_type: &str, body: crate::ByteStream) -> Reply {
        Reply {
            stream: Some(body),
            ..Reply::bytes(status, media_type, Bytes::new())
        }
    }

    /// A stream of items sent as `media_type` (`text/event-stream`, `application/x-ndjson`, …) frames
    /// them ([`super::events`]), each as it comes.
    pub fn events<T: Serialize + Send + 'static>(
        status: u16,
        media_type: &str,
        items: crate::EventStream<T>,
    ) -> Reply {
        Reply::stream(
            status,
            media_type,
            crate::codegen::server::events::frame(media_type, items),
        )
    }

    /// A stream of text items (an item schema that is a string), each an event's data as it is.
    pub fn text_events(status: u16, media_type: &str, items: crate::EventStream<String>) -> Reply {
        Reply::stream(
            status,
            media_type,
            crate::codegen::server::events::frame_text(media_type, items),
        )
    }

    /// No body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            body: Bytes::new(),
            stream: None,
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = match self.stream {
            Some(stream) => (status, axum::body::Body::from_stream(stream)).into_response(),
            None => (status, self.body).into_response(),
        };
        let headers = response.headers_mut();
        headers.remove(http::header::CONTENT_TYPE);
        if let Some(value) = self
            .content_type
            .and_then(|t| HeaderValue::from_str(&t).ok())
        {
            headers.insert(http::header::CONTENT_TYPE, value);
        }
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.insert(name, value);
            }
        }
        response
    }
}
