//! The error profile chosen per API, and its warnings.

use std::fs;
use std::path::Path;

use super::super::roles::{ErrorRoles, ErrorShape, FieldsShape, Role};
use crate::Output;

/// Runs the generator on one API `api` with `spec` (and the error table `table`, if any).
fn run(spec: &str, table: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("api");
    fs::create_dir(&api).unwrap();
    fs::write(api.join("openapi.yaml"), spec).unwrap();
    if let Some(table) = table {
        fs::write(api.join("feil.md"), table).unwrap();
    }
    crate::run(dir.path()).unwrap_or_else(|err| panic!("generates: {err}"))
}

/// The roles of the one API of `spec`.
fn roles_of(spec: &str, table: Option<&str>) -> (ErrorRoles, Vec<(String, String, String)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("api");
    fs::create_dir(&api).unwrap();
    fs::write(api.join("openapi.yaml"), spec).unwrap();
    if let Some(table) = table {
        fs::write(api.join("feil.md"), table).unwrap();
    }
    let folders = crate::load::load_specs(dir.path()).expect("loads");
    let (model, warnings) = crate::model::lower::build_model(&folders).expect("lowers");
    let warnings = warnings
        .into_iter()
        .inspect(|w| assert!(w.file.ends_with("api/openapi.yaml"), "{w}"))
        .map(|w| (w.name.to_string(), w.location, w.message))
        .collect();
    (model.apis[0].error_roles.clone(), warnings)
}

fn server(output: &Output) -> &str {
    &output.files[Path::new("api/server.rs")]
}

/// A spec with one `GET /x` and the given `responses` of it (YAML, indented for the operation) and
/// `components`.
fn spec(info: &str, responses: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'{info}}}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        '204': {{description: ok}}\n{responses}{components}"
    )
}

fn error_response(status: &str, media: &str, schema: &str) -> String {
    format!("        '{status}':\n          description: feil\n          content:\n            {media}:\n              schema: {schema}\n")
}

const ERROR_REF: &str = "{$ref: '#/components/schemas/Error'}";

fn error_schema(yaml: &str) -> String {
    format!("components:\n  schemas:\n    Error:\n{yaml}")
}

fn codes(roles: &ErrorRoles) -> Vec<(&str, u16)> {
    [
        Role::Validation,
        Role::UnknownUrl,
        Role::MethodNotAllowed,
        Role::Unauthenticated,
        Role::Unexpected,
    ]
    .iter()
    .map(|r| {
        let c = roles.code(*r).expect("every role has a code");
        (c.code.as_str(), c.status)
    })
    .collect()
}

#[test]
fn an_api_with_tables_speaks_skatteetaten() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let folders = crate::load::load_specs(&specs).expect("specs load");
    let (model, warnings) = crate::model::lower::build_model(&folders).expect("specs lower");
    assert!(
        !warnings.iter().any(|w| w.name.starts_with("error-")),
        "{warnings:#?}"
    );
    // Every API with operations (a shared folder's types have no server) and error tables, its own or
    // shared: an API added to `specs/` without tables (a petstore) speaks RFC 7807 instead, which
    // `plain-api`'s tests cover.
    let served = model.apis.iter().filter(|a| {
        a.service.as_ref().is_some_and(|s| !s.operations.is_empty())
            && (!a.error_tables.is_empty() || !a.shared_error_tables.is_empty())
    });
    for api in served {
        assert_eq!(
            api.error_roles.shape,
            ErrorShape::Skatteetaten,
            "{}",
            api.module
        );
        assert!(api.error_roles.missing().is_empty(), "{}", api.module);
    }
}

#[test]
fn an_api_declaring_nothing_answers_problems() {
    let (roles, warnings) = roles_of(&spec("", "", ""), None);
    assert_eq!(roles.shape, ErrorShape::Problem);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        codes(&roles),
        [
            ("validation", 400),
            ("unknown-url", 404),
            ("method-not-allowed", 405),
            ("unauthenticated", 401),
            ("unexpected", 500)
        ]
    );
    let output = run(&spec("", "", ""), None);
    let server = server(&output);
    assert!(server.contains("ErrorShape::Problem"), "{server}");
    assert!(
        server.contains("ErrorCode::shaped(\"validation\", 400, \"Bad Request\", &ERROR_SHAPE)"),
        "{server}"
    );
}

