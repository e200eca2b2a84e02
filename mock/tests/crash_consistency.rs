//! Crash consistency of keyed submissions: the mock binary is run as a child process on one SQLite file,
//! fed keyed åndsverk submissions by a few concurrent clients, and SIGKILLed at a random moment, round
//! after round. Each restart first replays every key that got no answer. At the end every submission is
//! stored exactly once, under the receipt its key was answered with, and every key has one stored reply:
//! no retry after a crash was processed twice.
//!
//! Loopback only; the rounds, the clients' requests and every wait are bounded.

mod mock_process;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mock_process::MockProcess;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

const ROUNDS: usize = 20;
const CLIENTS: usize = 4;
/// The kill comes this long after the restart, at random (milliseconds).
const KILL_AFTER_MS: std::ops::Range<u64> = 50..600;
const SCOPE: &str = "innrapportering_aandsverk/sendInnLeveranse";

/// One submission: its idempotency key, which is also its `oppgavegiversLeveranseReferanse`, so the
/// stored row can be found without trusting the mock's own bookkeeping.
type Key = String;

#[derive(Default)]
struct Ledger {
    /// Sent, no answer yet (the mock died first).
    pending: Vec<Key>,
    /// Answered: the forsendelse id of the receipt.
    answered: HashMap<Key, String>,
}

fn body(template: &Value, key: &str) -> String {
    let mut body = template.clone();
    body["leveranse"]["oppgavegiversLeveranseReferanse"] = Value::String(key.to_string());
    body.to_string()
}

/// Sends `key`'s submission; `Some(forsendelseId)` when answered 200, `None` when the connection died.
async fn submit(
    http: &reqwest::Client,
    origin: &str,
    template: &Value,
    key: &str,
) -> Option<String> {
    let response = http
        .post(format!(
            "{origin}/innrapporteringaandsverk/v1/2024?idempotencyKey={key}"
        ))
        .header("authorization", "Bearer krasj")
        .header("content-type", "application/json")
        .body(body(template, key))
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    let text = response.text().await.ok()?;
    assert_eq!(status, 200, "key {key}: {text}");
    let receipt: Value = serde_json::from_str(&text).expect("a JSON receipt");
    Some(receipt["forsendelseId"].as_str()?.to_string())
}

/// The stored åndsverk submissions by the key in their `oppgavegiversLeveranseReferanse`: their
/// forsendelse ids (one table scan; the seeded example is left out).
fn stored(db: &Connection) -> HashMap<Key, Vec<String>> {
    let mut statement = db
        .prepare("SELECT forsendelse_id, innhold FROM innsending WHERE api = 'innrapportering_aandsverk'")
        .expect("query submissions");
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .expect("query submissions");
    let mut stored: HashMap<Key, Vec<String>> = HashMap::new();
    for row in rows {
        let (id, innhold) = row.expect("a row");
        let innhold: Value = serde_json::from_str(&innhold).expect("stored JSON");
        let reference = innhold["leveranse"]["oppgavegiversLeveranseReferanse"].as_str();
        // The seeded example's reference is no UUID: not one of ours.
        if let Some(key) = reference.filter(|r| uuid::Uuid::parse_str(r).is_ok()) {
            stored.entry(key.to_string()).or_default().push(id);
        }
    }
    stored
}

/// Whether the adapter holds a reply for `key`.
fn has_reply(db: &Connection, key: &str) -> bool {
    db.query_row(
        "SELECT 1 FROM idempotency WHERE scope = ?1 AND key = ?2",
        params![SCOPE, key],
        |_| Ok(()),
    )
    .optional()
    .expect("query keys")
    .is_some()
}

/// Unanswered keys whose submission is stored but whose reply is not: the mock died between the two.
fn orphans(file: &Path, pending: &[Key]) -> usize {
    if !file.exists() {
        return 0;
    }
    let db = Connection::open(file).expect("open the database");
    let stored = stored(&db);
    pending
        .iter()
        .filter(|key| stored.contains_key(*key) && !has_reply(&db, key))
        .count()
}

