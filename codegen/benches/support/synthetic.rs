//! The synthetic spec: `schemas` object schemas (each referring to the next) and `operations` operations,
//! deterministic (the same arguments give the same document). Shared, as source, by the criterion bench
//! (`codegen/benches/generate.rs`) and `cargo xtask bench` (`#[path]` includes this file), so both
//! measure the same document.

use serde_json::{json, Map, Value};

/// The size of a large public API: 2,000 schemas and 1,000 operations. `cargo xtask bench` scales both.
pub const SCHEMAS: usize = 2000;
pub const OPERATIONS: usize = 1000;

/// A JSON spec with `schemas` object schemas (each referring to the next) and `operations` operations.
pub fn synthetic_spec(schemas: usize, operations: usize) -> Value {
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
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Skjema{}", i % schemas.max(1))}}}},
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
