//! Helpers of the server and mock tests: serve a router on a loopback port, start the mock on a SQLite
//! file, send requests with plain reqwest, and check the documented error body.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use skatteetaten_api::runtime::server::{ErrorCode, ErrorRoles};
use skatteetaten_mock::{Mock, MockConfig};
use tokio::task::JoinHandle;

pub const TOKEN: &str = "Bearer server-test-token";

/// A router served on 127.0.0.1; stopped when dropped.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    pub http: reqwest::Client,
    task: JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// `GET path` with the test token.
    pub async fn get(&self, path: &str) -> Answer {
        Answer::of(self.http.get(self.url(path)).header("authorization", TOKEN)).await
    }

    /// `POST path` with the test token and a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .header("authorization", TOKEN)
            .header("content-type", "application/json")
            .body(body.to_string());
        Answer::of(request).await
    }
}

/// Serves `router` on a free loopback port.
pub async fn serve(router: axum::Router) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .no_proxy()
        .build()
        .expect("client");
    Running { origin, http, task }
}

/// Starts the mock on the SQLite file `db`.
pub async fn mock(db: &Path, token_key: Option<&str>) -> Running {
    let config = MockConfig {
        db: db.to_path_buf(),
        token_key: token_key.map(str::to_string),
    };
    let mock = Mock::open(&config).expect("the mock opens");
    serve(mock.router()).await
}

/// A response: status, headers and JSON body (`Null` when there is none or it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub async fn of(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            content_type,
            headers,
            body,
            text,
        }
    }

    /// Asserts the documented error body with `code` (status and `kode`), a fresh UUID v4
    /// `korrelasjonsid`, and the specification code `spec` (or none).
    pub fn assert_error(&self, code: ErrorCode, spec: Option<&str>) -> &Answer {
        assert_eq!(
            self.status, code.status,
            "status of {}: {}",
            code.kode, self.text
        );
        assert_eq!(self.content_type, "application/json", "{}", self.text);
        assert_eq!(self.body["kode"], code.kode, "{}", self.text);
        assert!(
            self.body["melding"].as_str().is_some_and(|m| !m.is_empty()),
            "{}",
            self.text
        );
        let id = self.body["korrelasjonsid"].as_str().unwrap_or_default();
        let id =
            uuid::Uuid::parse_str(id).unwrap_or_else(|_| panic!("korrelasjonsid: {}", self.text));
        assert_eq!(id.get_version_num(), 4, "{}", self.text);
        let specs: Vec<&str> = self.body["feilspesifiseringer"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e["feilspesifiseringskode"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(specs, spec.into_iter().collect::<Vec<_>>(), "{}", self.text);
        self
    }

    /// Asserts the error body with the literal `kode` and `status` (documented codes named in the tests).
    pub fn assert_code(&self, status: u16, kode: &str, spec: Option<&str>) -> &Answer {
        self.assert_error(ErrorCode::new(leak(kode), status, ""), spec)
    }
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_string().into_boxed_str())
}

/// The code a wrong method gets: the 405 code, or where there is none, `method-not-allowed` with 405.
pub fn method_code(roles: &ErrorRoles) -> (ErrorCode, Option<&'static str>) {
    let default = ErrorCode::shaped("method-not-allowed", 405, "Method Not Allowed", roles.shape);
    (roles.method_not_allowed.unwrap_or(default), None)
}

/// The code an unsupported `Accept` gets.
pub fn accept_code(roles: &ErrorRoles) -> ErrorCode {
    roles.not_acceptable.unwrap_or(roles.request)
}

use tests::spec_example;

/// The documented request body of `POST /oppdrag` (innrapportering-oppdrag).
pub fn oppdrag_innsending() -> Value {
    spec_example(
        "innrapportering-oppdrag",
        "/paths/~1oppdrag/post/requestBody/content/application~1json/example",
    )
}

/// The documented åndsverk submission, with the page's numeric `organisasjonsnummer` written as the
/// string the schema requires.
pub fn aandsverk_innsending() -> Value {
    let mut value = tests::example("innrapportering-aandsverk", "Innsending.json");
    let orgnr =
        &mut value["leveranse"]["oppgave"][2]["oppgaveeier"]["organisasjon"]["organisasjonsnummer"];
    if let Some(n) = orgnr.as_u64() {
        *orgnr = Value::String(n.to_string());
    }
    value
}

/// A fresh idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}
