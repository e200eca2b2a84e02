//! Length bounds of anonymous strings (`tests/fixtures/specs/bounds-api`): the fields and parameters are
//! plain `String`s, and the bound holds on both sides. The generated server adapter answers a value out
//! of bounds (in the body, in the query, in the path) with the API's validation code in its own error
//! object, without calling the implementation; the generated client refuses to send one
//! (`Error::InvalidRequest`), and nothing reaches the server.
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
        request: bounds_api::GetNoteRequest,
        _context: &Context,
    ) -> Result<bounds_api::GetNoteResponse, Error> {
        CALLS.fetch_add(1, Ordering::SeqCst);
        Ok(bounds_api::GetNoteResponse::Ok(note(&request.code)))
    }
}

fn note(title: &str) -> Note {
    Note {
        title: title.to_string(),
        body: None,
        summary: None,
        tags: Some(vec!["a".into(), "bcdef".into()]),
        notes: None,
        nicknames: None,
        owner: OwnerId::new("owner1").expect("a short owner id"),
        reference: None,
        mention: None,
        priority: None,
        ratio: None,
        counts: None,
        level: None,
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

fn request(tag: Option<&str>, labels: &[&str], body: Note) -> bounds_api::CreateNoteRequest {
    bounds_api::CreateNoteRequest {
        tag: tag.map(str::to_string),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        page: None,
        x_trace: None,
        body,
    }
}

/// One test, so the counters count this test's requests only.
#[tokio::test]
async fn bounds_hold_on_both_sides() {
    let (origin, task) = serve().await;
    let client = Client::with_base_url(&origin, StaticToken::new("t")).expect("a client");
    let cx = Context::default();

    // Within bounds: sent, served, echoed.
    let ok = client
        .create_note(request(Some("tag"), &["abcd"], note("ten chars!")), &cx)
        .await
        .expect("a note within bounds is served");
    assert_eq!(
        ok,
        bounds_api::CreateNoteResponse::Created(note("ten chars!"))
    );
    assert_eq!(
        (
            REQUESTS.load(Ordering::SeqCst),
            CALLS.load(Ordering::SeqCst)
        ),
        (1, 1)
    );

    // The client refuses every value out of bounds: body field, list item in the body, query
    // parameter (too long, too short), list query parameter, path parameter. Nothing is sent.
    let mut long_tag = note("title");
    long_tag.tags = Some(vec!["abcdef".into()]);
    let refused = [
        (
            "title",
            client
                .create_note(request(None, &[], note("eleven chars")), &cx)
                .await,
        ),
        (
            "tags",
            client.create_note(request(None, &[], long_tag), &cx).await,
        ),
        (
            "tag",
            client
                .create_note(request(Some("ninechars"), &[], note("t")), &cx)
                .await,
        ),
        (
            "tag",
            client
                .create_note(request(Some(""), &[], note("t")), &cx)
                .await,
        ),
        (
            "labels",
            client
                .create_note(request(None, &["ok", "toolong"], note("t")), &cx)
                .await,
        ),
    ];
    for (what, result) in refused {
        match result {
            Err(Error::InvalidRequest(error)) => {
                assert!(
                    error.message.contains(&format!("`{what}`")),
                    "{what}: {error}"
                );
                assert!(error.message.contains("characters"), "{what}: {error}");
            }
            other => panic!("{what}: expected InvalidRequest, got {other:?}"),
        }
    }
    let path = bounds_api::GetNoteRequest {
        code: "sevenchr".into(),
    };
    assert!(matches!(
        client.get_note(path, &cx).await,
        Err(Error::InvalidRequest(_))
    ));
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
    let body = |title: &str| json!({"title": title, "owner": "owner1"});
    let cases = [
        ("body field", "/notes", body("eleven chars"), "title"),
        (
            "list item in the body",
            "/notes",
            json!({"title": "t", "owner": "o", "tags": ["abcdef"]}),
            "tags",
        ),
        (
            "map value in the body",
            "/notes",
            json!({"title": "t", "owner": "o", "notes": {"k": "abcdef"}}),
            "notes",
        ),
        (
            "item of a named list in the body",
            "/notes",
            json!({"title": "t", "owner": "o", "nicknames": ["abcd"]}),
            "nicknames",
        ),
        ("query parameter", "/notes?tag=ninechars", body("t"), "tag"),
        ("empty query parameter", "/notes?tag=", body("t"), "tag"),
        (
            "list query parameter",
            "/notes?labels=ok&labels=toolong",
            body("t"),
            "labels",
        ),
    ];
    for (case, path, body, at) in cases {
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
        assert!(failure.message.contains("characters"), "{case}: {error}");
    }
    let answer = http
        .get(format!("{origin}/notes/sevenchr"))
        .header("authorization", "Bearer t")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status().as_u16(), 400);
    // The good path parameter is served.
    let answer = http
        .get(format!("{origin}/notes/sixchr"))
        .header("authorization", "Bearer t")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(
        CALLS.load(Ordering::SeqCst),
        2,
        "a value out of bounds reached the implementation"
    );
    task.abort();
}
