//! Lowering tested on the model itself, without printing any Rust: each test lowers a small spec and
//! looks at the types, operations and warnings it gives.

use std::path::PathBuf;

use crate::load::{spec::parse_spec, LoadedFolder, LoadedSpec};
use crate::model::{
    Api, HttpMethod, Model, PathSegment, Service, Status, TypeDef, TypeKind, TypeRef,
};
use crate::Warning;

fn lower(yaml: &str) -> (Model, Vec<Warning>) {
    lower_with(yaml, &crate::settings::Settings::default())
}

fn lower_with(yaml: &str, settings: &crate::settings::Settings) -> (Model, Vec<Warning>) {
    try_lower(yaml, settings).expect("test spec lowers")
}

/// The model of `yaml`, or the error lowering it gives.
fn try_lower(
    yaml: &str,
    settings: &crate::settings::Settings,
) -> crate::Result<(Model, Vec<Warning>)> {
    let file = PathBuf::from("specs/test-api/openapi.yaml");
    let folder = LoadedFolder {
        folder: "test-api".to_string(),
        dir: PathBuf::from("specs/test-api"),
        source: "specs/test-api".to_string(),
        spec: Some(LoadedSpec {
            file: file.clone(),
            spec: parse_spec(&file, yaml).expect("test spec parses"),
        }),
        tables: Vec::new(),
    };
    super::build_model_with(&[folder], settings)
}

fn service(model: &Model) -> &Service {
    let api: &Api = &model.apis[0];
    api.service.as_ref().expect("has a service")
}

fn ty<'m>(model: &'m Model, name: &str) -> &'m TypeDef {
    service(model)
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// The reference to the type called `name`.
fn named(model: &Model, name: &str) -> TypeRef {
    TypeRef::Named(ty(model, name).id)
}

fn spec(schemas: &str, paths: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}"
    )
}

#[test]
fn an_array_of_itself_becomes_a_newtype() {
    let (model, warnings) = lower(&spec(
        "    Tre: {type: array, items: {$ref: '#/components/schemas/Tre'}}\n",
        "  {}",
    ));
    assert!(warnings.is_empty());
    assert!(matches!(
        &ty(&model, "Tre").kind,
        TypeKind::Newtype { target: TypeRef::Array(inner), boxed: false } if **inner == named(&model, "Tre")
    ));
}

#[test]
fn cycles_of_bare_refs_are_any_value_with_a_warning() {
    let (model, warnings) = lower(&spec(
        "    Selv: {$ref: '#/components/schemas/Selv'}\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C: {allOf: [{$ref: '#/components/schemas/C'}]}\n",
        "  {}",
    ));
    for name in ["Selv", "A", "B", "C"] {
        assert!(
            matches!(
                &ty(&model, name).kind,
                TypeKind::Alias {
                    target: TypeRef::Any
                }
            ),
            "{name}: {:?}",
            ty(&model, name).kind
        );
    }
    let located: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
    assert!(located.contains(&"/components/schemas/Selv"), "{located:?}");
    assert!(located.contains(&"/components/schemas/A"), "{located:?}");
    assert!(warnings.iter().all(|w| w.file.ends_with("openapi.yaml")));
}

#[test]
fn a_struct_that_holds_itself_is_boxed_only_where_needed() {
    let (model, _) = lower(&spec(
        "    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n",
        "  {}",
    ));
    let TypeKind::Struct { fields, .. } = &ty(&model, "Node").kind else {
        panic!("Node is a struct");
    };
    assert!(fields[0].boxed, "next is boxed");
    assert!(!fields[1].boxed, "a Vec already allocates");
}

#[test]
fn required_nullable_is_kept_apart_from_optional() {
    let (model, _) = lower(&spec(
        "    Ting:\n      type: object\n      required: [a, b]\n      properties:\n        a: {type: string, nullable: true}\n        b: {type: string}\n        c: {type: string}\n",
        "  {}",
    ));
    let TypeKind::Struct { fields, default } = &ty(&model, "Ting").kind else {
        panic!("Ting is a struct");
    };
    assert!(fields[0].required && fields[0].nullable && fields[0].optional());
    assert!(fields[1].required && !fields[1].nullable && !fields[1].optional());
    assert!(!fields[2].required && fields[2].optional());
    assert!(!default);
}