#[test]
fn declared_problem_json_is_a_problem() {
    let responses = error_response("400", "application/problem+json", "{type: object}");
    let (roles, warnings) = roles_of(&spec("", &responses, ""), None);
    assert_eq!(roles.shape, ErrorShape::Problem);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn the_apis_own_error_object_is_filled() {
    let responses = error_response("400", "application/json", ERROR_REF)
        + &error_response("default", "application/json", ERROR_REF)
        + &error_response(
            "404",
            "application/json",
            "{type: object, properties: {x: {type: string}}}",
        );
    let schema = error_schema("      type: object\n      required: [code, message]\n      properties:\n        code: {type: string}\n        message: {type: string}\n        traceId: {type: string}\n");
    let (roles, warnings) = roles_of(&spec("", &responses, &schema), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        roles.shape,
        ErrorShape::Fields(FieldsShape {
            pointer: "/components/schemas/Error".into(),
            message: Some("message".into()),
            code: Some("code".into()),
            status: None,
            title: None,
            content_type: "application/json".into(),
        })
    );
    let output = run(&spec("", &responses, &schema), None);
    assert!(server(&output).contains("ErrorShape::Fields"));
}

#[test]
fn an_object_with_only_a_code_is_used() {
    let responses = error_response("404", "application/json", ERROR_REF);
    let schema =
        error_schema("      type: object\n      properties:\n        kode: {type: string}\n");
    let (roles, warnings) = roles_of(&spec("", &responses, &schema), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ErrorShape::Fields(fields) = &roles.shape else {
        panic!("{:?}", roles.shape)
    };
    assert_eq!(
        (fields.message.as_deref(), fields.code.as_deref()),
        (None, Some("kode"))
    );
}

#[test]
fn an_integer_code_is_the_status() {
    // The petstore's `Error`.
    let responses = error_response("default", "application/json", ERROR_REF);
    let schema = error_schema("      allOf:\n        - type: object\n          required: [code]\n          properties:\n            code: {type: integer, format: int32}\n        - required: [message]\n          properties:\n            message: {type: string}\n");
    let (roles, warnings) = roles_of(&spec("", &responses, &schema), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ErrorShape::Fields(fields) = &roles.shape else {
        panic!("{:?}", roles.shape)
    };
    assert_eq!(
        (
            fields.message.as_deref(),
            fields.code.as_deref(),
            fields.status.as_deref()
        ),
        (Some("message"), None, Some("code"))
    );
}

#[test]
fn oauth_style_error_and_description() {
    let responses = error_response("401", "application/json", ERROR_REF);
    let schema = error_schema("      type: object\n      required: [error]\n      properties:\n        error: {type: string}\n        error_description: {type: string}\n");
    let (roles, _) = roles_of(&spec("", &responses, &schema), None);
    let ErrorShape::Fields(fields) = &roles.shape else {
        panic!("{:?}", roles.shape)
    };
    assert_eq!(
        (fields.message.as_deref(), fields.code.as_deref()),
        (Some("error_description"), Some("error"))
    );
}

#[test]
fn an_unfillable_error_object_falls_back_to_problems_with_a_warning() {
    let responses = error_response("400", "application/json", ERROR_REF);
    let schema = error_schema("      type: object\n      required: [message, timestamp]\n      properties:\n        message: {type: string}\n        timestamp: {type: string, format: date-time}\n");
    let (roles, warnings) = roles_of(&spec("", &responses, &schema), None);
    assert_eq!(roles.shape, ErrorShape::Problem);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let (name, at, message) = &warnings[0];
    assert_eq!(name, "error-schema-unusable");
    assert_eq!(at, "/components/schemas/Error");
    assert!(message.contains("`timestamp`"), "{message}");

    // Nothing to fill.
    let schema =
        error_schema("      type: object\n      properties:\n        count: {type: integer}\n");
    let (roles, warnings) = roles_of(&spec("", &responses, &schema), None);
    assert_eq!(roles.shape, ErrorShape::Problem);
    assert_eq!(warnings[0].0, "error-schema-unusable");
    assert!(warnings[0].2.contains("message"), "{}", warnings[0].2);

    // Not an object; inline, so located at the response.
    let responses = error_response("500", "application/json", "{type: string}");
    let (roles, warnings) = roles_of(&spec("", &responses, ""), None);
    assert_eq!(roles.shape, ErrorShape::Problem);
    assert_eq!(
        warnings[0].1,
        "/paths/~1x/get/responses/500/content/application~1json/schema"
    );
}

#[test]
fn x_deny_warnings_refuses_an_unusable_error_object() {
    let responses = error_response("400", "application/json", "{type: string}");
    let dir = tempfile::tempdir().expect("temp dir");
    let api = dir.path().join("api");
    fs::create_dir(&api).unwrap();
    fs::write(
        api.join("openapi.yaml"),
        spec(", x-deny-warnings: true", &responses, ""),
    )
    .unwrap();
    let err = crate::run(dir.path()).expect_err("a warning is an error");
    assert!(err.to_string().contains("error-schema-unusable"), "{err}");
}

/// A table without the roles the runtime needs: the first code of the default status, or the role's
/// name, each with a warning.
const PARTIAL_TABLE: &str = "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| E-1 | 400 | Noe er galt |\n| E-2 | 500 | Uventet feil |\n| E-3 | 404 | Fant ikke tingen |\n";

#[test]
fn tables_without_a_role_fall_back_to_its_status_with_a_warning() {
    let (roles, warnings) = roles_of(&spec("", "", ""), Some(PARTIAL_TABLE));
    assert_eq!(roles.shape, ErrorShape::Skatteetaten);
    assert_eq!(
        codes_or_none(&roles),
        [
            Some(("E-1", 400)),
            Some(("E-3", 404)),
            // A wrong method is 405 without a warning: HTTP's answer, which no table has to document.
            Some(("method-not-allowed", 405)),
            Some(("unauthenticated", 401)),
            Some(("E-2", 500))
        ]
    );
    // Structure and request errors fall back to the validation code.
    assert_eq!(roles.code(Role::Structure).unwrap().code, "E-1");
    let names: Vec<(&str, &str)> = warnings
        .iter()
        .map(|(n, at, _)| (n.as_str(), at.as_str()))
        .collect();
    assert_eq!(
        names,
        [("error-role-undocumented", "/info/x-error-roles"); 3]
    );
    assert!(warnings[0].2.contains("`validation`"), "{}", warnings[0].2);
    assert!(warnings[0].2.contains("`E-1`"), "{}", warnings[0].2);
    assert!(
        warnings[2].2.contains("no table documents"),
        "{}",
        warnings[2].2
    );
    let output = run(&spec("", "", ""), Some(PARTIAL_TABLE));
    assert!(server(&output).contains("ErrorCode::new(\"unauthenticated\", 401, \"Unauthorized\")"));
}

fn codes_or_none(roles: &ErrorRoles) -> Vec<Option<(&str, u16)>> {
    [
        Role::Validation,
        Role::UnknownUrl,
        Role::MethodNotAllowed,
        Role::Unauthenticated,
        Role::Unexpected,
    ]
    .iter()
    .map(|r| roles.code(*r).map(|c| (c.code.as_str(), c.status)))
    .collect()
}

/// `x-error-roles` naming only `validation`, for a table whose 400 row says nothing of validation: the
/// structure and request roles follow it (the generator once emitted code that did not parse).
#[test]
fn a_partial_x_error_roles_generates() {
    let table = "| Feilkode | HTTP Statuskode | Feilområde |\n|---|---|---|\n| E-1 | 400 | Noe er galt |\n| E-2 | 500 | Uventet feil |\n| E-3 | 404 | Ukjent url |\n| E-4 | 401 | Ikke autentisert |\n";
    let spec = spec(", x-error-roles: {validation: E-1}", "", "");
    let (roles, warnings) = roles_of(&spec, Some(table));
    assert!(warnings.is_empty(), "{warnings:?}");
    for role in [Role::Validation, Role::Structure, Role::Request] {
        assert_eq!(roles.code(role).unwrap().code, "E-1", "{role:?}");
    }
    let output = run(&spec, Some(table));
    assert!(server(&output).contains("structure: ErrorCode::new(\"E-1\""));
}

/// `default` as the only response is the success, not an error body.
#[test]
fn a_default_only_success_is_no_error_body() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: hent\n      responses:\n        default:\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, required: [description], properties: {description: {type: string}}}\n";
    let (roles, warnings) = roles_of(spec, None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(roles.shape, ErrorShape::Problem);
}
