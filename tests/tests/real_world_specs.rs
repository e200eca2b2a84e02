//! Specs as users have them (issue 8): a byte-order mark, headers without a schema, OpenAPI 3.1, schemas
//! in other files and behind URLs. Each is read, with a warning where the generator worked around
//! something, or refused with the file and the JSON pointer; never a crash, never openapiv3's wording.

use std::fs;
use std::path::Path;

use codegen::{Output, Warning};

/// A `specs/` folder with the given files (paths relative to `specs/`, folders made as needed).
fn specs_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn run(specs: &Path) -> Output {
    codegen::run(specs).unwrap_or_else(|err| panic!("generates: {err}"))
}

fn models(output: &Output) -> &str {
    &output.files[Path::new("api/models.rs")]
}

/// The one warning of this name; panics unless there is exactly one.
fn warning<'o>(output: &'o Output, name: &str) -> &'o Warning {
    let found: Vec<&Warning> = output.warnings.iter().filter(|w| w.name == name).collect();
    assert_eq!(
        found.len(),
        1,
        "one `{name}` warning: {:#?}",
        output.warnings
    );
    found[0]
}

fn error(specs: &Path) -> codegen::Error {
    codegen::run(specs).expect_err("must be refused")
}

/// No Rust or serde internals in a message meant for the spec's author.
fn assert_plain(text: &str) {
    for internal in ["untagged", "variant", "flattened", "ReferenceOr", "enum "] {
        assert!(!text.contains(internal), "`{internal}` in: {text}");
    }
}

const PATHS_ONE_GET: &str = "paths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Ting'}\n";

// --- byte-order mark ---

#[test]
fn json_with_byte_order_mark_is_read_with_a_warning() {
    let json = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}}";
    let specs = specs_with(&[("api/openapi.json", json)]);
    let output = run(specs.path());
    let w = warning(&output, "byte-order-mark");
    assert!(w.file.ends_with("api/openapi.json"), "{w}");
    assert_eq!(w.location, "");
}

#[test]
fn yaml_with_byte_order_mark_is_read_with_a_warning() {
    let yaml = format!(
        "\u{feff}openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{PATHS_ONE_GET}components:\n  schemas:\n    Ting: {{type: object, properties: {{navn: {{type: string}}}}}}\n"
    );
    let specs = specs_with(&[("api/openapi.yaml", &yaml)]);
    let output = run(specs.path());
    warning(&output, "byte-order-mark");
    assert!(models(&output).contains("pub struct Ting"));
}

#[test]
fn a_utf16_spec_is_named_as_such() {
    let specs = specs_with(&[]);
    fs::create_dir(specs.path().join("api")).unwrap();
    let text = "{\"openapi\": \"3.0.3\"}";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(specs.path().join("api/openapi.json"), bytes).unwrap();
    let err = error(specs.path());
    assert!(err.file.ends_with("api/openapi.json"), "{err}");
    assert!(err.message.contains("UTF-16"), "{err}");
}

// --- parameters and headers without a schema ---

#[test]
fn header_and_parameter_without_schema_are_strings_with_warnings() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: hent\n      parameters:\n        - {name: side, in: query, description: sidetall}\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Rate-Limit: {description: kall igjen}\n            x-lowercase: {description: også et navn, ikke en utvidelse}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let output = run(specs.path());
    let headers: Vec<&str> = output
        .warnings
        .iter()
        .filter(|w| w.name == "header-without-schema")
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(
        headers,
        [
            "/paths/~1x/get/responses/200/headers/X-Rate-Limit",
            "/paths/~1x/get/responses/200/headers/x-lowercase"
        ]
    );
    let parameter = warning(&output, "parameter-without-schema");
    assert_eq!(parameter.location, "/paths/~1x/get/parameters/0");
}

// --- openapiv3's wording never reaches the user ---

#[test]
fn a_bad_schema_is_named_in_plain_words_at_its_place() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Ting:\n      type: object\n      properties:\n        navn: {type: string, maxLength: lang}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert_eq!(
        err.location,
        "/components/schemas/Ting/properties/navn/maxLength"
    );
    assert_plain(&err.message);
}

#[test]
fn a_swagger_2_body_parameter_is_named_in_plain_words() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert!(err.location.starts_with("/paths/~1x/post"), "{err}");
    assert!(err.message.contains("`body`"), "{err}");
    assert_plain(&err.message);
}

