//! A request as the generated operations describe it: path, query, headers and body, plus whether it needs
//! a token and whether it is safe to repeat. Parameters are written as they are in JSON (dates as ISO 8601,
//! enums as their wire value), arrays as repeated query parameters or comma-separated values.
//!
//! A value that cannot be written (a header value with a line break, an object where a scalar must be) is
//! kept as the request's [`Request::error`], and [`Transport::call`](super::Transport::call) answers it
//! as [`Error::InvalidRequest`](crate::Error::InvalidRequest) without sending anything. So a generated
//! method builds its request in plain statements, with no `?` after each.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::error::RequestError;

/// A request body: bytes (sent with their length, and again on a retry), or a stream, sent as it comes
/// and so only once (a request with one is not retried).
#[derive(Clone)]
pub(crate) enum Payload {
    Whole(bytes::Bytes),
    /// Taken by the first try.
    Streamed(std::sync::Arc<std::sync::Mutex<Option<crate::ByteStream>>>),
}

impl Payload {
    /// The length, when known.
    fn len(&self) -> Option<usize> {
        match self {
            Payload::Whole(bytes) => Some(bytes.len()),
            Payload::Streamed(_) => None,
        }
    }
}

/// One call of an operation, built once and sent as often as it is tried.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<(HeaderValue, Payload)>,
    /// A multipart body's parts (see `form.rs`), where the operation sends one.
    pub(crate) parts: Option<Vec<super::form::Part>>,
    /// Whether a part is a streamed file (sent once).
    pub(crate) streamed_part: bool,
    pub(crate) accept: HeaderValue,
    /// The XML media type the operation's answers are offered in too ([`Request::xml`]).
    pub(crate) xml: Option<&'static str>,
    pub(crate) authenticate: bool,
    pub(crate) retry: bool,
    /// The first value that could not be written.
    pub(crate) error: Option<RequestError>,
}

impl Request {
    /// A request without token and without retries; `accept` is the `Accept` header (the media types of the
    /// operation's responses).
    pub fn new(method: Method, accept: &'static str) -> Self {
        Self {
            method,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            parts: None,
            streamed_part: false,
            accept: HeaderValue::from_static(accept),
            xml: None,
            authenticate: false,
            retry: false,
            error: None,
        }
    }

    /// The first parameter or body that could not be written, if any: the request is not sent.
    pub fn error(&self) -> Option<&RequestError> {
        self.error.as_ref()
    }

    /// Keeps the first error of a setter.
    pub(crate) fn keep(&mut self, outcome: Result<(), RequestError>) {
        if let (Err(error), None) = (outcome, &self.error) {
            self.error = Some(error);
        }
    }

    /// Checks parameter `name` against its [`Rule`](crate::codegen::check::Rule) (an anonymous string schema's
    /// `minLength`/`maxLength`, a number schema's `minimum`/`maximum`): one out of bounds is an error of
    /// the request, which is then not sent.
    pub fn check<T: ?Sized, R: crate::codegen::check::Rule<T>>(
        &mut self,
        name: &str,
        value: &T,
        rule: R,
    ) {
        let outcome = rule
            .check_value(value)
            .map_err(|error| RequestError::new(format!("parameter `{name}`: {error}")));
        self.keep(outcome);
    }

    /// The operation's answers are offered as XML too, in `media_type` (`application/xml`): that is the
    /// `Accept` sent when the client asks for XML ([`ClientConfig::with_xml`](super::ClientConfig::with_xml)).
    pub fn xml(&mut self, media_type: &'static str) {
        self.xml = Some(media_type);
    }

    /// Sends `Authorization: Bearer <token>` from the client's token source.
    pub fn authenticate(&mut self) {
        self.authenticate = true;
    }

    /// Marks the request as safe to repeat (a `GET`, or a submission with an idempotency key): it is tried
    /// again when the connection fails, times out or the server answers 5xx.
    pub fn allow_retries(&mut self) {
        self.retry = true;
    }

