//! The submission APIs of the mock, operation by operation: åndsverk (`sendInnLeveranse`,
//! `hentDokument`) and oppdrag (`sendInnOppdrag`, `hentForsendelse`), with their documented errors.

mod server_support;

use serde_json::{json, Value};
use server_support::{aandsverk_innsending, key, mock, oppdrag_innsending, Answer, Running, TOKEN};

const AANDSVERK: &str = "/innrapporteringaandsverk/v1";
const OPPDRAG: &str = "/innrapporteringoppdragtilutenlandske/v1";

async fn start() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    let running = mock(&dir.path().join("mock.sqlite"), None).await;
    (dir, running)
}

async fn send_aandsverk(running: &Running, year: i32, key: &str, body: &Value) -> Answer {
    running
        .post_json(&format!("{AANDSVERK}/{year}?idempotencyKey={key}"), body)
        .await
}

#[tokio::test]
async fn aandsverk_submission_is_counted_stored_and_downloadable() {
    let (_dir, running) = start().await;
    let body = aandsverk_innsending();
    let receipt = send_aandsverk(&running, 2024, &key(), &body).await;
    assert_eq!(receipt.status, 200, "{}", receipt.text);
    // Counted from the submission (three oppgaver; the documented receipt says 2 for the same example,
    // an error of the page).
    assert_eq!(receipt.body["antallOppgaver"], 3);
    assert_eq!(receipt.body["antallSletteoppgaver"], 0);
    assert_eq!(
        receipt.body["oppgavegiversLeveranseReferanse"],
        "EksternReferanse_2024_1"
    );
    let forsendelse = receipt.body["forsendelseId"].as_str().unwrap();
    let document = running
        .get(&format!(
            "{AANDSVERK}/2024/313918661/forsendelse/{forsendelse}/dokument/{forsendelse}"
        ))
        .await;
    assert_eq!(document.status, 200, "{}", document.text);
    assert_eq!(document.body, body);
    // A deletion counts its oppgaver as sletteoppgaver.
    let mut sletting = body.clone();
    sletting["leveranse"]["leveransetype"] = json!("sletting");
    let receipt = send_aandsverk(&running, 2024, &key(), &sletting).await;
    assert_eq!(
        (
            receipt.body["antallOppgaver"].as_i64(),
            receipt.body["antallSletteoppgaver"].as_i64()
        ),
        (Some(0), Some(3))
    );
}

#[tokio::test]
async fn aandsverk_documented_example_is_there_from_the_start() {
    let (_dir, running) = start().await;
    let kvittering = tests::example("innrapportering-aandsverk", "Kvittering.json");
    let id = kvittering["forsendelseId"].as_str().unwrap();
    let document = running
        .get(&format!(
            "{AANDSVERK}/2024/313918661/forsendelse/{id}/dokument/{id}"
        ))
        .await;
    assert_eq!(document.status, 200, "{}", document.text);
    assert_eq!(document.body, aandsverk_innsending());
}

/// A value the spec does not list is the validation code, naming the field, the value and the allowed
/// values (the open enum keeps it as `Unknown` on a client, but a server refuses it); a listed value
/// passes. Schemathesis once got a receipt for `leveransetype: "AAA"`.
#[tokio::test]
async fn aandsverk_refuses_an_enum_value_the_spec_does_not_list() {
    let (_dir, running) = start().await;
    let mut body = aandsverk_innsending();
    body["leveranse"]["leveransetype"] = json!("AAA");
    let answer = send_aandsverk(&running, 2024, &key(), &body).await;
    // Åndsverk documents no specification code for the body, so the message names the path.
    answer.assert_code(400, "GLD_010", None);
    let melding = answer.body["melding"].as_str().unwrap_or_default();
    assert!(
        melding.contains("`leveranse.leveransetype`")
            && melding.contains("unknown value `AAA`; allowed: `ordinaer`, `erstatning`"),
        "{melding}"
    );
    let known = send_aandsverk(&running, 2024, &key(), &aandsverk_innsending()).await;
    assert_eq!(known.status, 200, "{}", known.text);
}

