//! The roles derived for every API of `specs/`, code by code.

use std::path::Path;

use super::{error_roles, ErrorRoles, Role, SpecRole};
use crate::model::Model;

fn model() -> Model {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let folders = crate::load::load_specs(&specs).expect("specs load");
    crate::model::lower::build_model(&folders)
        .expect("specs lower")
        .0
}

fn roles(model: &Model, module: &str) -> ErrorRoles {
    let api = model
        .apis
        .iter()
        .find(|a| a.module == module)
        .unwrap_or_else(|| panic!("no API {module}"));
    error_roles(api, model)
}

const ROLES: [Role; 10] = [
    Role::Validation,
    Role::Structure,
    Role::Request,
    Role::UnknownUrl,
    Role::MethodNotAllowed,
    Role::NotAcceptable,
    Role::Unauthenticated,
    Role::Forbidden,
    Role::IdempotencyConflict,
    Role::Unexpected,
];

const SPEC_ROLES: [SpecRole; 8] = [
    SpecRole::Parameters,
    SpecRole::MissingHeader,
    SpecRole::Json,
    SpecRole::Accept,
    SpecRole::ContentType,
    SpecRole::MissingToken,
    SpecRole::InvalidToken,
    SpecRole::UnknownUrl,
];

/// The method-not-allowed code of an API whose tables have no 405 row: the role's default.
const M405: &str = "method-not-allowed";

/// `codes` in the order of `ROLES`, `specs` in the order of `SPEC_ROLES` (`-`: none).
fn check(module: &str, codes: [&str; 10], specs: [&str; 8]) {
    let model = model();
    let roles = roles(&model, module);
    let got: Vec<&str> = ROLES
        .iter()
        .map(|r| roles.code(*r).map_or("-", |c| c.code.as_str()))
        .collect();
    assert_eq!(got, codes, "{module} codes");
    let got: Vec<&str> = SPEC_ROLES
        .iter()
        .map(|r| roles.spec(*r).map_or("-", |c| c.code.as_str()))
        .collect();
    assert_eq!(got, specs, "{module} specification codes");
    assert!(
        roles.missing().is_empty(),
        "{module}: {:?}",
        roles.missing()
    );
}

#[test]
fn innrapportering_aandsverk() {
    check(
        "innrapportering_aandsverk",
        [
            "GLD_010", "GLD_008", "GLD_006", "GLD_021", "GLD_022", "-", "GLD_004", "GLD_005",
            "GLD_019", "GLD_001",
        ],
        [
            "GLD_1022", "GLD_1028", "-", "GLD_1030", "-", "GLD_1007", "GLD_1008", "GLD_1023",
        ],
    );
}

#[test]
fn innrapportering_oppdrag() {
    // No 403 "autorisering" of its own (OAR_001 is 403 "autentisering"): the shared DAS-008 fits.
    check(
        "innrapportering_oppdrag",
        [
            "OAR_005", "OAR_004", "OAR_003", "OAR_008", "OAR_009", "-", "OAR_002", "DAS-008",
            "OAR_007", "OAR_006",
        ],
        [
            "OAR_1003", "OAR_1005", "OAR_1007", "OAR_1006", "OAR_1008", "-", "OAR_1001", "OAR_1004",
        ],
    );
}

#[test]
fn oppdrag_utenlandske_virksomheter() {
    let p = "OPPDRAGUTENLANDSKEVIRKSOMHETER-";
    let c = |n: &str| format!("{p}{n}");
    let (v, u, a, f, x, e) = (c("006"), c("003"), c("009"), c("004"), c("005"), c("001"));
    check(
        "oppdrag_utenlandske_virksomheter",
        [&v, &v, &v, &u, M405, &a, &f, &x, "-", &e],
        ["-"; 8],
    );
}

#[test]
fn opptjeningsgrunnlag_arbeidsforhold() {
    check(
        "opptjeningsgrunnlag_arbeidsforhold",
        [
            "OAF-006", "OAF-006", "OAF-006", "OAF-003", M405, "OAF-008", "OAF-004", "OAF-005", "-",
            "OAF-001",
        ],
        ["-"; 8],
    );
}

#[test]
fn opptjeningsgrunnlag_arbeidsforhold_hendelser() {
    // No tables of its own: hendelser-felles (more specific) before felles; DAS-008 where FA has no 403.
    check(
        "opptjeningsgrunnlag_arbeidsforhold_hendelser",
        [
            "FA-004", "FA-004", "FA-004", "FA-002", M405, "FA-006", "FA-003", "DAS-008", "-",
            "FA-001",
        ],
        ["-"; 8],
    );
}

