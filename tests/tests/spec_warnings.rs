//! Spec defects the generator works around: a warning naming the file, the place and the kind, and code
//! that still compiles (the torture fixture holds them too). `x-deny-warnings` makes them errors.

use std::fs;

/// Error codes for the roles the server adapter needs, so the API gets one.
const TABLE: &str = "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| E-1 | 400 | Feil ved validering |\n| E-2 | 404 | Ukjent url |\n| E-3 | 401 | Feil ved autentisering |\n| E-4 | 500 | Uventet feil |\n";

fn specs_with(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("api");
    fs::create_dir(&api).unwrap();
    fs::write(api.join("openapi.yaml"), spec).unwrap();
    fs::write(api.join("feil.md"), TABLE).unwrap();
    dir
}

fn spec_with_paths(info: &str, paths: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'{info}}}\npaths:\n{paths}")
}

fn warnings_of(spec: &str) -> (codegen::Output, Vec<(String, String)>) {
    let specs = specs_with(spec);
    let output = codegen::run(specs.path()).expect("generates despite the defect");
    // The note that a description of several paths has no tags (`tags-from-paths`) stands beside
    // most specs here; the tests are about the others.
    let found = output
        .warnings
        .iter()
        .inspect(|w| assert!(w.file.ends_with("api/openapi.yaml"), "{w}"))
        .filter(|w| w.name != "tags-from-paths")
        .map(|w| (w.name.to_string(), w.location.clone()))
        .collect();
    (output, found)
}

fn path_op(path: &str, param: &str, id: &str) -> String {
    format!("  {path}:\n    get:\n      operationId: {id}\n      parameters:\n        - {{name: {param}, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n")
}

#[test]
fn routes_only_a_server_cannot_tell_apart_are_a_warning() {
    let spec = spec_with_paths(
        "",
        &(path_op("/v1/{a}", "a", "hentA") + &path_op("/v1/{b}", "b", "hentB")),
    );
    let (output, found) = warnings_of(&spec);
    assert_eq!(
        found,
        [(
            "ambiguous-route".to_string(),
            "/paths/~1v1~1{b}/get".to_string()
        )]
    );
    let operations = &output.files[std::path::Path::new("api/operations.rs")];
    let server = &output.files[std::path::Path::new("api/server.rs")];
    // Both are in the trait; only the first is routed.
    assert!(
        operations.contains("fn hent_a(") && operations.contains("fn hent_b("),
        "{operations}"
    );
    assert!(operations.contains("Not served by"), "{operations}");
    assert!(
        server.contains("routes.add(&HENT_A, call_hent_a);"),
        "{server}"
    );
    assert!(!server.contains("call_hent_b"), "{server}");
}

#[test]
fn duplicate_operation_ids_are_told_apart() {
    let spec = spec_with_paths(
        "",
        &(path_op("/a/{x}", "x", "hent") + &path_op("/b/{x}", "x", "hent")),
    );
    let (output, found) = warnings_of(&spec);
    assert_eq!(
        found,
        [(
            "duplicate-operation-id".to_string(),
            "/paths/~1b~1{x}/get/operationId".to_string()
        )]
    );
    let client = &output.files[std::path::Path::new("api/client.rs")];
    assert!(
        client.contains("fn hent(") && client.contains("fn hent_2("),
        "{client}"
    );
}

#[test]
fn an_undefined_security_scheme_is_a_warning_and_still_needs_a_token() {
    let spec = format!(
        "{}security:\n  - udefinert: [les]\n",
        spec_with_paths("", &path_op("/a/{x}", "x", "hent"))
    );
    let (output, found) = warnings_of(&spec);
    assert_eq!(
        found,
        [(
            "undefined-security-scheme".to_string(),
            "/security/0".to_string()
        )]
    );
    let client = &output.files[std::path::Path::new("api/client.rs")];
    assert!(client.contains("http.authenticate()"), "{client}");
}

#[test]
fn x_deny_warnings_makes_them_errors() {
    let spec = spec_with_paths(
        ", x-deny-warnings: true",
        &(path_op("/a/{x}", "x", "hent") + &path_op("/b/{x}", "x", "hent")),
    );
    let specs = specs_with(&spec);
    let err = codegen::run(specs.path()).expect_err("warnings are errors");
    assert_eq!(err.location, "/paths/~1b~1{x}/get/operationId");
    assert!(err.message.contains("duplicate-operation-id"), "{err}");
}

#[test]
fn path_templates_are_read_as_meant() {
    // `{id}` nobody declares is a string parameter; a query written into the path is the query's.
    let spec = spec_with_paths(
        "",
        "  /x/{id}?q={q}:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    );
    let (output, found) = warnings_of(&spec);
    let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["query-in-path", "undeclared-path-parameter"]);
    let operations = &output.files[std::path::Path::new("api/operations.rs")];
    let client = &output.files[std::path::Path::new("api/client.rs")];
    assert!(operations.contains("pub id: String"), "{operations}");
    assert!(operations.contains("pub q: Option<String>"), "{operations}");
    assert!(
        client.contains("http.path_template(\"/x/{id}\", &[&request.id])"),
        "{client}"
    );
}

#[test]
fn unused_schemas_are_a_note_that_x_deny_warnings_lets_pass() {
    let spec = format!(
        "{}components:\n  schemas:\n    Ubrukt: {{type: object, properties: {{x: {{type: string}}}}}}\n    Brukt: {{type: string}}\n",
        spec_with_paths(
            ", x-deny-warnings: true",
            "  /a:\n    get:\n      operationId: hent\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Brukt'}}}}\n",
        )
    );
    let (output, found) = warnings_of(&spec);
    assert_eq!(
        found,
        [(
            "unused-schemas".to_string(),
            "/components/schemas".to_string()
        )]
    );
    assert!(!output.warnings[0].is_defect());
    assert!(
        output.warnings[0].message.contains("`Ubrukt`"),
        "{}",
        output.warnings[0]
    );
    let models = &output.files[std::path::Path::new("api/models.rs")];
    assert!(
        models.contains("pub type Brukt = String;") && !models.contains("Ubrukt"),
        "{models}"
    );
}
