//! Sending a [`Request`]: base URL, token, `Accept`, the concurrency limit, timeouts and retries.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::Url;
use tokio::sync::Semaphore;

use super::config::ClientConfig;
use super::error::{BuildError, RequestError, TransportError};
use super::redirect;
use super::request::{Payload, Request};
use super::response::{Decode, Response};
use super::retry::{self, Outcome};
use super::secrets::Secrets;
use super::token::{BoxFuture, TokenSource};
use crate::Error;
use futures_util::StreamExt;

/// The HTTP machinery every generated client uses. Cheap to clone; clones share the connection pool and
/// the concurrency limit.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// For requests whose body (or a file part of it) is a stream: without a read timeout, which would
    /// run while the body is still being sent.
    uploads: reqwest::Client,
    base_url: String,
    config: ClientConfig,
    user_agent: HeaderValue,
    tokens: Arc<dyn TokenSource>,
    permits: Arc<Semaphore>,
}

/// How one attempt ended.
enum Attempt {
    Answered(Response),
    /// An answer whose body is read as a stream (see [`Decode::streams`]): the response without its
    /// body, and the body to come.
    Streaming(Response, crate::ByteStream),
    Failed(reqwest::Error),
}

/// Which answers are read as streams: by status and content type.
type Streams = fn(u16, Option<&str>) -> bool;

impl Transport {
    /// A transport for `config`, taking tokens from `tokens`. Fails on a base URL that is not an absolute
    /// `http`/`https` URL, and on a zero concurrency limit or number of tries.
    pub fn new(
        config: ClientConfig,
        tokens: impl TokenSource + 'static,
    ) -> Result<Self, BuildError> {
        // The timeout is each try's (`attempt`), whole for a body read in memory, and between two
        // chunks for a streamed one: a 1 GB download or an hour of events is not cut off.
        let build = |read_timeout: bool| {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(config.timeout())
                .redirect(redirect::same_origin_only());
            if read_timeout {
                builder = builder.read_timeout(config.timeout());
            }
            builder.build().map_err(|err| BuildError {
                message: "the HTTP client cannot be set up".into(),
                source: Some(err),
            })
        };
        let http = build(true)?;
        // A streamed upload: nothing is read until it is sent, however long that takes.
        let uploads = build(false)?;
        Self::assemble(config, tokens, http, uploads)
    }

    /// A transport that sends through `http`, a `reqwest::Client` of the caller's (a proxy, extra TLS
    /// roots, a client certificate, shared connections). The settings of `config` hold as with
    /// [`Transport::new`] (each try's timeout, tries, concurrency limit, `User-Agent`), except what is
    /// the reqwest client's own: its redirect policy (this crate's follows redirects only within the
    /// origin of the call, see [`ClientConfig`]), its connect and read timeouts. A streamed upload is
    /// sent through it too.
    pub fn with_http_client(
        config: ClientConfig,
        tokens: impl TokenSource + 'static,
        http: reqwest::Client,
    ) -> Result<Self, BuildError> {
        Self::assemble(config, tokens, http.clone(), http)
    }

