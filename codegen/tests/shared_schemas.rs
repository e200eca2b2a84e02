//! Schemas of a shared spec folder (`specs/felles/openapi.yaml`, `components` only), `$ref`d by the specs
//! of other folders: generated once when the shared folder is part of the run, copied (bundled) into each
//! spec when it is not.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const FELLES: &str = r#"openapi: 3.0.3
info: {title: Felles typer, version: '1'}
paths: {}
components:
  schemas:
    Organisasjonsnummer: {type: string, pattern: '^[0-9]{9}$'}
    Feil:
      type: object
      required: [kode]
      properties:
        kode: {type: string}
        detaljer: {type: array, items: {$ref: '#/components/schemas/Detalj'}}
    Detalj:
      type: object
      properties:
        sti: {type: string}
"#;

/// An API whose body and parameter use the shared types, and whose own schema `extra` is added.
fn api(name: &str, extra: &str) -> String {
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
        '404':
          description: ikke funnet
          content:
            application/json:
              schema: {{$ref: '../felles/openapi.yaml#/components/schemas/Feil'}}
components:
  schemas:
    Virksomhet:
      type: object
      required: [organisasjonsnummer]
      properties:
        organisasjonsnummer: {{$ref: '../felles/openapi.yaml#/components/schemas/Organisasjonsnummer'}}
{extra}"#
    )
}

fn write_specs(root: &Path, folders: &[(&str, &str)]) -> PathBuf {
    let specs = root.join("specs");
    for (folder, text) in folders {
        let dir = specs.join(folder);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("openapi.yaml"), text).unwrap();
    }
    specs
}

/// How many files define `item` (`pub struct Organisasjonsnummer`), and which.
fn defining<'f>(files: &'f BTreeMap<PathBuf, String>, item: &str) -> Vec<&'f Path> {
    files
        .iter()
        .filter(|(_, text)| text.contains(item))
        .map(|(path, _)| path.as_path())
        .collect()
}

fn file<'f>(files: &'f BTreeMap<PathBuf, String>, path: &str) -> &'f str {
    files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path}; files: {:?}", files.keys().collect::<Vec<_>>()))
}

#[test]
fn a_shared_folder_of_the_run_defines_its_types_once() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = write_specs(
        tmp.path(),
        &[
            ("felles", FELLES),
            ("api-a", &api("a", "")),
            ("api-b", &api("b", "")),
        ],
    );
    let files = codegen::generate(&specs).expect("generates");

    assert_eq!(
        defining(&files, "pub struct Organisasjonsnummer"),
        [Path::new("felles/models.rs")]
    );
    assert_eq!(
        defining(&files, "pub struct Feil"),
        [Path::new("felles/models.rs")]
    );
    assert_eq!(
        defining(&files, "pub struct Detalj"),
        [Path::new("felles/models.rs")]
    );
    for module in ["api_a", "api_b"] {
        // Re-exported by the API's module, and imported by its models where they name it.
        let api_mod = file(&files, &format!("{module}/mod.rs"));
        assert!(
            api_mod.contains("pub use crate::felles::{Detalj, Feil, Organisasjonsnummer};"),
            "{api_mod}"
        );
        let models = file(&files, &format!("{module}/models.rs"));
        assert!(
            models.contains("use super::Organisasjonsnummer;"),
            "{models}"
        );
        assert!(
            models.contains("pub organisasjonsnummer: Organisasjonsnummer,"),
            "{models}"
        );
        // The operations (the contract client and server share) name the re-exported type.
        let operations = file(&files, &format!("{module}/operations.rs"));
        assert!(
            operations.contains("super::Organisasjonsnummer"),
            "{operations}"
        );
        assert!(operations.contains("super::Feil"), "{operations}");
    }
    // The shared folder is a library of types: models and a module file, no client or server.
    let felles_mod = file(&files, "felles/mod.rs");
    assert!(felles_mod.contains("pub mod models;"), "{felles_mod}");
    assert!(!felles_mod.contains("client"), "{felles_mod}");
    assert!(!files.contains_key(Path::new("felles/client.rs")));
    assert!(!files.contains_key(Path::new("felles/server.rs")));
}

