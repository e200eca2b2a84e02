//! Idempotency keys are locked one by one: a slow call under one key does not hold up a call under
//! another, even two keys that fell on the same lock stripe of the adapter's former 64-stripe table.

mod server_support;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use server_support::{oppdrag_innsending, serve, Answer, Running, TOKEN};
use skatteetaten_api::innrapportering_oppdrag::server;
use skatteetaten_api::innrapportering_oppdrag::{
    Feil, Feilkode, HentForsendelseRequest, HentForsendelseResponse, InnrapporteringOppdragApi,
    Kvittering, SendInnOppdragRequest, SendInnOppdragResponse,
};
use skatteetaten_api::runtime::server::{korrelasjonsid, ServerConfig};
use skatteetaten_api::runtime::{Context, Error};
use tokio::sync::Semaphore;

/// `kildesystem: "vent"` waits until the test lets it go; anything else answers at once.
#[derive(Clone)]
struct Gate {
    waiting: Arc<AtomicUsize>,
    open: Arc<Semaphore>,
}

impl InnrapporteringOppdragApi for Gate {
    async fn send_inn_oppdrag(
        &self,
        request: SendInnOppdragRequest,
        _context: &Context,
    ) -> Result<SendInnOppdragResponse, Error> {
        if request.body.kildesystem.as_deref() == Some("vent") {
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let _ = tokio::time::timeout(Duration::from_secs(60), self.open.acquire()).await;
        }
        Ok(SendInnOppdragResponse::Ok(Kvittering {
            dialog_id: uuid::Uuid::new_v4(),
            forsendelse_id: uuid::Uuid::new_v4(),
            oppdragsnummer: None,
            innsendingstype: None,
        }))
    }

    async fn hent_forsendelse(
        &self,
        _: HentForsendelseRequest,
        _context: &Context,
    ) -> Result<HentForsendelseResponse, Error> {
        Ok(HentForsendelseResponse::NotFound(Feil {
            kode: Feilkode::Oar008.into(),
            melding: "ingen".into(),
            korrelasjonsid: korrelasjonsid(),
            feilspesifiseringer: None,
        }))
    }
}

/// The stripe the adapter used to lock `key` under (64 stripes, hash of scope and key).
fn old_stripe(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (
        "innrapportering_oppdrag/sendInnOppdrag".to_string(),
        key.to_string(),
    )
        .hash(&mut hasher);
    hasher.finish() % 64
}

fn submit(running: &Running, key: &str, kildesystem: &str) -> reqwest::RequestBuilder {
    let mut body = oppdrag_innsending();
    body["kildesystem"] = kildesystem.into();
    running
        .http
        .post(running.url(&format!("/v1/oppdrag?idempotencyKey={key}")))
        .header("authorization", TOKEN)
        .header("content-type", "application/json")
        .body(body.to_string())
}

#[tokio::test]
async fn a_slow_call_under_one_key_does_not_delay_another_key() {
    let gate = Gate {
        waiting: Arc::new(AtomicUsize::new(0)),
        open: Arc::new(Semaphore::new(0)),
    };
    let config = ServerConfig::default().with_timeout(Duration::from_secs(90));
    let running = Arc::new(
        serve(axum::Router::new().nest("/v1", server::router(gate.clone(), config))).await,
    );
    let slow = uuid::Uuid::new_v4().to_string();
    // A second key on the same old stripe (1 in 64: found within a few hundred tries).
    let other = std::iter::repeat_with(|| uuid::Uuid::new_v4().to_string())
        .find(|key| old_stripe(key) == old_stripe(&slow))
        .expect("a colliding key");
    let first = {
        let (running, slow) = (Arc::clone(&running), slow.clone());
        tokio::spawn(async move { Answer::of(submit(&running, &slow, "vent")).await })
    };
    // Bounded wait until the slow call is inside the implementation (holding its key's lock).
    for _ in 0..400 {
        if gate.waiting.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        gate.waiting.load(Ordering::SeqCst),
        1,
        "the slow call started"
    );
    // The other key is answered while the slow one still waits (it waits until after this answer).
    let answer = tokio::time::timeout(
        Duration::from_secs(15),
        Answer::of(submit(&running, &other, "rask")),
    )
    .await
    .expect("another key is not held up by the slow one");
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(!first.is_finished(), "the slow call is still waiting");
    gate.open.add_permits(1);
    let first = tokio::time::timeout(Duration::from_secs(30), first)
        .await
        .expect("the slow call ends once let go")
        .unwrap();
    assert_eq!(first.status, 200, "{}", first.text);
}
