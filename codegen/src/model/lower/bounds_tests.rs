//! The bounds of integers and numbers in the model: OpenAPI 3.0's and 3.1's forms of them lower to the
//! same `TypeRef::BoundedNumber`, and a parameter carries its range for client and server.

use std::path::PathBuf;

use crate::load::{spec::parse_spec, LoadedFolder, LoadedSpec};
use crate::model::{Bound, Model, Number, Primitive, Range, TypeKind, TypeRef};

fn lower(yaml: &str) -> Model {
    lower_warned(yaml).0
}

fn lower_warned(yaml: &str) -> (Model, Vec<crate::Warning>) {
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
    super::build_model(&[folder]).expect("test spec lowers")
}

/// A spec of `version` with one operation, whose query parameter `limit` has `limit`, and a schema
/// `Ting` with the properties `properties`.
fn spec(version: &str, limit: &str, properties: &str) -> String {
    format!(
        "openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: hent\n      parameters: [{{name: limit, in: query, schema: {limit}}}]\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Ting'}}}}}}}}}}\ncomponents:\n  schemas:\n    Ting:\n      type: object\n      properties:\n{properties}"
    )
}

fn fields(model: &Model) -> Vec<(String, TypeRef)> {
    let service = model.apis[0].service.as_ref().unwrap();
    let ting = service.types.iter().find(|t| t.name == "Ting").unwrap();
    let TypeKind::Struct { fields, .. } = &ting.kind else {
        panic!("Ting is a struct");
    };
    fields
        .iter()
        .map(|f| (f.wire.clone(), f.ty.clone()))
        .collect()
}

fn limit(model: &Model) -> Option<(Primitive, Range)> {
    let service = model.apis[0].service.as_ref().unwrap();
    service.operations[0].params[0].range
}

fn int(value: i64, exclusive: bool) -> Option<Bound> {
    Some(Bound {
        value: Number::Int(value),
        exclusive,
    })
}

fn float(value: f64, exclusive: bool) -> Option<Bound> {
    Some(Bound {
        value: Number::float(value),
        exclusive,
    })
}

const PROPERTIES: &str = "        antall: {type: integer, format: int32, minimum: 1, maximum: 100}\n        liste: {type: array, items: {type: integer, minimum: 0}}\n        andel: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1}\n        fri: {type: integer}\n        stor: {type: integer, format: int32, minimum: -3000000000, maximum: 2147483647}\n        belop: {type: number, format: decimal, minimum: 0}\n";

#[test]
fn openapi_3_0_bounds_are_carried_as_data() {
    let model = lower(&spec(
        "3.0.3",
        "{type: integer, minimum: 1, maximum: 100}",
        PROPERTIES,
    ));
    let one_to_100 = Range {
        min: int(1, false),
        max: int(100, false),
    };
    assert_eq!(limit(&model), Some((Primitive::I64, one_to_100)));
    let expected = [
        ("antall", TypeRef::BoundedNumber(Primitive::I32, one_to_100)),
        (
            "liste",
            TypeRef::Array(Box::new(TypeRef::BoundedNumber(
                Primitive::I64,
                Range {
                    min: int(0, false),
                    max: None,
                },
            ))),
        ),
        (
            "andel",
            TypeRef::BoundedNumber(
                Primitive::F64,
                Range {
                    min: float(0.0, true),
                    max: float(1.0, false),
                },
            ),
        ),
        ("fri", TypeRef::Primitive(Primitive::I64)),
        // Bounds at or beyond an i32's own ends bound nothing.
        ("stor", TypeRef::Primitive(Primitive::I32)),
        // A decimal's bounds are not carried (see `bounds::number`).
        ("belop", TypeRef::Primitive(Primitive::Decimal)),
    ];
    let found = fields(&model);
    for (wire, ty) in expected {
        let (_, found) = found.iter().find(|(w, _)| w == wire).unwrap();
        assert_eq!(*found, ty, "{wire}");
    }
}

#[test]
fn openapi_3_1_numeric_exclusive_bounds_are_the_same_data() {
    let model = lower(&spec(
        "3.1.0",
        "{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 101}",
        "        andel: {type: number, exclusiveMinimum: 0, maximum: 1}\n        prosent: {type: [integer, 'null'], minimum: 0, exclusiveMaximum: 100}\n",
    ));
    assert_eq!(
        limit(&model),
        Some((
            Primitive::I64,
            Range {
                min: int(0, true),
                max: int(101, true),
            }
        ))
    );
    let found = fields(&model);
    let of = |wire: &str| found.iter().find(|(w, _)| w == wire).unwrap().1.clone();
    assert_eq!(
        of("andel"),
        TypeRef::BoundedNumber(
            Primitive::F64,
            Range {
                min: float(0.0, true),
                max: float(1.0, false),
            }
        )
    );
    assert_eq!(
        of("prosent"),
        TypeRef::BoundedNumber(
            Primitive::I64,
            Range {
                min: int(0, false),
                max: int(100, true),
            }
        )
    );
}

/// A decimal's bounds are not checked, and the generator says so where they are written.
#[test]
fn a_bounded_decimal_is_a_warning_not_a_silent_drop() {
    let (_, warnings) = lower_warned(&spec(
        "3.0.3",
        "{type: integer}",
        "        belop: {type: number, format: decimal, minimum: 0}\n        andel: {type: number, minimum: 0}\n",
    ));
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|w| w.name == "decimal-bounds-unchecked")
        .map(|w| (w.name, w.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "decimal-bounds-unchecked",
            "/components/schemas/Ting/properties/belop"
        )]
    );
}
