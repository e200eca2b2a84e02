//! The request pipeline every generated adapter runs before and after the implementation: bearer token,
//! `Accept`, `Content-Type`, body limit and read timeout, parameters, idempotency, timeout, panics; and
//! the answers for unknown URLs and methods.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{FromRequestParts, Query, RawPathParams, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use serde_json::Value;

use super::accept::{is_json_media_type, negotiate, Format};
use super::auth::BoxFuture;
use super::auth::{check, AuthError, TokenProblem};
use super::config::ServerConfig;
use super::input::Input;
use super::key_locks::KeyLocks;
use super::rejection::Rejection;
use super::reply::{Reply, ReplyError, Respond};
use super::roles::{ErrorCode, ErrorRoles};
use super::store::{IdempotencyStore, StoreError, StoredReply};

/// How an operation's request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// The operation takes no body (one sent is ignored).
    None,
    Json,
    Text,
    Binary,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: split into parts before the implementation is called.
    Multipart,
    /// A binary body the implementation reads as a stream ([`Input::body_stream`]): not read by the
    /// pipeline, and counted against the body limit as the implementation reads it.
    Stream,
}

/// Where an operation's idempotency key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Query,
    Header,
}

/// What the pipeline needs to know about an operation (generated, one constant per operation).
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// Whether a bearer token is required.
    pub auth: bool,
    /// The scopes of the operation's security requirements: a token must carry one of them (none: any
    /// token the verifier accepts).
    pub scopes: &'static [&'static str],
    /// Media types of the documented responses (for `Accept`).
    pub produces: &'static [&'static str],
    pub body: BodyKind,
    pub body_required: bool,
    /// Whether a JSON body may also come as a form (`application/x-www-form-urlencoded`), as the spec
    /// offers both.
    pub form_too: bool,
    /// The idempotency key parameter (a UUID), where the operation has one.
    pub idempotency_key: Option<(KeyLocation, &'static str)>,
    /// The HTTP method it is served at (`GET` until [`Operation::at`] says otherwise).
    pub method: axum::routing::MethodFilter,
    /// The route it is served at, in axum's syntax (`/repos/{owner}/{repo}`); `/` until
    /// [`Operation::at`] says otherwise.
    pub route: &'static str,
}

/// Builders for the generated constants, so each states only what differs from an operation without
/// token, body or key (`Operation::new("hentX").produces(&["application/json"])`).
impl Operation {
    /// An operation without token, body or idempotency key that produces nothing.
    pub const fn new(id: &'static str) -> Self {
        Operation {
            id,
            auth: false,
            scopes: &[],
            produces: &[],
            body: BodyKind::None,
            body_required: false,
            form_too: false,
            idempotency_key: None,
            method: axum::routing::MethodFilter::GET,
            route: "/",
        }
    }

    /// Served for `method` at `route` (axum's syntax: `/repos/{owner}/{repo}`).
    pub const fn at(self, method: axum::routing::MethodFilter, route: &'static str) -> Self {
        Operation {
            method,
            route,
            ..self
        }
    }

    /// Requires a bearer token carrying one of `scopes` (any accepted token when empty).
    pub const fn auth(self, scopes: &'static [&'static str]) -> Self {
        Operation {
            auth: true,
            scopes,
            ..self
        }
    }

    /// The media types of the documented responses (for `Accept`).
    pub const fn produces(self, produces: &'static [&'static str]) -> Self {
        Operation { produces, ..self }
    }

    /// Takes a body of `kind`, required or not.
    pub const fn body(self, kind: BodyKind, required: bool) -> Self {
        Operation {
            body: kind,
            body_required: required,
            ..self
        }
    }

    /// Takes its JSON body as a form too.
    pub const fn form_too(self) -> Self {
        Operation {
            form_too: true,
            ..self
        }
    }

    /// Has an idempotency key, the parameter `name` at `location`.
    pub const fn idempotency_key(self, location: KeyLocation, name: &'static str) -> Self {
        Operation {
            idempotency_key: Some((location, name)),
            ..self
        }
    }
}