#[test]
fn a_response_that_is_not_an_object_is_plain() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '204': 5\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert_eq!(err.location, "/paths/~1x/get/responses/204", "{err}");
    assert_plain(&err.message);
}

#[test]
fn swagger_2_is_refused_clearly() {
    let specs = specs_with(&[(
        "api/openapi.yaml",
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )]);
    let err = error(specs.path());
    assert!(err.message.contains("Swagger 2.0"), "{err}");
}

// --- OpenAPI 3.1 ---

const SPEC_31: &str = r##"openapi: 3.1.0
jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base
info:
  title: T
  version: '1'
  summary: a 3.1 summary
  license: {name: MIT, identifier: MIT}
webhooks:
  nyTing:
    post:
      responses:
        '200': {description: ok}
paths:
  /x:
    get:
      operationId: hent
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Ting'}
components:
  schemas:
    Ting:
      $schema: https://json-schema.org/draft/2020-12/schema
      $id: https://example.com/ting
      type: object
      required: [navn, merknad, kind, antall, forelder, tall_eller_tekst]
      properties:
        navn:
          type: string
          examples: [Ola, Kari]
        merknad:
          type: [string, 'null']
        kind:
          const: ting
        antall:
          type: integer
          exclusiveMinimum: 0
          exclusiveMaximum: 100
        forelder:
          $ref: '#/components/schemas/Forelder'
          description: Forelderen, beskrevet ved siden av $ref
        valgfri_forelder:
          oneOf:
            - $ref: '#/components/schemas/Forelder'
            - type: 'null'
        tall_eller_tekst:
          type: [string, integer]
          maxLength: 5
          minimum: 1
        bilde:
          type: string
          contentMediaType: image/png
          contentEncoding: base64
        alt: true
        indre:
          $ref: '#/components/schemas/Ting/$defs/Indre'
      $defs:
        Indre:
          type: object
          properties:
            verdi: {type: [number, 'null']}
    Forelder:
      type: object
      properties:
        id: {type: string}
"##;

#[test]
fn openapi_3_1_is_read_into_the_same_model() {
    let specs = specs_with(&[("api/openapi.yaml", SPEC_31)]);
    let output = run(specs.path());
    let webhooks = warning(&output, "webhooks-ignored");
    assert_eq!(webhooks.location, "/webhooks");
    let models = models(&output);
    // `type: [string, "null"]`, required: sent as null, an Option.
    assert!(models.contains("pub merknad: Option<String>"), "{models}");
    // `const: ting`: an enum of one value.
    assert!(models.contains("pub kind: TingKind"), "{models}");
    assert!(models.contains("\"ting\""), "{models}");
    // `$ref` with a description beside it: the type of the $ref, with the description.
    assert!(models.contains("pub forelder: Forelder"), "{models}");
    assert!(models.contains("Forelderen, beskrevet"), "{models}");
    // `oneOf: [$ref, null]`: an optional Forelder.
    assert!(
        models.contains("pub valgfri_forelder: Option<Forelder>"),
        "{models}"
    );
    // `$defs` moved to components.
    assert!(models.contains("pub struct Indre"), "{models}");
    assert!(models.contains("pub indre: Option<Indre>"), "{models}");
    assert!(models.contains("pub verdi: Option<f64>"), "{models}");
    // exclusive bounds are checked as in 3.0.
    assert!(models.contains("pub antall: i64"), "{models}");
}

