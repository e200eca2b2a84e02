//! Extern types (`Settings::extern_types`, `x-rust-type`) on the model: the mapped schema has no type,
//! every reference to it is the Rust path, and a setting that names nothing is an error.

use std::path::PathBuf;

use crate::load::{spec::parse_spec, LoadedFolder, LoadedSpec};
use crate::model::{
    ExternShape, ExternType, Model, ParamParse, Service, TypeDef, TypeKind, TypeRef,
};
use crate::settings::Settings;
use crate::{Error, Warning};

fn folder(name: &str, yaml: &str) -> LoadedFolder {
    let file = PathBuf::from(format!("specs/{name}/openapi.yaml"));
    LoadedFolder {
        folder: name.to_string(),
        dir: PathBuf::from(format!("specs/{name}")),
        source: format!("specs/{name}"),
        spec: Some(LoadedSpec {
            file: file.clone(),
            spec: parse_spec(&file, yaml).expect("test spec parses"),
        }),
        tables: Vec::new(),
    }
}

fn settings(pairs: &[(&str, &str)]) -> Settings {
    Settings {
        extern_types: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Settings::default()
    }
}

fn lower(folders: &[LoadedFolder], pairs: &[(&str, &str)]) -> Result<(Model, Vec<Warning>), Error> {
    super::build_model_with(folders, &settings(pairs))
}

fn service<'m>(model: &'m Model, module: &str) -> &'m Service {
    let api = model.apis.iter().find(|a| a.module == module).unwrap();
    api.service.as_ref().expect("has a service")
}

fn ty<'m>(service: &'m Service, name: &str) -> Option<&'m TypeDef> {
    service.types.iter().find(|t| t.name == name)
}

fn field<'m>(def: &'m TypeDef, name: &str) -> &'m TypeRef {
    let TypeKind::Struct { fields, .. } = &def.kind else {
        panic!("{} is no struct: {:?}", def.name, def.kind);
    };
    &fields.iter().find(|f| f.name == name).unwrap().ty
}

fn path(path: &str, shape: ExternShape) -> TypeRef {
    TypeRef::Extern(ExternType {
        path: path.to_string(),
        shape,
    })
}

/// Money (an object, mapped by a setting), Dato (a string, mapped by `x-rust-type`) and their uses:
/// fields, a list, a map, an alias, a parameter, a request body and a response.
const SPEC: &str = r#"openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /ordre/{dato}:
    post:
      operationId: lagOrdre
      parameters:
        - {name: dato, in: path, required: true, schema: {$ref: '#/components/schemas/Dato'}}
        - {name: pris, in: query, schema: {$ref: '#/components/schemas/Money'}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Money'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Ordre'}}}
        '400':
          description: feil
          content: {application/json: {schema: {type: object, properties: {message: {type: string}, priser: {$ref: '#/components/schemas/Priser'}}}}}
components:
  schemas:
    Money:
      type: object
      required: [amount]
      properties:
        amount: {type: number}
        currency: {$ref: '#/components/schemas/Currency'}
    Currency: {type: string, enum: [NOK, EUR]}
    Dato:
      type: string
      format: date
      x-rust-type: {crate: chrono, version: '0.4', path: '::chrono::NaiveDate'}
    Priser: {type: array, items: {$ref: '#/components/schemas/Money'}}
    Ordre:
      type: object
      required: [pris, dato]
      properties:
        pris: {$ref: '#/components/schemas/Money'}
        dato: {$ref: '#/components/schemas/Dato'}
        historikk: {type: array, items: {$ref: '#/components/schemas/Money'}}
        perValuta: {type: object, additionalProperties: {$ref: '#/components/schemas/Money'}}
"#;