#[test]
fn a_local_type_of_the_same_name_keeps_it_and_the_shared_one_is_renamed() {
    let tmp = tempfile::tempdir().unwrap();
    // Used by no operation, so kept by asking.
    let own_feil =
        "    Feil: {x-codegen-keep: true, type: object, properties: {egen: {type: string}}}\n";
    let specs = write_specs(
        tmp.path(),
        &[("felles", FELLES), ("api-a", &api("a", own_feil))],
    );
    let files = codegen::generate(&specs).expect("generates");
    let models = file(&files, "api_a/models.rs");
    // The API's own `Feil` is defined here; the shared one is re-exported under the next free name,
    // and the error response names that one.
    assert!(models.contains("pub struct Feil {"), "{models}");
    let api_mod = file(&files, "api_a/mod.rs");
    assert!(api_mod.contains("Feil as Feil2"), "{api_mod}");
    let operations = file(&files, "api_a/operations.rs");
    assert!(operations.contains("super::Feil2"), "{operations}");
}

#[test]
fn a_folder_lowered_without_the_shared_one_copies_its_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = write_specs(tmp.path(), &[("felles", FELLES), ("api-a", &api("a", ""))]);
    // Only `api-a` is in the run: the shared spec is read from the disk and bundled, as any other file.
    let folders = vec![codegen::load::load_folder(&specs.join("api-a")).expect("loads")];
    let (model, _) = codegen::model::lower::build_model(&folders).expect("lowers");
    let mut files = BTreeMap::new();
    for emitted in codegen::emit::emit(&model) {
        let text = codegen::format::format_file(&emitted).expect("formats");
        files.insert(emitted.path, text);
    }
    let models = file(&files, "api_a/models.rs");
    assert!(
        models.contains("pub struct Organisasjonsnummer("),
        "{models}"
    );
    assert!(models.contains("pub struct Feil {"), "{models}");
    assert!(!models.contains("crate::felles"), "{models}");
}

#[test]
fn a_shared_file_that_is_not_a_spec_is_copied() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = write_specs(
        tmp.path(),
        &[(
            "api-a",
            &api("a", "").replace("../felles/openapi.yaml", "../felles/typer.yaml"),
        )],
    );
    // `felles/typer.yaml` is not an OpenAPI document: the folder only holds files specs refer to.
    fs::create_dir_all(specs.join("felles")).unwrap();
    let typer = FELLES.split_once("components:\n").unwrap().1;
    fs::write(
        specs.join("felles/typer.yaml"),
        format!("components:\n{typer}"),
    )
    .unwrap();
    let files = codegen::generate(&specs).expect("generates");
    let models = file(&files, "api_a/models.rs");
    assert!(
        models.contains("pub struct Organisasjonsnummer("),
        "{models}"
    );
    assert!(!files.keys().any(|path| path.starts_with("felles")));
}

#[test]
fn a_defect_of_a_shared_schema_is_one_warning() {
    let tmp = tempfile::tempdir().unwrap();
    // `Uten` has no type: a warning where it is written, in the shared spec, lowered by three modules.
    let felles = FELLES.replace(
        "    Detalj:\n",
        "    Uten: {$ref: '#/components/schemas/Uten'}\n    Detalj:\n",
    );
    let felles = felles.replace(
        "        sti: {type: string}\n",
        "        sti: {type: string}\n        uten: {$ref: '#/components/schemas/Uten'}\n",
    );
    let specs = write_specs(
        tmp.path(),
        &[
            ("felles", &felles),
            ("api-a", &api("a", "")),
            ("api-b", &api("b", "")),
        ],
    );
    let output = codegen::run(&specs).expect("generates");
    let found: Vec<_> = output
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("felles/openapi.yaml"))
        .map(|w| (w.name, w.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [("schema-without-type", "/components/schemas/Uten")],
        "{:?}",
        output.warnings
    );
}

