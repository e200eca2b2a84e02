//! How fast the generator is, in-process: the real `specs/` folder (seven APIs), and a synthetic spec the
//! size of a large public API (2,000 schemas, 1,000 operations) to see how it scales.
//!
//! `cargo bench -p skatteetaten-codegen --bench generate`

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{synthetic_spec, OPERATIONS, SCHEMAS};

fn real_specs(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    c.bench_function("generate specs/ (7 APIs)", |b| {
        b.iter(|| codegen::generate(&specs).expect("specs generate"))
    });
}

fn large_spec(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("stor");
    std::fs::create_dir(&api).unwrap();
    let spec = serde_json::to_string(&synthetic_spec(SCHEMAS, OPERATIONS)).unwrap();
    std::fs::write(api.join("openapi.json"), &spec).unwrap();
    let files = codegen::generate(dir.path()).expect("synthetic spec generates");
    let lines: usize = files.values().map(|f| f.lines().count()).sum();
    eprintln!(
        "synthetic spec: {} KiB in, {} files, {} lines out",
        spec.len() / 1024,
        files.len(),
        lines
    );
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("generate 2000 schemas + 1000 operations", |b| {
        b.iter(|| codegen::generate(dir.path()).expect("synthetic spec generates"))
    });
    group.finish();
}

criterion_group!(benches, real_specs, large_spec);
criterion_main!(benches);