/// Why a call produced no reply.
#[derive(Debug)]
pub enum CallError {
    /// The input does not meet the spec.
    Rejected(Rejection),
    /// The implementation's response could not be serialized.
    Reply(ReplyError),
    /// The implementation failed ([`crate::Error`]): answered with the unexpected-error code.
    Implementation(crate::Error),
}

impl From<crate::Error> for CallError {
    fn from(err: crate::Error) -> Self {
        CallError::Implementation(err)
    }
}

impl From<Rejection> for CallError {
    fn from(rejection: Rejection) -> Self {
        CallError::Rejected(rejection)
    }
}

impl From<ReplyError> for CallError {
    fn from(err: ReplyError) -> Self {
        CallError::Reply(err)
    }
}

/// An implementation `T` of an API trait with its settings: the state of a generated router.
pub struct Server<T> {
    inner: Arc<Inner<T>>,
    /// The root element of the API's error bodies as XML, where it answers XML (see
    /// [`Server::with_xml_errors`]).
    xml_errors: Option<&'static str>,
}

/// A generated call function: the typed request from the [`Input`] (or its rejection), and the
/// implementation started on it ([`invoke`]). A plain `fn`, not an `async fn`: the compiler checks
/// one small body per operation instead of a state machine each.
pub type Call<T, R> = fn(Arc<T>, Input) -> Started<R>;

/// What a call function returns: the implementation started ([`Answer`]), or why the input was
/// refused.
pub type Started<R> = Result<Answer<R>, CallError>;

/// The implementation's answer to come (boxed, so the compiler proves it `Send` once, not per
/// operation).
pub type Answer<R> = BoxFuture<'static, Result<R, crate::Error>>;

/// Starts `method` (an implementation's method, `T::get_thing`) on `request` with the call's
/// [`Context`](crate::Context) from `input`: what a generated call function returns once it has the
/// typed request.
pub fn invoke<T, Q, R, M>(api: Arc<T>, input: Input, request: Q, method: M) -> Started<R>
where
    T: Send + Sync + 'static,
    Q: Send + 'static,
    M: for<'a> Handler<'a, T, Q, R> + Send + 'static,
{
    Ok(Box::pin(async move {
        method(&api, request, input.context()).await
    }))
}

/// The handler of an operation: a method of an API trait as [`invoke`] calls it. Its future borrows
/// the implementation and the context, so its type depends on their lifetime `'a` (which a plain
/// `FnOnce(…) -> F` cannot say). Any such function is one: `T::get_thing`, or a function written for
/// a test.
pub trait Handler<'a, T: 'a, Q, R>: FnOnce(&'a T, Q, &'a crate::Context) -> Self::Future {
    /// The handler's future.
    type Future: std::future::Future<Output = Result<R, crate::Error>> + Send + 'a;
}

impl<'a, T: 'a, Q, R, M, F> Handler<'a, T, Q, R> for M
where
    M: FnOnce(&'a T, Q, &'a crate::Context) -> F,
    F: std::future::Future<Output = Result<R, crate::Error>> + Send + 'a,
{
    type Future = F;
}

/// The routes of an API's operations, joined per path: the generated `router` adds each operation
/// with its call function, and hands them to [`Server::finish`].
pub struct Routes<T> {
    routes: Vec<(&'static str, axum::routing::MethodRouter<Server<T>>)>,
    /// The index in `routes` of each path.
    index: std::collections::HashMap<&'static str, usize>,
}

impl<T: Send + Sync + 'static> Default for Routes<T> {
    fn default() -> Self {
        Routes {
            routes: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }
}

impl<T: Send + Sync + 'static> Routes<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `operation` at its method and route ([`Server::route`]); operations of one route share
    /// it (`MethodRouter::merge`).
    pub fn add<R: Respond + 'static>(&mut self, operation: &'static Operation, call: Call<T, R>) {
        let route = Server::route(operation.method, operation, call);
        self.insert(operation.route, route);
    }

    /// Serves `operation`, whose success offers JSON or a stream of events: a request whose `Accept`
    /// prefers one of `streamed` (the stream's media types) over JSON is answered by `stream` (the
    /// trait's streaming method), any other by `call`.
    pub fn add_streaming<R: Respond + 'static, S: Respond + 'static>(
        &mut self,
        operation: &'static Operation,
        call: Call<T, R>,
        stream: Call<T, S>,
        streamed: &'static [&'static str],
    ) {
        let route = axum::routing::on(
            operation.method,
            move |State(server): State<Server<T>>, request: Request| async move {
                let wants_stream = prefers_stream(request.headers(), streamed);
                if wants_stream {
                    let call =
                        move |api, input| async move { Ok(stream(api, input)?.await?.reply()?) };
                    server.handle(operation, request, call).await
                } else {
                    let call =
                        move |api, input| async move { Ok(call(api, input)?.await?.reply()?) };
                    server.handle(operation, request, call).await
                }
            },
        );
        self.insert(operation.route, route);
    }

    fn insert(&mut self, path: &'static str, route: axum::routing::MethodRouter<Server<T>>) {
        match self.index.get(path) {
            Some(&at) => {
                let slot = &mut self.routes[at].1;
                *slot = std::mem::take(slot).merge(route);
            }
            None => {
                self.index.insert(path, self.routes.len());
                self.routes.push((path, route));
            }
        }
    }

    /// The axum router of the routes, in the order they were first added.
    pub fn into_router(self) -> Router<Server<T>> {
        self.routes
            .into_iter()
            .fold(Router::new(), |router, (path, methods)| {
                router.route(path, methods)
            })
    }
}