#[test]
fn underenhet_aordningen() {
    check(
        "underenhet_aordningen",
        [
            "UFA-006", "UFA-006", "UFA-006", "UFA-003", M405, "UFA-008", "UFA-004", "UFA-005", "-",
            "UFA-001",
        ],
        ["-"; 8],
    );
}

#[test]
fn underenhet_aordningen_hendelser() {
    check(
        "underenhet_aordningen_hendelser",
        [
            "UFA-006", "UFA-006", "UFA-006", "UFA-003", M405, "UFA-008", "UFA-004", "UFA-005", "-",
            "UFA-001",
        ],
        ["-"; 8],
    );
}

#[test]
fn shared_das_code_answers_an_unknown_url_when_the_api_has_none() {
    let mut model = model();
    let api = model
        .apis
        .iter_mut()
        .find(|a| a.module == "opptjeningsgrunnlag_arbeidsforhold")
        .expect("api");
    for table in &mut api.error_tables {
        table.entries.retain(|e| e.code != "OAF-003");
    }
    let api = api.clone();
    let roles = error_roles(&api, &model);
    assert_eq!(
        roles.code(Role::UnknownUrl).map(|c| c.code.as_str()),
        Some("DAS-002")
    );
    assert_eq!(
        roles.code(Role::UnknownUrl).map(|c| c.module.as_str()),
        Some("felles")
    );
}

#[test]
fn overrides_win_and_are_checked() {
    let mut model = model();
    let index = model
        .apis
        .iter()
        .position(|a| a.module == "innrapportering_oppdrag")
        .expect("api");
    model.apis[index].error_role_overrides = vec![
        ("validation".into(), "OAR_003".into()),
        ("spec-json".into(), "OAR_1003".into()),
    ];
    let api = model.apis[index].clone();
    assert!(super::check_overrides(&api, &model).is_ok());
    let roles = error_roles(&api, &model);
    assert_eq!(
        roles.code(Role::Validation).map(|c| c.code.as_str()),
        Some("OAR_003")
    );
    assert_eq!(
        roles.spec(SpecRole::Json).map(|c| c.code.as_str()),
        Some("OAR_1003")
    );
    model.apis[index].error_role_overrides = vec![("validation".into(), "OAR_1003".into())];
    let api = model.apis[index].clone();
    let (at, message) =
        super::check_overrides(&api, &model).expect_err("a specification code is no Feilkode");
    assert_eq!(at, "/info/x-error-roles/validation");
    assert!(message.contains("OAR_1003"), "{message}");
    let raw = serde_json::json!({"info": {"x-error-roles": {"valid": "OAR_005"}}});
    let (at, message) = super::read_overrides(&raw).expect_err("unknown role");
    assert_eq!(at, "/info/x-error-roles/valid");
    assert!(message.contains("unknown role"), "{message}");
}

#[test]
fn an_api_without_the_required_codes_is_reported_missing_and_filled() {
    // The corner-case fixture documents only a 500 and a 404 ("Fant ikke tingen", not an unknown URL).
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/specs");
    let folders = crate::load::load_specs(&specs).expect("fixture specs load");
    let model = crate::model::lower::build_model(&folders)
        .expect("fixture specs lower")
        .0;
    let api = model
        .apis
        .iter()
        .find(|api| api.folder == "tricky-api")
        .expect("the tricky fixture");
    let roles = error_roles(api, &model);
    assert_eq!(
        roles.code(Role::Unexpected).map(|c| c.code.as_str()),
        Some("TRK-001")
    );
    assert_eq!(
        roles.missing(),
        vec![Role::Validation, Role::UnknownUrl, Role::Unauthenticated]
    );
    // The profile fills them (warning `error-role-undocumented`): the first code of each role's status,
    // or the role's name where the tables have none.
    let filled: Vec<(&str, u16)> = [Role::Validation, Role::UnknownUrl, Role::Unauthenticated]
        .iter()
        .map(|r| {
            let c = api.error_roles.code(*r).expect("filled");
            (c.code.as_str(), c.status)
        })
        .collect();
    assert_eq!(
        filled,
        [("TRK-003", 400), ("TRK-002", 404), ("unauthenticated", 401)]
    );
}
