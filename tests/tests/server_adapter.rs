//! The generated adapter end to end over loopback, with a probe implementation of the oppdrag API:
//! every bad-input case answered with the API's own documented code, idempotent replay and conflict,
//! body limit, timeout, panics, token checks, and the durable idempotency store.

mod server_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use server_support::{key, oppdrag_innsending, serve, Answer, Running, TOKEN};
use skatteetaten_api::innrapportering_oppdrag::server::{self, ERROR_ROLES};
use skatteetaten_api::innrapportering_oppdrag::{
    Feil, Feilkode, HentForsendelseRequest, HentForsendelseResponse, InnrapporteringOppdragApi,
    Kvittering, SendInnOppdragRequest, SendInnOppdragResponse,
};
use skatteetaten_api::runtime::server::{
    korrelasjonsid, MemoryStore, ServerConfig, SharedSecret, SqliteStore,
};
use skatteetaten_api::runtime::{Context, Error};

/// Counts calls; `kildesystem` steers it: `sov` sleeps past any timeout, `panikk` panics, `feil`
/// fails with an implementation error.
#[derive(Clone, Default)]
struct Probe {
    calls: Arc<AtomicUsize>,
}

/// What an implementation error of the probe says (never sent to the caller).
const SECRET_FAILURE: &str = "databasen på db-intern-7 svarer ikke";

impl InnrapporteringOppdragApi for Probe {
    async fn send_inn_oppdrag(
        &self,
        request: SendInnOppdragRequest,
        _context: &Context,
    ) -> Result<SendInnOppdragResponse, Error> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match request.body.kildesystem.as_deref() {
            Some("sov") => tokio::time::sleep(Duration::from_secs(30)).await,
            Some("panikk") => panic!("the probe panics on purpose"),
            Some("feil") => return Err(Error::implementation(SECRET_FAILURE)),
            _ => {}
        }
        Ok(SendInnOppdragResponse::Ok(Kvittering {
            dialog_id: uuid::Uuid::new_v4(),
            forsendelse_id: uuid::Uuid::new_v4(),
            oppdragsnummer: Some(request.body.oppdrag.oppdragsnummer.clone()),
            innsendingstype: Some(request.body.innsendingstype),
        }))
    }

    async fn hent_forsendelse(
        &self,
        request: HentForsendelseRequest,
        context: &Context,
    ) -> Result<HentForsendelseResponse, Error> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(HentForsendelseResponse::NotFound(Feil {
            kode: Feilkode::Oar008.into(),
            melding: format!("ingen forsendelse {}", request.forsendelse_id),
            korrelasjonsid: context
                .correlation_id
                .clone()
                .unwrap_or_else(korrelasjonsid),
            feilspesifiseringer: None,
        }))
    }
}

const LIMIT: usize = 8 * 1024;

fn config() -> ServerConfig {
    ServerConfig::default()
        .with_body_limit(LIMIT)
        .with_timeout(Duration::from_millis(300))
        .with_store(Arc::new(MemoryStore::new()))
}

async fn start(probe: &Probe, config: ServerConfig) -> Running {
    serve(axum::Router::new().nest("/v1", server::router(probe.clone(), config))).await
}

fn submit(running: &Running, key: &str) -> reqwest::RequestBuilder {
    running
        .http
        .post(running.url(&format!("/v1/oppdrag?idempotencyKey={key}")))
        .header("authorization", TOKEN)
        .header("content-type", "application/json")
}

