//! Adding an API breaks nothing: a copy of `specs/` with a petstore folder added, and every list the
//! suite derives from `specs/` (`tests::spec_lists`) run over it. The petstore is listed where a list
//! applies to any API (folders, operations, modules of the generated crate) and left out, by name,
//! where a list is of Skatteetaten's APIs (client tests, error tables, the Skatteetaten error
//! profile). The mock serving such an API is `mock/tests/spec_apis.rs`.

use std::fs;
use std::path::Path;

use tests::spec_lists;

const PETSTORE: &str = r#"openapi: 3.0.3
info: {title: Petstore, version: 1.0.0}
servers: [{url: 'https://petstore.example.com/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200':
          description: The pets
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
  /pets/{petId}:
    get:
      operationId: showPetById
      tags: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
      responses:
        '200':
          description: A pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404':
          description: No such pet
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
"#;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `specs/` as it is, and a copy with the petstore added.
fn specs_with_petstore() -> (std::path::PathBuf, tempfile::TempDir) {
    let specs = tests::root().join("specs");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&specs, dir.path());
    fs::create_dir_all(dir.path().join("petstore")).unwrap();
    fs::write(dir.path().join("petstore/openapi.yaml"), PETSTORE).unwrap();
    (specs, dir)
}

#[test]
fn an_added_api_is_listed_where_a_list_is_of_every_api() {
    let (specs, added) = specs_with_petstore();
    let before = spec_lists::spec_folders(&specs);
    let after = spec_lists::spec_folders(added.path());
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&("petstore".to_string(), true)), "{after:?}");

    let operations = spec_lists::documented_operations(added.path()).unwrap();
    let petstore = &operations["petstore"];
    assert_eq!(petstore["listPets"], vec![200]);
    assert_eq!(petstore["showPetById"], vec![200, 404]);
    let original = spec_lists::documented_operations(&specs).unwrap();
    for (folder, ops) in &original {
        assert_eq!(&operations[folder], ops, "{folder}");
    }

    let files = codegen::generate(added.path()).expect("the copy generates");
    assert!(files.contains_key(Path::new("petstore/client.rs")));
    assert!(files[Path::new("lib.rs")].contains("pub mod petstore;"));
}

#[test]
fn an_added_api_is_skipped_by_name_where_a_list_is_of_skatteetaten_s() {
    let (specs, added) = specs_with_petstore();
    let operations = spec_lists::documented_operations(added.path()).unwrap();
    // The client tests cover the APIs of `specs/` as it is.
    let original = spec_lists::documented_operations(&specs).unwrap();
    let covered_ops: Vec<(String, Vec<&str>)> = original
        .iter()
        .map(|(folder, ops)| (folder.clone(), ops.keys().map(String::as_str).collect()))
        .collect();
    let covered: Vec<(&str, &[&str])> = covered_ops
        .iter()
        .map(|(folder, ops)| (folder.as_str(), ops.as_slice()))
        .collect();
    let (listed, skipped) = spec_lists::split_covered(&operations, &covered);
    assert_eq!(skipped, vec!["petstore"]);
    assert_eq!(listed.len(), original.len());

    // No error tables of its own, so the tables and the Skatteetaten error profile are unchanged.
    assert_eq!(
        spec_lists::error_tables(added.path()),
        spec_lists::error_tables(&specs)
    );
    let with_tables = spec_lists::apis_with_error_tables(added.path());
    assert!(
        !with_tables.iter().any(|f| f == "petstore"),
        "{with_tables:?}"
    );
    assert_eq!(with_tables, spec_lists::apis_with_error_tables(&specs));
}