#[test]
fn a_discriminator_makes_a_tagged_enum() {
    let (model, _) = lower(&spec(
        "    Dyr:\n      oneOf: [{$ref: '#/components/schemas/Hund'}, {$ref: '#/components/schemas/Katt'}]\n      discriminator:\n        propertyName: art\n        mapping: {hund: '#/components/schemas/Hund'}\n    Hund: {type: object, properties: {art: {type: string}}}\n    Katt: {type: object, properties: {art: {type: string}}}\n",
        "  {}",
    ));
    let TypeKind::Tagged { property, variants } = &ty(&model, "Dyr").kind else {
        panic!("Dyr is tagged: {:?}", ty(&model, "Dyr").kind);
    };
    assert_eq!(property, "art");
    let tags: Vec<(&str, &str)> = variants
        .iter()
        .map(|v| (v.name.as_str(), v.tag.as_str()))
        .collect();
    // The mapping's tag, then the schema's name for the member the mapping leaves out.
    assert_eq!(tags, [("Hund", "hund"), ("Katt", "Katt")]);
}

#[test]
fn exactly_one_of_the_properties_is_an_enum_of_them() {
    let (model, _) = lower(&spec(
        "    Eier:\n      type: object\n      properties:\n        person: {type: string}\n        organisasjon: {type: string}\n      oneOf: [{required: [person]}, {required: [organisasjon]}]\n    Minst:\n      type: object\n      properties:\n        a: {type: string}\n        b: {type: string}\n      anyOf: [{required: [a]}, {required: [b]}]\n",
        "  {}",
    ));
    let TypeKind::OneProperty { variants } = &ty(&model, "Eier").kind else {
        panic!("Eier is an enum of its properties");
    };
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["person", "organisasjon"]);
    // At least one of them: a struct, but one without a valid default.
    assert!(matches!(
        &ty(&model, "Minst").kind,
        TypeKind::Struct { default: false, .. }
    ));
}

#[test]
fn a_date_format_wins_over_its_pattern() {
    let (model, _) = lower(&spec(
        "    Ting:\n      type: object\n      properties:\n        dato: {type: string, format: date, pattern: '^\\d{4}-\\d{2}-\\d{2}$'}\n",
        "  {}",
    ));
    let TypeKind::Struct { fields, .. } = &ty(&model, "Ting").kind else {
        panic!("Ting is a struct");
    };
    assert_eq!(
        fields[0].ty,
        TypeRef::Primitive(crate::model::Primitive::Date)
    );
}

#[test]
fn default_is_the_success_when_no_2xx_is_documented() {
    let (model, _) = lower(&spec(
        "    Ting: {type: string}\n",
        "  /ting/{id}:\n    get:\n      operationId: hentTing\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '404': {description: borte}\n        default: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Ting'}}}}\n",
    ));
    let op = &service(&model).operations[0];
    assert_eq!(op.method, HttpMethod::Get);
    assert_eq!(
        op.path.segments,
        [
            PathSegment::Literal("/ting/".into()),
            PathSegment::Param("id".into())
        ]
    );
    let success: Vec<Status> = op
        .responses
        .iter()
        .filter(|r| r.success)
        .map(|r| r.status)
        .collect();
    assert_eq!(success, [Status::Default]);
}

#[test]
fn every_operation_name_is_allocated_in_the_model() {
    let (model, _) = lower(&spec(
        "    Result: {x-codegen-keep: true, type: string, minLength: 1}\n    Option: {x-codegen-keep: true, type: object, properties: {a-b: {type: string}, a_b: {type: string}, aB: {type: string}}}\n",
        "  /a:\n    get: {operationId: getFoo, responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: get_foo, responses: {'200': {description: ok}}}\n  /c:\n    get: {operationId: router, responses: {'200': {description: ok}}}\n",
    ));
    let service = service(&model);
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|op| op.names.method.as_str())
        .collect();
    assert_eq!(names, ["get_foo", "get_foo_2", "router"]);
    assert_eq!(service.operations[2].names.call, "call_router");
    // A schema keeps a prelude name: the emitters name the prelude's item by path in its module.
    assert!(service.types.iter().any(|t| t.name == "Result"));
    assert!(service
        .shadowed
        .contains(&crate::model::own_names::OwnName::Option));
    let TypeKind::Struct { fields, .. } = &ty(&model, "Option").kind else {
        panic!("Option is a struct");
    };
    let fields: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, ["a_b", "a_b_2", "a_b_3"]);
}

