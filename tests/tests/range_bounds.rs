//! Bounds of numbers (`tests/fixtures/specs/bounds-api`, issue 21): `minimum`, `maximum` and their
//! exclusive forms of integer and number schemas are plain numbers in the generated code, and the bound
//! holds on both sides, as a string's length does (`length_bounds.rs`). The generated server adapter
//! answers a number out of range (a body field, a list item, a value of a named alias, a query
//! parameter) with the API's validation code in its own error object, without calling the
//! implementation; the generated client refuses to send one (`Error::InvalidRequest`).
#![cfg(feature = "server")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{json, Value};
use tests::bounds_api::{self, client::Client, BoundsApi, Note, OwnerId};
use tests::runtime::client::StaticToken;
use tests::runtime::server::axum;
use tests::runtime::{Context, Error};

/// Requests that reached the server, and calls that reached the implementation.
static REQUESTS: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

#[derive(Clone)]
struct Notes;

impl BoundsApi for Notes {
    async fn create_note(
        &self,
        request: bounds_api::CreateNoteRequest,
        _context: &Context,
    ) -> Result<bounds_api::CreateNoteResponse, Error> {
        CALLS.fetch_add(1, Ordering::SeqCst);
        Ok(bounds_api::CreateNoteResponse::Created(request.body))
    }

    async fn get_note(
        &self,
        _request: bounds_api::GetNoteRequest,
        _context: &Context,
    ) -> Result<bounds_api::GetNoteResponse, Error> {
        unreachable!("not called by this test")
    }
}

fn note() -> Note {
    Note {
        title: "t".to_string(),
        body: None,
        summary: None,
        tags: None,
        notes: None,
        nicknames: None,
        owner: OwnerId::new("owner1").expect("a short owner id"),
        reference: None,
        mention: None,
        priority: Some(5),
        ratio: Some(1.0),
        counts: Some(vec![0, 7]),
        level: Some(1),
    }
}

fn request(page: Option<i32>, body: Note) -> bounds_api::CreateNoteRequest {
    bounds_api::CreateNoteRequest {
        tag: None,
        labels: Vec::new(),
        page,
        x_trace: None,
        body,
    }
}

/// The adapter on a loopback port, counting the requests that reach it; its origin.
async fn serve() -> (String, tokio::task::JoinHandle<()>) {
    let router =
        bounds_api::server::router(Notes, Default::default()).layer(axum::middleware::from_fn(
            |request: axum::extract::Request, next: axum::middleware::Next| async move {
                REQUESTS.fetch_add(1, Ordering::SeqCst);
                next.run(request).await
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (origin, task)
}

/// One test, so the counters count this test's requests only.
#[tokio::test]
async fn number_bounds_hold_on_both_sides() {
    let (origin, task) = serve().await;
    let client = Client::with_base_url(&origin, StaticToken::new("t")).expect("a client");
    let cx = Context::default();

    // At the bounds (inclusive ones reached): sent, served, echoed.
    let ok = client
        .create_note(request(Some(100), note()), &cx)
        .await
        .expect("a note within bounds is served");
    assert_eq!(ok, bounds_api::CreateNoteResponse::Created(note()));
    assert_eq!(
        (
            REQUESTS.load(Ordering::SeqCst),
            CALLS.load(Ordering::SeqCst)
        ),
        (1, 1)
    );

    // The client refuses every number out of range; nothing is sent.
    let with = |change: fn(&mut Note)| {
        let mut note = note();
        change(&mut note);
        note
    };
    let refused = [
        (
            "page",
            request(Some(0), note()),
            "a value is 0; at least 1 and at most 100 required",
        ),
        (
            "priority",
            request(None, with(|n| n.priority = Some(6))),
            "a value is 6; at least 1 and at most 5 required",
        ),
        (
            "ratio",
            request(None, with(|n| n.ratio = Some(0.0))),
            "a value is 0; greater than 0 and at most 1 required",
        ),
        (
            "counts",
            request(None, with(|n| n.counts = Some(vec![1, -1]))),
            "a value is -1; at least 0 required",
        ),
        (
            "level",
            request(None, with(|n| n.level = Some(0))),
            "a value is 0; at least 1 required",
        ),
    ];
    for (what, request, reason) in refused {
        match client.create_note(request, &cx).await {
            Err(Error::InvalidRequest(error)) => {
                assert!(
                    error.message.contains(&format!("`{what}`")),
                    "{what}: {error}"
                );
                assert!(error.message.contains(reason), "{what}: {error}");
            }
            other => panic!("{what}: expected InvalidRequest, got {other:?}"),
        }
    }
    assert_eq!(
        REQUESTS.load(Ordering::SeqCst),
        1,
        "a refused request was sent"
    );

    // The server rejects them with the API's validation code in its error object, and does not call
    // the implementation.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .no_proxy()
        .build()
        .expect("an HTTP client");
    let body = |extra: Value| {
        let mut body = json!({"title": "t", "owner": "owner1"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let cases = [
        (
            "body field",
            "/notes",
            body(json!({"priority": 0})),
            "priority",
            "at least 1 and at most 5",
        ),
        (
            "exclusive bound",
            "/notes",
            body(json!({"ratio": 0})),
            "ratio",
            "greater than 0",
        ),
        (
            "float above",
            "/notes",
            body(json!({"ratio": 1.5})),
            "ratio",
            "at most 1",
        ),
        (
            "list item",
            "/notes",
            body(json!({"counts": [3, -2]})),
            "counts",
            "at least 0",
        ),
        (
            "named alias",
            "/notes",
            body(json!({"level": 0})),
            "level",
            "at least 1",
        ),
        (
            "query parameter",
            "/notes?page=101",
            body(json!({})),
            "page",
            "at most 100",
        ),
        (
            "query parameter",
            "/notes?page=0",
            body(json!({})),
            "page",
            "at least 1",
        ),
    ];
    for (case, path, body, at, bound) in cases {
        let answer = http
            .post(format!("{origin}{path}"))
            .header("authorization", "Bearer t")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("the server answers");
        assert_eq!(answer.status().as_u16(), 400, "{case}");
        let error: Value = answer.json().await.expect("a JSON error");
        let failure: bounds_api::Failure =
            serde_json::from_value(error.clone()).expect("the API's own error object");
        assert_eq!(failure.code, "validation", "{case}: {error}");
        assert_eq!(failure.status, Some(400), "{case}: {error}");
        assert!(failure.message.contains(at), "{case}: {error}");
        assert!(failure.message.contains(bound), "{case}: {error}");
    }
    assert_eq!(
        CALLS.load(Ordering::SeqCst),
        1,
        "a number out of range reached the implementation"
    );
    task.abort();
}
