//! Broken input gives an error that names the file and the place in it, never a panic and never output.

use std::fs;
use std::path::Path;

/// A `specs/` folder with one API folder `api/` holding the given files.
fn specs_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("api");
    fs::create_dir(&api).unwrap();
    for (name, text) in files {
        fs::write(api.join(name), text).unwrap();
    }
    dir
}

/// Generates from the folder and returns the error, checking it names `file` and contains `location`.
fn error_of(specs: &Path, file: &str, location: &str) -> String {
    let err = codegen::generate(specs).expect_err("broken input must fail");
    let text = err.to_string();
    assert!(err.file.ends_with(file), "error should name {file}: {text}");
    assert!(
        text.contains(location),
        "error should say `{location}`: {text}"
    );
    text
}

const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

fn spec_with_paths(paths: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}")
}

#[test]
fn bad_yaml_names_line_and_column() {
    let specs = specs_with(&[("openapi.yaml", "openapi: 3.0.3\ninfo: [unclosed\n")]);
    let text = error_of(specs.path(), "openapi.yaml", "line 3, column 1");
    assert!(text.contains("invalid YAML"), "{text}");
}

#[test]
fn bad_json_names_line_and_column() {
    let specs = specs_with(&[(
        "openapi.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n",
    )]);
    let text = error_of(specs.path(), "openapi.json", "line 3, column 11");
    assert!(text.contains("invalid JSON"), "{text}");
}

#[test]
fn wrong_structure_names_the_json_pointer() {
    let spec = spec_with_paths("  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: nope\n");
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let text = error_of(
        specs.path(),
        "openapi.yaml",
        "/paths/~1x/get/responses/200/content",
    );
    assert!(text.contains("not a valid OpenAPI 3.0 document"), "{text}");
}

