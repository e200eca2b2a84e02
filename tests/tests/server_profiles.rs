//! A server for every API: the adapters of APIs without Skatteetaten's error tables answer bad input in
//! the API's own error vocabulary. `plain-api` declares no error body (RFC 7807 problem+json);
//! `own-errors-api` declares `Error {code, message, status}` (that object). The same bad-input matrix
//! runs against both; none of it reaches the implementation. Self-contained (no `server_support`): it
//! needs only the fixture modules and the runtime.
#![cfg(feature = "server")]

use std::time::Duration;

use serde_json::{json, Value};
use tests::runtime::server::{axum, ErrorShape};
use tests::runtime::{Context, Error};
use tests::{own_errors_api, plain_api};

const TOKEN: &str = "Bearer server-test-token";

/// A router served on 127.0.0.1; stopped when dropped.
struct Running {
    origin: String,
    http: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    async fn get(&self, path: &str) -> Answer {
        Answer::of(self.http.get(self.url(path)).header("authorization", TOKEN)).await
    }

    async fn post_json(&self, path: &str, body: &Value) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .header("authorization", TOKEN)
            .header("content-type", "application/json")
            .body(body.to_string());
        Answer::of(request).await
    }
}

async fn serve(router: axum::Router) -> Running {
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

/// A response: status, content type, JSON body (`Null` when it is none) and text.
struct Answer {
    status: u16,
    content_type: String,
    body: Value,
    text: String,
}

impl Answer {
    async fn of(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            content_type,
            body,
            text,
        }
    }
}

/// One trivial implementation per fixture: echo the body, make up the thing asked for.
#[derive(Clone)]
struct Plain;

impl plain_api::PlainApi for Plain {
    async fn create_thing(
        &self,
        request: plain_api::CreateThingRequest,
        _context: &Context,
    ) -> Result<plain_api::CreateThingResponse, Error> {
        Ok(plain_api::CreateThingResponse::Created(request.body))
    }

    async fn get_thing(
        &self,
        request: plain_api::GetThingRequest,
        _context: &Context,
    ) -> Result<plain_api::GetThingResponse, Error> {
        Ok(plain_api::GetThingResponse::Ok(thing(request.id)))
    }
}

#[derive(Clone)]
struct Own;

impl own_errors_api::OwnErrorsApi for Own {
    async fn create_thing(
        &self,
        request: own_errors_api::CreateThingRequest,
        _context: &Context,
    ) -> Result<own_errors_api::CreateThingResponse, Error> {
        Ok(own_errors_api::CreateThingResponse::Created(request.body))
    }

    async fn get_thing(
        &self,
        request: own_errors_api::GetThingRequest,
        _context: &Context,
    ) -> Result<own_errors_api::GetThingResponse, Error> {
        Ok(own_errors_api::GetThingResponse::Ok(thing(request.id)))
    }
}

fn thing<T: serde::de::DeserializeOwned>(id: i64) -> T {
    serde_json::from_value(json!({"id": id, "name": "ting"})).expect("a thing")
}

/// The bad-input matrix: what is sent, the status and the role (the code of the default vocabulary).
async fn matrix(running: &Running) -> Vec<(&'static str, Answer, u16, &'static str)> {
    let http = &running.http;
    let url = |path: &str| running.url(path);
    vec![
        (
            "missing token",
            Answer::of(http.get(url("/things/1"))).await,
            401,
            "unauthenticated",
        ),
        (
            "wrong Accept",
            Answer::of(
                http.get(url("/things/1"))
                    .header("authorization", TOKEN)
                    .header("accept", "text/csv"),
            )
            .await,
            406,
            "not-acceptable",
        ),
        (
            "bad JSON",
            Answer::of(
                http.post(url("/things"))
                    .header("authorization", TOKEN)
                    .header("content-type", "application/json")
                    .body("{\"name\": "),
            )
            .await,
            400,
            "structure",
        ),
        (
            "JSON not fitting the schema",
            running.post_json("/things", &json!({"id": 1})).await,
            400,
            "validation",
        ),
        (
            "unknown URL",
            running.get("/nothing/here").await,
            404,
            "unknown-url",
        ),
        (
            "wrong method",
            Answer::of(http.delete(url("/things/1")).header("authorization", TOKEN)).await,
            405,
            "method-not-allowed",
        ),
        (
            "bad parameter",
            running.get("/things/abc").await,
            400,
            "validation",
        ),
    ]
}

/// The implementation is reached with good input.
async fn good_input_is_served(running: &Running) {
    let answer = running.get("/things/7").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body, json!({"id": 7, "name": "ting"}));
    let answer = running.post_json("/things", &json!({"name": "ny"})).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
}

fn keys(body: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = body
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn an_api_declaring_no_errors_answers_problem_json() {
    let running = serve(plain_api::server::router(Plain, Default::default())).await;
    good_input_is_served(&running).await;
    for (case, answer, status, _) in matrix(&running).await {
        assert_eq!(answer.status, status, "{case}: {}", answer.text);
        assert_eq!(
            answer.content_type, "application/problem+json",
            "{case}: {}",
            answer.text
        );
        assert_eq!(
            keys(&answer.body),
            ["detail", "status", "title", "type"],
            "{case}: {}",
            answer.text
        );
        assert_eq!(answer.body["type"], "about:blank", "{case}");
        assert_eq!(answer.body["status"], status, "{case}");
        assert!(
            answer.body["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{case}: {}",
            answer.text
        );
        assert!(
            answer.body["detail"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{case}: {}",
            answer.text
        );
    }
    assert_eq!(plain_api::server::ERROR_ROLES.shape, &ErrorShape::Problem);
}

#[tokio::test]
async fn an_api_with_its_own_error_object_answers_in_it() {
    let running = serve(own_errors_api::server::router(Own, Default::default())).await;
    good_input_is_served(&running).await;
    for (case, answer, status, role) in matrix(&running).await {
        assert_eq!(answer.status, status, "{case}: {}", answer.text);
        assert_eq!(
            answer.content_type, "application/json",
            "{case}: {}",
            answer.text
        );
        // The API's own `Error`, read with its generated type.
        let error: own_errors_api::Error = serde_json::from_value(answer.body.clone())
            .unwrap_or_else(|err| panic!("{case}: not the API's Error ({err}): {}", answer.text));
        assert_eq!(
            keys(&answer.body),
            ["code", "message", "status"],
            "{case}: {}",
            answer.text
        );
        assert_eq!(error.code, role, "{case}");
        assert_eq!(error.status, Some(i64::from(status)), "{case}");
        assert!(!error.message.is_empty(), "{case}");
    }
}
