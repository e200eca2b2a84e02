//! Extern types through the whole generator: a schema mapped to a type of existing code has no item in
//! the output, and every place that used it names the path, in every module that shares it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const FELLES: &str = r#"openapi: 3.0.3
info: {title: Felles typer, version: '1'}
paths: {}
components:
  schemas:
    Organisasjonsnummer: {type: string, pattern: '^[0-9]{9}$'}
    Beloep:
      type: object
      x-rust-type: {crate: penger, version: '1', path: '::penger::Beloep'}
      properties:
        verdi: {type: string}
"#;

fn api(name: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info: {{title: {name}, version: '1'}}
servers: [{{url: 'https://{name}.example.com/v1'}}]
paths:
  /virksomheter/{{orgnr}}:
    get:
      operationId: hent
      parameters:
        - name: orgnr
          in: path
          required: true
          schema: {{$ref: '../felles/openapi.yaml#/components/schemas/Organisasjonsnummer'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Virksomhet'}}
components:
  schemas:
    Virksomhet:
      type: object
      required: [organisasjonsnummer]
      properties:
        organisasjonsnummer: {{$ref: '../felles/openapi.yaml#/components/schemas/Organisasjonsnummer'}}
        omsetning: {{$ref: '../felles/openapi.yaml#/components/schemas/Beloep'}}
"#
    )
}

fn generate(settings: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    for (folder, text) in [
        ("felles", FELLES.to_string()),
        ("api-a", api("a")),
        ("api-b", api("b")),
    ] {
        fs::create_dir_all(specs.join(folder)).unwrap();
        fs::write(specs.join(folder).join("openapi.yaml"), text).unwrap();
    }
    let mut config = codegen::Config::new();
    config.spec(&specs);
    for (schema, path) in settings {
        config.extern_type(*schema, *path);
    }
    config.output().expect("generates").files
}

fn file<'f>(files: &'f BTreeMap<PathBuf, String>, path: &str) -> &'f str {
    files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path}; files: {:?}", files.keys().collect::<Vec<_>>()))
}

#[test]
fn a_shared_schema_mapped_in_its_folder_is_the_extern_type_in_every_api() {
    let files = generate(&[(
        "felles#/components/schemas/Organisasjonsnummer",
        "::ids::Orgnr",
    )]);
    for (path, text) in &files {
        assert!(
            !text.contains("struct Organisasjonsnummer"),
            "{}",
            path.display()
        );
        assert!(!text.contains("struct Beloep"), "{}", path.display());
        assert!(
            !text.contains("Organisasjonsnummer,"),
            "{}: {text}",
            path.display()
        );
    }
    for module in ["api_a", "api_b"] {
        let models = file(&files, &format!("{module}/models.rs"));
        assert!(
            models.contains("pub organisasjonsnummer: ::ids::Orgnr,"),
            "{models}"
        );
        assert!(
            models.contains("pub omsetning: Option<::penger::Beloep>,"),
            "{models}"
        );
        // The request's path parameter (a string schema: read with `FromStr` by the server).
        let operations = file(&files, &format!("{module}/operations.rs"));
        assert!(
            operations.contains("pub orgnr: ::ids::Orgnr"),
            "{operations}"
        );
        let server = file(&files, &format!("{module}/server.rs"));
        assert!(server.contains("input.path::<::ids::Orgnr>"), "{server}");
    }
}

#[test]
fn a_setting_for_every_api_wins_over_the_extension() {
    let files = generate(&[("#/components/schemas/Beloep", "crate::egne::Beloep")]);
    let models = file(&files, "api_a/models.rs");
    assert!(
        models.contains("pub omsetning: Option<crate::egne::Beloep>,"),
        "{models}"
    );
    assert!(!models.contains("penger"), "{models}");
}