    /// Appends a literal part of the path template.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends the path `template` (`/repos/{owner}/{repo}`) with its parameters filled in, in order,
    /// each percent-encoded as [`Request::path_param`] does. A parameter without a value (fewer values
    /// than parameters) is an error of the request.
    pub fn path_template(&mut self, template: &str, values: &[&dyn crate::codegen::ser::Value]) {
        let mut values = values.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                self.keep(Err(RequestError::new(format!(
                    "path template `{template}` has an unclosed parameter"
                ))));
                return;
            };
            let name = &rest[open + 1..open + close];
            match values.next() {
                Some(value) => self.path_param(name, value),
                None => self.keep(Err(RequestError::new(format!(
                    "path parameter `{name}` has no value"
                )))),
            }
            rest = &rest[open + close + 1..];
        }
        self.path.push_str(rest);
    }

    /// Appends a path parameter, percent-encoded.
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let outcome = values(name, value).and_then(|values| {
            let value = values.join(",");
            if value.is_empty() {
                return Err(RequestError::new(format!(
                    "path parameter `{name}` is empty"
                )));
            }
            encode_segment(&value, &mut self.path);
            Ok(())
        });
        self.keep(outcome);
    }

    /// Adds a query parameter (an array adds it once per element; `None` adds nothing).
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let outcome = values(name, value).map(|values| {
            for value in values {
                self.query.push((Cow::Borrowed(name), value));
            }
        });
        self.keep(outcome);
    }

    /// Adds an object-valued query parameter, written as `style` says (`None` adds nothing). Property
    /// values are written as scalars are; an array property is repeated (comma-separated in `Form`).
    pub fn query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: crate::codegen::ObjectStyle,
    ) {
        let outcome = self.try_query_object(name, value, style);
        self.keep(outcome);
    }

    fn try_query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: crate::codegen::ObjectStyle,
    ) -> Result<(), RequestError> {
        use crate::codegen::ObjectStyle;
        let value = serde_json::to_value(value).map_err(|err| {
            RequestError::new(format!("parameter `{name}` cannot be written: {err}"))
        })?;
        let properties = match value {
            Value::Null => return Ok(()),
            Value::Object(properties) => properties,
            other => {
                return Err(RequestError::new(format!(
                    "parameter `{name}` must be an object, not {other}"
                )))
            }
        };
        let mut flat = Vec::new();
        for (key, value) in properties {
            for value in values(&key, &value)? {
                flat.push((key.clone(), value));
            }
        }
        match style {
            ObjectStyle::DeepObject => self.query.extend(
                flat.into_iter()
                    .map(|(key, value)| (Cow::Owned(format!("{name}[{key}]")), value)),
            ),
            ObjectStyle::FormExploded => self.query.extend(
                flat.into_iter()
                    .map(|(key, value)| (Cow::Owned(key), value)),
            ),
            ObjectStyle::Form if !flat.is_empty() => {
                let joined: Vec<String> = flat.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.query.push((Cow::Borrowed(name), joined.join(",")));
            }
            ObjectStyle::Form => {}
        }
        Ok(())
    }

    /// Adds a header parameter (an array is comma-separated; `None` adds nothing). The value is marked
    /// sensitive, so it is not shown by `Debug` (consent tokens travel in headers).
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let outcome = self.try_header(name, value);
        self.keep(outcome);
    }

    fn try_header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), RequestError> {
        let values = values(name, value)?;
        if values.is_empty() {
            return Ok(());
        }
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| RequestError::new(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(&values.join(",")).map_err(|_| {
            RequestError::new(format!(
                "header `{name}` has characters a header value cannot have"
            ))
        })?;
        value.set_sensitive(true);
        self.headers.insert(header, value);
        Ok(())
    }

    /// Adds what the caller's [`Context`](crate::Context) asks to send: its headers (marked sensitive,
    /// like header parameters) and its correlation id as `Korrelasjonsid`. A header parameter of the
    /// operation wins over a context header of the same name.
    pub fn context(&mut self, context: &crate::Context) {
        for (name, value) in &context.headers {
            if !self.headers.contains_key(name) {
                let mut value = value.clone();
                value.set_sensitive(true);
                self.headers.append(name.clone(), value);
            }
        }
        if let Some(id) = &context.correlation_id {
            if let Ok(value) = HeaderValue::from_str(id) {
                self.headers
                    .entry(HeaderName::from_static("korrelasjonsid"))
                    .or_insert(value);
            }
        }
    }

    /// Sets a JSON body.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        let outcome = match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((
                    HeaderValue::from_static(content_type),
                    Payload::Whole(bytes.into()),
                ));
                Ok(())
            }
            Err(err) => Err(RequestError::new(format!(
                "the body cannot be written as JSON: {err}"
            ))),
        };
        self.keep(outcome);
    }

    /// Sets a text body.
    pub fn text_body(&mut self, content_type: &'static str, body: &str) {
        self.body = Some((
            HeaderValue::from_static(content_type),
            Payload::Whole(bytes::Bytes::copy_from_slice(body.as_bytes())),
        ));
    }

    /// Sets a binary body.
    pub fn bytes_body(&mut self, content_type: &'static str, body: &[u8]) {
        self.body = Some((
            HeaderValue::from_static(content_type),
            Payload::Whole(bytes::Bytes::copy_from_slice(body)),
        ));
    }

    /// Sets a streamed binary body: one made from bytes is sent with its length (and again on a retry),
    /// one made from a stream as it comes, once (the request is then not retried).
    pub fn stream_body(&mut self, content_type: &'static str, body: crate::ByteStream) {
        let payload = match body.as_bytes() {
            Some(bytes) => Payload::Whole(bytes.clone()),
            None => Payload::Streamed(std::sync::Arc::new(std::sync::Mutex::new(Some(body)))),
        };
        self.body = Some((HeaderValue::from_static(content_type), payload));
    }

    /// Whether the request can be sent more than once (its body, or a file part, is not a stream).
    pub(crate) fn repeatable(&self) -> bool {
        !matches!(self.body, Some((_, Payload::Streamed(_)))) && !self.streamed_part
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, relative to the base URL, with parameters filled in.
    pub fn path_str(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field(
                "body_bytes",
                &self.body.as_ref().map(|(_, body)| body.len()),
            )
            .field("authenticate", &self.authenticate)
            .field("retry", &self.retry)
            .field("error", &self.error)
            .finish()
    }
}

