//! `skattegen generate` as a new user runs it: the built binary, from a folder outside this workspace,
//! on a spec there; then the crate it wrote is built with client and server, on its own.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const PETSTORE: &str = r#"openapi: 3.0.3
info: {title: Petstore, version: 1.0.0, description: A small pet store.}
servers: [{url: 'https://petstore.example.com/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32, maximum: 100}}
      responses:
        '200':
          description: The pets
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        '400':
          description: Bad request
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
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
  /store/inventory:
    get:
      operationId: getInventory
      tags: [store]
      responses:
        '200':
          description: Counts by status
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: integer, format: int32}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
        tag: {type: string}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string, minLength: 1}
        tag: {type: string}
    Error:
      type: object
      required: [code, message]
      properties:
        code: {type: integer, format: int32}
        message: {type: string}
"#;

fn skattegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skattegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("skattegen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder outside the workspace (the system's temporary folder), so nothing of this repository's
/// layout is found by walking up.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    assert!(
        !dir.path().starts_with(workspace),
        "the scratch folder must be outside the workspace"
    );
    dir
}

fn cargo(dir: &Path, args: &[&str]) {
    // The generated crates of the tests share one target dir (the dependencies build once).
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} fails in {}:\n{}",
        args.join(" "),
        dir.display(),
        text(&output.stderr)
    );
}

#[test]
fn generates_a_crate_from_a_spec_file_that_builds_on_its_own() {
    let dir = scratch();
    fs::write(dir.path().join("petstore.yaml"), PETSTORE).unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().unwrap();
    let out = skattegen(
        dir.path(),
        &[
            "generate",
            "--spec",
            "petstore.yaml",
            "--out",
            "petstore-api",
            "--runtime-path",
            runtime.to_str().unwrap(),
        ],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("generated the crate `petstore-api`"),
        "{stdout}"
    );
    let krate = dir.path().join("petstore-api");
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"petstore-api\""), "{manifest}");
    assert!(
        manifest.contains(&format!(
            "skatteetaten-runtime = {{ version = \"0.1.0\", path = {:?} }}",
            runtime.to_str().unwrap()
        )),
        "{manifest}"
    );
    assert!(manifest.contains("tag-petstore-store = []"), "{manifest}");
    // The crate's docs name the API it holds, not this repository's.
    let lib = fs::read_to_string(krate.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("//! Typed models, error codes, a client and a server for Petstore (version 1.0.0), generated from `petstore.yaml`."),
        "{lib}"
    );
    assert!(!lib.contains("Skatteetaten"), "{lib}");
    // `Pet` only the `pets` tag's operations reach: in that tag's module, a file of its own.
    let models = fs::read_to_string(krate.join("src/petstore/models.rs")).unwrap();
    assert!(models.contains("mod tag_pets;"), "{models}");
    let pets = fs::read_to_string(krate.join("src/petstore/models/tag_pets.rs")).unwrap();
    assert!(pets.contains("pub struct Pet {"), "{pets}");

    // Up to date, then stale once a file is edited (and the file is named).
    let check = [
        "generate",
        "--spec",
        "petstore.yaml",
        "--out",
        "petstore-api",
        "--runtime-path",
        runtime.to_str().unwrap(),
        "--check",
    ];
    let out = skattegen(dir.path(), &check);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("is up to date"));
    fs::write(krate.join("src/petstore/models.rs"), "// edited\n").unwrap();
    let out = skattegen(dir.path(), &check);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("differs: petstore-api/src/petstore/models.rs"),
        "{stderr}"
    );
    let out = skattegen(dir.path(), &check[..check.len() - 1]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The crate builds where it is, with the versions this repository is tested with (its lock file;
    // a user's first build resolves its own), then passes clippy.
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .unwrap();
    cargo(&krate, &["build", "--quiet", "--features", "client,server"]);
    cargo(
        &krate,
        &[
            "clippy",
            "--quiet",
            "--features",
            "client,server",
            "--",
            "-D",
            "warnings",
        ],
    );
}

#[test]
fn tags_keep_their_operations_and_types_only() {
    let dir = scratch();
    fs::write(dir.path().join("petstore.yaml"), PETSTORE).unwrap();
    let out = skattegen(
        dir.path(),
        &[
            "generate",
            "--spec",
            "petstore.yaml",
            "--out",
            "store",
            "--tag",
            "store",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let operations =
        fs::read_to_string(dir.path().join("store/src/petstore/operations.rs")).unwrap();
    assert!(operations.contains("GetInventory"), "{operations}");
    assert!(!operations.contains("ListPets"), "{operations}");
    // `Pet` is reached only by the pets operations.
    assert!(
        !dir.path().join("store/src/petstore/models.rs").exists()
            || !fs::read_to_string(dir.path().join("store/src/petstore/models.rs"))
                .unwrap()
                .contains("pub struct Pet ")
    );
    let out = skattegen(
        dir.path(),
        &[
            "generate",
            "--spec",
            "petstore.yaml",
            "--out",
            "none",
            "--tag",
            "stores",
        ],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no operation has the tag `stores`; the specs' tags are: pets, store"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("none").exists(),
        "nothing is written on an error"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = scratch();
    let out = skattegen(
        dir.path(),
        &["generate", "--spec", "missing.yaml", "--out", "x"],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("missing.yaml") && stderr.contains("cannot read the spec"),
        "{stderr}"
    );
    fs::write(dir.path().join("broken.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    let out = skattegen(
        dir.path(),
        &["generate", "--spec", "broken.yaml", "--out", "x"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("broken.yaml"),
        "{}",
        text(&out.stderr)
    );
    fs::write(dir.path().join("petstore.yaml"), PETSTORE).unwrap();
    let out = skattegen(
        dir.path(),
        &[
            "generate",
            "--spec",
            "petstore.yaml",
            "--out",
            "x",
            "--name",
            "9lives",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("`9lives` is not a Cargo package name"),
        "{}",
        text(&out.stderr)
    );
}