#[test]
fn many_parameters_are_one_request() {
    let params: String = (0..8)
        .map(|i| format!("{{name: p{i}, in: query, schema: {{type: string}}}}, "))
        .collect();
    let (model, _) = lower(&spec(
        "    Ting: {type: string}\n",
        &format!("  /a:\n    get:\n      operationId: mange\n      parameters: [{params}]\n      responses: {{'200': {{description: ok}}}}\n"),
    ));
    let op = &service(&model).operations[0];
    assert_eq!(op.params.len(), 8);
    assert_eq!(op.names.request, "MangeRequest");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Arrays of arrays: one level of YAML per level of schema, so the document itself still parses.
    let mut schema = String::from("{type: string}");
    for _ in 0..110 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let specs = tempfile::tempdir().expect("temp dir");
    let dir = specs.path().join("test-api");
    std::fs::create_dir(&dir).expect("folder");
    let yaml = spec(&format!("    Dyp: {schema}\n"), "  {}");
    std::fs::write(dir.join("openapi.yaml"), yaml).expect("spec written");
    // Through `run`, which gives the pipeline a stack for documents this deep.
    let err = crate::run(specs.path()).expect_err("too deep");
    assert!(
        err.location.starts_with("/components/schemas/Dyp/items"),
        "{err}"
    );
    assert!(err.message.contains("deeper"), "{err}");
}

#[test]
fn identical_inline_schemas_are_one_type() {
    // The same inline link object in two responses, and an inline enum the same as a component.
    let paths = r"
  /a:
    get:
      operationId: a
      parameters: [{name: s, in: query, schema: {type: string, enum: [open, closed]}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {lenke: LINK}}}}
  /b:
    get:
      operationId: b
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {lenke: LINK, annen: {type: integer}}}}}
"
    .replace("LINK", "{type: object, properties: {href: {type: string}}}");
    let (model, _) = lower(&spec(
        "    Tilstand: {type: string, enum: [open, closed]}\n",
        &paths,
    ));
    let service = service(&model);
    let links: Vec<&str> = service
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Struct { fields, .. } if fields.len() == 1 && fields[0].wire == "href"))
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(links.len(), 1, "one link type: {links:?}");
    // Both responses' `lenke` fields name it.
    let lenke_types: Vec<&TypeRef> = service
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().find(|f| f.wire == "lenke").map(|f| &f.ty)
            }
            _ => None,
        })
        .collect();
    assert_eq!(lenke_types.len(), 2);
    assert!(lenke_types.iter().all(|ty| **ty == named(&model, links[0])));
    // The inline enum of the parameter is the component `Tilstand`.
    let param = &service.operations[0].params[0];
    assert_eq!(param.ty, named(&model, "Tilstand"));
    assert_eq!(
        service
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::StringEnum { .. }))
            .count(),
        1
    );
}

#[test]
fn merged_types_are_not_named_what_the_code_uses() {
    // `SmsFrom` and `MmsFrom` have `From` in common, which would shadow the trait (telstra.com's spec).
    let paths = r"
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {smsFrom: {type: string, enum: [x, y]}}}}}
  /b:
    get:
      operationId: b
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {mmsFrom: {type: string, enum: [x, y]}}}}}
";
    let (model, _) = lower(&spec("    Ting: {type: string}\n", paths));
    let names: Vec<&str> = service(&model)
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(!names.contains(&"From"), "{names:?}");
    assert_eq!(
        service(&model)
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::StringEnum { .. }))
            .count(),
        1,
        "{names:?}"
    );
}

fn names(model: &Model) -> Vec<&str> {
    let mut names: Vec<&str> = service(model)
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    names.sort_unstable();
    names
}

const REACH_SCHEMAS: &str = "    Svar: {type: object, properties: {del: {$ref: '#/components/schemas/Del'}}}
    Del: {type: object, properties: {navn: {type: string}}}
    Feil: {type: object, properties: {kode: {type: string}}}
    Teller: {type: integer}
    Tre: {type: object, properties: {barn: {type: array, items: {$ref: '#/components/schemas/Tre'}}}}
    Basis: {type: object, properties: {id: {type: string}}}
    Utvidet: {allOf: [{$ref: '#/components/schemas/Basis'}, {type: object, properties: {x: {type: string}}}]}
    Katt: {type: object, properties: {mjau: {type: string}}}
    Hund: {type: object, properties: {voff: {type: string}}}
    Dyr: {oneOf: [{$ref: '#/components/schemas/Katt'}, {$ref: '#/components/schemas/Hund'}]}
    Ubrukt: {type: object, properties: {tre: {$ref: '#/components/schemas/Ubrukt'}, annen: {$ref: '#/components/schemas/Ubrukt2'}}}
    Ubrukt2: {type: object, properties: {x: {type: string}}}
";

const REACH_PATHS: &str = "  /a:
    get:
      operationId: hent
      responses:
        '200':
          description: ok
          headers:
            X-Teller: {schema: {$ref: '#/components/schemas/Teller'}}
          content: {application/json: {schema: {$ref: '#/components/schemas/Svar'}}}
        '404':
          description: ikke funnet
          content: {application/json: {schema: {$ref: '#/components/schemas/Feil'}}}
  /b:
    post:
      operationId: lagre
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Tre'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Utvidet'}}}}
        default: {$ref: '#/components/responses/Dyret'}