#[test]
fn a_mapped_schema_has_no_type_and_every_reference_names_the_path() {
    let (model, warnings) = lower(
        &[folder("shop", SPEC)],
        &[("#/components/schemas/Money", "::money::Money")],
    )
    .expect("lowers");
    // Only an extern type names `Currency`: it is not generated (reachability does not follow the
    // extern schema), and said so as any unused schema is.
    let names: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.name, w.message.as_str()))
        .collect();
    assert!(
        matches!(names.as_slice(), [("unused-schemas", message)] if message.contains("`Currency`")),
        "{warnings:?}"
    );
    let service = service(&model, "shop");
    let money = path("::money::Money", ExternShape::Object);
    let dato = path("::chrono::NaiveDate", ExternShape::Text);
    assert!(ty(service, "Money").is_none());
    assert!(ty(service, "Dato").is_none());
    assert!(ty(service, "Currency").is_none());
    let ordre = ty(service, "Ordre").expect("Ordre is generated");
    assert_eq!(field(ordre, "pris"), &money);
    assert_eq!(field(ordre, "dato"), &dato);
    assert_eq!(
        field(ordre, "historikk"),
        &TypeRef::Array(Box::new(money.clone()))
    );
    assert_eq!(
        field(ordre, "per_valuta"),
        &TypeRef::Map(Box::new(money.clone()))
    );
    assert!(matches!(
        &ty(service, "Priser").expect("Priser is generated").kind,
        TypeKind::Alias { target: TypeRef::Array(inner) } if **inner == money
    ));
    let op = &service.operations[0];
    let dato_param = op.params.iter().find(|p| p.wire == "dato").unwrap();
    assert_eq!(dato_param.ty, dato);
    // A string schema's type is read with `FromStr`; an object in the query per its style.
    assert_eq!(dato_param.parse, ParamParse::Scalar);
    let pris_param = op.params.iter().find(|p| p.wire == "pris").unwrap();
    assert_eq!(pris_param.ty, money);
    assert_eq!(pris_param.parse, ParamParse::Object);
    assert_eq!(op.body.as_ref().unwrap().content.ty, money);
}

#[test]
fn settings_win_over_the_extension_and_a_folder_key_applies_to_its_folder_only() {
    let other = SPEC.replace("title: T", "title: U");
    let (model, _) = lower(
        &[folder("shop", SPEC), folder("other", &other)],
        &[
            ("shop#/components/schemas/Dato", "crate::dates::Date"),
            ("#/components/schemas/Money", "::money::Money"),
        ],
    )
    .expect("lowers");
    let ordre = |module| ty(service(&model, module), "Ordre").unwrap().clone();
    assert_eq!(
        field(&ordre("shop"), "dato"),
        &path("crate::dates::Date", ExternShape::Text)
    );
    // The setting is `shop`'s: `other` keeps its `x-rust-type`.
    assert_eq!(
        field(&ordre("other"), "dato"),
        &path("::chrono::NaiveDate", ExternShape::Text)
    );
    for module in ["shop", "other"] {
        assert_eq!(
            field(&ordre(module), "pris"),
            &path("::money::Money", ExternShape::Object)
        );
    }
}

#[test]
fn without_a_mapping_the_schema_is_generated() {
    let (model, _) = lower(&[folder("shop", SPEC)], &[]).expect("lowers");
    let service = service(&model, "shop");
    assert!(ty(service, "Money").is_some());
    assert!(ty(service, "Currency").is_some());
    let ordre = ty(service, "Ordre").unwrap();
    let money = ty(service, "Money").unwrap().id;
    assert_eq!(field(ordre, "pris"), &TypeRef::Named(money));
}

fn error(pairs: &[(&str, &str)]) -> String {
    lower(&[folder("shop", SPEC)], pairs)
        .expect_err("the setting is refused")
        .to_string()
}

