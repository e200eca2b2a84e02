//! The event feeds of the mock, built from what it holds: every event names data the lookup API has.

mod server_support;

use server_support::{mock, Running};

const OPPTJENING: &str = "/opptjeningsgrunnlagarbeidsforholdhendelser/v1";
const UNDERENHET: &str = "/underenhetaordningenhendelser/v1";

async fn start() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    let running = mock(&dir.path().join("mock.sqlite"), None).await;
    (dir, running)
}

#[tokio::test]
async fn opptjeningsgrunnlag_feed() {
    let (_dir, running) = start().await;
    let page = running
        .get(&format!(
            "{OPPTJENING}/hendelser?fraSekvensnummer=1&antall=5"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let hendelser = page.body["hendelser"].as_array().unwrap();
    assert_eq!(hendelser.len(), 1);
    let event = &hendelser[0];
    assert_eq!(
        (
            event["sekvensnummer"].as_i64(),
            event["hendelsetype"].as_str()
        ),
        (Some(1), Some("NY"))
    );
    // The event names data the lookup API holds.
    let (id, month) = (
        event["identifikator"].as_str().unwrap(),
        event["gjelderPeriode"].as_str().unwrap(),
    );
    let lookup = running
        .get(&format!(
            "/opptjeningsgrunnlagarbeidsforhold/v1/nav/{id}?fraOgMed={month}&tilOgMed={month}"
        ))
        .await;
    assert_eq!(lookup.status, 200, "{}", lookup.text);
    // Past the end: FA-005.
    running
        .get(&format!("{OPPTJENING}/hendelser?fraSekvensnummer=2"))
        .await
        .assert_code(404, "FA-005", None);
    running
        .get(&format!(
            "{OPPTJENING}/hendelser?fraSekvensnummer=1&antall=0"
        ))
        .await
        .assert_code(400, "FA-004", None);
    running
        .get(&format!("{OPPTJENING}/hendelser?fraSekvensnummer=0"))
        .await
        .assert_code(400, "FA-004", None);
    running
        .get(&format!("{OPPTJENING}/hendelser"))
        .await
        .assert_code(400, "FA-004", None);
    // The start of a date: the first event registered then or later, or the next number.
    let start = running
        .get(&format!(
            "{OPPTJENING}/hendelser/start?dato=2023-01-01T00:00:00Z"
        ))
        .await;
    assert_eq!(
        (start.status, start.body["sekvensnummer"].as_i64()),
        (200, Some(1))
    );
    let start = running
        .get(&format!(
            "{OPPTJENING}/hendelser/start?dato=2030-01-01T00:00:00%2B01:00"
        ))
        .await;
    assert_eq!(
        (start.status, start.body["sekvensnummer"].as_i64()),
        (200, Some(2))
    );
    running
        .get(&format!("{OPPTJENING}/hendelser/start?dato=2023-01-01"))
        .await
        .assert_code(400, "FA-004", None);
}

#[tokio::test]
async fn underenhet_feed() {
    let (_dir, running) = start().await;
    let page = running
        .get(&format!("{UNDERENHET}/hendelser?fraSekvensnummer=1"))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let hendelser = page.body["hendelser"].as_array().unwrap().clone();
    let example = tests::example("underenhet-aordningen", "Underenhet.json");
    assert_eq!(
        hendelser.len(),
        example["periodeOgOpplysningspliktig"]
            .as_array()
            .unwrap()
            .len()
    );
    for (i, event) in hendelser.iter().enumerate() {
        assert_eq!(event["sekvensnummer"].as_i64(), Some(i as i64 + 1));
        let (id, month) = (
            event["identifikator"].as_str().unwrap(),
            event["gjelderPeriode"].as_str().unwrap(),
        );
        let lookup = running
            .get(&format!(
                "/underenhetaordningen/v1/nav/{id}?fraOgMed={month}&tilOgMed={month}"
            ))
            .await;
        assert_eq!(lookup.status, 200, "{}", lookup.text);
    }
    // Paging: from the second, one at a time.
    let second = running
        .get(&format!(
            "{UNDERENHET}/hendelser?fraSekvensnummer=2&antall=1"
        ))
        .await;
    assert_eq!(
        second.body["hendelser"].as_array().unwrap().as_slice(),
        &hendelser[1..2]
    );
    // Past the end: an empty list (the API documents no code for it).
    let past = running
        .get(&format!("{UNDERENHET}/hendelser?fraSekvensnummer=1000"))
        .await;
    assert_eq!(
        (past.status, past.body["hendelser"].as_array().map(Vec::len)),
        (200, Some(0))
    );
    running
        .get(&format!(
            "{UNDERENHET}/hendelser?fraSekvensnummer=1&antall=10001"
        ))
        .await
        .assert_code(400, "UFA-006", None);
    // `minimum: 1` of the spec, checked by the generated server adapter (issue 21).
    running
        .get(&format!("{UNDERENHET}/hendelser?fraSekvensnummer=0"))
        .await
        .assert_code(400, "UFA-006", None);
    let start = running
        .get(&format!(
            "{UNDERENHET}/hendelser/start?dato=2000-01-01T00:00:00Z"
        ))
        .await;
    assert_eq!(
        (start.status, start.body["sekvensnummer"].as_i64()),
        (200, Some(1))
    );
}