/// The model sees what 3.0 would have said: the raw value and the typed document agree.
#[test]
fn openapi_3_1_raw_value_is_the_3_0_shape() {
    let specs = specs_with(&[("api/openapi.yaml", SPEC_31)]);
    let folder = codegen::load::load_folder(&specs.path().join("api")).expect("loads");
    let raw = folder.spec.expect("spec").spec.raw;
    let ting = &raw["components"]["schemas"]["Ting"];
    let props = &ting["properties"];
    assert_eq!(raw["openapi"], "3.0.3");
    assert!(raw.get("webhooks").is_none());
    assert!(ting.get("$schema").is_none() && ting.get("$defs").is_none());
    assert_eq!(props["navn"]["example"], "Ola");
    assert_eq!(
        props["merknad"],
        serde_json::json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        props["kind"],
        serde_json::json!({"type": "string", "enum": ["ting"]})
    );
    assert_eq!(props["antall"]["minimum"], 0);
    assert_eq!(props["antall"]["exclusiveMinimum"], true);
    assert_eq!(props["antall"]["maximum"], 100);
    assert_eq!(props["antall"]["exclusiveMaximum"], true);
    assert_eq!(
        props["forelder"]["allOf"],
        serde_json::json!([{"$ref": "#/components/schemas/Forelder"}])
    );
    assert_eq!(props["valgfri_forelder"]["nullable"], true);
    assert_eq!(
        props["tall_eller_tekst"]["oneOf"],
        serde_json::json!([{"type": "string", "maxLength": 5}, {"type": "integer", "minimum": 1}])
    );
    assert!(props["bilde"].get("contentMediaType").is_none());
    assert_eq!(props["alt"], serde_json::json!({}));
    assert_eq!(props["indre"]["$ref"], "#/components/schemas/Indre");
    assert_eq!(raw["info"]["license"]["name"], "MIT");
}

#[test]
fn openapi_3_1_without_paths_is_accepted() {
    let yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Ting: {type: object, properties: {navn: {type: [string, 'null']}}}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let output = run(specs.path());
    assert!(models(&output).contains("pub struct Ting"));
}

#[test]
fn a_later_3_x_is_read_as_3_1_with_a_warning() {
    let yaml = "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let output = run(specs.path());
    assert_eq!(warning(&output, "openapi-version").location, "/openapi");
}

#[test]
fn a_bad_3_1_type_list_is_located() {
    let yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Ting: {type: [string, 5]}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert_eq!(err.location, "/components/schemas/Ting/type/1");
}

// --- $refs to other files ---

const SPEC_EXTERNAL: &str = r##"openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    get:
      operationId: hent
      parameters:
        - $ref: 'parameters.yaml#/Side'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Ting'}
        '404':
          $ref: '../shared/common.yaml#/responses/IkkeFunnet'
components:
  schemas:
    Ting:
      type: object
      properties:
        adresse: {$ref: './schemas/adresse.json'}
        kommune: {$ref: 'other.yaml#/components/schemas/Kommune'}
        felles: {$ref: '../shared/common.yaml#/Felles'}
"##;

const OTHER: &str = r##"components:
  schemas:
    Kommune:
      type: object
      properties:
        nummer: {type: string}
        fylke: {$ref: '#/components/schemas/Fylke'}
        # back to the spec itself: A → B → A
        ting: {$ref: 'openapi.yaml#/components/schemas/Ting'}
    Fylke:
      type: object
      properties:
        navn: {type: string}
        kommuner:
          type: array
          items: {$ref: '#/components/schemas/Kommune'}
"##;

const ADRESSE: &str = r#"{"type": "object", "properties": {"gate": {"type": "string"}, "kommune": {"$ref": "../other.yaml#/components/schemas/Kommune"}}}"#;

const COMMON: &str = r##"Felles:
  type: object
  properties:
    kode: {type: string}
responses:
  IkkeFunnet:
    description: ikke funnet
    content:
      application/json:
        schema: {$ref: '#/Felles'}
"##;

const PARAMETERS: &str = "Side: {name: side, in: query, schema: {type: integer}}\n";

fn external_specs() -> tempfile::TempDir {
    specs_with(&[
        ("api/openapi.yaml", SPEC_EXTERNAL),
        ("api/other.yaml", OTHER),
        ("api/parameters.yaml", PARAMETERS),
        ("api/schemas/adresse.json", ADRESSE),
        ("shared/common.yaml", COMMON),
    ])
}

