//! The mock serves every API on one port: `GET /` lists them, a path under no API is `DAS-002`, and
//! every API answers the bad requests the adapter handles with its own documented codes (taken from the
//! generated `ERROR_ROLES`, whose derivation is tested code by code in `codegen`).

mod server_support;

use server_support::{accept_code, method_code, mock, Answer, Running};
use skatteetaten_api::runtime::server::ErrorRoles;

/// One API: its base path, its roles, a lookup that succeeds, and one with an invalid parameter.
struct Case {
    base: &'static str,
    roles: &'static ErrorRoles,
    ok: &'static str,
    invalid: &'static str,
}

fn cases() -> Vec<Case> {
    use skatteetaten_api as api;
    vec![
        Case {
            base: "/innrapporteringaandsverk/v1",
            roles: &api::innrapportering_aandsverk::server::ERROR_ROLES,
            ok: "/2024/313918661/forsendelse/0193b5cd-cbce-7dbd-b188-1437db673767/dokument/0193b5cd-cbce-7dbd-b188-1437db673767",
            invalid: "/2024/31391866/forsendelse/0193b5cd-cbce-7dbd-b188-1437db673767/dokument/x",
        },
        Case {
            base: "/innrapporteringoppdragtilutenlandske/v1",
            roles: &api::innrapportering_oppdrag::server::ERROR_ROLES,
            ok: "/forsendelse/0195e1a2-7c91-7e42-a1b3-c4d5e6f70812",
            invalid: "/forsendelse/0195e1a2",
        },
        Case {
            base: "/oppdragutenlandskevirksomheter/v1",
            roles: &api::oppdrag_utenlandske_virksomheter::server::ERROR_ROLES,
            ok: "/974761076",
            invalid: "/97476107X",
        },
        Case {
            base: "/opptjeningsgrunnlagarbeidsforhold/v1",
            roles: &api::opptjeningsgrunnlag_arbeidsforhold::server::ERROR_ROLES,
            ok: "/nav/01916499716?fraOgMed=2023-01&tilOgMed=2023-12",
            invalid: "/nav/01916499716?fraOgMed=2023-13&tilOgMed=2023-12",
        },
        Case {
            base: "/opptjeningsgrunnlagarbeidsforholdhendelser/v1",
            roles: &api::opptjeningsgrunnlag_arbeidsforhold_hendelser::server::ERROR_ROLES,
            ok: "/hendelser?fraSekvensnummer=1",
            invalid: "/hendelser?fraSekvensnummer=en",
        },
        Case {
            base: "/underenhetaordningen/v1",
            roles: &api::underenhet_aordningen::server::ERROR_ROLES,
            ok: "/nav/314928660?fraOgMed=2023-01&tilOgMed=2023-12",
            invalid: "/nav/314928660?fraOgMed=2023-01",
        },
        Case {
            base: "/underenhetaordningenhendelser/v1",
            roles: &api::underenhet_aordningen_hendelser::server::ERROR_ROLES,
            ok: "/hendelser/start?dato=2023-01-01T00:00:00Z",
            invalid: "/hendelser/start?dato=i-går",
        },
    ]
}

async fn start() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    let running = mock(&dir.path().join("mock.sqlite"), None).await;
    (dir, running)
}

#[tokio::test]
async fn another_method_on_the_index_gets_the_shared_error_body() {
    let (_dir, running) = start().await;
    // `/` answers only GET; any other method is no endpoint: DAS-002 in the feil.md body, not axum's
    // empty 405.
    for method in [reqwest::Method::POST, reqwest::Method::DELETE] {
        Answer::of(running.http.request(method, running.url("/")))
            .await
            .assert_code(404, "DAS-002", None);
    }
}

#[tokio::test]
async fn the_index_lists_every_api_with_its_base_path() {
    let (_dir, running) = start().await;
    let index = Answer::of(running.http.get(running.url("/"))).await;
    assert_eq!(index.status, 200, "{}", index.text);
    let listed: Vec<&str> = index.body["apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|api| api["basePath"].as_str().unwrap())
        .collect();
    // The mock's own list, which `specs_coverage.rs` checks against specs/; the cases below must cover it.
    let expected: Vec<String> = skatteetaten_mock::APIS
        .iter()
        .map(|api| api.base_path())
        .collect();
    assert_eq!(listed, expected);
    let covered: Vec<&str> = cases().iter().map(|c| c.base).collect();
    assert_eq!(
        covered, listed,
        "every API of the mock needs a Case in cases()"
    );
    for api in index.body["apis"].as_array().unwrap() {
        let label = api["basePath"].as_str().unwrap().split('/').nth(1).unwrap();
        assert!(api["productionUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("https://{label}.")));
    }
    for path in [
        "/finnes-ikke",
        "/innrapporteringaandsverk",
        "/innrapporteringaandsverk/v2/2024",
    ] {
        running.get(path).await.assert_code(404, "DAS-002", None);
    }
}

#[tokio::test]
async fn every_api_answers_its_lookup_and_bad_requests_with_its_own_codes() {
    let (_dir, running) = start().await;
    for case in cases() {
        let ok = format!("{}{}", case.base, case.ok);
        let roles = case.roles;
        let answer = running.get(&ok).await;
        assert_eq!(answer.status, 200, "{ok}: {}", answer.text);
        assert_eq!(answer.content_type, "application/json");
        // No token; a malformed one.
        Answer::of(running.http.get(running.url(&ok)))
            .await
            .assert_error(
                roles.unauthenticated,
                roles.specs.missing_token.or(roles.specs.missing_header),
            );
        Answer::of(
            running
                .http
                .get(running.url(&ok))
                .header("authorization", "Token abc"),
        )
        .await
        .assert_error(roles.unauthenticated, roles.specs.invalid_token);
        // Unknown URL under the API; a method the URL does not have.
        running
            .get(&format!("{}/finnes/ikke/her/i/det/hele/tatt", case.base))
            .await
            .assert_error(roles.unknown_url, roles.specs.unknown_url);
        let (code, spec) = method_code(roles);
        Answer::of(
            running
                .http
                .delete(running.url(&ok))
                .header("authorization", server_support::TOKEN),
        )
        .await
        .assert_error(code, spec);
        // Accept that the API cannot satisfy (neither JSON nor XML).
        Answer::of(
            running
                .http
                .get(running.url(&ok))
                .header("authorization", server_support::TOKEN)
                .header("accept", "text/html"),
        )
        .await
        .assert_error(accept_code(roles), roles.specs.accept);
        // An invalid or missing parameter.
        running
            .get(&format!("{}{}", case.base, case.invalid))
            .await
            .assert_error(roles.validation, roles.specs.parameters);
    }
}

#[tokio::test]
async fn a_mock_started_with_a_key_accepts_only_that_token() {
    let dir = tempfile::tempdir().unwrap();
    let running = mock(&dir.path().join("mock.sqlite"), Some("hemmelig")).await;
    let url = running.url("/oppdragutenlandskevirksomheter/v1/974761076");
    Answer::of(
        running
            .http
            .get(&url)
            .header("authorization", "Bearer noe-annet"),
    )
    .await
    .assert_code(401, "OPPDRAGUTENLANDSKEVIRKSOMHETER-004", None);
    let answer = Answer::of(
        running
            .http
            .get(&url)
            .header("authorization", "Bearer hemmelig"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}
