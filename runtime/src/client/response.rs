//! A response as it came from the server, decoding its body into the type the spec documents, and the
//! error that holds the response when its body does not decode ([`DecodeError`]).

use std::fmt;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::secrets::Secrets;
use crate::Error;

/// Everything the server sent: status, headers and the whole body, as it came. Its `Debug` output and the
/// snippets in error messages hide the credentials of the call (bearer token, header parameters) should the
/// server have echoed them.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
    /// The URL the request went to.
    pub url: String,
    /// What the call sent that messages must not show.
    pub(crate) secrets: Secrets,
}

/// How an operation's response enum is read from the server's answer: its documented status into its
/// variant, the body decoded as the spec says, any other status
/// [`Error::UndocumentedStatus`](crate::Error::UndocumentedStatus). Derived by `runtime::codegen::Responses`
/// (with the `client` feature) for every generated response enum.
pub trait Decode: Sized {
    fn decode(response: Response) -> Result<Self, Error>;

    /// Whether any answer may be streamed: such a call has no timeout for its whole answer, only for
    /// connecting and between two reads.
    const STREAMS: bool = false;

    /// Whether the answer with `status` (and `content_type`) is read as a stream
    /// ([`Decode::decode_stream`]) rather than whole: a binary body or a stream of events.
    fn streams(_status: u16, _content_type: Option<&str>) -> bool {
        false
    }

    /// Reads an answer [`Decode::streams`] says is streamed: `response` without its body (empty), and
    /// the body as it arrives.
    fn decode_stream(response: Response, _body: crate::ByteStream) -> Result<Self, Error> {
        Err(response.undocumented())
    }
}

/// How much of a body error messages show.
const SNIPPET_CHARS: usize = 300;

impl Response {
    /// A response made by hand (for test doubles); it knows no secrets to hide.
    pub fn new(
        status: u16,
        headers: HeaderMap,
        body: impl Into<bytes::Bytes>,
        url: impl Into<String>,
    ) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
            url: url.into(),
            secrets: Secrets::default(),
        }
    }

    /// The `Content-Type` header, if it is there and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The body as text; bytes that are not UTF-8 are replaced.
    pub fn text_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The start of the body as text, for messages (at most 300 characters, `…` when cut), with the call's
    /// credentials replaced by `<redacted>`.
    pub fn snippet(&self) -> String {
        // Redacted before it is cut, so that no part of a secret across the cut is left.
        let whole = self.text_lossy();
        let text = self.secrets.redact(&whole);
        let mut snippet: String = text.chars().take(SNIPPET_CHARS).collect();
        if text.chars().nth(SNIPPET_CHARS).is_some() {
            snippet.push('…');
        }
        snippet
    }

    /// Whether the answer is XML (its `Content-Type`): the operation offers its answers as XML too, and
    /// the client asked for that.
    fn is_xml(&self) -> bool {
        self.content_type()
            .is_some_and(crate::xml::is_xml_media_type)
    }

    /// The body as a JSON document of type `T`; an XML answer (by its `Content-Type`) as the same
    /// value written in XML.
    pub fn decode_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        if self.is_xml() {
            return self.decode_xml(&self.text_lossy());
        }
        serde_json::from_slice(&self.body).map_err(|err| self.decode_error::<T>(err.to_string()))
    }

    fn decode_xml<T: DeserializeOwned>(&self, text: &str) -> Result<T, DecodeError> {
        crate::xml::from_str(text).map_err(|err| self.decode_error::<T>(err))
    }

    /// A documented error body as a JSON document of type `T`, with the call's credentials replaced by
    /// `<redacted>` wherever the server echoed them (a `melding` quoting the token), so that no error
    /// value a caller logs holds them.
    pub fn decode_error_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let text = self.text_lossy();
        if self.is_xml() {
            // Escaped, so the document stays XML and the value reads `<redacted>`.
            return self.decode_xml(&self.secrets.redact_with(&text, "&lt;redacted&gt;"));
        }
        serde_json::from_str(&self.secrets.redact(&text))
            .map_err(|err| self.decode_error::<T>(err.to_string()))
    }

    /// The body as UTF-8 text.
    pub fn decode_text(&self) -> Result<String, DecodeError> {
        String::from_utf8(self.body.to_vec())
            .map_err(|err| self.decode_error::<String>(format!("not UTF-8: {err}")))
    }

    /// The body as raw bytes.
    pub fn decode_bytes(&self) -> Result<Vec<u8>, DecodeError> {
        Ok(self.body.to_vec())
    }

    /// A response with a status the operation does not document.
    pub fn undocumented(self) -> Error {
        Error::UndocumentedStatus(Box::new(self))
    }

    fn decode_error<T>(&self, error: String) -> DecodeError {
        DecodeError {
            expected: std::any::type_name::<T>(),
            // The decoder quotes what it did not expect, which may be an echoed secret.
            error: self.secrets.redact(&error).into_owned(),
            response: Box::new(self.clone()),
        }
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

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(self))
            .field("body", &self.secrets.redact(&self.text_lossy()))
            .finish()
    }
}

/// The headers of a response for `Debug`: values holding a secret of the call are redacted whole.
struct RedactedHeaders<'a>(&'a Response);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Response {
            headers, secrets, ..
        } = self.0;
        f.debug_map()
            .entries(headers.iter().map(|(name, value)| {
                let hidden =
                    value.is_sensitive() || value.to_str().is_ok_and(|text| secrets.found_in(text));
                let shown: &dyn fmt::Debug = if hidden { &"<redacted>" } else { value };
                (name, shown)
            }))
            .finish()
    }
}