/// 3.0 and 3.1 are read (3.1 by `codegen/src/load/openapi31.rs`; see `real_world_specs.rs`).
#[test]
fn openapi_4_is_refused_clearly() {
    let specs = specs_with(&[(
        "openapi.yaml",
        "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )]);
    let text = error_of(specs.path(), "openapi.yaml", "/openapi");
    assert!(text.contains("4.0.0 is not supported"), "{text}");
}

#[test]
fn dangling_ref_names_where_it_is_used() {
    let spec = spec_with_paths(
        "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Mangler'}\n",
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let text = error_of(
        specs.path(),
        "openapi.yaml",
        "/paths/~1x/get/responses/200/content/application~1json/schema",
    );
    assert!(text.contains("#/components/schemas/Mangler"), "{text}");
    assert!(text.contains("dangling"), "{text}");
}

#[test]
fn dangling_parameter_ref() {
    let spec = spec_with_paths(
        "  /x:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Borte'\n      responses:\n        '204': {description: ok}\n",
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    error_of(specs.path(), "openapi.yaml", "/paths/~1x/get/parameters/0");
}

/// Other files are bundled (see `real_world_specs.rs`); one that is not there is named at the `$ref`.
#[test]
fn missing_external_file_is_named() {
    let spec = spec_with_paths(
        "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/Foo'}\n",
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let text = error_of(specs.path(), "openapi.yaml", "/schema");
    assert!(text.contains("cannot find the file"), "{text}");
    assert!(text.contains("other.yaml"), "{text}");
}

#[test]
fn duplicated_error_code_names_both_lines() {
    let table = "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| X-001 | 500 | a |\n| X-001 | 404 | b |\n";
    let specs = specs_with(&[("openapi.yaml", MINIMAL), ("feilkoder.md", table)]);
    let text = error_of(specs.path(), "feilkoder.md", "line 4");
    assert!(text.contains("listed twice (first at line 3)"), "{text}");
}

#[test]
fn table_with_missing_column_is_refused() {
    let table = "Some text.\n\n| Feilkode | Feilområde |\n|---|---|\n| X-001 | a |\n";
    let specs = specs_with(&[("feilkoder.md", table)]);
    let text = error_of(specs.path(), "feilkoder.md", "line 3");
    assert!(text.contains("no `HTTP Statuskode` column"), "{text}");
}

#[test]
fn table_with_bad_status_is_refused() {
    let table =
        "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| X-001 | femhundre | a |\n";
    let specs = specs_with(&[("feilkoder.md", table)]);
    let text = error_of(specs.path(), "feilkoder.md", "line 3");
    assert!(text.contains("femhundre"), "{text}");
}

#[test]
fn table_row_with_missing_cells_is_refused() {
    let table = "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| X-001 | 500 |\n";
    let specs = specs_with(&[("feilkoder.md", table)]);
    let text = error_of(specs.path(), "feilkoder.md", "line 3");
    assert!(text.contains("no text"), "{text}");
}

#[test]
fn unknown_error_code_table_is_named() {
    let spec = format!(
        "{MINIMAL}components:\n  schemas:\n    Feil:\n      type: object\n      properties:\n        kode: {{type: string, x-error-code-table: Feilkode}}\n"
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let text = error_of(
        specs.path(),
        "openapi.yaml",
        "/components/schemas/Feil/properties/kode/x-error-code-table",
    );
    assert!(text.contains("no error table `Feilkode`"), "{text}");
}

#[test]
fn unknown_shared_table_folder_is_named() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1', x-shared-error-tables: [finnes-ikke]}\npaths: {}\n";
    let specs = specs_with(&[("openapi.yaml", spec)]);
    let text = error_of(
        specs.path(),
        "openapi.yaml",
        "/info/x-shared-error-tables/0",
    );
    assert!(text.contains("finnes-ikke"), "{text}");
}

/// A pattern that is not an ECMA-262 regular expression (here Python's named-group syntax) cannot be
/// run. Refusing the whole spec would help nobody: the type keeps its length limits, and its docs say the
/// pattern is not checked.
#[test]
fn unsupported_pattern_is_documented_as_unchecked() {
    let spec = format!(
        "{MINIMAL}components:\n  schemas:\n    Rar:\n      type: string\n      maxLength: 3\n      pattern: '(?P<x>a)b'\n"
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let files = codegen::generate(specs.path()).expect("generates");
    let models = &files[std::path::Path::new("api/models.rs")];
    assert!(
        models.contains("The spec's pattern `(?P<x>a)b` is not checked"),
        "{models}"
    );
    assert!(models.contains("at most 3 characters"), "{models}");
    assert!(!models.contains("PATTERN"), "{models}");
}

/// ECMA features Rust's regex crate lacks (look-around, backreferences) are patterns like any other.
#[test]
fn ecma_look_around_patterns_are_checked() {
    let spec = format!(
        "{MINIMAL}components:\n  schemas:\n    Rar:\n      type: string\n      pattern: '(?<=a)b(?!c)'\n"
    );
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    let files = codegen::generate(specs.path()).expect("generates");
    let models = &files[std::path::Path::new("api/models.rs")];
    assert!(models.contains("PATTERN"), "{models}");
    assert!(!models.contains("not checked"), "{models}");
}

#[test]
fn empty_folder_is_refused() {
    let specs = specs_with(&[]);
    let text = codegen::generate(specs.path()).unwrap_err().to_string();
    assert!(text.contains("neither an OpenAPI document"), "{text}");
}

/// The real specs generate, and generating twice gives the same bytes.
#[test]
fn real_specs_generate_deterministically() {
    let specs = tests::root().join("specs");
    let first = codegen::generate(&specs).expect("specs/ generates");
    let second = codegen::generate(&specs).expect("specs/ generates");
    assert_eq!(first, second);
    assert!(first.len() > 20);
}

/// GitHub's spec has `GET /x/{subject_digest}` beside `DELETE /x/{attestation_id}`: one route, two names.
#[test]
fn same_shape_with_different_methods_is_allowed() {
    let op = |p: &str, method: &str| {
        format!("  /v1/{{{p}}}:\n    {method}:\n      parameters:\n        - {{name: {p}, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n")
    };
    let spec = spec_with_paths(&format!("{}{}", op("a", "get"), op("b", "delete")));
    let specs = specs_with(&[("openapi.yaml", &spec)]);
    codegen::generate(specs.path()).expect("different methods can share a route");
}