struct Inner<T> {
    api: Arc<T>,
    config: ServerConfig,
    module: &'static str,
    roles: &'static ErrorRoles,
    /// Serializes calls with the same idempotency key (one lock per key in use).
    locks: Arc<KeyLocks>,
}

impl<T> Clone for Server<T> {
    fn clone(&self) -> Self {
        Server {
            inner: Arc::clone(&self.inner),
            xml_errors: self.xml_errors,
        }
    }
}

impl<T: Send + Sync + 'static> Server<T> {
    /// Serves `api` of the API module `module` with its error `roles`.
    pub fn new(
        api: T,
        config: ServerConfig,
        module: &'static str,
        roles: &'static ErrorRoles,
    ) -> Self {
        Server {
            inner: Arc::new(Inner {
                api: Arc::new(api),
                config,
                module,
                roles,
                locks: Arc::default(),
            }),
            xml_errors: None,
        }
    }

    /// Answers the adapter's own errors as XML, with the root element `root`, to a caller whose
    /// `Accept` asks for XML at an operation that answers XML (and at unknown URLs): for an API whose
    /// documented error bodies are offered as XML too.
    pub fn with_xml_errors(mut self, root: &'static str) -> Self {
        self.xml_errors = Some(root);
        self
    }

    /// The error codes this adapter answers with.
    pub fn roles(&self) -> &'static ErrorRoles {
        self.inner.roles
    }

    /// Adds the answers for unknown URLs and methods to the operations' `router`, and the state.
    pub fn finish(self, router: Router<Server<T>>) -> Router {
        router
            .fallback(unknown_url::<T>)
            .method_not_allowed_fallback(method_not_allowed::<T>)
            .with_state(self)
    }

    /// The route of `operation` for the HTTP method `filter`: each request runs through the pipeline
    /// ([`Server::handle`]), then `call`, which builds the typed request from the [`Input`] and starts
    /// the implementation ([`invoke`]); its response is answered as the spec says ([`Respond`]).
    /// Routes of one path are joined with `MethodRouter::merge`.
    pub fn route<R: Respond + 'static>(
        filter: axum::routing::MethodFilter,
        operation: &'static Operation,
        call: Call<T, R>,
    ) -> axum::routing::MethodRouter<Server<T>> {
        let call = move |api, input: Input| async move {
            let format = input.format;
            Ok(call(api, input)?.await?.reply_as(format)?)
        };
        axum::routing::on(
            filter,
            move |State(server): State<Server<T>>, request: Request| async move {
                server.handle(operation, request, call).await
            },
        )
    }

    /// Runs `request` through the pipeline of `operation`; `call` builds the typed input from the
    /// [`Input`] and calls the implementation.
    pub async fn handle<F, Fut>(
        &self,
        operation: &'static Operation,
        request: Request,
        call: F,
    ) -> Response
    where
        F: FnOnce(Arc<T>, Input) -> Fut,
        Fut: Future<Output = Result<Reply, CallError>> + Send + 'static,
    {
        let accept = request.headers().get(http::header::ACCEPT);
        let format = negotiate(accept.map(|v| v.to_str().unwrap_or("")), operation.produces);
        match self.run(operation, request, format, call).await {
            Ok(reply) => reply.into_response(),
            Err(rejection) => rejection
                .into_reply_as(format.unwrap_or_default(), self.xml_errors)
                .into_response(),
        }
    }

    async fn run<F, Fut>(
        &self,
        operation: &'static Operation,
        request: Request,
        format: Option<Format>,
        call: F,
    ) -> Result<Reply, Rejection>
    where
        F: FnOnce(Arc<T>, Input) -> Fut,
        Fut: Future<Output = Result<Reply, CallError>> + Send + 'static,
    {
        let roles = self.inner.roles;
        let (mut parts, body) = request.into_parts();
        // The verified caller, for the implementation's `Context::caller`.
        let caller: Option<Arc<crate::Claims>> = if operation.auth {
            Some(Arc::new(
                self.authenticate(&parts.headers, operation.scopes).await?,
            ))
        } else {
            None
        };
        let Some(format) = format else {
            let accept = parts
                .headers
                .get(http::header::ACCEPT)
                .map(|v| v.to_str().unwrap_or(""));
            let code = roles.not_acceptable.unwrap_or(roles.request);
            return Err(Rejection::new(
                code,
                format!(
                    "Accept-headeren må tillate {}",
                    operation.produces.join(" eller ")
                ),
            )
            .with_spec(roles.specs.accept)
            .at("Accept", accept.map(str::to_string)));
        };
        let mut stream = None;
        let mut multipart = Vec::new();
        let body = match operation.body {
            BodyKind::None => Bytes::new(),
            BodyKind::Stream => {
                stream = self.body_stream(body, operation, &parts.headers)?;
                Bytes::new()
            }
            BodyKind::Multipart => {
                // Read part by part as it arrives (a large file goes to a temporary file), never whole.
                let empty = axum::body::HttpBody::is_end_stream(&body);
                check_content_type(roles, BodyKind::Multipart, operation, &parts.headers, empty)?;
                if empty {
                    Bytes::new()
                } else {
                    let (read, fingerprint) = self.read_parts(body, &parts.headers).await?;
                    multipart = read;
                    // What a replay under an idempotency key is compared with.
                    fingerprint
                }
            }
            kind => {
                let body = self.read_body(body).await?;
                let kind = match parts.headers.get(http::header::CONTENT_TYPE) {
                    Some(value) if operation.form_too && is_form(value) => BodyKind::Form,
                    _ => kind,
                };
                check_content_type(roles, kind, operation, &parts.headers, body.is_empty())?;
                body
            }
        };
        let path = RawPathParams::from_request_parts(&mut parts, &())
            .await
            .map_err(|err| {
                Rejection::new(roles.validation, err.body_text()).with_spec(roles.specs.parameters)
            })?
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|err| {
                Rejection::new(roles.validation, err.body_text()).with_spec(roles.specs.parameters)
            })?
            .0;
        let method = parts.method.clone();
        let input = Input {
            context: context(parts.headers, caller),
            path,
            query,
            body,
            parts: multipart,
            stream,
            roles,
            format,
        };
        match operation.idempotency_key {
            None => self.call(operation.id, input, call).await,
            Some(key) => self.call_once(operation, key, &method, input, call).await,
        }
    }

    /// The parts of a multipart body, within the limits and the read timeout.
    async fn read_parts(
        &self,
        body: axum::body::Body,
        headers: &http::HeaderMap,
    ) -> Result<(Vec<super::form::ReceivedPart>, Bytes), Rejection> {
        let (roles, config) = (self.inner.roles, &self.inner.config);
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let limits = super::form::Limits {
            body: config.body_limit as u64,
            part: config.part_limit as u64,
        };
        let read = super::form::read_parts(roles, content_type, body, limits);
        match tokio::time::timeout(config.body_read_timeout, read).await {
            Ok(read) => read,
            Err(_) => Err(self.read_timed_out()),
        }
    }

    /// A body that did not arrive within the read timeout. The rest of it may still come: the
    /// connection cannot be reused.
    fn read_timed_out(&self) -> Rejection {
        let (roles, config) = (self.inner.roles, &self.inner.config);
        Rejection::new(
            roles.request,
            format!(
                "Innholdet kom ikke fram innen {} ms",
                config.body_read_timeout.as_millis()
            ),
        )
        .with_header("connection", "close")
    }

    /// The whole body, within the size limit and the read timeout.
    async fn read_body(&self, body: axum::body::Body) -> Result<Bytes, Rejection> {
        let (roles, config) = (self.inner.roles, &self.inner.config);
        let read = axum::body::to_bytes(body, config.body_limit);
        match tokio::time::timeout(config.body_read_timeout, read).await {
            Ok(Ok(body)) => Ok(body),
            Ok(Err(_)) => Err(Rejection::new(
                roles.validation,
                format!(
                    "Innholdet er for stort eller ble avbrutt; grensen er {} byte",
                    config.body_limit
                ),
            )),
            Err(_) => Err(self.read_timed_out()),
        }
    }

    /// The body as a stream the implementation reads (`None` when none was sent): a body whose
    /// `Content-Length` is over the limit is refused before the implementation is called; one that
    /// says nothing is cut off at the limit, with a `TooLarge` error the implementation fails with
    /// (answered as the API's validation code, see [`Server::call`]).
    fn body_stream(
        &self,
        body: axum::body::Body,
        operation: &Operation,
        headers: &http::HeaderMap,
    ) -> Result<Option<crate::ByteStream>, Rejection> {
        use axum::body::HttpBody;
        use futures_util::StreamExt;
        let (roles, limit) = (self.inner.roles, self.inner.config.body_limit);
        let too_large = || {
            Rejection::new(
                roles.validation,
                format!("Innholdet er for stort; grensen er {limit} byte"),
            )
        };
        let length = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        if length.is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        // No body: fine where it is optional; where it is required, the missing `Content-Type` says so
        // (as for every other body).
        let empty = body.is_end_stream();
        if empty && !operation.body_required {
            return Ok(None);
        }
        check_content_type(roles, BodyKind::Stream, operation, headers, empty)?;
        let mut read = 0usize;
        let chunks = body.into_data_stream().map(move |chunk| {
            let chunk = chunk.map_err(crate::StreamError::transport)?;
            read += chunk.len();
            if read > limit {
                return Err(crate::StreamError::new(
                    crate::StreamErrorKind::TooLarge(limit as u64),
                    "over the body limit",
                ));
            }
            Ok(chunk)
        });
        Ok(Some(crate::ByteStream::from_results(chunks)))
    }

    /// Checks the bearer token for an operation needing `scopes`: the caller's claims, or the API's
    /// unauthenticated code (no, a malformed or a rejected token), its forbidden code (a valid token
    /// without the scope; the unauthenticated code where the API documents none), or its unexpected
    /// code (the token could not be checked).
    async fn authenticate(
        &self,
        headers: &http::HeaderMap,
        scopes: &'static [&'static str],
    ) -> Result<crate::Claims, Rejection> {
        let roles = self.inner.roles;
        let header = headers
            .get(http::header::AUTHORIZATION)
            .map(|v| v.as_bytes());
        let (spec, melding) = match check(header, self.inner.config.tokens.as_ref(), scopes).await {
            Ok(claims) => return Ok(claims),
            Err(TokenProblem::Missing) => (
                roles.specs.missing_token.or(roles.specs.missing_header),
                "Authorization-headeren med Bearer-token mangler".to_string(),
            ),
            Err(TokenProblem::Malformed) => (
                roles.specs.invalid_token,
                "Authorization-headeren må være `Bearer <token>`".to_string(),
            ),
            Err(TokenProblem::Rejected(AuthError::Unauthenticated(reason))) => (
                roles.specs.invalid_token,
                format!("Tokenet er ikke gyldig: {reason}"),
            ),
            Err(TokenProblem::Rejected(AuthError::Forbidden(reason))) => {
                let code = roles.forbidden.unwrap_or(roles.unauthenticated);
                return Err(Rejection::new(
                    code,
                    format!("Tokenet gir ikke tilgang til operasjonen: {reason}"),
                ));
            }
            Err(TokenProblem::Rejected(AuthError::Unavailable(reason))) => {
                return Err(Rejection::new(
                    roles.unexpected,
                    format!("Tokenet kunne ikke kontrolleres: {reason}"),
                ));
            }
        };
        Err(Rejection::new(roles.unauthenticated, melding)
            .with_spec(spec)
            .with_header("www-authenticate", "Bearer"))
    }

    /// Calls the implementation: a panic or a call over the timeout is the API's unexpected-error code,
    /// never a dropped connection (a call cut off is dropped, which cancels it).
    async fn call<F, Fut>(
        &self,
        operation: &'static str,
        input: Input,
        call: F,
    ) -> Result<Reply, Rejection>
    where
        F: FnOnce(Arc<T>, Input) -> Fut,
        Fut: Future<Output = Result<Reply, CallError>> + Send + 'static,
    {
        let roles = self.inner.roles;
        let timeout = self.inner.config.timeout;
        let guarded = CatchPanic(Box::pin(call(Arc::clone(&self.inner.api), input)));
        match tokio::time::timeout(timeout, guarded).await {
            Ok(Ok(Ok(reply))) => Ok(reply),
            Ok(Ok(Err(CallError::Rejected(rejection)))) => Err(rejection),
            Ok(Ok(Err(CallError::Reply(err)))) => {
                Err(Rejection::new(roles.unexpected, err.to_string()))
            }
            Ok(Ok(Err(CallError::Implementation(err)))) => {
                if let Some(limit) = too_large(&err) {
                    return Err(Rejection::new(
                        roles.validation,
                        format!("Innholdet er for stort; grensen er {limit} byte"),
                    ));
                }
                (self.inner.config.on_error)(operation, &err);
                Err(Rejection::new(
                    roles.unexpected,
                    "Tjenesten feilet under behandlingen",
                ))
            }
            Ok(Err(Panicked)) => Err(Rejection::new(
                roles.unexpected,
                "Tjenesten feilet under behandlingen",
            )),
            Err(_) => Err(Rejection::new(
                roles.unexpected,
                format!("Tjenesten svarte ikke innen {} ms", timeout.as_millis()),
            )),
        }
    }

    /// Calls the implementation at most once per idempotency key: a retry of the same request (method,
    /// path, query and body: [`same_request`]) gets the stored response; the key reused on another
    /// request is the API's conflict code. The conflict is answered before the new request is
    /// validated: the key is bound to its first request, which the new one is not (the Idempotency-Key
    /// draft's "key reused with a different request payload"), whatever else is wrong with it.
    async fn call_once<F, Fut>(
        &self,
        operation: &'static Operation,
        (location, name): (KeyLocation, &'static str),
        method: &http::Method,
        input: Input,
        call: F,
    ) -> Result<Reply, Rejection>
    where
        F: FnOnce(Arc<T>, Input) -> Fut,
        Fut: Future<Output = Result<Reply, CallError>> + Send + 'static,
    {
        let roles = self.inner.roles;
        let key: uuid::Uuid = match location {
            KeyLocation::Query => input.query_required(name)?,
            KeyLocation::Header => input.header_required(name)?,
        };
        let key = key.to_string();
        let scope = format!("{}/{}", self.inner.module, operation.id);
        let store = &self.inner.config.store;
        let unexpected = |err: StoreError| Rejection::new(roles.unexpected, err.to_string());
        // Held across the implementation's call and the store's write: a concurrent retry with this key
        // waits for the reply.
        let guard = self.inner.locks.lock(&scope, &key).await;
        let request = input.body.clone();
        let target = request_target(method, &input, (location, name));
        let stored = {
            let (scope, key) = (scope.clone(), key.clone());
            blocking(store, move |store| store.get(&scope, &key)).await
        };
        if let Some(stored) = stored.map_err(unexpected)? {
            if !same_request(&stored, &target, &request) {
                let code = roles.idempotency_conflict.unwrap_or(roles.validation);
                return Err(Rejection::new(
                    code,
                    format!(
                        "Idempotensnøkkelen {key} er brukt tidligere med en annen forespørsel \
                         (annet innhold, annen sti eller andre query-parametre)"
                    ),
                ));
            }
            return Ok(Reply {
                status: stored.status,
                content_type: stored.content_type,
                body: stored.body,
                stream: None,
                headers: Vec::new(),
            });
        }
        let reply = self.call(operation.id, input, call).await?;
        // A streamed answer is sent as it comes, not kept: a retry under the key is answered anew.
        if reply.status < 500 && reply.stream.is_none() {
            let stored = StoredReply {
                request,
                target: Some(target),
                status: reply.status,
                content_type: reply.content_type.clone(),
                body: reply.body.clone(),
            };
            // The guard goes with the write: if this request is dropped now (the client went away), the
            // write still ends before a retry under the key may look for it.
            blocking(store, move |store| {
                let _guard = guard;
                store.put(&scope, &key, &stored)
            })
            .await
            .map_err(unexpected)?;
        }
        Ok(reply)
    }
}