#[tokio::test]
async fn submission_succeeds_and_replays_without_calling_again() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    let key = key();
    let body = oppdrag_innsending();
    let first = Answer::of(submit(&running, &key).body(body.to_string())).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.body["oppdragsnummer"], "PRJ-2025-0042");
    // The same body, written differently (pretty-printed): the stored response, no second call.
    let again =
        Answer::of(submit(&running, &key).body(serde_json::to_string_pretty(&body).unwrap())).await;
    assert_eq!((again.status, &again.body), (200, &first.body));
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
    // Another body under the same key: OAR_007, still one call.
    let mut other = body.clone();
    other["oppdrag"]["oppdragsnummer"] = json!("PRJ-2025-0043");
    Answer::of(submit(&running, &key).body(other.to_string()))
        .await
        .assert_code(409, "OAR_007", None);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
    // A new key is a new call.
    let fresh = Answer::of(submit(&running, &server_support::key()).body(body.to_string())).await;
    assert_eq!(fresh.status, 200);
    assert_ne!(fresh.body["forsendelseId"], first.body["forsendelseId"]);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn bad_bodies_get_the_structure_and_validation_codes() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    // Malformed JSON: the structure code OAR_004 with OAR_1007 (Feil i JSON-innhold).
    for text in ["{", "[1,", "{\"a\": }", "", "{} trailing"] {
        Answer::of(submit(&running, &key()).body(text))
            .await
            .assert_code(400, "OAR_004", Some("OAR_1007"));
    }
    // Bytes that are no UTF-8 inside a JSON string: JSON is UTF-8, so this is malformed JSON (the
    // structure code), not a value that fails the schema.
    let mut not_utf8 = oppdrag_innsending().to_string().into_bytes();
    let at = not_utf8
        .windows(3)
        .position(|w| w == b"PRJ")
        .expect("the oppdragsnummer");
    not_utf8[at] = 0xff;
    Answer::of(submit(&running, &key()).body(not_utf8))
        .await
        .assert_code(400, "OAR_004", Some("OAR_1007"));
    // Well-formed JSON that does not fit the schema: the validation code OAR_005, with the path.
    let mut bad_orgnr = oppdrag_innsending();
    bad_orgnr["oppdragsgiver"]["organisasjonsnummer"] = json!("12345678");
    let answer = Answer::of(submit(&running, &key()).body(bad_orgnr.to_string())).await;
    answer.assert_code(400, "OAR_005", Some("OAR_1007"));
    assert_eq!(
        answer.body["feilspesifiseringer"][0]["sti"],
        "oppdragsgiver.organisasjonsnummer"
    );
    // An enum value the spec does not list (the generated enum is open, so only the server's reading
    // refuses it): the validation code, with the path, and the allowed values in the message.
    let mut unlisted = oppdrag_innsending();
    unlisted["innsendingstype"] = json!("AAA");
    let answer = Answer::of(submit(&running, &key()).body(unlisted.to_string())).await;
    answer.assert_code(400, "OAR_005", Some("OAR_1007"));
    let spec = &answer.body["feilspesifiseringer"][0];
    assert_eq!(spec["sti"], "innsendingstype", "{}", answer.text);
    assert!(
        spec["melding"].as_str().is_some_and(
            |m| m.contains("unknown value `AAA`; allowed: `ny`, `endring`, `sletting`")
        ),
        "{}",
        answer.text
    );
    let mut missing = oppdrag_innsending();
    missing.as_object_mut().unwrap().remove("oppdrag");
    Answer::of(submit(&running, &key()).body(missing.to_string()))
        .await
        .assert_code(400, "OAR_005", Some("OAR_1007"));
    Answer::of(submit(&running, &key()).body("[]"))
        .await
        .assert_code(400, "OAR_005", Some("OAR_1007"));
    assert_eq!(
        probe.calls.load(Ordering::SeqCst),
        0,
        "bad input never reaches the implementation"
    );
}