#[tokio::test]
async fn aandsverk_oppgaveeier_takes_other_keys_and_says_when_one_is_missing_or_both_are_set() {
    let (_dir, running) = start().await;
    let base = aandsverk_innsending();
    let eier = base["leveranse"]["oppgave"][0]["oppgaveeier"].clone();
    assert!(eier.is_object(), "{eier}");
    // Schema-valid: `properties` + `oneOf` of `required` lists, no `additionalProperties: false`.
    let mut extra = base.clone();
    extra["leveranse"]["oppgave"][0]["oppgaveeier"]["merknad"] = json!("ekstra");
    let answer = send_aandsverk(&running, 2024, &key(), &extra).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // Both set, and none set: the validation code, saying which.
    let mut both = base.clone();
    both["leveranse"]["oppgave"][0]["oppgaveeier"] = json!({
        "person": {"foedselsnummer": "01017012345"},
        "organisasjon": {"organisasjonsnummer": "974761076"},
    });
    let answer = send_aandsverk(&running, 2024, &key(), &both).await;
    answer.assert_code(400, "GLD_010", None);
    let melding = answer.body["melding"].as_str().unwrap_or_default();
    assert!(
        melding.contains("exactly one of `person`, `organisasjon` may be set, and `person` and `organisasjon` are"),
        "{melding}"
    );
    let mut none = base;
    none["leveranse"]["oppgave"][0]["oppgaveeier"] = json!({"merknad": "x"});
    let answer = send_aandsverk(&running, 2024, &key(), &none).await;
    answer.assert_code(400, "GLD_010", None);
    let melding = answer.body["melding"].as_str().unwrap_or_default();
    assert!(
        melding.contains("is required, and none is set"),
        "{melding}"
    );
}

#[tokio::test]
async fn aandsverk_errors_are_the_documented_codes() {
    let (_dir, running) = start().await;
    let body = aandsverk_innsending();
    // Income year in path and body differ: GLD_1052; a year not supported: GLD_1027.
    send_aandsverk(&running, 2025, &key(), &body)
        .await
        .assert_code(400, "GLD_010", Some("GLD_1052"));
    let mut old = body.clone();
    old["leveranse"]["inntektsaar"] = json!(2019);
    send_aandsverk(&running, 2019, &key(), &old)
        .await
        .assert_code(400, "GLD_010", Some("GLD_1027"));
    // The documented example as written (a number where a string is required) is invalid input.
    let as_documented = tests::example("innrapportering-aandsverk", "Innsending.json");
    send_aandsverk(&running, 2024, &key(), &as_documented)
        .await
        .assert_code(400, "GLD_010", None);
    // Malformed JSON: GLD_008 (the API has no "Feil i JSON" specification code).
    let answer = Answer::of(
        running
            .http
            .post(running.url(&format!("{AANDSVERK}/2024?idempotencyKey={}", key())))
            .header("authorization", TOKEN)
            .header("content-type", "application/json")
            .body("{\"leveranse\":"),
    )
    .await;
    answer.assert_code(400, "GLD_008", None);
    // Content-Type missing: GLD_006 with GLD_1028 (Header mangler).
    let answer = Answer::of(
        running
            .http
            .post(running.url(&format!("{AANDSVERK}/2024?idempotencyKey={}", key())))
            .header("authorization", TOKEN)
            .body(body.to_string()),
    )
    .await;
    answer.assert_code(400, "GLD_006", Some("GLD_1028"));
    // No token: GLD_004 with GLD_1007 (Mangler Token); a malformed one: GLD_1008 (Ugyldig token).
    Answer::of(
        running
            .http
            .post(running.url(&format!("{AANDSVERK}/2024?idempotencyKey={}", key()))),
    )
    .await
    .assert_code(401, "GLD_004", Some("GLD_1007"));
    Answer::of(
        running
            .http
            .post(running.url(&format!("{AANDSVERK}/2024?idempotencyKey={}", key())))
            .header("authorization", "Bearer"),
    )
    .await
    .assert_code(401, "GLD_004", Some("GLD_1008"));
    // Wrong method: GLD_022; Accept other than JSON: GLD_006 with GLD_1030.
    Answer::of(
        running
            .http
            .get(running.url(&format!("{AANDSVERK}/2024")))
            .header("authorization", TOKEN),
    )
    .await
    .assert_code(405, "GLD_022", None);
    let id = "0193b5cd-cbce-7dbd-b188-1437db673767";
    Answer::of(
        running
            .http
            .get(running.url(&format!(
                "{AANDSVERK}/2024/313918661/forsendelse/{id}/dokument/{id}"
            )))
            .header("authorization", TOKEN)
            .header("accept", "text/csv"),
    )
    .await
    .assert_code(400, "GLD_006", Some("GLD_1030"));
    // No dialog for the year and organisation: GLD_1054; no such document: GLD_1050.
    let id = uuid::Uuid::new_v4();
    running
        .get(&format!(
            "{AANDSVERK}/2024/999999999/forsendelse/{id}/dokument/{id}"
        ))
        .await
        .assert_code(404, "GLD_021", Some("GLD_1054"));
    running
        .get(&format!(
            "{AANDSVERK}/2024/313918661/forsendelse/{id}/dokument/{id}"
        ))
        .await
        .assert_code(404, "GLD_021", Some("GLD_1050"));
    // Unknown URL: GLD_021 with GLD_1023.
    running
        .get(&format!("{AANDSVERK}/2024/313918661"))
        .await
        .assert_code(404, "GLD_021", Some("GLD_1023"));
}

