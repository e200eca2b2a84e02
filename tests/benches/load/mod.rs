//! The load generator shared by the load bench (`benches/server_load.rs`) and the load test
//! (`tests/server_load.rs`): the adapter and a hand-written axum handler doing the same work, served on
//! loopback, and a bounded number of requests over a fixed number of concurrent connections.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use skatteetaten_api::oppdrag_utenlandske_virksomheter::server;
use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
    Feil, Feilkode, HentOppdragUtenlandskeVirksomheterRequest as Request,
    HentOppdragUtenlandskeVirksomheterResponse as Reply, OppdragUtenlandskVirksomhet,
    OppdragUtenlandskeVirksomheterApi, Organisasjonsnummer,
};
use skatteetaten_api::runtime::server::{korrelasjonsid, ServerConfig};
use skatteetaten_api::runtime::{Context, Error};

pub const TOKEN: &str = "Bearer load-test-token";
/// The organisation of the documented example; the lookup the load sends.
pub const ORGNR: &str = "974761076";

/// The documented example, keyed by organisation.
pub type Data = Arc<HashMap<Organisasjonsnummer, OppdragUtenlandskVirksomhet>>;

pub fn data() -> Data {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "fixtures/examples/oppdrag-utenlandske-virksomheter/OppdragUtenlandskVirksomhet.json",
    );
    let text = std::fs::read_to_string(path).expect("the example reads");
    let example: OppdragUtenlandskVirksomhet =
        serde_json::from_str(&text).expect("the example parses");
    Arc::new(HashMap::from([(
        example.forespurte_organisasjon.clone(),
        example,
    )]))
}

fn not_found(orgnr: &str) -> Feil {
    Feil {
        kode: Feilkode::Oppdragutenlandskevirksomheter008.into(),
        melding: format!("Fant ikke angitt organisasjonsnummer {orgnr}"),
        korrelasjonsid: korrelasjonsid(),
        feilspesifiseringer: None,
    }
}

/// The trait implementation the adapter serves.
pub struct Lookup(pub Data);

impl OppdragUtenlandskeVirksomheterApi for Lookup {
    async fn hent_oppdrag_utenlandske_virksomheter(
        &self,
        request: Request,
        _context: &Context,
    ) -> Result<Reply, Error> {
        Ok(match self.0.get(&request.organisasjonsnummer) {
            Some(found) => Reply::Ok(found.clone()),
            None => Reply::NotFound(not_found(request.organisasjonsnummer.as_str())),
        })
    }
}

/// The adapter.
pub fn adapter(data: Data) -> axum::Router {
    server::router(Lookup(data), ServerConfig::default())
}

fn error(status: StatusCode, kode: Feilkode, melding: &str) -> Response {
    let body = Feil {
        kode: kode.into(),
        melding: melding.to_string(),
        korrelasjonsid: korrelasjonsid(),
        feilspesifiseringer: None,
    };
    (status, axum::Json(body)).into_response()
}

/// The same work written by hand: bearer token, `Accept`, the organisation number validated, the
/// lookup, the JSON answer or the documented error body.
async fn by_hand(
    State(data): State<Data>,
    Path(orgnr): Path<String>,
    headers: HeaderMap,
) -> Response {
    let token_ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| !t.is_empty());
    if !token_ok {
        return error(
            StatusCode::UNAUTHORIZED,
            Feilkode::Oppdragutenlandskevirksomheter004,
            "mangler token",
        );
    }
    let accept = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    if !(accept.contains("application/json")
        || accept.contains("*/*")
        || accept.contains("application/*"))
    {
        return error(
            StatusCode::NOT_ACCEPTABLE,
            Feilkode::Oppdragutenlandskevirksomheter009,
            "kun JSON",
        );
    }
    let orgnr = match Organisasjonsnummer::new(orgnr) {
        Ok(orgnr) => orgnr,
        Err(err) => {
            return error(
                StatusCode::BAD_REQUEST,
                Feilkode::Oppdragutenlandskevirksomheter006,
                &err.to_string(),
            )
        }
    };
    match data.get(&orgnr) {
        Some(found) => axum::Json(found.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, axum::Json(not_found(orgnr.as_str()))).into_response(),
    }
}

/// The hand-written router.
pub fn hand_written(data: Data) -> axum::Router {
    axum::Router::new()
        .route("/{organisasjonsnummer}", axum::routing::get(by_hand))
        .with_state(data)
}

/// Serves `router` on a loopback port; returns the base URL and the server task.
pub async fn serve(router: axum::Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (url, task)
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Measured {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Sends `requests` lookups over `connections` concurrent connections to `base`; every request has a
/// 10 s timeout, so the run ends by itself.
pub async fn load(base: &str, connections: usize, requests: usize) -> Measured {
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let url = Arc::new(format!("{base}/{ORGNR}"));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(connections);
    for worker in 0..connections {
        let (client, url) = (client.clone(), Arc::clone(&url));
        let share = requests / connections + usize::from(worker < requests % connections);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(share);
            let mut errors = 0;
            for _ in 0..share {
                let sent = Instant::now();
                let ok = match client
                    .get(url.as_str())
                    .header("authorization", TOKEN)
                    .send()
                    .await
                {
                    Ok(response) => response.status() == 200 && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                errors += usize::from(!ok);
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut errors = 0;
    for task in tasks {
        let (mut l, e) = task.await.expect("a load task");
        latencies.append(&mut l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    Measured {
        requests: latencies.len(),
        errors,
        elapsed,
        p50: at(0.50),
        p99: at(0.99),
    }
}