/// Whether `Accept` asks for one of the `streamed` media types before JSON: listed, with a quality
/// at least JSON's, and JSON not listed before it at the same quality. No `Accept`, or `*/*`, is JSON.
fn prefers_stream(headers: &http::HeaderMap, streamed: &[&str]) -> bool {
    let Some(accept) = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // (quality, position) of the best stream type and of JSON.
    let mut stream: Option<(f32, usize)> = None;
    let mut json: Option<(f32, usize)> = None;
    for (position, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }
        let better = |best: Option<(f32, usize)>| match best {
            Some((q, _)) => quality > q,
            None => true,
        };
        if streamed.iter().any(|s| s.eq_ignore_ascii_case(&media)) && better(stream) {
            stream = Some((quality, position));
        } else if is_json_media_type(&media) && better(json) {
            json = Some((quality, position));
        }
    }
    match (stream, json) {
        (Some(_), None) => true,
        (Some((sq, sp)), Some((jq, jp))) => sq > jq || (sq == jq && sp < jp),
        _ => false,
    }
}

/// The body limit, when an implementation failed on a streamed body over it.
fn too_large(err: &crate::Error) -> Option<u64> {
    // Without the `client` feature the error has no other variant.
    #[allow(irrefutable_let_patterns)]
    let crate::Error::Implementation(source) = err
    else {
        return None;
    };
    match source.downcast_ref::<crate::StreamError>()?.kind() {
        crate::StreamErrorKind::TooLarge(limit) => Some(limit),
        _ => None,
    }
}

