//! One lookup (`oppdrag-utenlandske-virksomheter`) through the generated client, and the same lookup as a
//! hand-written reqwest call, against the same loopback axum server returning the documented example. Both
//! send the bearer token and `Accept`, read the whole body and decode it into the same model type; the
//! difference is what the generated client adds (request building, token source, concurrency permit,
//! status dispatch).
//!
//! `cargo bench -p tests --bench client`; the ratio of the two is the client's overhead.

use std::time::Duration;

use axum::http::header::CONTENT_TYPE;
use criterion::{criterion_group, criterion_main, Criterion};
use skatteetaten_api::oppdrag_utenlandske_virksomheter::client::Client;
use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
    HentOppdragUtenlandskeVirksomheterRequest, OppdragUtenlandskVirksomhet,
    OppdragUtenlandskeVirksomheterApi, Organisasjonsnummer,
};
use skatteetaten_api::runtime::client::{ClientConfig, StaticToken};
use skatteetaten_api::runtime::Context;

const TOKEN: &str = "bench-token";
const PAIRED_ROUNDS: usize = 40;
const PAIRED_CALLS: u32 = 200;

/// The time of `PAIRED_CALLS` calls of `call`.
fn time_block(mut call: impl FnMut()) -> Duration {
    let started = std::time::Instant::now();
    for _ in 0..PAIRED_CALLS {
        call();
    }
    started.elapsed()
}

/// Starts the server on 127.0.0.1 and returns its base URL.
fn start_server(runtime: &tokio::runtime::Runtime) -> String {
    let body = tests::example(
        "oppdrag-utenlandske-virksomheter",
        "OppdragUtenlandskVirksomhet.json",
    )
    .to_string();
    runtime.block_on(async move {
        let app = axum::Router::new().fallback(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json")], body) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("loopback port");
        let address = listener.local_addr().expect("bound");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}/v1")
    })
}

/// The generated call: the lookup of `org`, its success value.
async fn generated(client: &Client, org: &Organisasjonsnummer) -> OppdragUtenlandskVirksomhet {
    let request = HentOppdragUtenlandskeVirksomheterRequest {
        organisasjonsnummer: org.clone(),
        altinn_samtykke: None,
    };
    client
        .hent_oppdrag_utenlandske_virksomheter(request, &Context::new())
        .await
        .expect("lookup")
        .into_result()
        .expect("found")
}

/// The hand-written call: what a developer would write with reqwest alone.
async fn hand_written(
    http: &reqwest::Client,
    base_url: &str,
    org: &Organisasjonsnummer,
) -> OppdragUtenlandskVirksomhet {
    let response = http
        .get(format!("{base_url}/{}", org.as_str()))
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.expect("body");
    serde_json::from_slice(&body).expect("decodes")
}

fn lookup(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let base_url = start_server(&runtime);
    let org = Organisasjonsnummer::new("974761076").expect("valid");
    let timeout = Duration::from_secs(30);

    let client = Client::new(
        ClientConfig::new(base_url.clone()).with_timeout(timeout),
        StaticToken::new(TOKEN),
    )
    .expect("client");
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .expect("reqwest");
    // Both answer the same.
    assert_eq!(
        runtime.block_on(generated(&client, &org)),
        runtime.block_on(hand_written(&http, &base_url, &org))
    );

    // Load on a shared machine drifts between criterion's two measurements; alternating short blocks of
    // both calls gives a ratio that drift affects equally.
    let mut ratios: Vec<f64> = (0..PAIRED_ROUNDS)
        .map(|round| {
            let time_generated = || {
                time_block(|| {
                    runtime.block_on(generated(&client, &org));
                })
            };
            let time_hand_written = || {
                time_block(|| {
                    runtime.block_on(hand_written(&http, &base_url, &org));
                })
            };
            let (generated, hand) = if round % 2 == 0 {
                let g = time_generated();
                (g, time_hand_written())
            } else {
                let h = time_hand_written();
                (time_generated(), h)
            };
            generated.as_secs_f64() / hand.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "paired ratio generated/hand-written: median {:.3} (quartiles {:.3}..{:.3}) over {PAIRED_ROUNDS} \
         rounds of {PAIRED_CALLS} calls each",
        ratios[ratios.len() / 2],
        ratios[ratios.len() / 4],
        ratios[ratios.len() * 3 / 4]
    );

    let mut group = c.benchmark_group("oppdrag_utenlandske_virksomheter_lookup");
    group.bench_function("generated_client", |b| {
        b.iter(|| runtime.block_on(generated(&client, &org)))
    });
    group.bench_function("hand_written_reqwest", |b| {
        b.iter(|| runtime.block_on(hand_written(&http, &base_url, &org)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = lookup
}
criterion_main!(benches);