#[test]
fn refs_to_other_files_are_bundled() {
    let specs = external_specs();
    let folder = codegen::load::load_folder(&specs.path().join("api")).expect("loads");
    let raw = folder.spec.expect("spec").spec.raw;
    let schemas = &raw["components"]["schemas"];
    let keys: Vec<&String> = schemas.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["Ting", "adresse", "Kommune", "Felles", "Fylke"],
        "{raw:#}"
    );
    assert_eq!(
        schemas["Kommune"]["properties"]["ting"]["$ref"],
        "#/components/schemas/Ting"
    );
    assert_eq!(
        schemas["Fylke"]["properties"]["kommuner"]["items"]["$ref"],
        "#/components/schemas/Kommune"
    );
    assert_eq!(
        schemas["adresse"]["properties"]["kommune"]["$ref"],
        "#/components/schemas/Kommune"
    );
    assert_eq!(
        raw["paths"]["/x"]["get"]["parameters"][0]["$ref"],
        "#/components/parameters/Side"
    );
    assert_eq!(
        raw["paths"]["/x"]["get"]["responses"]["404"]["$ref"],
        "#/components/responses/IkkeFunnet"
    );
    assert_eq!(
        raw["components"]["responses"]["IkkeFunnet"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/Felles"
    );
}

/// `shared/` has no spec and no table: a folder of files for `$ref`s, not an API.
#[test]
fn bundled_specs_generate() {
    let specs = external_specs();
    let output = run(specs.path());
    assert!(output.warnings.is_empty(), "{:#?}", output.warnings);
    assert_eq!(
        output
            .files
            .keys()
            .filter(|f| f.ends_with("models.rs"))
            .count(),
        1
    );
    let models = models(&output);
    for ty in [
        "pub struct Ting",
        "pub struct Adresse",
        "pub struct Kommune",
        "pub struct Fylke",
        "pub struct Felles",
    ] {
        assert!(models.contains(ty), "{ty}: {models}");
    }
}

#[test]
fn a_missing_file_is_named_at_the_ref() {
    let specs = external_specs();
    fs::remove_file(specs.path().join("api/schemas/adresse.json")).unwrap();
    let err = error(specs.path());
    assert!(err.file.ends_with("api/openapi.yaml"), "{err}");
    assert_eq!(
        err.location, "/components/schemas/Ting/properties/adresse",
        "{err}"
    );
    assert!(err.message.contains("adresse.json"), "{err}");
}

#[test]
fn a_missing_pointer_in_another_file_is_named_in_that_file() {
    let specs = external_specs();
    fs::write(
        specs.path().join("api/other.yaml"),
        OTHER.replace(
            "'#/components/schemas/Fylke'",
            "'#/components/schemas/Borte'",
        ),
    )
    .unwrap();
    let folder = codegen::load::load_folder(&specs.path().join("api"));
    let err = folder.expect_err("dangling");
    assert!(err.file.ends_with("api/other.yaml"), "{err}");
    assert_eq!(err.location, "/components/schemas/Kommune/properties/fylke");
    assert!(err.message.contains("points to nothing"), "{err}");
}

#[test]
fn files_outside_the_specs_folder_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("hemmelig.yaml"),
        "Ting: {type: string}\n",
    )
    .unwrap();
    let specs = specs_with(&[]);
    let relative = format!(
        "../../{}/hemmelig.yaml#/Ting",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Ting: {{$ref: '{relative}'}}\n"
    );
    fs::create_dir(specs.path().join("api")).unwrap();
    fs::write(specs.path().join("api/openapi.yaml"), spec).unwrap();
    // The temp dirs are siblings, so the path exists; it must still be refused.
    assert!(specs
        .path()
        .join("api")
        .join(&relative[..relative.len() - 6])
        .exists());
    let err = error(specs.path());
    assert_eq!(err.location, "/components/schemas/Ting");
    assert!(err.message.contains("outside the specs folder"), "{err}");
}

// --- URL $refs ---

const ZALANDO: &str =
    "https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml#/Problem";

fn spec_with_problem() -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '204': {{description: ok}}\n        default:\n          description: feil\n          content:\n            application/problem+json:\n              schema: {{$ref: '{ZALANDO}'}}\ncomponents:\n  schemas:\n    Ting:\n      x-codegen-keep: true\n      type: object\n      properties:\n        problem: {{$ref: '{ZALANDO}'}}\n"
    )
}

#[test]
fn an_unmapped_url_ref_is_any_value_with_a_warning() {
    let specs = specs_with(&[("api/openapi.yaml", &spec_with_problem())]);
    let output = run(specs.path());
    let warnings: Vec<&Warning> = output
        .warnings
        .iter()
        .filter(|w| w.name == "unresolved-url-ref")
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert_eq!(
        warnings[1].location,
        "/components/schemas/Ting/properties/problem"
    );
    assert!(warnings[0].message.contains("refs.yaml"), "{}", warnings[0]);
    assert!(models(&output).contains("pub problem: Option<serde_json::Value>"));
}

