//! The lookup APIs of the mock: the documented example identifiers give the example data, unknown ones
//! the documented 404 codes, deleted periods the documented 406/410 codes.

mod server_support;

use server_support::{mock, Running};

const UTENLANDSKE: &str = "/oppdragutenlandskevirksomheter/v1";
const OPPTJENING: &str = "/opptjeningsgrunnlagarbeidsforhold/v1";
const UNDERENHET: &str = "/underenhetaordningen/v1";

async fn start() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    let running = mock(&dir.path().join("mock.sqlite"), None).await;
    (dir, running)
}

#[tokio::test]
async fn oppdrag_utenlandske_virksomheter_lookup() {
    let (_dir, running) = start().await;
    let example = tests::example(
        "oppdrag-utenlandske-virksomheter",
        "OppdragUtenlandskVirksomhet.json",
    );
    let found = running.get(&format!("{UTENLANDSKE}/974761076")).await;
    assert_eq!(
        (found.status, &found.body),
        (200, &example),
        "{}",
        found.text
    );
    // The consent header is accepted.
    let with_consent = server_support::Answer::of(
        running
            .http
            .get(running.url(&format!("{UTENLANDSKE}/974761076")))
            .header("authorization", server_support::TOKEN)
            .header("AltinnSamtykke", "samtykketoken"),
    )
    .await;
    assert_eq!(with_consent.status, 200);
    running
        .get(&format!("{UTENLANDSKE}/123456789"))
        .await
        .assert_code(404, "OPPDRAGUTENLANDSKEVIRKSOMHETER-008", None);
    running
        .get(&format!("{UTENLANDSKE}/1234"))
        .await
        .assert_code(400, "OPPDRAGUTENLANDSKEVIRKSOMHETER-006", None);
}

#[tokio::test]
async fn opptjeningsgrunnlag_lookup() {
    let (_dir, running) = start().await;
    let example = tests::example(
        "opptjeningsgrunnlag-arbeidsforhold",
        "OpptjeningsgrunnlagArbeidsforhold.json",
    );
    let found = running
        .get(&format!(
            "{OPPTJENING}/nav/01916499716?fraOgMed=2023-08&tilOgMed=2023-08"
        ))
        .await;
    assert_eq!(
        (found.status, &found.body),
        (200, &example),
        "{}",
        found.text
    );
    running
        .get(&format!(
            "{OPPTJENING}/nav/01916499716?fraOgMed=2023-09&tilOgMed=2023-12"
        ))
        .await
        .assert_code(404, "OAF-007", None);
    running
        .get(&format!(
            "{OPPTJENING}/nav/12345678901?fraOgMed=2023-01&tilOgMed=2023-12"
        ))
        .await
        .assert_code(404, "OAF-007", None);
    running
        .get(&format!(
            "{OPPTJENING}/nav/01916499716?fraOgMed=2012-01&tilOgMed=2013-12"
        ))
        .await
        .assert_code(406, "OAF-009", None);
    running
        .get(&format!(
            "{OPPTJENING}/nav/01916499716?fraOgMed=2023-12&tilOgMed=2023-01"
        ))
        .await
        .assert_code(400, "OAF-006", None);
    running
        .get(&format!(
            "{OPPTJENING}/skatt/01916499716?fraOgMed=2023-01&tilOgMed=2023-12"
        ))
        .await
        .assert_code(400, "OAF-006", None);
    running
        .get(&format!(
            "{OPPTJENING}/nav/0191649971?fraOgMed=2023-01&tilOgMed=2023-12"
        ))
        .await
        .assert_code(400, "OAF-006", None);
}

#[tokio::test]
async fn underenhet_lookup() {
    let (_dir, running) = start().await;
    let example = tests::example("underenhet-aordningen", "Underenhet.json");
    let found = running
        .get(&format!(
            "{UNDERENHET}/nav/314928660?fraOgMed=2000-01&tilOgMed=2099-12"
        ))
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    tests::assert_round_trip::<skatteetaten_api::underenhet_aordningen::Underenhet>(&found.body);
    assert_eq!(
        found.body["periodeOgOpplysningspliktig"]
            .as_array()
            .map(Vec::len),
        example["periodeOgOpplysningspliktig"]
            .as_array()
            .map(Vec::len)
    );
    // One month of the example.
    let month = example["periodeOgOpplysningspliktig"][0]["kalendermaaned"]
        .as_str()
        .unwrap();
    let one = running
        .get(&format!(
            "{UNDERENHET}/nav/314928660?fraOgMed={month}&tilOgMed={month}"
        ))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(
        one.body["periodeOgOpplysningspliktig"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    running
        .get(&format!(
            "{UNDERENHET}/nav/314928660?fraOgMed=2020-01&tilOgMed=2020-12"
        ))
        .await
        .assert_code(404, "UFA-007", None);
    running
        .get(&format!(
            "{UNDERENHET}/nav/974761076?fraOgMed=2023-01&tilOgMed=2023-12"
        ))
        .await
        .assert_code(404, "UFA-007", None);
    running
        .get(&format!(
            "{UNDERENHET}/nav/314928660?fraOgMed=2010-01&tilOgMed=2014-12"
        ))
        .await
        .assert_code(410, "UFA-009", None);
    running
        .get(&format!(
            "{UNDERENHET}/nav/314928660?fraOgMed=2024-01&tilOgMed=2023-01"
        ))
        .await
        .assert_code(400, "UFA-006", None);
}

/// A known path of a GET-only API answered with another method is 405 with `Allow` (RFC 9110), not the
/// unknown URL's 404: the API documents no 405 code, so the body (feil.md's) carries the role's default
/// `method-not-allowed`.
#[tokio::test]
async fn a_get_only_api_answers_another_method_with_405_and_allow() {
    let (_dir, running) = start().await;
    let url = running.url(&format!("{UNDERENHET}/nav/314928660"));
    for method in [reqwest::Method::POST, reqwest::Method::DELETE] {
        let answer = server_support::Answer::of(
            running
                .http
                .request(method.clone(), &url)
                .header("authorization", server_support::TOKEN),
        )
        .await;
        answer.assert_code(405, "method-not-allowed", None);
        assert_eq!(answer.content_type, "application/json", "{method}");
        assert!(answer.body["korrelasjonsid"].is_string(), "{}", answer.text);
        let allow = answer.headers.get("allow").map(|v| v.to_str().unwrap());
        assert!(
            allow.is_some_and(|allow| allow.split(',').any(|m| m.trim() == "GET")),
            "{method}: Allow is {allow:?}"
        );
    }
}
