//! Per-tag features end to end: a spec whose operations carry two tags is generated as a crate of its
//! own (the features of `generated/Cargo.toml`, the tags' block from the output's `features.toml`) and
//! checked with clippy `-D warnings` with one tag, the other, none, and both, each with the client and
//! the server. The two tags share a path (`GET /ting` and `POST /ting`), so the router's routes of one
//! path come from different features; the items of one tag stand in its module, those of an operation
//! with both tags (`DELETE /ting/{id}`) carry `cfg(any(…))`, the operation without a tag (`GET /status`)
//! has the feature `tag-tagged-api-untagged`, and the type those two answer (so every feature reaches
//! it) is always compiled.
//!
//! The crate is a workspace of its own under the tests' scratch folder, with its own target dir there
//! (kept between runs: only the first builds the dependencies).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Tagged, version: '1'}
servers: [{url: 'https://tagged.example.com'}]
paths:
  /ting:
    get:
      operationId: listTing
      tags: [Lesing]
      parameters:
        - {name: filter, in: query, schema: {type: array, items: {type: string}}}
        - {name: side, in: query, description: 'Siden av tingene, også de laget med `Ny`.', schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Liste'}}}}
        '404': {description: nei, content: {application/json: {schema: {$ref: '#/components/schemas/Feil'}}}}
    post:
      operationId: lagTing
      tags: [Skriving]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Ny'}}}}
      responses:
        '201': {description: laget, content: {application/json: {schema: {$ref: '#/components/schemas/Ny'}}}}
        '400': {description: nei}
  /ting/{id}:
    get:
      operationId: hentTing
      tags: [Lesing]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Ting'}}}}
    delete:
      operationId: slettTing
      tags: [Lesing, Skriving]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: slettet, content: {application/json: {schema: {$ref: '#/components/schemas/Kvittering'}}}}
  /status:
    get:
      operationId: status
      responses:
        '200': {description: oppe, content: {application/json: {schema: {$ref: '#/components/schemas/Kvittering'}}}}
        '503': {description: nede, content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}}
components:
  schemas:
    Ting:
      type: object
      required: [navn]
      discriminator: {propertyName: navn, mapping: {spesiell: '#/components/schemas/Spesiell'}}
      properties:
        navn: {type: string}
        status: {type: string, enum: [ny, gammel]}
        kode: {$ref: '#/components/schemas/String'}
        svar: {$ref: '#/components/schemas/Responses'}
    Liste: {type: array, items: {$ref: '#/components/schemas/Ting'}}
    Ny:
      type: object
      required: [navn]
      properties:
        navn: {type: string, pattern: '^[a-z]+$'}
        merknad: {$ref: '#/components/schemas/Option'}
    Feil:
      type: object
      properties:
        kode: {type: string}
        melding: {type: string}
    Kvittering: {type: object, properties: {id: {type: string}}}
    Ubrukt: {type: object, properties: {x: {type: string}}}
    Spesiell:
      allOf:
        - $ref: '#/components/schemas/Ting'
        - {type: object, properties: {ekstra: {type: string}}}
    Status: {type: object, properties: {melding: {type: string}}}
    String: {type: string, pattern: '^[a-z0-9]+$'}
    Option: {type: object, properties: {tekst: {type: string}}}
    Responses: {type: object, properties: {antall: {type: integer}}}
"#;