#[tokio::test]
async fn bad_parameters_and_headers_get_their_codes() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    let body = oppdrag_innsending().to_string();
    // idempotencyKey missing or not a UUID: validation with "Feil i parametre".
    for query in ["", "?idempotencyKey=abc", "?idempotencyKey=%ZZ"] {
        let answer = Answer::of(
            running
                .http
                .post(running.url(&format!("/v1/oppdrag{query}")))
                .header("authorization", TOKEN)
                .header("content-type", "application/json")
                .body(body.clone()),
        )
        .await;
        answer.assert_code(400, "OAR_005", Some("OAR_1003"));
    }
    // Content-Type missing: "Header mangler"; not JSON: "Content type må være application/json".
    let answer = Answer::of(
        running
            .http
            .post(running.url(&format!("/v1/oppdrag?idempotencyKey={}", key())))
            .header("authorization", TOKEN)
            .body(body.clone()),
    )
    .await;
    answer.assert_code(400, "OAR_003", Some("OAR_1005"));
    let answer = Answer::of(
        running
            .http
            .post(running.url(&format!("/v1/oppdrag?idempotencyKey={}", key())))
            .header("authorization", TOKEN)
            .header("content-type", "text/plain")
            .body(body.clone()),
    )
    .await;
    answer.assert_code(400, "OAR_003", Some("OAR_1008"));
    // A path parameter that is not a UUID.
    running
        .get("/v1/forsendelse/ikke-en-uuid")
        .await
        .assert_code(400, "OAR_005", Some("OAR_1003"));
    // Accept that JSON cannot satisfy: no 406 code, so the request code with OAR_1006.
    let answer = Answer::of(
        running
            .http
            .get(running.url(&format!("/v1/forsendelse/{}", key())))
            .header("authorization", TOKEN)
            .header("accept", "application/xml"),
    )
    .await;
    answer.assert_code(400, "OAR_003", Some("OAR_1006"));
    // Accept that allows JSON passes, and the implementation answers.
    let answer = Answer::of(
        running
            .http
            .get(running.url(&format!("/v1/forsendelse/{}", key())))
            .header("authorization", TOKEN)
            .header("accept", "text/html, application/*;q=0.8"),
    )
    .await;
    answer.assert_code(404, "OAR_008", None);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unknown_urls_and_methods_get_their_codes() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    running
        .get("/v1/finnes-ikke")
        .await
        .assert_code(404, "OAR_008", Some("OAR_1004"));
    running
        .get("/v1/forsendelse")
        .await
        .assert_code(404, "OAR_008", Some("OAR_1004"));
    for method in [
        reqwest::Method::DELETE,
        reqwest::Method::PUT,
        reqwest::Method::GET,
    ] {
        Answer::of(
            running
                .http
                .request(method, running.url("/v1/oppdrag"))
                .header("authorization", TOKEN),
        )
        .await
        .assert_code(405, "OAR_009", None);
    }
    assert_eq!(probe.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn tokens_are_required_and_checked() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    let path = format!("/v1/forsendelse/{}", key());
    // No Authorization: OAR_002 (the API's 401) with "Header mangler" (it has no "Mangler token").
    let answer = Answer::of(running.http.get(running.url(&path))).await;
    answer.assert_code(401, "OAR_002", Some("OAR_1005"));
    assert_eq!(answer.headers["www-authenticate"], "Bearer");
    for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer æøå"] {
        Answer::of(
            running
                .http
                .get(running.url(&path))
                .header("authorization", header),
        )
        .await
        .assert_code(401, "OAR_002", Some("OAR_1001"));
    }
    assert_eq!(probe.calls.load(Ordering::SeqCst), 0);
    // With a key, only that token passes.
    let keyed = start(
        &probe,
        config().with_tokens(SharedSecret("hemmelig".into())),
    )
    .await;
    Answer::of(
        keyed
            .http
            .get(keyed.url(&path))
            .header("authorization", "Bearer feil"),
    )
    .await
    .assert_code(401, "OAR_002", Some("OAR_1001"));
    Answer::of(
        keyed
            .http
            .get(keyed.url(&path))
            .header("authorization", "Bearer hemmelig"),
    )
    .await
    .assert_code(404, "OAR_008", None);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    let mut body = oppdrag_innsending();
    body["kildesystem"] = json!("x".repeat(LIMIT));
    let answer = Answer::of(submit(&running, &key()).body(body.to_string())).await;
    answer.assert_code(400, "OAR_005", None);
    assert!(
        answer.body["melding"]
            .as_str()
            .unwrap()
            .contains(&LIMIT.to_string()),
        "{}",
        answer.text
    );
    assert_eq!(probe.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn slow_and_panicking_implementations_get_the_unexpected_code() {
    let probe = Probe::default();
    let running = start(&probe, config()).await;
    let key = key();
    let mut slow = oppdrag_innsending();
    slow["kildesystem"] = json!("sov");
    let started = Instant::now();
    Answer::of(submit(&running, &key).body(slow.to_string()))
        .await
        .assert_code(500, "OAR_006", None);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut off after {:?}",
        started.elapsed()
    );
    // A failed call is not stored: the retry calls the implementation again.
    Answer::of(submit(&running, &key).body(slow.to_string()))
        .await
        .assert_code(500, "OAR_006", None);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 2);
    let mut panicking = oppdrag_innsending();
    panicking["kildesystem"] = json!("panikk");
    Answer::of(submit(&running, &server_support::key()).body(panicking.to_string()))
        .await
        .assert_code(500, "OAR_006", None);
    // The server still serves.
    let fine =
        Answer::of(submit(&running, &server_support::key()).body(oppdrag_innsending().to_string()))
            .await;
    assert_eq!(fine.status, 200, "{}", fine.text);
}

