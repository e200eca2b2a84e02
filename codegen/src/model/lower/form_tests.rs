//! Form and multipart request bodies in the model: which forms nest, which properties are files, how
//! each part is written, and what stays bytes (with its warning).

use std::path::PathBuf;

use crate::load::{spec::parse_spec, LoadedFolder, LoadedSpec};
use crate::model::{Content, Encoding, Model, PartKind, Primitive, TypeKind, TypeRef};
use crate::Warning;

fn lower(body: &str) -> (Model, Vec<Warning>) {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: send\n      requestBody:\n        content:\n{body}\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  schemas:\n    Point: {{type: object, properties: {{x: {{type: integer}}}}}}\n"
    );
    let file = PathBuf::from("specs/test-api/openapi.yaml");
    let folder = LoadedFolder {
        folder: "test-api".to_string(),
        dir: PathBuf::from("specs/test-api"),
        source: "specs/test-api".to_string(),
        spec: Some(LoadedSpec {
            file: file.clone(),
            spec: parse_spec(&file, &yaml).expect("test spec parses"),
        }),
        tables: Vec::new(),
    };
    let (model, mut warnings) = super::build_model(&[folder]).expect("test spec lowers");
    // `Point` is there for the tests that use it.
    warnings.retain(|w| w.name != "unused-schemas");
    (model, warnings)
}

fn body(model: &Model) -> &Content {
    let service = model.apis[0].service.as_ref().unwrap();
    &service.operations[0].body.as_ref().unwrap().content
}

fn fields(model: &Model, name: &str) -> Vec<(String, TypeRef)> {
    let service = model.apis[0].service.as_ref().unwrap();
    match &service.types.iter().find(|t| t.name == name).unwrap().kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .map(|f| (f.wire.clone(), f.ty.clone()))
            .collect(),
        other => panic!("{name} is no struct: {other:?}"),
    }
}

#[test]
fn a_form_of_scalars_and_lists_of_scalars_is_flat() {
    let (model, warnings) = lower(
        "          application/x-www-form-urlencoded:\n            schema: {type: object, properties: {To: {type: string}, Tag: {type: array, items: {type: string}}, When: {type: string, format: date-time}}}",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let content = body(&model);
    assert_eq!(content.encoding, Encoding::Form);
    assert!(!content.form.as_ref().unwrap().nested);
}

#[test]
fn a_form_nests_for_an_object_a_list_of_objects_or_a_deep_object_encoding() {
    for properties in [
        "{p: {$ref: '#/components/schemas/Point'}}",
        "{p: {type: array, items: {$ref: '#/components/schemas/Point'}}}",
        "{p: {type: object, additionalProperties: {type: string}}}",
        "{p: {oneOf: [{type: integer}, {$ref: '#/components/schemas/Point'}]}}",
    ] {
        let (model, _) = lower(&format!(
            "          application/x-www-form-urlencoded:\n            schema: {{type: object, properties: {properties}}}"
        ));
        assert!(body(&model).form.as_ref().unwrap().nested, "{properties}");
    }
    let (model, _) = lower(
        "          application/x-www-form-urlencoded:\n            schema: {type: object, properties: {expand: {type: array, items: {type: string}}}}\n            encoding: {expand: {style: deepObject, explode: true}}",
    );
    assert!(body(&model).form.as_ref().unwrap().nested);
}

#[test]
fn a_multipart_body_holds_files_and_says_how_each_part_is_written() {
    let (model, warnings) = lower(
        "          multipart/form-data:\n            schema:\n              type: object\n              required: [file]\n              properties:\n                file: {type: string, format: binary}\n                more: {type: array, items: {type: string, format: binary}}\n                purpose: {type: string}\n                sizes: {type: array, items: {type: integer}}\n                point: {$ref: '#/components/schemas/Point'}\n                meta: {type: string}\n            encoding:\n              meta: {contentType: application/json}",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let content = body(&model);
    assert_eq!(content.encoding, Encoding::Multipart);
    let form = content.form.as_ref().unwrap();
    let service = model.apis[0].service.as_ref().unwrap();
    let object = service
        .type_def(form.object.unwrap())
        .unwrap()
        .name
        .as_str();
    let parts: Vec<(&str, PartKind, bool)> = form
        .parts
        .iter()
        .map(|p| (p.wire.as_str(), p.kind, p.required))
        .collect();
    assert_eq!(
        parts,
        [
            ("file", PartKind::File, true),
            ("more", PartKind::Files, false),
            ("purpose", PartKind::Text, false),
            ("sizes", PartKind::Texts, false),
            ("point", PartKind::Json, false),
            ("meta", PartKind::Json, false),
        ]
    );
    let types = fields(&model, object);
    assert_eq!(types[0].1, TypeRef::Primitive(Primitive::File));
    assert_eq!(
        types[1].1,
        TypeRef::Array(Box::new(TypeRef::Primitive(Primitive::File)))
    );
}

#[test]
fn a_form_that_is_no_object_stays_bytes_with_a_warning_at_its_schema() {
    let (model, warnings) = lower(
        "          multipart/form-data:\n            schema: {type: array, items: {type: string}}",
    );
    assert_eq!(body(&model).encoding, Encoding::Binary);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].name, "body-as-bytes");
    assert_eq!(
        warnings[0].location,
        "/paths/~1a/post/requestBody/content/multipart~1form-data/schema"
    );
}

#[test]
fn a_json_body_also_offered_as_the_same_form_is_read_from_either() {
    let (model, _) = lower(
        "          application/json:\n            schema: {$ref: '#/components/schemas/Point'}\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/Point'}",
    );
    let service = model.apis[0].service.as_ref().unwrap();
    let body = service.operations[0].body.as_ref().unwrap();
    assert_eq!(body.content.encoding, Encoding::Json);
    assert_eq!(body.form_too.as_ref().unwrap().encoding, Encoding::Form);
    // Another schema for the form: the server adapter reads JSON only.
    let (model, _) = lower(
        "          application/json:\n            schema: {$ref: '#/components/schemas/Point'}\n          application/x-www-form-urlencoded:\n            schema: {type: object, properties: {y: {type: string}}}",
    );
    let service = model.apis[0].service.as_ref().unwrap();
    assert!(service.operations[0]
        .body
        .as_ref()
        .unwrap()
        .form_too
        .is_none());
}