#[test]
fn a_url_mapped_in_refs_yaml_is_read_from_the_local_file() {
    let problem = "Problem:\n  type: object\n  properties:\n    type: {type: string, format: uri}\n    title: {type: string}\n    status: {type: integer, format: int32}\n";
    let refs = "https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml: zalando/problem.yaml\n";
    let specs = specs_with(&[
        ("api/openapi.yaml", &spec_with_problem()),
        ("api/refs.yaml", refs),
        ("api/zalando/problem.yaml", problem),
    ]);
    let output = run(specs.path());
    assert!(output.warnings.is_empty(), "{:#?}", output.warnings);
    let models = models(&output);
    assert!(models.contains("pub struct Problem"), "{models}");
    assert!(models.contains("pub problem: Option<Problem>"), "{models}");
}

#[test]
fn a_url_prefix_mapped_in_refs_yaml_maps_every_file_below_it() {
    let problem = "Problem: {type: object, properties: {title: {type: string}}}\n";
    let refs = "https://opensource.zalando.com/restful-api-guidelines/: zalando/\n";
    let specs = specs_with(&[
        ("api/openapi.yaml", &spec_with_problem()),
        ("api/refs.yaml", refs),
        ("api/zalando/models/problem-1.0.1.yaml", problem),
    ]);
    let output = run(specs.path());
    assert!(models(&output).contains("pub struct Problem"));
}

#[test]
fn an_unmapped_url_where_no_schema_is_expected_is_an_error() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - $ref: 'https://example.com/params.yaml#/Side'\n      responses:\n        '204': {description: ok}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert_eq!(err.location, "/paths/~1x/get/parameters/0");
    assert!(err.message.contains("refs.yaml"), "{err}");
}

/// B.yaml → C.yaml → B.yaml, neither the spec; a name the spec has already is not taken; a discriminator's
/// mapping in another file points to the copies.
#[test]
fn cycles_between_other_files_name_clashes_and_mappings() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'b.yaml#/Node'}\ncomponents:\n  schemas:\n    Dyr: {type: object, properties: {spec: {type: string}}}\n    Node: {type: string}\n";
    let b = "Node:\n  type: object\n  properties:\n    barn: {type: array, items: {$ref: 'c.yaml#/Kant'}}\n    dyr: {$ref: 'c.yaml#/Dyr'}\n";
    let c = "Kant:\n  type: object\n  properties:\n    til: {$ref: 'b.yaml#/Node'}\nDyr:\n  type: object\n  required: [art]\n  properties:\n    art: {type: string}\n  oneOf:\n    - $ref: '#/Katt'\n  discriminator:\n    propertyName: art\n    mapping:\n      katt: '#/Katt'\nKatt:\n  type: object\n  required: [art]\n  properties:\n    art: {type: string}\n    mjau: {type: boolean}\n";
    let specs = specs_with(&[
        ("api/openapi.yaml", spec),
        ("api/b.yaml", b),
        ("api/c.yaml", c),
    ]);
    let folder = codegen::load::load_folder(&specs.path().join("api")).expect("loads");
    let raw = folder.spec.expect("spec").spec.raw;
    let schemas = &raw["components"]["schemas"];
    let keys: Vec<&String> = schemas.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Dyr", "Node", "Node_2", "Kant", "Dyr_2", "Katt"]);
    assert_eq!(
        schemas["Kant"]["properties"]["til"]["$ref"],
        "#/components/schemas/Node_2"
    );
    assert_eq!(
        schemas["Dyr_2"]["discriminator"]["mapping"]["katt"],
        "#/components/schemas/Katt"
    );
    let output = run(specs.path());
    let models = models(&output);
    assert!(models.contains("pub struct Node2"), "{models}");
    assert!(models.contains("pub struct Kant"), "{models}");
}