#[tokio::test]
async fn the_sqlite_store_keeps_keys_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("idempotency.sqlite");
    let key = key();
    let body: Value = oppdrag_innsending();
    let first = {
        let probe = Probe::default();
        let store = Arc::new(SqliteStore::open(&file).unwrap());
        let running = start(&probe, config().with_store(store)).await;
        let answer = Answer::of(submit(&running, &key).body(body.to_string())).await;
        assert_eq!(answer.status, 200);
        answer.body
    };
    let probe = Probe::default();
    let store = Arc::new(SqliteStore::open(&file).unwrap());
    let running = start(&probe, config().with_store(store)).await;
    let again = Answer::of(submit(&running, &key).body(body.to_string())).await;
    assert_eq!((again.status, &again.body), (200, &first));
    assert_eq!(
        probe.calls.load(Ordering::SeqCst),
        0,
        "replayed from the file"
    );
    let mut other = body;
    other["kildesystem"] = json!("annet");
    Answer::of(submit(&running, &key).body(other.to_string()))
        .await
        .assert_code(409, "OAR_007", None);
}

#[test]
fn the_roles_constant_names_the_documented_codes() {
    assert_eq!(
        ERROR_ROLES.idempotency_conflict.map(|c| c.kode),
        Some("OAR_007")
    );
    assert_eq!(ERROR_ROLES.specs.missing_header, Some("OAR_1005"));
    assert_eq!(ERROR_ROLES.structure.kode, "OAR_004");
}

#[tokio::test]
async fn concurrent_retries_with_one_key_call_the_implementation_once() {
    let probe = Probe::default();
    let running = Arc::new(start(&probe, config()).await);
    let key = key();
    let body = oppdrag_innsending().to_string();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (running, key, body) = (Arc::clone(&running), key.clone(), body.clone());
            tokio::spawn(async move { Answer::of(submit(&running, &key).body(body)).await })
        })
        .collect();
    let mut bodies = Vec::new();
    for task in tasks {
        let answer = task.await.unwrap();
        assert_eq!(answer.status, 200, "{}", answer.text);
        bodies.push(answer.body);
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "one receipt for all: {bodies:?}"
    );
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_implementation_error_gets_the_unexpected_code_and_is_reported_not_sent() {
    let probe = Probe::default();
    let reported = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = Arc::clone(&reported);
    let running = start(
        &probe,
        config().on_error(move |operation, err| {
            sink.lock().unwrap().push(format!("{operation}: {err}"));
        }),
    )
    .await;
    let key = key();
    let mut failing = oppdrag_innsending();
    failing["kildesystem"] = json!("feil");
    let answer = Answer::of(submit(&running, &key).body(failing.to_string())).await;
    answer.assert_code(500, "OAR_006", None);
    assert!(!answer.text.contains(SECRET_FAILURE), "{}", answer.text);
    let reported = reported.lock().unwrap().clone();
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(reported[0].starts_with("sendInnOppdrag"), "{reported:?}");
    assert!(reported[0].contains(SECRET_FAILURE), "{reported:?}");
    // A failed call is not stored: the retry calls the implementation again.
    Answer::of(submit(&running, &key).body(failing.to_string()))
        .await
        .assert_code(500, "OAR_006", None);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 2);
}