/// Runs a store call on Tokio's blocking pool: a store may do disk I/O (SQLite), which must not stall a
/// worker thread and with it every other request on that thread.
async fn blocking<R: Send + 'static>(
    store: &Arc<dyn IdempotencyStore>,
    work: impl FnOnce(&dyn IdempotencyStore) -> Result<R, StoreError> + Send + 'static,
) -> Result<R, StoreError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || work(&*store))
        .await
        .map_err(|err| StoreError(format!("the store call failed: {err}")))?
}

/// The implementation panicked.
struct Panicked;

/// Polls a future, turning a panic into [`Panicked`] (the panic message still goes to the panic hook).
struct CatchPanic<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchPanic<F> {
    type Output = Result<F::Output, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(poll) => poll.map(Ok),
            Err(_) => Poll::Ready(Err(Panicked)),
        }
    }
}

fn check_content_type(
    roles: &'static ErrorRoles,
    kind: BodyKind,
    operation: &Operation,
    headers: &http::HeaderMap,
    empty: bool,
) -> Result<(), Rejection> {
    if empty && !operation.body_required {
        return Ok(());
    }
    let Some(content_type) = headers.get(http::header::CONTENT_TYPE) else {
        return Err(
            Rejection::new(roles.request, "Påkrevd header `Content-Type` mangler")
                .with_spec(roles.specs.missing_header)
                .at("Content-Type", None),
        );
    };
    let content_type = content_type.to_str().unwrap_or("");
    let expected = match kind {
        BodyKind::Json if !is_json_media_type(content_type) && operation.form_too => {
            "application/json eller application/x-www-form-urlencoded"
        }
        BodyKind::Json if !is_json_media_type(content_type) => "application/json",
        BodyKind::Form if essence(content_type) != "application/x-www-form-urlencoded" => {
            "application/x-www-form-urlencoded"
        }
        BodyKind::Multipart if essence(content_type) != "multipart/form-data" => {
            "multipart/form-data"
        }
        _ => return Ok(()),
    };
    Err(
        Rejection::new(roles.request, format!("Content-Type må være {expected}"))
            .with_spec(roles.specs.content_type)
            .at("Content-Type", Some(content_type.to_string())),
    )
}

