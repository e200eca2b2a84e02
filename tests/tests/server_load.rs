//! The adapter holds many concurrent requests without an error: 64 connections, 2 000 lookups on
//! loopback, every one answered 200, as the hand-written handler of the bench does. (The measuring run,
//! with more requests and rounds, is the bench `benches/server_load.rs`.)

#[path = "../benches/load/mod.rs"]
mod load;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_adapter_answers_64_concurrent_connections_without_errors() {
    let data = load::data();
    let (adapter, adapter_task) = load::serve(load::adapter(data.clone())).await;
    let (by_hand, by_hand_task) = load::serve(load::hand_written(data)).await;
    // Both answer the same document.
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut bodies = Vec::new();
    for base in [&adapter, &by_hand] {
        let response = client
            .get(format!("{base}/{}", load::ORGNR))
            .header("authorization", load::TOKEN)
            .send()
            .await
            .unwrap();
        bodies.push(response.json::<serde_json::Value>().await.unwrap());
    }
    assert_eq!(bodies[0], bodies[1]);
    for (name, base) in [("adapter", &adapter), ("hand-written", &by_hand)] {
        let measured = tokio::time::timeout(Duration::from_secs(60), load::load(base, 64, 2_000))
            .await
            .expect("the load finishes within a minute");
        println!(
            "{name}: {:.0} req/s, p99 {:.2} ms (debug build)",
            measured.per_second(),
            measured.p99.as_secs_f64() * 1e3
        );
        assert_eq!(
            (measured.requests, measured.errors),
            (2_000, 0),
            "{name}: {measured:?}"
        );
        assert!(measured.p50 <= measured.p99 && measured.elapsed > Duration::ZERO);
    }
    adapter_task.abort();
    by_hand_task.abort();
}