";

fn reach_spec(root_extension: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{root_extension}paths:\n{REACH_PATHS}components:\n  responses:\n    Dyret: {{description: dyr, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Dyr'}}}}}}}}\n  schemas:\n{REACH_SCHEMAS}"
    )
}

/// [`reach_spec`] with tags on `hent` and `lagre` (the inside of a YAML list) and more GET
/// operations before `/b`: `(path, operationId, tags, the schema its 200 answers with)`.
fn tagged_reach_spec(
    hent: &str,
    lagre: &str,
    more: &[(&str, &str, Option<&str>, Option<&str>)],
) -> String {
    let tag = |spec: String, id: &str, tags: &str| {
        spec.replace(
            &format!("      operationId: {id}\n"),
            &format!("      operationId: {id}\n      tags: [{tags}]\n"),
        )
    };
    let spec = tag(tag(reach_spec(""), "hent", hent), "lagre", lagre);
    let paths: String = more
        .iter()
        .map(|(path, id, tags, schema)| {
            let tags = tags.map(|t| format!("      tags: [{t}]\n")).unwrap_or_default();
            let content = schema
                .map(|s| format!(", content: {{application/json: {{schema: {{$ref: '#/components/schemas/{s}'}}}}}}"))
                .unwrap_or_default();
            format!("  {path}:\n    get:\n      operationId: {id}\n{tags}      responses: {{'200': {{description: ok{content}}}}}\n")
        })
        .collect();
    spec.replace("  /b:\n", &format!("{paths}  /b:\n"))
}

#[test]
fn only_the_schemas_operations_reach_are_types_and_the_rest_is_one_note() {
    let (model, warnings) = lower(&reach_spec(""));
    // Through a response header, an error response, a recursive type, an allOf member merged into its
    // parent, a oneOf's members behind a response `$ref`.
    assert_eq!(
        names(&model),
        ["Basis", "Del", "Dyr", "Feil", "Hund", "Katt", "Svar", "Teller", "Tre", "Utvidet"]
    );
    let notes: Vec<&Warning> = warnings.iter().filter(|w| !w.is_defect()).collect();
    assert_eq!(notes.len(), 2, "{warnings:?}");
    assert_eq!(notes[1].name, "unused-schemas");
    assert!(
        notes[1].message.starts_with("2 component schemas"),
        "{}",
        notes[1].message
    );
    // No tags, and its paths in two groups (`/a`, `/b`): a note says what `--group-by-path` would
    // make of them (see `path_groups`); without it, no features.
    assert_eq!(notes[0].name, "tags-from-paths");
    assert_eq!(notes[0].location, "/paths");
    assert_eq!(
        notes[0].message,
        "the description has no tags, so every build compiles all of it; with `--group-by-path` its operations are grouped by the first segment of their paths into 2 tags (`a`, `b`), each a feature (`tag-test-api-<group>`)"
    );
    assert_eq!(warnings.len(), 2);
    assert!(service(&model).features.is_empty());
    assert!(service(&model).types.iter().all(|t| t.features.is_empty()));
    // With it, each group is a tag.
    let settings = crate::settings::Settings {
        group_by_path: true,
        ..Default::default()
    };
    let (model, warnings) = lower_with(&reach_spec(""), &settings);
    assert_eq!(
        warnings[0].message,
        "the description has no tags: its operations are grouped by the first segment of their paths into 2 tags (`a`, `b`), each a feature (`tag-test-api-<group>`), and a name for `--tag`"
    );
    assert_eq!(
        service(&model).features,
        ["tag-test-api-a", "tag-test-api-b"]
    );
    // Files included into another crate have no features: a group is a tag to select.
    let included = crate::settings::Settings {
        layout: crate::settings::Layout::Included,
        ..Default::default()
    };
    let (_, notes) = lower_with(&reach_spec(""), &included);
    assert!(
        notes[0]
            .message
            .ends_with("into 2 tags (`a`, `b`), each a tag to generate alone"),
        "{}",
        notes[0].message
    );
    let tags: Vec<&[String]> = service(&model)
        .operations
        .iter()
        .map(|op| &op.tags[..])
        .collect();
    assert_eq!(tags, [["a".to_string()], ["b".to_string()]]);
    // One tag: no features.
    let (model, warnings) = lower(&tagged_reach_spec("a", "a", &[]));
    assert!(
        warnings.iter().all(|w| w.name == "unused-schemas"),
        "{warnings:?}"
    );
    assert!(service(&model).features.is_empty());
    assert!(service(&model).types.iter().all(|t| t.features.is_empty()));
}

#[test]
fn schemas_the_spec_asks_for_are_kept() {
    // The note beside them is that the paths give the tags (see the test above).
    let notes_only = |warnings: &[Warning]| warnings.iter().all(|w| w.name == "tags-from-paths");
    let (model, warnings) = lower(&reach_spec("x-codegen-keep-all-schemas: true\n"));
    assert_eq!(names(&model).len(), 12);
    assert!(notes_only(&warnings), "{warnings:?}");
    // One schema kept keeps what it names.
    let spec = reach_spec("").replace(
        "    Ubrukt: {type: object,",
        "    Ubrukt: {x-codegen-keep: true, type: object,",
    );
    let (model, warnings) = lower(&spec);
    assert!(names(&model).contains(&"Ubrukt") && names(&model).contains(&"Ubrukt2"));
    assert!(notes_only(&warnings), "{warnings:?}");
}

#[test]
fn a_folder_without_operations_keeps_every_schema() {
    let (model, warnings) = lower(&spec(
        "    A: {type: string}\n    B: {type: integer}\n",
        "  {}",
    ));
    assert_eq!(names(&model), ["A", "B"]);
    assert!(warnings.is_empty());
}

#[test]
fn each_tag_is_a_feature_of_the_operations_and_types_it_reaches() {
    let spec = tagged_reach_spec(
        "Lesing",
        "Skriving, Lesing",
        &[("/c", "tell", Some("Skriving"), Some("Teller"))],
    );
    let (model, _) = lower(&spec);
    let service = service(&model);
    assert_eq!(
        service.features,
        ["tag-test-api-lesing", "tag-test-api-skriving"]
    );
    let op = |id: &str| service.operations.iter().find(|op| op.id == id).unwrap();
    assert_eq!(op("hent").features, ["tag-test-api-lesing"]);
    assert_eq!(
        op("lagre").features,
        ["tag-test-api-lesing", "tag-test-api-skriving"]
    );
    assert_eq!(op("tell").features, ["tag-test-api-skriving"]);
    let features = |name: &str| ty(&model, name).features.to_vec();
    // Only `hent` (tag Lesing) reaches Svar, Del, Feil.
    assert_eq!(features("Svar"), ["tag-test-api-lesing"]);
    assert_eq!(features("Del"), ["tag-test-api-lesing"]);
    // `lagre` has both tags: what it reaches is reached by every tag, so always compiled.
    assert!(features("Tre").is_empty());
    assert!(features("Basis").is_empty());
    // Teller: `hent` (Lesing, in a header) and `tell` (Skriving).
    assert!(features("Teller").is_empty());
}

#[test]
fn the_operations_without_a_tag_are_a_feature_and_selected_as_untagged() {
    let spec = tagged_reach_spec("a", "b", &[("/c", "tell", None, Some("Teller"))]);
    let (model, _) = lower(&spec);
    let api = service(&model);
    assert_eq!(
        api.features,
        ["tag-test-api-a", "tag-test-api-b", "tag-test-api-untagged"]
    );
    let op = |id: &str| api.operations.iter().find(|op| op.id == id).unwrap();
    assert_eq!(op("tell").features, ["tag-test-api-untagged"]);
    assert_eq!(op("hent").features, ["tag-test-api-a"]);
    // `--tag untagged` keeps them, and only them.
    let settings = crate::settings::Settings {
        tags: ["untagged".to_string()].into_iter().collect(),
        ..Default::default()
    };
    let (model, _) = lower_with(&spec, &settings);
    let ids: Vec<&str> = service(&model)
        .operations
        .iter()
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(ids, ["tell"]);
}

#[test]
fn a_type_of_some_tags_lists_them_sorted() {
    let spec = tagged_reach_spec(
        "c-tag",
        "B tag",
        &[
            ("/c", "annet", Some("a_tag"), None),
            ("/d", "tell", Some("B tag, c-tag"), Some("Basis")),
        ],
    );
    let (model, _) = lower(&spec);
    assert_eq!(
        service(&model).features,
        [
            "tag-test-api-a-tag",
            "tag-test-api-b-tag",
            "tag-test-api-c-tag"
        ]
    );
    assert_eq!(*ty(&model, "Svar").features, ["tag-test-api-c-tag"]);
    assert_eq!(*ty(&model, "Tre").features, ["tag-test-api-b-tag"]);
    assert_eq!(
        *ty(&model, "Basis").features,
        ["tag-test-api-b-tag", "tag-test-api-c-tag"]
    );
}

#[test]
fn a_type_is_gated_on_every_tag_that_reaches_it_however_many() {
    // Basis is reached by `lagre` (b), `tell` (c) and `annet` (a): three of the four tags (`hent` adds
    // d), so it is compiled with any of the three, not always (a build of `d` alone has no use for
    // it); Tre only by `lagre`.
    let spec = tagged_reach_spec(
        "c, d",
        "b",
        &[
            ("/c", "annet", Some("a"), Some("Basis")),
            ("/d", "tell", Some("c"), Some("Basis")),
        ],
    );
    let (model, _) = lower(&spec);
    assert_eq!(service(&model).features.len(), 4);
    assert_eq!(
        *ty(&model, "Basis").features,
        ["tag-test-api-a", "tag-test-api-b", "tag-test-api-c"]
    );
    assert_eq!(*ty(&model, "Tre").features, ["tag-test-api-b"]);
}

#[test]
fn an_anonymous_bounded_string_is_a_string_with_its_bound_and_a_named_one_a_type() {
    use crate::model::{Length, Primitive};
    let (model, warnings) = lower(&spec(
        "    Kode: {type: string, maxLength: 8}\n    Ting:\n      type: object\n      properties:\n        navn: {type: string, minLength: 1, maxLength: 50}\n        liste: {type: array, items: {type: string, maxLength: 5}}\n        kart: {type: object, additionalProperties: {type: string, maxLength: 5}}\n        null_min: {type: string, minLength: 0}\n        moenster: {type: string, pattern: '^[A-Z]+$', maxLength: 5}\n        kode: {$ref: '#/components/schemas/Kode'}\n        navn_igjen: {type: string, maxLength: 5000}\n        annet_navn: {type: string, maxLength: 5000}\n",
        "  {}",
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let TypeKind::Struct { fields, .. } = &ty(&model, "Ting").kind else {
        panic!("Ting is a struct");
    };
    let of = |name: &str| &fields.iter().find(|f| f.wire == name).unwrap().ty;
    let bounded = |min, max| TypeRef::BoundedString(Length { min, max });
    assert_eq!(*of("navn"), bounded(Some(1), Some(50)));
    assert_eq!(
        *of("liste"),
        TypeRef::Array(Box::new(bounded(None, Some(5))))
    );
    assert_eq!(*of("kart"), TypeRef::Map(Box::new(bounded(None, Some(5)))));
    assert_eq!(*of("null_min"), TypeRef::Primitive(Primitive::String));
    // Two places with the same bound are two plain strings: no type is merged or named after one.
    assert_eq!(*of("navn_igjen"), bounded(None, Some(5000)));
    assert_eq!(*of("annet_navn"), bounded(None, Some(5000)));
    // A pattern, and a name the spec gives, keep their types.
    let TypeRef::Named(moenster) = of("moenster") else {
        panic!("a pattern string is a type");
    };
    assert!(matches!(
        service(&model).type_def(*moenster).unwrap().kind,
        TypeKind::ConstrainedString {
            pattern: Some(_),
            max_length: Some(5),
            ..
        }
    ));
    assert_eq!(*of("kode"), named(&model, "Kode"));
    assert!(matches!(
        ty(&model, "Kode").kind,
        TypeKind::ConstrainedString {
            pattern: None,
            max_length: Some(8),
            ..
        }
    ));
    // Only those two string types exist.
    let strings = service(&model)
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::ConstrainedString { .. }))
        .count();
    assert_eq!(strings, 2);
}

#[test]
fn a_schema_that_cannot_keep_its_name_is_a_warning_saying_what_became_what() {
    let (model, warnings) = lower(&spec(
        "    Foo: {x-codegen-keep: true, type: object, properties: {a: {type: string}}}\n    foo: {x-codegen-keep: true, type: object, properties: {b: {type: string}}}\n    self: {x-codegen-keep: true, type: string, pattern: '^a$'}\n    Error: {x-codegen-keep: true, type: object, properties: {c: {type: string}}}\n",
        "  {}",
    ));
    let renamed: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|w| w.name == "schema-renamed")
        .map(|w| (w.location.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        renamed,
        [
            (
                "/components/schemas/foo",
                "`foo` is generated as `Foo2` because the schema `Foo` is generated as `Foo`"
            ),
            (
                "/components/schemas/self",
                "`self` is generated as `Self_` because `Self` is a Rust keyword"
            ),
        ]
    );
    assert!(warnings
        .iter()
        .all(|w| w.file.ends_with("specs/test-api/openapi.yaml")));
    // A name of the generated code's own (`Error`) is the spec's, without a word.
    for name in ["Foo", "Foo2", "Self_", "Error"] {
        ty(&model, name);
    }
}

#[test]
fn a_schema_keeps_a_name_of_ours_and_our_names_step_aside() {
    // `Option` and `GetPetResponse` are the spec's; the operation's response type gets a suffix.
    let (model, warnings) = lower(&spec(
        "    Option: {type: object, properties: {a: {type: string}}}\n    GetPetResponse: {type: object, properties: {o: {$ref: '#/components/schemas/Option'}}}\n",
        "  /pet:\n    get:\n      operationId: getPet\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/GetPetResponse'}}}}}\n",
    ));
    assert!(
        warnings.iter().all(|w| w.name != "schema-renamed"),
        "{warnings:?}"
    );
    let service = service(&model);
    assert_eq!(service.operations[0].names.response, "GetPetResponse2");
    let TypeKind::Struct { fields, .. } = &ty(&model, "GetPetResponse").kind else {
        panic!("GetPetResponse is a struct");
    };
    assert_eq!(fields[0].ty, named(&model, "Option"));
    // The emitters name the prelude's `Option` by path in this module.
    assert_eq!(
        service
            .shadowed
            .iter()
            .map(|own| own.short())
            .collect::<Vec<_>>(),
        ["Option"]
    );
}

#[test]
fn an_inline_response_body_does_not_take_the_name_of_the_operation_s_response() {
    // The response enum is `GetThingResponse`; the body it holds is the inline schema's type.
    let (model, _) = lower(&spec(
        "    Ting: {type: string}\n",
        "  /thing:\n    get:\n      operationId: getThing\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}, b: {type: integer}, c: {type: boolean}}}}}}}\n",
    ));
    let service = service(&model);
    assert_eq!(service.operations[0].names.response, "GetThingResponse");
    assert!(matches!(
        ty(&model, "GetThingResponseBody").kind,
        TypeKind::Struct { .. }
    ));
}

#[test]
fn streamed_bodies_are_decided_by_their_media_type() {
    use crate::model::{Encoding, ItemSource, Primitive};
    let paths = r#"
  /chat:
    post:
      operationId: chat
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Chunk'}}
            text/event-stream:
              schema: {type: string}
              itemSchema: {$ref: '#/components/schemas/Chunk'}
  /lines:
    get:
      operationId: lines
      responses:
        '200':
          description: ok
          content:
            application/x-ndjson: {schema: {type: array, items: {$ref: '#/components/schemas/Chunk'}}}
  /image:
    get:
      operationId: image
      responses:
        '200':
          description: ok
          content:
            image/png: {schema: {type: object}}
  /form:
    post:
      operationId: form
      requestBody:
        content:
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Chunk'}}
      responses:
        '204': {description: ok}
"#;
    let (model, warnings) = lower(&spec(
        "    Chunk: {type: object, properties: {delta: {type: string}}}\n",
        paths,
    ));
    let ops = &service(&model).operations;
    let chat = &ops[0];
    // A binary request body is a byte stream, meant, so no warning.
    assert_eq!(
        chat.body.as_ref().unwrap().content.encoding,
        Encoding::Stream
    );
    // JSON stays the body; the event stream is the alternative, its item the `itemSchema`.
    let ok = &chat.responses[0];
    assert_eq!(ok.content.as_ref().unwrap().encoding, Encoding::Json);
    let stream = ok.stream.as_ref().expect("a stream beside JSON");
    assert!(matches!(
        stream.encoding,
        Encoding::Events(items) if items.source == ItemSource::ItemSchema && !items.text
    ));
    assert_eq!(stream.ty, named(&model, "Chunk"));
    let names = chat.names.stream.as_ref().expect("a streaming method");
    assert_eq!(names.method, "chat_stream");
    assert_eq!(names.response, "ChatStreamResponse");
    // An NDJSON array's items are the stream's.
    let lines = ops[1].responses[0].content.as_ref().unwrap();
    assert!(matches!(
        lines.encoding,
        Encoding::Events(items) if items.source == ItemSource::ArrayItems
    ));
    assert_eq!(lines.ty, named(&model, "Chunk"));
    assert!(ops[1].names.stream.is_none());
    // Any other media type is bytes, whatever its schema says.
    let image = ops[2].responses[0].content.as_ref().unwrap();
    assert_eq!(image.encoding, Encoding::Stream);
    assert_eq!(image.ty, TypeRef::Primitive(Primitive::Bytes));
    // A form is its struct (see `form_tests`). What is lost is said: the image's schema is an object.
    let form = &ops[3].body.as_ref().unwrap().content;
    assert_eq!(form.encoding, Encoding::Form);
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.name, w.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("tags-from-paths", "/paths"),
            (
                "body-as-bytes",
                "/paths/~1image/get/responses/200/content/image~1png/schema"
            )
        ]
    );
}