/// Whether a `Content-Type` is a urlencoded form.
pub(crate) fn is_form(content_type: &http::HeaderValue) -> bool {
    essence(content_type.to_str().unwrap_or("")) == "application/x-www-form-urlencoded"
}

use crate::media::essence;

/// What identifies a request under an idempotency key besides its body: the method, the path
/// parameters (percent-decoded, so `/2024` and `/%32024` are one path) and the query parameters sorted
/// (their order does not count), without the key itself where it is sent in the query. Written as JSON,
/// so no value can run into the next. The route is the operation's, which the store's scope names.
fn request_target(
    method: &http::Method,
    input: &Input,
    (location, name): (KeyLocation, &str),
) -> String {
    let mut query: Vec<&(String, String)> = input
        .query
        .iter()
        .filter(|(k, _)| !(location == KeyLocation::Query && k == name))
        .collect();
    query.sort();
    serde_json::json!([method.as_str(), input.path, query]).to_string()
}

/// Whether a request under an idempotency key repeats the one `stored` answered: the same
/// [`request_target`] (a reply stored without one, by an older version, is compared by body alone) and
/// the same body ([`same_body`]).
fn same_request(stored: &StoredReply, target: &str, body: &[u8]) -> bool {
    stored
        .target
        .as_deref()
        .map_or(true, |stored| stored == target)
        && same_body(&stored.request, body)
}