#[tokio::test]
async fn aandsverk_idempotent_replay_and_conflict() {
    let (dir, running) = start().await;
    let db = skatteetaten_mock::Db::open(&dir.path().join("mock.sqlite")).unwrap();
    let before = db.count("innrapportering_aandsverk").unwrap();
    let key = key();
    let body = aandsverk_innsending();
    let first = send_aandsverk(&running, 2024, &key, &body).await;
    let again = send_aandsverk(&running, 2024, &key, &body).await;
    assert_eq!((first.status, again.status), (200, 200));
    assert_eq!(again.body, first.body);
    assert_eq!(
        db.count("innrapportering_aandsverk").unwrap(),
        before + 1,
        "stored once"
    );
    let mut other = body;
    other["leveranse"]["kildesystem"] = json!("Et annet system");
    send_aandsverk(&running, 2024, &key, &other)
        .await
        .assert_code(409, "GLD_019", None);
    assert_eq!(db.count("innrapportering_aandsverk").unwrap(), before + 1);
}

/// A key is bound to its first request as a whole: the same body at another path (an invalid one, or
/// another year) or with other query parameters is the conflict code, never the first request's
/// stored receipt (the order of the query parameters and where the key stands in it do not count).
#[tokio::test]
async fn aandsverk_a_reused_key_at_another_url_is_a_conflict() {
    let (_dir, running) = start().await;
    let key = key();
    let body = aandsverk_innsending();
    let first = send_aandsverk(&running, 2024, &key, &body).await;
    assert_eq!(first.status, 200, "{}", first.text);
    for path in ["AAA", "2025"] {
        running
            .post_json(&format!("{AANDSVERK}/{path}?idempotencyKey={key}"), &body)
            .await
            .assert_code(409, "GLD_019", None);
    }
    // The same path written with an escaped digit is the same request: the stored receipt.
    let again = running
        .post_json(&format!("{AANDSVERK}/%32024?idempotencyKey={key}"), &body)
        .await;
    assert_eq!((again.status, &again.body), (200, &first.body));

    let key = server_support::key();
    let first = running
        .post_json(
            &format!("{AANDSVERK}/2024?idempotencyKey={key}&spor=1"),
            &body,
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let again = running
        .post_json(
            &format!("{AANDSVERK}/2024?spor=1&idempotencyKey={key}"),
            &body,
        )
        .await;
    assert_eq!((again.status, &again.body), (200, &first.body));
    for query in ["spor=2", "spor=1&spor=1", ""] {
        running
            .post_json(
                &format!("{AANDSVERK}/2024?idempotencyKey={key}&{query}"),
                &body,
            )
            .await
            .assert_code(409, "GLD_019", None);
    }
}

async fn send_oppdrag(running: &Running, key: &str, body: &Value) -> Answer {
    running
        .post_json(&format!("{OPPDRAG}/oppdrag?idempotencyKey={key}"), body)
        .await
}

#[tokio::test]
async fn oppdrag_lifecycle_follows_innsendingstype() {
    let (_dir, running) = start().await;
    let mut body = oppdrag_innsending();
    body["oppdrag"]["oppdragsnummer"] = json!("MOCK-1");
    let ny = send_oppdrag(&running, &key(), &body).await;
    assert_eq!(ny.status, 200, "{}", ny.text);
    assert_eq!(
        (
            ny.body["oppdragsnummer"].as_str(),
            ny.body["innsendingstype"].as_str()
        ),
        (Some("MOCK-1"), Some("ny"))
    );
    let forsendelse = running
        .get(&format!(
            "{OPPDRAG}/forsendelse/{}",
            ny.body["forsendelseId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(forsendelse.status, 200, "{}", forsendelse.text);
    assert_eq!(forsendelse.body["status"], "behandlet");
    assert_eq!(forsendelse.body["dialogId"], ny.body["dialogId"]);
    assert_eq!(forsendelse.body["innsending"], body);
    // `ny` again for an existing assignment: OAR_1012.
    send_oppdrag(&running, &key(), &body)
        .await
        .assert_code(400, "OAR_005", Some("OAR_1012"));
    // `endring` joins the assignment's dialog; `sletting` ends it; `endring` after that is OAR_1012.
    body["innsendingstype"] = json!("endring");
    let endring = send_oppdrag(&running, &key(), &body).await;
    assert_eq!(endring.status, 200, "{}", endring.text);
    assert_eq!(endring.body["dialogId"], ny.body["dialogId"]);
    body["innsendingstype"] = json!("sletting");
    assert_eq!(send_oppdrag(&running, &key(), &body).await.status, 200);
    body["innsendingstype"] = json!("endring");
    send_oppdrag(&running, &key(), &body)
        .await
        .assert_code(400, "OAR_005", Some("OAR_1012"));
    // `endring` of an assignment never reported.
    body["oppdrag"]["oppdragsnummer"] = json!("MOCK-UKJENT");
    send_oppdrag(&running, &key(), &body)
        .await
        .assert_code(400, "OAR_005", Some("OAR_1012"));
}

#[tokio::test]
async fn oppdrag_documented_forsendelse_and_errors() {
    let (_dir, running) = start().await;
    let pointer =
        "/paths/~1forsendelse~1{forsendelseId}/get/responses/200/content/application~1json/example";
    let example = tests::spec_example("innrapportering-oppdrag", pointer);
    let answer = running
        .get(&format!(
            "{OPPDRAG}/forsendelse/{}",
            example["forsendelseId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["innsending"], example["innsending"]);
    assert_eq!(answer.body["status"], example["status"]);
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(answer.body["mottatt"].as_str().unwrap()).unwrap(),
        chrono::DateTime::parse_from_rfc3339(example["mottatt"].as_str().unwrap()).unwrap()
    );
    // (The documented submission is accepted by a fresh mock: see
    // `a_fresh_mock_accepts_the_specs_own_example_submission`.)
    running
        .get(&format!("{OPPDRAG}/forsendelse/{}", uuid::Uuid::new_v4()))
        .await
        .assert_code(404, "OAR_008", Some("OAR_1010"));
    let answer = Answer::of(
        running
            .http
            .post(running.url(&format!("{OPPDRAG}/oppdrag?idempotencyKey={}", key())))
            .header("authorization", TOKEN)
            .header("content-type", "application/json")
            .body("{\"oppdrag\": [}"),
    )
    .await;
    answer.assert_code(400, "OAR_004", Some("OAR_1007"));
    let mut unknown = oppdrag_innsending();
    unknown["innsendingstype"] = json!("flytting");
    send_oppdrag(&running, &key(), &unknown)
        .await
        .assert_code(400, "OAR_005", Some("OAR_1007"));
}

#[tokio::test]
async fn oppdrag_idempotent_replay_and_conflict() {
    let (_dir, running) = start().await;
    let key = key();
    let mut body = oppdrag_innsending();
    body["oppdrag"]["oppdragsnummer"] = json!("MOCK-IDEM");
    let first = send_oppdrag(&running, &key, &body).await;
    assert_eq!(first.status, 200, "{}", first.text);
    // Were it processed again, `ny` for an existing assignment would be OAR_1012: the replay is the
    // stored receipt.
    let again = send_oppdrag(&running, &key, &body).await;
    assert_eq!((again.status, &again.body), (200, &first.body));
    body["oppdrag"]["beskrivelse"] = json!("Noe annet");
    send_oppdrag(&running, &key, &body)
        .await
        .assert_code(409, "OAR_007", None);
}

/// A fresh mock accepts the spec's own example submission as it is (`innsendingstype: ny` of the
/// assignment the documented forsendelse holds), and the documented forsendelse is still there; the
/// same `ny` again is OAR_1012.
#[tokio::test]
async fn a_fresh_mock_accepts_the_specs_own_example_submission() {
    let (_dir, running) = start().await;
    let body = oppdrag_innsending();
    let ny = send_oppdrag(&running, &key(), &body).await;
    assert_eq!(ny.status, 200, "{}", ny.text);
    send_oppdrag(&running, &key(), &body)
        .await
        .assert_code(400, "OAR_005", Some("OAR_1012"));
    let pointer =
        "/paths/~1forsendelse~1{forsendelseId}/get/responses/200/content/application~1json/example";
    let documented = tests::spec_example("innrapportering-oppdrag", pointer);
    let forsendelse = running
        .get(&format!(
            "{OPPDRAG}/forsendelse/{}",
            documented["forsendelseId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(forsendelse.status, 200, "{}", forsendelse.text);
}