#[test]
fn a_setting_that_names_no_schema_of_the_run_is_an_error_listing_some_that_exist() {
    let message = error(&[("#/components/schemas/Mony", "::money::Money")]);
    assert!(
        message.contains("extern type `#/components/schemas/Mony`"),
        "{message}"
    );
    assert!(
        message.contains("no API of the run has a component schema `Mony`"),
        "{message}"
    );
    assert!(message.contains("`Money`"), "{message}");

    let message = error(&[("shop#/components/schemas/Mony", "::money::Money")]);
    assert!(
        message.contains("`shop` has no component schema `Mony`"),
        "{message}"
    );
    assert!(message.contains("`Currency`"), "{message}");

    let message = error(&[("butikk#/components/schemas/Money", "::money::Money")]);
    assert!(message.contains("no API folder `butikk`"), "{message}");
    assert!(message.contains("`shop`"), "{message}");

    let message = error(&[("Money", "::money::Money")]);
    assert!(
        message.contains("expected `#/components/schemas/<Name>`"),
        "{message}"
    );
}

#[test]
fn a_value_that_is_no_rust_type_path_is_an_error() {
    for bad in ["::money::", "money Money", "&str", "super::Money", "Money"] {
        let message = error(&[("#/components/schemas/Money", bad)]);
        assert!(
            message.contains(&format!(
                "extern type `#/components/schemas/Money` → `{bad}`"
            )),
            "{message}"
        );
    }
}

#[test]
fn a_bad_extension_is_an_error_where_it_is_written() {
    for (bad, why) in [
        ("x-rust-type: 'not a path!'", "not a Rust type path"),
        ("x-rust-type: {crate: chrono}", "has no string `path`"),
        ("x-rust-type: 3", "must be a Rust type path"),
    ] {
        let spec = SPEC.replace(
            "x-rust-type: {crate: chrono, version: '0.4', path: '::chrono::NaiveDate'}",
            bad,
        );
        let err = lower(&[folder("shop", &spec)], &[]).expect_err("refused");
        assert_eq!(err.location, "/components/schemas/Dato/x-rust-type");
        assert!(err.message.contains(why), "{err}");
    }
}

#[test]
fn a_plain_string_extension_is_a_path_and_a_non_string_parameter_is_text() {
    // `Tall` is a number: nothing says how its text reads, so the parameter is passed as text.
    let spec =
        SPEC.replace(
            "x-rust-type: {crate: chrono, version: '0.4', path: '::chrono::NaiveDate'}",
            "x-rust-type: '::chrono::NaiveDate'",
        )
        .replace(
            "        - {name: pris, in: query, schema: {$ref: '#/components/schemas/Money'}}",
            "        - {name: tall, in: query, schema: {$ref: '#/components/schemas/Tall'}}",
        ) + "    Tall: {type: integer, x-rust-type: '::my_crate::Tall'}\n";
    let (model, warnings) = lower(&[folder("shop", &spec)], &[]).expect("lowers");
    let service = service(&model, "shop");
    let ordre = ty(service, "Ordre").unwrap();
    assert_eq!(
        field(ordre, "dato"),
        &path("::chrono::NaiveDate", ExternShape::Text)
    );
    let tall = service.operations[0]
        .params
        .iter()
        .find(|p| p.wire == "tall")
        .unwrap();
    assert_eq!(tall.parse, ParamParse::Text);
    assert!(
        warnings
            .iter()
            .any(|w| w.name == "parameter-as-text" && w.message.contains("type of existing code")),
        "{warnings:?}"
    );
}

#[test]
fn an_inline_extension_is_a_warning_and_the_schema_is_generated() {
    let spec = r#"openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: hent
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Ting'}}}
components:
  schemas:
    Ting:
      type: object
      properties:
        navn: {type: string, x-rust-type: '::my_crate::Navn'}
"#;
    let (model, warnings) = lower(&[folder("shop", spec)], &[]).expect("lowers");
    let ting = ty(service(&model, "shop"), "Ting").unwrap();
    assert!(
        !matches!(field(ting, "navn"), TypeRef::Extern(_)),
        "{:?}",
        field(ting, "navn")
    );
    let warning = warnings
        .iter()
        .find(|w| w.name == "rust-type-inline-ignored")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(warning.location, "/components/schemas/Ting/properties/navn");
}
