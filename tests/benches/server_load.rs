//! Load bench of the server adapter against a hand-written axum handler doing the same work (a lookup
//! of Oppdrag utenlandske virksomheter: token, `Accept`, organisation number, JSON), both on loopback in
//! one run: `cargo bench -p tests --bench server_load`. Prints requests per second and p50/p99 latency
//! of each, and the ratios.

#[path = "load/mod.rs"]
mod load;

const CONNECTIONS: usize = 64;
const REQUESTS: usize = 8_000;
const ROUNDS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let data = load::data();
        let (adapter, adapter_task) = load::serve(load::adapter(data.clone())).await;
        let (by_hand, by_hand_task) = load::serve(load::hand_written(data)).await;
        // Warm up both (connections, allocator, caches).
        load::load(&adapter, CONNECTIONS, 1_000).await;
        load::load(&by_hand, CONNECTIONS, 1_000).await;
        let mut best: [Option<load::Measured>; 2] = [None, None];
        // Alternate the two, keep each one's best round, so neither gets the quieter moments.
        for round in 1..=ROUNDS {
            for (i, (name, base)) in [("adapter", &adapter), ("hand-written", &by_hand)].into_iter().enumerate() {
                let m = load::load(base, CONNECTIONS, REQUESTS).await;
                println!(
                    "round {round} {name:>12}: {} requests, {} errors, {:>8.0} req/s, p50 {:>6.2} ms, p99 {:>6.2} ms",
                    m.requests,
                    m.errors,
                    m.per_second(),
                    m.p50.as_secs_f64() * 1e3,
                    m.p99.as_secs_f64() * 1e3
                );
                assert_eq!(m.errors, 0, "{name}: every request answered 200");
                if best[i].as_ref().map_or(true, |b| m.per_second() > b.per_second()) {
                    best[i] = Some(m);
                }
            }
        }
        let [Some(a), Some(h)] = best else { unreachable!("both measured") };
        println!(
            "best of {ROUNDS}, {CONNECTIONS} connections x {REQUESTS} requests:\n  adapter      {:>8.0} req/s, p99 {:.2} ms\n  hand-written {:>8.0} req/s, p99 {:.2} ms\n  ratio adapter/hand-written: throughput {:.2}, p99 latency {:.2}",
            a.per_second(),
            a.p99.as_secs_f64() * 1e3,
            h.per_second(),
            h.p99.as_secs_f64() * 1e3,
            a.per_second() / h.per_second(),
            a.p99.as_secs_f64() / h.p99.as_secs_f64()
        );
        adapter_task.abort();
        by_hand_task.abort();
    });
}