    fn assemble(
        config: ClientConfig,
        tokens: impl TokenSource + 'static,
        http: reqwest::Client,
        uploads: reqwest::Client,
    ) -> Result<Self, BuildError> {
        let invalid = |message: String| BuildError {
            message,
            source: None,
        };
        let base = Url::parse(config.base_url())
            .map_err(|err| invalid(format!("base URL `{}`: {err}", config.base_url())))?;
        if !matches!(base.scheme(), "http" | "https") || base.query().is_some() {
            return Err(invalid(format!(
                "base URL `{}` must be an http or https URL without query",
                config.base_url()
            )));
        }
        if config.concurrency_limit() == 0 {
            return Err(invalid("the concurrency limit must be at least 1".into()));
        }
        if config.max_tries() == 0 {
            return Err(invalid("the number of tries must be at least 1".into()));
        }
        let user_agent = HeaderValue::from_str(config.user_agent()).map_err(|_| {
            invalid(format!(
                "user agent `{}` has characters a header value cannot have",
                config.user_agent()
            ))
        })?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                uploads,
                base_url: config.base_url().trim_end_matches('/').to_string(),
                permits: Arc::new(Semaphore::new(config.concurrency_limit())),
                config,
                user_agent,
                tokens: Arc::new(tokens),
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Sends `request` ([`Transport::execute`]) and reads the answer into the operation's response
    /// enum `R` (a documented status into its variant, any other into
    /// [`Error::UndocumentedStatus`]). A generated client method builds the request and returns this.
    ///
    /// The future is boxed: a generated crate has a method per operation, and the compiler would
    /// otherwise prove each one's future `Send` through the whole of reqwest's anew (for GitHub's 1,200
    /// operations that was most of `cargo check`); one allocation per call costs nothing beside HTTP.
    // Hidden: its `Request` is the generated code's (`codegen::client`); a user calls the generated
    // `Client`'s methods.
    #[doc(hidden)]
    pub fn call<R: Decode>(&self, request: Request) -> BoxFuture<'_, Result<R, Error>> {
        Box::pin(async move {
            let streams = R::STREAMS.then_some(R::streams as Streams);
            match self.send(&request, streams).await? {
                Attempt::Answered(response) => R::decode(response),
                Attempt::Streaming(response, body) => R::decode_stream(response, body),
                // `send` answers a failure as an `Err`.
                Attempt::Failed(source) => Err(Error::Transport(TransportError {
                    attempts: 1,
                    source,
                })),
            }
        })
    }

    /// Sends `request`, trying again when the request allows retries and the try failed in transport or was
    /// answered 429 or 5xx: after the server's `Retry-After` (unless it asks for too long) or else the
    /// backoff, and never past the call's deadline. Returns the last answer, whatever its status.
    pub async fn execute(&self, request: &Request) -> Result<Response, Error> {
        match self.send(request, None).await? {
            // Nothing is streamed here: every body is read.
            Attempt::Answered(response) | Attempt::Streaming(response, _) => Ok(response),
            Attempt::Failed(source) => Err(Error::Transport(TransportError {
                attempts: 1,
                source,
            })),
        }
    }