/// A parameter value as strings: none for `null`, one per element for an array.
pub(crate) fn values<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Vec<String>, RequestError> {
    let value = serde_json::to_value(value)
        .map_err(|err| RequestError::new(format!("parameter `{name}` cannot be written: {err}")))?;
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .filter(|item| !item.is_null())
            .map(|item| scalar(name, item))
            .collect(),
        other => scalar(name, other).map(|value| vec![value]),
    }
}

fn scalar(name: &str, value: Value) -> Result<String, RequestError> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(RequestError::new(format!(
            "parameter `{name}` must be a scalar or an array of scalars, not {other}"
        ))),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_percent_encoded() {
        let mut request = Request::new(Method::GET, "application/json");
        request.path("/a/");
        request.path_param("x", "æ/ ?#");
        assert_eq!(request.error(), None);
        assert_eq!(request.path_str(), "/a/%C3%A6%2F%20%3F%23");
    }

    #[test]
    fn a_path_template_is_filled_in_order() {
        let mut request = Request::new(Method::GET, "application/json");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        request.path_template("/a/{x}/b/{dato}.json", &[&"æ/ ?#", &date]);
        assert_eq!(request.error(), None);
        assert_eq!(
            request.path_str(),
            "/a/%C3%A6%2F%20%3F%23/b/2024-01-02.json"
        );
        let mut request = Request::new(Method::GET, "application/json");
        request.path_template("/a/{x}/{y}", &[&1]);
        assert_eq!(
            request.error().map(|e| e.message.as_str()),
            Some("path parameter `y` has no value")
        );
        let mut request = Request::new(Method::GET, "application/json");
        request.path_template("/a/{x", &[&1]);
        assert!(request.error().is_some());
    }

    #[test]
    fn parameters_are_written_as_in_json() {
        let mut request = Request::new(Method::GET, "application/json");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        request.query("dato", &date);
        request.query("liste", &[1, 2]);
        request.query("ingen", &None::<i32>);
        request.query("flagg", &true);
        assert_eq!(request.error(), None);
        let pairs: Vec<(&str, &str)> = request
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("dato", "2024-01-02"),
                ("liste", "1"),
                ("liste", "2"),
                ("flagg", "true"),
            ]
        );
    }

    #[test]
    fn object_parameters_are_written_as_their_style_says() {
        use crate::codegen::ObjectStyle;
        let filter = serde_json::json!({"fra": "2024-01-02", "typer": ["a", "b"], "ingen": null});
        let written = |style| {
            let mut request = Request::new(Method::GET, "application/json");
            request.query_object("filter", &filter, style);
            assert_eq!(request.error(), None);
            request
                .query_pairs()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            written(ObjectStyle::DeepObject),
            [
                "filter[fra]=2024-01-02",
                "filter[typer]=a",
                "filter[typer]=b"
            ]
        );
        assert_eq!(
            written(ObjectStyle::FormExploded),
            ["fra=2024-01-02", "typer=a", "typer=b"]
        );
        assert_eq!(
            written(ObjectStyle::Form),
            ["filter=fra,2024-01-02,typer,a,typer,b"]
        );
        let mut request = Request::new(Method::GET, "application/json");
        request.query_object(
            "filter",
            &None::<serde_json::Value>,
            ObjectStyle::DeepObject,
        );
        assert_eq!(request.error(), None);
        assert!(request.query_pairs().is_empty());
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        let bad: [fn(&mut Request); 4] = [
            |request| request.header("X-Test", "linje\nskift"),
            |request| request.query("objekt", &serde_json::json!({"a": 1})),
            |request| request.path_param("tom", ""),
            |request| request.query_object("filter", &1, crate::codegen::ObjectStyle::Form),
        ];
        for set in bad {
            let mut request = Request::new(Method::GET, "application/json");
            set(&mut request);
            assert!(request.error().is_some(), "{request:?}");
            let shown = format!("{request:?}");
            assert!(!shown.contains("linje"), "{shown}");
        }
        // The first error is kept; a later good value does not clear it.
        let mut request = Request::new(Method::GET, "application/json");
        request.path_param("tom", "");
        request.header("X-Test", "linje\nskift");
        request.query("ok", &1);
        assert_eq!(
            request.error().map(|e| e.message.as_str()),
            Some("path parameter `tom` is empty")
        );
    }

    #[test]
    fn a_parameter_out_of_its_length_is_an_error_of_the_request() {
        let length = crate::codegen::check::Length {
            min: Some(1),
            max: Some(3),
        };
        let mut request = Request::new(Method::GET, "application/json");
        request.check("navn", &"abc", length);
        request.check("liste", &vec!["a".to_string()], length);
        request.check("ingen", &None::<String>, length);
        assert_eq!(request.error(), None);
        request.check("liste", &vec!["a".to_string(), "abcd".to_string()], length);
        request.check("navn", &"", length);
        assert_eq!(
            request.error().map(|e| e.message.as_str()),
            Some("parameter `liste`: a value is longer than 3 characters; at least 1 and at most 3 characters allowed")
        );
    }

    #[test]
    fn a_parameter_out_of_its_range_is_an_error_of_the_request() {
        let range = crate::codegen::check::Range {
            min: Some(crate::codegen::check::Bound::inclusive(1i64)),
            max: Some(crate::codegen::check::Bound::inclusive(100i64)),
        };
        let mut request = Request::new(Method::GET, "application/json");
        request.check("limit", &Some(100i64), range);
        assert_eq!(request.error(), None);
        request.check("limit", &Some(101i64), range);
        assert_eq!(
            request.error().map(|e| e.message.as_str()),
            Some("parameter `limit`: a value is 101; at least 1 and at most 100 required")
        );
    }

    #[test]
    fn header_values_are_hidden_from_debug() {
        let mut request = Request::new(Method::GET, "application/json");
        request.header("AltinnSamtykke", "samtykke-hemmelig");
        let shown = format!("{request:?}");
        assert!(!shown.contains("samtykke-hemmelig"), "{shown}");
    }
}