/// Generates `spec` (in the folder `folder`, with `settings`) under `dir` and lays it out as `cargo
/// xtask fuzz` lays out a case crate (`xtask::cases::compile::write_workspace`): the crate of the
/// workspace `dir/workspace`, at `dir/workspace/api`. Returns the workspace.
fn write_crate(dir: &Path, folder: &str, spec: &str, settings: &codegen::Settings) -> PathBuf {
    let case = dir.join("api");
    let workspace = dir.join("workspace");
    // Written anew; the target dir beside them is kept.
    let _ = fs::remove_dir_all(&case);
    let _ = fs::remove_dir_all(&workspace);
    let specs = case.join("specs").join(folder);
    fs::create_dir_all(&specs).unwrap();
    fs::write(specs.join("openapi.yaml"), spec).unwrap();
    let output = codegen::run_with(&case.join("specs"), settings).expect("generates");
    let out = case.join("out");
    for (path, text) in &output.files {
        let path = out.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    codegen::write::write_features(&out, &output.features, false).unwrap();
    xtask::cases::compile::write_workspace(&tests::root(), &workspace, &[case], "tagged").unwrap();
    workspace
}

fn clippy(workspace: &Path, target: &Path, features: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--no-default-features"])
        .args(["--features", features, "--", "-D", "warnings"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "clippy --no-default-features --features {features} fails:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_crate_with_one_tag_feature_compiles_under_clippy() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tag-features");
    let workspace = write_crate(&dir, "tagged-api", SPEC, &codegen::Settings::default());
    let src = workspace.join("api/src/tagged_api");
    // The files with their whitespace collapsed: what is asked is where items stand, not the layout.
    let read = |file: &str| {
        let text = fs::read_to_string(src.join(file)).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let both =
        r#"#[cfg(any(feature = "tag-tagged-api-lesing", feature = "tag-tagged-api-skriving"))]"#;
    // A tag's module is a file of its own beside the file that declares it (`operations/tag_lesing.rs`),
    // so that a build without the tag does not read it.
    let module =
        |file: &str, name: &str| read(&format!("{}/{name}.rs", file.trim_end_matches(".rs")));

    let operations = read("operations.rs");
    for (feature, module) in [("lesing", "tag_lesing"), ("skriving", "tag_skriving")] {
        let cfg = format!(r#"#[cfg(feature = "tag-tagged-api-{feature}")]"#);
        assert!(
            operations.contains(&format!("{cfg} pub use {module}::*;")),
            "{operations}"
        );
        assert!(
            operations.contains(&format!("{cfg} mod {module};")),
            "{operations}"
        );
    }
    // A tag's module imports the names it uses one by one, never the whole API with a glob (which
    // rustc pays for in every module): only those compiled wherever the module is (`Ny` is
    // `skriving`'s alone, so `lesing` cannot take it even where a doc comment names it).
    assert!(
        module("operations.rs", "tag_skriving").contains("use super::super::{Ny, TaggedApi};"),
        "{}",
        module("operations.rs", "tag_skriving")
    );
    for (file, name) in [
        ("operations.rs", "tag_lesing"),
        ("operations.rs", "tag_untagged"),
        ("models.rs", "tag_lesing"),
        ("models.rs", "tag_skriving"),
    ] {
        let text = module(file, name);
        assert!(!text.contains("::*;"), "{file} {name}: {text}");
    }
    let lesing = module("operations.rs", "tag_lesing");
    assert!(
        lesing.contains("pub struct ListTingRequest")
            && lesing.contains("pub enum HentTingResponse")
    );
    assert!(
        !lesing.contains("SlettTing") && !lesing.contains("LagTing"),
        "{lesing}"
    );
    // An operation of both tags stands in the module of that set of tags, under one `cfg(any(…))`.
    let set = operations
        .split_whitespace()
        .filter_map(|word| word.strip_prefix("tags_lesing_")?.strip_suffix(';'))
        .find(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
        .map(|hash| format!("tags_lesing_{hash}"))
        .unwrap_or_else(|| panic!("a module of both tags: {operations}"));
    assert!(
        operations.contains(&format!("{both} pub use {set}::*; {both} mod {set};")),
        "{operations}"
    );
    assert!(
        module("operations.rs", &set)
            .contains("#[derive(Debug, Clone, PartialEq)] pub struct SlettTingRequest"),
        "{operations}"
    );

    // Schemas named `String`, `Option` and `Responses` keep their names; the tag modules, which `use`
    // the API module, name the prelude's and the runtime's items by path.
    assert!(
        lesing.contains("pub filter: Vec<std::string::String>,")
            && lesing.contains("pub side: std::option::Option<i64>,")
            && lesing.contains("crate::runtime::codegen::Responses)] pub enum ListTingResponse")
            && !lesing.contains("use crate::runtime::codegen::Responses;"),
        "{lesing}"
    );

    let models = read("models.rs");
    assert!(!models.contains("Ubrukt"), "{models}");
    // A subtype only a base schema's discriminator `mapping` names is not reached through the base:
    // the base's struct does not name it.
    assert!(!models.contains("Spesiell"), "{models}");
    // The operation without a tag has a feature of its own, with its module and the types only it
    // reaches.
    let untagged = r#"#[cfg(feature = "tag-tagged-api-untagged")]"#;
    assert!(
        operations.contains(&format!("{untagged} mod tag_untagged;")),
        "{operations}"
    );
    assert!(
        module("operations.rs", "tag_untagged").contains("pub struct StatusRequest"),
        "{operations}"
    );
    assert!(
        models.contains(&format!("{untagged} mod tag_untagged;"))
            && module("models.rs", "tag_untagged").contains("pub struct Status "),
        "{models}"
    );
    assert!(
        module("models.rs", "tag_lesing").contains("pub struct String(std::string::String);")
            && module("models.rs", "tag_lesing").contains("pub kode: std::option::Option<String>,")
            && module("models.rs", "tag_skriving").contains("pub struct Option {"),
        "{models}"
    );
    assert!(
        module("models.rs", "tag_lesing").contains("pub struct Ting "),
        "{models}"
    );
    assert!(
        module("models.rs", "tag_skriving").contains("pub struct Ny "),
        "{models}"
    );
    // A type every tag feature reaches (the operation without a tag answers it too) is always
    // compiled.
    let top = &models[..models.find("mod tag_").unwrap()];
    assert!(
        top.contains("pub struct Kvittering") && !top.contains("cfg(any"),
        "{models}"
    );

    let server = read("server.rs");
    assert!(server
        .contains(r#"#[cfg(feature = "tag-tagged-api-lesing")] tag_lesing::add(&mut routes);"#));
    assert!(server.contains(
        r#"#[cfg(feature = "tag-tagged-api-skriving")] tag_skriving::add(&mut routes);"#
    ));
    assert!(
        server.contains(&format!("{both} {set}::add(&mut routes);")),
        "{server}"
    );
    assert!(
        module("server.rs", &set).contains("routes.add(&SLETT_TING, call_slett_ting);"),
        "{server}"
    );
    assert_eq!(
        module("server.rs", "tag_lesing")
            .matches("routes.add(")
            .count(),
        2,
        "{server}"
    );
    assert_eq!(
        module("server.rs", "tag_skriving")
            .matches("routes.add(")
            .count(),
        1,
        "{server}"
    );
    let features = fs::read_to_string(workspace.join("api/Cargo.toml")).unwrap();
    assert!(
        features.contains(
            "default = [\n    \"tag-tagged-api-lesing\",\n    \"tag-tagged-api-skriving\",\n    \"tag-tagged-api-untagged\",\n]"
        ),
        "{features}"
    );
    for features in [
        "client,server,tag-tagged-api-lesing",
        "client,server,tag-tagged-api-skriving",
        "client,server,tag-tagged-api-untagged",
        "client,server",
        "client,server,tag-tagged-api-lesing,tag-tagged-api-skriving,tag-tagged-api-untagged",
    ] {
        clippy(&workspace, &dir.join("target"), features);
    }
}

/// A description without tags, generated with `--group-by-path`: the first segment of each path
/// after `/v1`, which every path starts with, is the operation's tag; the operation at `/v1` itself
/// has none. Each group compiles alone, under clippy.
const UNTAGGED_SPEC: &str = r#"openapi: 3.0.3
info: {title: Kunder, version: '1'}
servers: [{url: 'https://kunder.example.com'}]
paths:
  /v1/kunder:
    get:
      operationId: listKunder
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Kunde'}}}}}
  /v1/kunder/{id}/ordre:
    get:
      operationId: kundensOrdre
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Ordre'}}}}}
  /v1/ordre.json:
    post:
      operationId: lagOrdre
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Ordre'}}}}
      responses:
        '201': {description: laget, content: {application/json: {schema: {$ref: '#/components/schemas/Ordre'}}}}
  /v1:
    get:
      operationId: rot
      responses:
        '200': {description: oppe}
components:
  schemas:
    Kunde: {type: object, required: [id], properties: {id: {type: string}, navn: {type: string}}}
    Ordre: {type: object, properties: {kunde: {$ref: '#/components/schemas/Kunde'}, sum: {type: integer}}}
"#;

#[test]
fn a_description_without_tags_grouped_by_its_paths_compiles_one_group_at_a_time() {
    // The dependencies are those of the test above: its target dir.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tag-features/target");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("path-groups");
    let settings = codegen::Settings {
        group_by_path: true,
        ..codegen::Settings::default()
    };
    let workspace = write_crate(&dir, "kunde-api", UNTAGGED_SPEC, &settings);
    let manifest = fs::read_to_string(workspace.join("api/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(
            "default = [\n    \"tag-kunde-api-kunder\",\n    \"tag-kunde-api-ordre\",\n    \"tag-kunde-api-untagged\",\n]"
        ),
        "{manifest}"
    );
    let operations =
        fs::read_to_string(workspace.join("api/src/kunde_api/operations/tag_kunder.rs")).unwrap();
    assert!(
        operations.contains("pub struct ListKunderRequest")
            && operations.contains("pub struct KundensOrdreRequest")
            && !operations.contains("LagOrdre"),
        "{operations}"
    );
    for features in [
        "client,server,tag-kunde-api-kunder",
        "client,server,tag-kunde-api-ordre",
        "client,server",
        "client,server,tag-kunde-api-kunder,tag-kunde-api-ordre,tag-kunde-api-untagged",
    ] {
        clippy(&workspace, &target, features);
    }
}

/// What the generated router does with operations of one path behind different features: one
/// `Routes::add` each, joined into one route of both methods.
#[tokio::test]
async fn routes_of_one_path_added_one_by_one_serve_every_method() {
    use skatteetaten_api::innrapportering_oppdrag::server::ERROR_ROLES;
    use skatteetaten_api::runtime::codegen::server::{
        invoke, Input, Operation, Reply, ReplyError, Respond, Routes, Server, Started,
    };
    use skatteetaten_api::runtime::server::axum::routing::MethodFilter;
    use skatteetaten_api::runtime::server::{axum, ServerConfig};
    use skatteetaten_api::runtime::{Context, Error};
    use std::sync::Arc;

    /// A response that is only its status.
    struct Status(u16);
    impl Respond for Status {
        fn reply(self) -> Result<Reply, ReplyError> {
            Ok(Reply::empty(self.0))
        }
    }
    static GET: Operation = Operation::new("get").at(MethodFilter::GET, "/ting");
    static POST: Operation = Operation::new("post").at(MethodFilter::POST, "/ting");
    async fn ok(_: &(), _: (), _: &Context) -> Result<Status, Error> {
        Ok(Status(200))
    }
    async fn created(_: &(), _: (), _: &Context) -> Result<Status, Error> {
        Ok(Status(201))
    }
    fn get(api: Arc<()>, input: Input) -> Started<Status> {
        invoke(api, input, (), ok)
    }
    fn post(api: Arc<()>, input: Input) -> Started<Status> {
        invoke(api, input, (), created)
    }
    let mut routes = Routes::new();
    routes.add(&GET, get);
    routes.add(&POST, post);
    let server = Server::new((), ServerConfig::default(), "test", &ERROR_ROLES);
    let router = server.finish(routes.into_router());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("{origin}/ting");
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(http.post(&url).send().await.unwrap().status(), 201);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), 405);
    task.abort();
}