#[test]
fn an_event_schema_types_the_events_data() {
    use crate::model::{Encoding, ItemSource};
    let paths = r#"
  /ticks:
    get:
      operationId: ticks
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              itemSchema:
                type: object
                required: [data]
                properties:
                  event: {type: string}
                  data: {type: string, contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Tick'}}
  /log:
    get:
      operationId: log
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              schema: {type: object, properties: {data: {type: string}, id: {type: string}}}
  /chunks:
    get:
      operationId: chunks
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              schema: {type: object, properties: {data: {type: string}, delta: {type: string}}}
"#;
    let (model, _) = lower(&spec(
        "    Tick: {type: object, properties: {seq: {type: integer}}}\n",
        paths,
    ));
    let ops = &service(&model).operations;
    let item = |i: usize| ops[i].responses[0].content.as_ref().unwrap();
    // The event's `data` holds a Tick as JSON text.
    assert_eq!(item(0).ty, named(&model, "Tick"));
    assert!(
        matches!(item(0).encoding, Encoding::Events(items) if items.source == ItemSource::EventData && !items.text)
    );
    // The event's `data` is text.
    assert!(
        matches!(item(1).encoding, Encoding::Events(items) if items.source == ItemSource::EventData && items.text)
    );
    // Not an event (a property no event has): the schema is the data's, as before OpenAPI 3.2.
    assert!(
        matches!(item(2).encoding, Encoding::Events(items) if items.source == ItemSource::Schema)
    );
}

#[test]
fn whether_a_call_carries_and_needs_a_token_is_decided_once() {
    use crate::model::Auth;
    let spec = |security: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: T, version: '1'}}
