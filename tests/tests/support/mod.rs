//! Helpers of the client tests: a wiremock server on loopback answering every request the same way, the
//! client settings the tests use, what the server saw, and the operations and statuses the specs document.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{json, Value};
use skatteetaten_api::runtime::client::{ApiError, Backoff, ClientConfig, Error, StaticToken};
use skatteetaten_api::runtime::Context;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The bearer token the tests' clients send.
pub const TOKEN: &str = "maskinporten-test-token";
pub const KORRELASJONSID: &str = "13a865f5-28f9-47db-9abd-ab78977c79fe";
/// The base path the servers of all specs have.
pub const BASE_PATH: &str = "/v1";

/// A server on 127.0.0.1 answering every request with `status` and the JSON `body`.
pub async fn serve(status: u16, body: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A server on 127.0.0.1 answering every request with `template`.
pub async fn serve_template(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// Client settings for `server` (base URL with the specs' `/v1`), with a short backoff so retries are fast.
pub fn config(server: &MockServer) -> ClientConfig {
    ClientConfig::new(format!("{}{BASE_PATH}", server.uri()))
        .with_backoff(Backoff {
            initial: Duration::from_millis(1),
            max: Duration::from_millis(5),
        })
        .with_timeout(Duration::from_secs(10))
}

pub fn tokens() -> StaticToken {
    StaticToken::new(TOKEN)
}

/// The requests the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// A header as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("header is text"))
}

/// The query parameters, in order.
pub fn query(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The body as JSON.
pub fn json_body(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

/// Checks method, path, bearer token and `Accept`, which every call of the real APIs has.
pub fn assert_call(request: &wiremock::Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), format!("{BASE_PATH}{path}"));
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(request, "accept"), Some("application/json"));
}

/// The number of requests a retryable call makes for a final answer with `status` (default 3 tries).
pub fn attempts_for(status: u16) -> usize {
    if status >= 500 || status == 429 {
        ClientConfig::DEFAULT_MAX_TRIES as usize
    } else {
        1
    }
}

/// An error body (`Feil`) with `kode`, and a `feilspesifiseringer` entry when `spesifisering` is given.
pub fn feil_json(kode: &str, status: u16, spesifisering: Option<&str>) -> Value {
    let mut body = json!({
        "kode": kode,
        "melding": melding(status),
        "korrelasjonsid": KORRELASJONSID,
    });
    if let Some(code) = spesifisering {
        body["feilspesifiseringer"] = json!([{
            "feilspesifiseringskode": code,
            "melding": "Feltet er ugyldig",
            "sti": "leveranse.oppgave[0]",
            "angittVerdi": "x"
        }]);
    }
    body
}

/// The message the error bodies of the tests carry for `status`.
pub fn melding(status: u16) -> String {
    format!("Testmelding for HTTP {status}")
}

/// A documented code for `status`: the first of `documented` with that status, or else the first one.
pub fn pick<C: Clone>(documented: &[C], status_of: impl Fn(&C) -> Option<u16>, status: u16) -> C {
    documented
        .iter()
        .find(|code| status_of(code) == Some(status))
        .or_else(|| documented.first())
        .cloned()
        .expect("the table has codes")
}

/// The documented error of a call that must have answered with one: the response (`R`) turned into a
/// result by its `into_result`, which must be the error with HTTP `status`.
pub fn expect_api<R: Debug, T: Debug, E: Debug>(
    result: Result<R, Error>,
    status: u16,
    into_result: impl FnOnce(R) -> Result<T, ApiError<E>>,
) -> ApiError<E> {
    match result.map(into_result) {
        Ok(Err(err)) => {
            assert_eq!(err.status, status);
            err
        }
        other => panic!("expected a documented error with HTTP {status}, got {other:?}"),
    }
}

/// The context of a client call that sends nothing extra.
pub fn cx() -> Context {
    Context::new()
}

/// Operations of `specs/`: folder → operationId → documented statuses (`tests::spec_lists`).
pub fn documented_operations() -> &'static BTreeMap<String, BTreeMap<String, Vec<u16>>> {
    static OPERATIONS: OnceLock<BTreeMap<String, BTreeMap<String, Vec<u16>>>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        tests::spec_lists::documented_operations(&tests::root().join("specs"))
            .unwrap_or_else(|err| panic!("{err}"))
    })
}

/// The documented error statuses (4xx and 5xx) of an operation.
pub fn error_statuses(folder: &str, operation: &str) -> Vec<u16> {
    let statuses = documented_operations()
        .get(folder)
        .and_then(|ops| ops.get(operation))
        .unwrap_or_else(|| panic!("{folder} has no operation {operation}"));
    let errors: Vec<u16> = statuses.iter().copied().filter(|s| *s >= 400).collect();
    assert!(!errors.is_empty(), "{operation} documents no error status");
    errors
}