/// Whether two request bodies are the same submission: equal JSON values (whitespace and key order do
/// not count), or equal bytes.
fn same_body(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (
        serde_json::from_slice::<Value>(a),
        serde_json::from_slice::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

async fn unknown_url<T>(State(server): State<Server<T>>, request: Request) -> Response {
    let roles = server.inner.roles;
    Rejection::new(
        roles.unknown_url,
        format!("Ingen endepunkt svarer til {}", request.uri().path()),
    )
    .with_spec(roles.specs.unknown_url)
    .into_reply_as(error_format(&server, &request), server.xml_errors)
    .into_response()
}

/// The encoding of an error answered where no operation is (an unknown URL or method): XML when the API
/// answers its errors as XML and `Accept` prefers it.
fn error_format<T>(server: &Server<T>, request: &Request) -> Format {
    if server.xml_errors.is_none() {
        return Format::Json;
    }
    let accept = request.headers().get(http::header::ACCEPT);
    let accept = accept.map(|v| v.to_str().unwrap_or(""));
    negotiate(accept, &["application/json", "application/xml"]).unwrap_or_default()
}

/// A known URL with a method it does not have: 405 (RFC 9110), with the `Allow` header axum adds to
/// this fallback's answer.
async fn method_not_allowed<T>(State(server): State<Server<T>>, request: Request) -> Response {
    let roles = server.inner.roles;
    let code = roles.method_not_allowed.unwrap_or(ErrorCode::shaped(
        "method-not-allowed",
        405,
        "Method Not Allowed",
        roles.shape,
    ));
    Rejection::new(
        code,
        format!(
            "Metoden {} støttes ikke for {}",
            request.method(),
            request.uri().path()
        ),
    )
    .into_reply_as(error_format(&server, &request), server.xml_errors)
    .into_response()
}

/// The context an implementation is called with: the request headers without `Authorization` (the
/// verified token is the `caller`), and the correlation id the client sent (`Korrelasjonsid`), or a
/// fresh one.
fn context(mut headers: http::HeaderMap, caller: Option<Arc<crate::Claims>>) -> crate::Context {
    headers.remove(http::header::AUTHORIZATION);
    let correlation_id = headers
        .get("korrelasjonsid")
        .and_then(|v| v.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 128)
        .map(str::to_string)
        .unwrap_or_else(super::rejection::korrelasjonsid);
    crate::Context {
        correlation_id: Some(correlation_id),
        headers,
        caller,
    }
}