/// A mistake in a copied value is named in the file it was written in, at its place there.
#[test]
fn errors_in_other_files_name_that_file() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Ting: {$ref: 'felles.yaml#/definitions/Felles'}\n";
    let bad_keyword = "definitions:\n  Felles:\n    type: object\n    properties:\n      navn: {type: string, maxLength: lang}\n";
    let specs = specs_with(&[("api/openapi.yaml", spec), ("api/felles.yaml", bad_keyword)]);
    let err = error(specs.path());
    assert!(err.file.ends_with("api/felles.yaml"), "{err}");
    assert_eq!(
        err.location,
        "/definitions/Felles/properties/navn/maxLength"
    );
    assert_plain(&err.message);
    // Found by the model, not by the reader: the same.
    let unknown_table = "definitions:\n  Felles:\n    type: object\n    properties:\n      kode: {type: string, x-error-code-table: Feilkode}\n";
    fs::write(specs.path().join("api/felles.yaml"), unknown_table).unwrap();
    let err = error(specs.path());
    assert!(err.file.ends_with("api/felles.yaml"), "{err}");
    assert_eq!(
        err.location,
        "/definitions/Felles/properties/kode/x-error-code-table"
    );
}

/// The same for a 3.1 `$defs` schema, moved to `components/schemas`.
#[test]
fn errors_in_3_1_defs_name_their_place() {
    let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Ting:\n      type: object\n      properties:\n        indre: {$ref: '#/components/schemas/Ting/$defs/Indre'}\n      $defs:\n        Indre:\n          type: object\n          properties:\n            kode: {type: string, x-error-code-table: Feilkode}\n";
    let specs = specs_with(&[("api/openapi.yaml", spec)]);
    let err = error(specs.path());
    assert!(err.file.ends_with("api/openapi.yaml"), "{err}");
    assert_eq!(
        err.location,
        "/components/schemas/Ting/$defs/Indre/properties/kode/x-error-code-table"
    );
}

/// `refs.yaml` cannot map a URL to a file outside `specs/` either.
#[test]
fn refs_yaml_cannot_reach_outside_the_specs_folder() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("problem.yaml"),
        "Problem: {type: object}\n",
    )
    .unwrap();
    let refs = format!(
        "https://opensource.zalando.com/restful-api-guidelines/models/problem-1.0.1.yaml: {}\n",
        outside.path().join("problem.yaml").display()
    );
    let specs = specs_with(&[
        ("api/openapi.yaml", &spec_with_problem()),
        ("api/refs.yaml", &refs),
    ]);
    let err = error(specs.path());
    assert!(err.message.contains("outside the specs folder"), "{err}");
}

/// A `$ref` that names a parameter where a schema belongs is refused in plain words.
#[test]
fn a_ref_to_the_wrong_kind_of_value_is_plain() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - $ref: '#/info'\n      responses:\n        '204': {description: ok}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let err = error(specs.path());
    assert_plain(&err.message);
}

/// A header without a schema in another file is warned about in that file.
#[test]
fn warnings_about_copied_values_name_their_file() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '204': {$ref: 'svar.yaml#/Tomt'}\n";
    let svar = "Tomt:\n  description: tomt\n  headers:\n    X-Grense: {description: kall igjen}\n";
    let specs = specs_with(&[("api/openapi.yaml", spec), ("api/svar.yaml", svar)]);
    let output = run(specs.path());
    let w = warning(&output, "header-without-schema");
    assert!(w.file.ends_with("api/svar.yaml"), "{w}");
    assert_eq!(w.location, "/Tomt/headers/X-Grense");
}

/// 3.1 `$defs` inside another file: errors there name that file too.
#[test]
fn errors_in_defs_of_other_files_name_that_file() {
    let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Ting: {$ref: 'b.yaml#/Ting'}\n";
    let b = "Ting:\n  type: object\n  $defs:\n    Indre:\n      type: object\n      properties:\n        kode: {type: string, x-error-code-table: Feilkode}\n";
    let specs = specs_with(&[("api/openapi.yaml", spec), ("api/b.yaml", b)]);
    let err = error(specs.path());
    assert!(err.file.ends_with("api/b.yaml"), "{err}");
    assert_eq!(
        err.location,
        "/Ting/$defs/Indre/properties/kode/x-error-code-table"
    );
}