/// A small PRNG seeded from a UUID (no extra crate): the kill moments.
fn random_below(state: &mut u64, bound: u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state % bound
}

#[test]
fn no_keyed_submission_is_processed_twice_across_kills() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("mock.sqlite");
    let template: Value =
        serde_json::from_value(skatteetaten_mock::aandsverk_innsending().expect("the example"))
            .expect("JSON");
    let template = Arc::new(template);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a client");
    let mut seed = (uuid::Uuid::new_v4().as_u128() as u64) | 1;
    let (mut window_hits, mut sent) = (0, 0);
    for round in 0..=ROUNDS {
        let pending = ledger.lock().unwrap().pending.clone();
        window_hits += orphans(&file, &pending);
        let mock = MockProcess::start(&file, &[]);
        let origin = mock.origin.clone();
        // Replay the unanswered keys first, as a client retrying after a lost answer does.
        runtime.block_on(async {
            for key in pending {
                if let Some(id) = submit(&http, &origin, &template, &key).await {
                    let mut ledger = ledger.lock().unwrap();
                    ledger.pending.retain(|k| k != &key);
                    ledger.answered.insert(key, id);
                }
            }
        });
        if round == ROUNDS {
            // The last start only settles the replays; then every answered key is replayed once more
            // and must get the very same receipt.
            let answered = ledger.lock().unwrap().answered.clone();
            runtime.block_on(async {
                for (key, id) in &answered {
                    let again = submit(&http, &origin, &template, key).await;
                    assert_eq!(again.as_ref(), Some(id), "key {key} answered anew");
                }
            });
            drop(mock);
            break;
        }
        let kill_after = Duration::from_millis(
            KILL_AFTER_MS.start + random_below(&mut seed, KILL_AFTER_MS.end - KILL_AFTER_MS.start),
        );
        let count = runtime.block_on(async {
            let clients: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    let (http, origin, template, ledger) = (
                        http.clone(),
                        origin.clone(),
                        Arc::clone(&template),
                        Arc::clone(&ledger),
                    );
                    tokio::spawn(async move {
                        let mut count = 0;
                        // Bounded: a client stops at its first dead request (the kill) or after 2 000.
                        for _ in 0..2_000 {
                            let key = uuid::Uuid::new_v4().to_string();
                            ledger.lock().unwrap().pending.push(key.clone());
                            count += 1;
                            let Some(id) = submit(&http, &origin, &template, &key).await else {
                                break;
                            };
                            let mut ledger = ledger.lock().unwrap();
                            ledger.pending.retain(|k| k != &key);
                            ledger.answered.insert(key, id);
                        }
                        count
                    })
                })
                .collect();
            tokio::time::sleep(kill_after).await;
            mock.kill();
            let mut count = 0;
            for client in clients {
                count += tokio::time::timeout(Duration::from_secs(30), client)
                    .await
                    .expect("a client stops after the kill")
                    .expect("a client does not panic");
            }
            count
        });
        sent += count;
    }
    let ledger = ledger.lock().unwrap();
    // Printed first, so a failing run still tells how often the window was hit.
    println!(
        "{ROUNDS} rounds, {sent} submissions sent, {} keys answered, the crash window (submission stored, \
         reply not) hit {window_hits} times, {:.1} s",
        ledger.answered.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(ledger.pending.is_empty(), "every key answered in the end");
    let db = Connection::open(&file).expect("open the database");
    let stored = stored(&db);
    assert_eq!(
        stored.len(),
        ledger.answered.len(),
        "only the keys sent are stored"
    );
    for (key, id) in &ledger.answered {
        assert_eq!(
            stored.get(key),
            Some(&vec![id.clone()]),
            "key {key}: stored once, under the receipt it was answered with"
        );
        assert!(has_reply(&db, key), "key {key}: its reply is stored");
    }
    let keys: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM idempotency WHERE scope = ?1",
            params![SCOPE],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(keys as usize, ledger.answered.len(), "one reply per key");
}