#[test]
fn folders_that_refer_to_each_other_generate() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = |title: &str, own: &str, other: &str, theirs: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: {title}, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    {own}:\n      type: object\n      properties:\n        other: {{$ref: '../{other}/openapi.yaml#/components/schemas/{theirs}'}}\n"
        )
    };
    let specs = write_specs(
        tmp.path(),
        &[
            ("a", &spec("A", "Aa", "b", "Bb")),
            ("b", &spec("B", "Bb", "a", "Aa")),
        ],
    );
    let files = codegen::generate(&specs).expect("generates");
    // The first (by name) copies what it needs; the second re-exports the first's types.
    assert!(file(&files, "a/models.rs").contains("pub struct Bb {"));
    let b = file(&files, "b/models.rs");
    assert!(b.contains("use super::Aa;"), "{b}");
    assert!(file(&files, "b/mod.rs").contains("pub use crate::a::Aa;"));
    assert!(b.contains("pub struct Bb {"), "{b}");
}

#[test]
fn a_schema_of_a_folder_with_operations_that_another_folder_uses_is_kept_for_every_tag() {
    let tmp = tempfile::tempdir().unwrap();
    // `felles` has operations of two tags that use none of its schemas but `Feil`; `api-a` uses
    // `Organisasjonsnummer` (and through `Feil`, `Detalj`).
    let felles = FELLES.replace(
        "paths: {}\n",
        "paths:\n  /a:\n    get:\n      tags: [En]\n      responses:\n        '404': {description: nei, content: {application/json: {schema: {$ref: '#/components/schemas/Feil'}}}}\n  /b:\n    get:\n      tags: [To]\n      responses:\n        '204': {description: ok}\n",
    );
    let felles =
        format!("{felles}    Ubrukt: {{type: object, properties: {{x: {{type: string}}}}}}\n");
    let specs = write_specs(tmp.path(), &[("felles", &felles), ("api-a", &api("a", ""))]);
    let output = codegen::run(&specs).expect("generates");
    let models = file(&output.files, "felles/models.rs");
    assert!(
        models.contains("pub struct Organisasjonsnummer("),
        "{models}"
    );
    assert!(models.contains("pub struct Feil {"), "{models}");
    assert!(!models.contains("Ubrukt"), "{models}");
    // Kept for `api-a`, whatever tags of `felles` are on: no `cfg` before the shared types.
    assert!(!models.contains("cfg(feature"), "{models}");
    assert_eq!(output.features, ["tag-felles-en", "tag-felles-to"]);
    let notes: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        notes.iter().any(|n| n.contains("[unused-schemas]")
            && n.contains("1 component schema no operation uses is not generated (`Ubrukt`)")),
        "{notes:?}"
    );
}

#[test]
fn an_api_whose_operations_reach_only_shared_types_has_no_models_file() {
    // Its own `Virksomhet` is used by no operation once the 200 names the shared `Feil`: the module
    // re-exports the shared types and has no `models.rs` (an empty one left `pub use models::*`
    // unused, a clippy error: fuzz seed 14).
    let tmp = tempfile::tempdir().unwrap();
    let only_shared = api("a", "").replace(
        "schema: {$ref: '#/components/schemas/Virksomhet'}",
        "schema: {$ref: '../felles/openapi.yaml#/components/schemas/Feil'}",
    );
    let specs = write_specs(tmp.path(), &[("felles", FELLES), ("api-a", &only_shared)]);
    let files = codegen::generate(&specs).expect("generates");
    assert!(!files.contains_key(Path::new("api_a/models.rs")));
    let api_mod = file(&files, "api_a/mod.rs");
    assert!(!api_mod.contains("models"), "{api_mod}");
    assert!(
        api_mod.contains("pub use crate::felles::{Detalj, Feil, Organisasjonsnummer};"),
        "{api_mod}"
    );
}