components:
  securitySchemes:
    maskinporten: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://x/token', scopes: {{'skatteetaten:x': x}}}}}}}}
paths:
  /a:
    get:
      operationId: a
      {security}
      responses:
        '200': {{description: ok}}
"#
        )
    };
    let auth = |security: &str| {
        let (model, _) = lower(&spec(security));
        service(&model).operations[0].auth
    };
    assert_eq!(
        auth("security: [{maskinporten: ['skatteetaten:x']}]"),
        Auth::Required
    );
    assert_eq!(
        auth("security: [{}, {maskinporten: ['skatteetaten:x']}]"),
        Auth::Optional
    );
    assert_eq!(auth("security: [{}]"), Auth::None);
    assert_eq!(auth(""), Auth::None);
    // The client sends its token where the server checks one, and where a token is optional.
    assert!(Auth::Required.sends_token() && Auth::Required.requires_token());
    assert!(Auth::Optional.sends_token() && !Auth::Optional.requires_token());
    assert!(!Auth::None.sends_token() && !Auth::None.requires_token());
}

/// A spec of `count` paths, each with one operation `getI`; the path of `bad`, if any, is written
/// `path`.
fn many_paths(count: usize, bad: Option<(usize, &str)>) -> String {
    let paths: String = (0..count)
        .map(|i| {
            let path = match bad {
                Some((at, path)) if at == i => path.to_string(),
                _ => format!("/items/{i}"),
            };
            format!("  {path}:\n    get:\n      operationId: get{i}\n      responses:\n        '200':\n          description: ok\n")
        })
        .collect();
    format!("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n{paths}")
}

#[test]
fn more_paths_than_are_read_ahead_are_lowered_in_their_order() {
    // More than `READ_AHEAD` (64): the path items are read on another core while they are lowered.
    for count in [3, 64, 65, 300] {
        let (model, _) = lower(&many_paths(count, None));
        let ids: Vec<&str> = service(&model)
            .operations
            .iter()
            .map(|op| op.id.as_str())
            .collect();
        let expected: Vec<String> = (0..count).map(|i| format!("get{i}")).collect();
        assert_eq!(ids, expected, "{count} paths");
    }
}

#[test]
fn an_error_in_one_of_many_paths_ends_the_lowering_with_it() {
    // The reading core is ahead when lowering stops at path 100 of 300: it stops too, and the error
    // names the path.
    let yaml = many_paths(300, Some((100, "/items/{id")));
    let settings = crate::settings::Settings::default();
    let err = try_lower(&yaml, &settings).expect_err("a broken path");
    assert_eq!(err.location, "/paths/~1items~1{id", "{err:?}");
}
