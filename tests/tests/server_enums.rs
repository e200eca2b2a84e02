//! Open enums on both sides (`tests/fixtures/specs/fidelity-api`): a string enum is generated open (its
//! values plus `Unknown(String)`), so a client keeps working when the API adds a value, but the
//! generated server adapter refuses a value its spec does not list, with the API's validation code,
//! naming the parameter and the value. (The JSON body case, against the mock:
//! `mock_innrapportering::aandsverk_refuses_an_enum_value_the_spec_does_not_list`.)
#![cfg(feature = "server")]

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tests::fidelity_api::{self, client::Client, FidelityApi, PendingOrRunning, Pod, PodList};
use tests::runtime::client::StaticToken;
use tests::runtime::server::axum;
use tests::runtime::{Context, Error};

/// Calls that reached the implementation.
static CALLS: AtomicUsize = AtomicUsize::new(0);

/// Answers every pod list with a phase the spec does not list (as a newer server would).
#[derive(Clone)]
struct Pods;

const NEWER_PHASE: &str = "Terminating";

impl FidelityApi for Pods {
    async fn list_pods(
        &self,
        _request: fidelity_api::ListPodsRequest,
        _context: &Context,
    ) -> Result<fidelity_api::ListPodsResponse, Error> {
        CALLS.fetch_add(1, Ordering::SeqCst);
        Ok(fidelity_api::ListPodsResponse::Ok(PodList {
            items: vec![Pod {
                phase: Some(PendingOrRunning::Unknown(NEWER_PHASE.into())),
                ..Pod::default()
            }],
            kind: None,
        }))
    }

    async fn create_completion(
        &self,
        _request: fidelity_api::CreateCompletionRequest,
        _context: &Context,
    ) -> Result<fidelity_api::CreateCompletionResponse, Error> {
        Err(Error::implementation("not used by this test"))
    }

    async fn count(
        &self,
        _request: fidelity_api::CountRequest,
        _context: &Context,
    ) -> Result<fidelity_api::CountResponse, Error> {
        Err(Error::implementation("not used by this test"))
    }

    async fn post_form(
        &self,
        _request: fidelity_api::PostFormRequest,
        _context: &Context,
    ) -> Result<fidelity_api::PostFormResponse, Error> {
        Err(Error::implementation("not used by this test"))
    }
}

/// The adapter on a loopback port; its origin.
async fn serve() -> (String, tokio::task::JoinHandle<()>) {
    let router = fidelity_api::server::router(Pods, Default::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (origin, task)
}

/// One test, so the counter counts this test's calls only.
#[tokio::test]
async fn the_server_refuses_unlisted_enum_values_and_the_client_keeps_them() {
    let (origin, task) = serve().await;
    let http = reqwest::Client::new();

    // A list query parameter of an enum with a value the spec does not list: the validation code
    // (RFC 7807 here: the API documents no errors), naming the parameter, the value and the allowed
    // ones; the implementation is not called.
    let answer = http
        .get(format!("{origin}/pods?reasons=spam,AAA"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status(), 400);
    let problem: Value = answer.json().await.expect("a problem body");
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("`reasons`")
            && detail.contains("unknown value `AAA`; allowed: `spam`, `rights`"),
        "{problem}"
    );
    assert_eq!(CALLS.load(Ordering::SeqCst), 0);

    // Listed values pass.
    let answer = http
        .get(format!("{origin}/pods?reasons=spam,rights"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status(), 200);
    assert_eq!(CALLS.load(Ordering::SeqCst), 1);

    // The client decodes a value the spec does not list (in the answer) as `Unknown`, not an error.
    let client = Client::with_base_url(&origin, StaticToken::new("t")).expect("a client");
    let request = fidelity_api::ListPodsRequest {
        watch: None,
        limit: None,
        timeout_seconds: None,
        label_selector: None,
        reasons: vec![fidelity_api::ReasonsItem::Spam],
    };
    let fidelity_api::ListPodsResponse::Ok(pods) = client
        .list_pods(request, &Context::default())
        .await
        .expect("the client reads the answer");
    assert_eq!(
        pods.items[0].phase,
        Some(PendingOrRunning::Unknown(NEWER_PHASE.into()))
    );
    assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    task.abort();
}