/// The model itself sees 3.1's `null` in a type list as `nullable` and `const` as a one-value enum.
#[test]
fn openapi_3_1_in_the_model() {
    use codegen::model::{TypeKind, TypeRef};
    let specs = specs_with(&[("api/openapi.yaml", SPEC_31)]);
    let folders = codegen::load::load_specs(specs.path()).expect("loads");
    let (model, _) = codegen::model::lower::build_model(&folders).expect("lowers");
    let service = model.apis[0].service.as_ref().expect("service");
    let ty = |name: &str| {
        service
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    };
    let TypeKind::Struct { fields, .. } = &ty("Ting").kind else {
        panic!("Ting is a struct");
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire).expect(wire);
    assert!(field("merknad").nullable && field("merknad").required);
    assert!(!field("navn").nullable);
    assert!(field("valgfri_forelder").nullable);
    assert_eq!(field("forelder").ty, TypeRef::Named(ty("Forelder").id));
    let TypeRef::Named(kind) = &field("kind").ty else {
        panic!("kind is a named enum");
    };
    let kind = service.type_def(*kind).expect("the type kind names");
    let TypeKind::StringEnum { variants } = &kind.kind else {
        panic!("{} is a string enum", kind.name);
    };
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["ting"]);
}

/// Path items from other files are copied in place; a cycle of them is an error, not a hang.
#[test]
fn path_items_from_other_files() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x: {$ref: 'paths.yaml#/x'}\n  /sirkel: {$ref: 'paths.yaml#/a'}\n";
    let paths = "x:\n  get:\n    operationId: hentX\n    responses:\n      '200':\n        description: ok\n        content:\n          application/json:\n            schema: {$ref: '#/Ting'}\nTing: {type: object, properties: {navn: {type: string}}}\na: {$ref: '#/b'}\nb: {$ref: 'paths.yaml#/a'}\n";
    let specs = specs_with(&[("api/openapi.yaml", spec), ("api/paths.yaml", paths)]);
    let err = error(specs.path());
    assert!(err.message.contains("cycle"), "{err}");
    let spec =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x: {$ref: 'paths.yaml#/x'}\n";
    fs::write(specs.path().join("api/openapi.yaml"), spec).unwrap();
    let output = run(specs.path());
    assert!(models(&output).contains("pub struct Ting"));
    assert!(output.files[Path::new("api/client.rs")].contains("fn hent_x"));
}

/// A folder whose only YAML file looks like a spec is an API folder with a misnamed spec, not a folder
/// of shared files: the user is told the name it must have.
#[test]
fn a_misnamed_spec_is_not_taken_for_shared_files() {
    let specs = specs_with(&[(
        "api/swagger.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )]);
    let err = error(specs.path());
    assert!(err.message.contains("`swagger.yaml`"), "{err}");
    assert!(err.message.contains("openapi.yaml"), "{err}");
}

// --- other repairs ---

#[test]
fn a_response_without_description_gets_an_empty_one() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '200': {content: {application/json: {schema: {type: string}}}}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let output = run(specs.path());
    assert_eq!(
        warning(&output, "response-without-description").location,
        "/paths/~1x/get/responses/200"
    );
}

/// 3.1 keywords in a document that says 3.0 are read as 3.1 means them, with a warning.
#[test]
fn keywords_of_3_1_in_a_3_0_document() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Ting:\n      type: object\n      required: [merknad]\n      properties:\n        merknad: {type: [string, 'null']}\n        antall: {type: integer, exclusiveMinimum: 0}\n";
    let specs = specs_with(&[("api/openapi.yaml", yaml)]);
    let output = run(specs.path());
    let at: Vec<&str> = output
        .warnings
        .iter()
        .filter(|w| w.name == "openapi-3-1-keyword")
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(
        at,
        [
            "/components/schemas/Ting/properties/merknad",
            "/components/schemas/Ting/properties/antall"
        ]
    );
    assert!(models(&output).contains("pub merknad: Option<String>"));
}

/// A bad `type` list in another file is named there.
#[test]
fn a_bad_type_list_in_another_file_is_named_there() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Ting: {$ref: 'b.yaml#/Ting'}\n";
    let specs = specs_with(&[
        ("api/openapi.yaml", spec),
        ("api/b.yaml", "Ting: {type: [string, 7]}\n"),
    ]);
    let err = error(specs.path());
    assert!(err.file.ends_with("api/b.yaml"), "{err}");
    assert_eq!(err.location, "/Ting/type/1");
}
