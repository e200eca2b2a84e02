//! How fast the generator is, in-process: the real `specs/` folder (seven APIs), and a synthetic spec the
//! size of a large public API (2,000 schemas, 1,000 operations) to see how it scales.
//!
//! `cargo bench -p codegen --bench generate`

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};

fn real_specs(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    c.bench_function("generate specs/ (7 APIs)", |b| {
        b.iter(|| codegen::generate(&specs).expect("specs generate"))
    });
}

/// A JSON spec with `schemas` object schemas (each referring to the next) and `operations` operations.
fn synthetic_spec(schemas: usize, operations: usize) -> Value {
    let mut components = Map::new();
    for i in 0..schemas {
        let next = (i + 1) % schemas;
        components.insert(
            format!("Skjema{i}"),
            json!({
                "type": "object",
                "description": format!("Skjema nummer {i}."),
                "required": ["id", "navn"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "navn": {"type": "string", "description": "Navnet."},
                    "beløp": {"type": "number", "format": "double"},
                    "dato": {"type": "string", "format": "date"},
                    "status": {"type": "string", "enum": ["ny", "endret", "slettet"]},
                    "neste": {"$ref": format!("#/components/schemas/Skjema{next}")},
                    "liste": {"type": "array", "items": {"$ref": format!("#/components/schemas/Skjema{next}")}}
                }
            }),
        );
    }
    let mut paths = Map::new();
    for i in 0..operations {
        paths.insert(
            format!("/ressurs{i}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("hentRessurs{i}"),
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "fraOgMed", "in": "query", "schema": {"type": "string", "format": "date"}}
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Skjema{}", i % schemas)}}}},
                        "404": {"description": "ikke funnet"}
                    }
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Stor", "version": "1"},
        "paths": paths,
        "components": {"schemas": components}
    })
}

fn large_spec(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("stor");
    std::fs::create_dir(&api).unwrap();
    let spec = serde_json::to_string(&synthetic_spec(2000, 1000)).unwrap();
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