    /// [`Transport::execute`], the answers `streams` names left unread (a streamed body).
    async fn send(&self, request: &Request, streams: Option<Streams>) -> Result<Attempt, Error> {
        if let Some(error) = request.error() {
            return Err(Error::InvalidRequest(error.clone()));
        }
        let url = self.url(request)?;
        let config = &self.inner.config;
        let tries = if request.retry && request.repeatable() {
            config.max_tries()
        } else {
            1
        };
        let deadline = config.deadline().map(|deadline| Instant::now() + deadline);
        let mut attempt = 1;
        loop {
            let outcome = self.attempt(&url, request, deadline, streams).await?;
            let wait = if attempt < tries {
                let seen = match &outcome {
                    Attempt::Answered(response) | Attempt::Streaming(response, _) => {
                        Outcome::Answered(response.status, &response.headers)
                    }
                    Attempt::Failed(_) => Outcome::Failed,
                };
                retry::wait(seen, attempt, &config.backoff(), config.max_retry_after())
            } else {
                None
            };
            // A wait that would end after the deadline leaves no time for the next try: stop now.
            // (A `match`, not `map_or(true, ..)`: clippy wants `is_none_or` there, which is newer
            // than the crate's rust-version.)
            let wait = wait.filter(|wait| match deadline {
                Some(end) => Instant::now() + *wait < end,
                None => true,
            });
            let Some(wait) = wait else {
                return match outcome {
                    Attempt::Failed(source) => Err(Error::Transport(TransportError {
                        attempts: attempt,
                        source,
                    })),
                    answered => Ok(answered),
                };
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    fn url(&self, request: &Request) -> Result<Url, RequestError> {
        let joined = format!("{}{}", self.inner.base_url, request.path);
        let mut url = Url::parse(&joined)
            .map_err(|err| RequestError::new(format!("URL `{joined}`: {err}")))?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// One try: a fresh token, a permit of the concurrency limit (held until the body is read, or the
    /// streamed body dropped), the call.
    async fn attempt(
        &self,
        url: &Url,
        request: &Request,
        deadline: Option<Instant>,
        streams: Option<Streams>,
    ) -> Result<Attempt, Error> {
        let inner = &self.inner;
        let token = if request.authenticate {
            Some(inner.tokens.token().await.map_err(Error::Token)?)
        } else {
            None
        };
        let authorization = if let Some(token) = &token {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.secret())).map_err(|_| {
                    Error::InvalidRequest(RequestError::new(
                        "the token has characters a header value cannot have",
                    ))
                })?;
            value.set_sensitive(true);
            Some(value)
        } else {
            None
        };
        let permit = Arc::clone(&inner.permits)
            .acquire_owned()
            .await
            .map_err(|_| RequestError::new("the client is shutting down"))?;
        let http = if request.repeatable() {
            &inner.http
        } else {
            &inner.uploads
        };
        let mut builder = http
            .request(request.method.clone(), url.clone())
            .headers(request.headers.clone())
            .header(ACCEPT, accept(&inner.config, request))
            .header(USER_AGENT, inner.user_agent.clone());
        if let Some(value) = authorization {
            builder = builder.header(AUTHORIZATION, value);
        }
        if streams.is_none() && request.repeatable() {
            // The try's time, for the answer and its whole body: the client's timeout, ended sooner by
            // the call's deadline. (An operation whose answer may be streamed, or whose body or a file
            // part of it is a stream, has no such bound: a 1 GB download or upload, or an hour of
            // events, is not cut off; the client's timeout holds for connecting and between two
            // reads.)
            let left = match deadline {
                Some(deadline) => deadline
                    .saturating_duration_since(Instant::now())
                    .min(inner.config.timeout()),
                None => inner.config.timeout(),
            };
            builder = builder.timeout(left.max(Duration::from_millis(1)));
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(CONTENT_TYPE, content_type.clone());
            builder = match body {
                Payload::Whole(bytes) => builder.body(bytes.clone()),
                Payload::Streamed(slot) => {
                    let taken = slot.lock().ok().and_then(|mut slot| slot.take());
                    let Some(stream) = taken else {
                        return Err(Error::InvalidRequest(RequestError::new(
                            "the streamed body was sent before and cannot be sent again",
                        )));
                    };
                    builder.body(reqwest::Body::wrap_stream(stream))
                }
            };
        }
        if let Some(parts) = &request.parts {
            // `reqwest` sets `Content-Type: multipart/form-data; boundary=…`.
            builder = builder.multipart(super::form::multipart(parts)?);
        }
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(err) => return Ok(Attempt::Failed(err)),
        };
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let final_url = response.url().to_string();
        let head = Response {
            status,
            headers,
            body: bytes::Bytes::new(),
            url: final_url,
            // What the call sent that error messages must not show, should the server echo it.
            secrets: Secrets::of_call(token.as_ref().map(|token| token.secret()), &request.headers),
        };
        let content_type = head
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        if streams.is_some_and(|streams| streams(status, content_type)) {
            // The permit goes with the body: held until the user drops the stream.
            let chunks = response.bytes_stream().map(move |chunk| {
                let _held = &permit;
                chunk
            });
            return Ok(Attempt::Streaming(
                head,
                crate::ByteStream::from_stream(chunks),
            ));
        }
        match response.bytes().await {
            Ok(body) => Ok(Attempt::Answered(Response { body, ..head })),
            Err(err) => Ok(Attempt::Failed(err)),
        }
    }
}

/// The `Accept` of a request: its XML media type where the operation offers one and the client asks for
/// XML, else the operation's media types.
fn accept(config: &ClientConfig, request: &Request) -> HeaderValue {
    match request.xml {
        Some(xml) if config.xml() => HeaderValue::from_static(xml),
        _ => request.accept.clone(),
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.inner.config)
            .field("tokens", &"<redacted>")
            .field("available_permits", &self.inner.permits.available_permits())
            .finish()
    }
}
