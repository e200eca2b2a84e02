//! A restart of the mock on the same SQLite file keeps its submissions and its idempotency keys.

mod server_support;

use serde_json::json;
use server_support::{aandsverk_innsending, key, mock, oppdrag_innsending};

#[tokio::test]
async fn submissions_and_keys_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mock.sqlite");
    let (aandsverk_key, oppdrag_key) = (key(), key());
    let mut oppdrag = oppdrag_innsending();
    oppdrag["oppdrag"]["oppdragsnummer"] = json!("RESTART-1");
    let (kvittering, oppdrag_kvittering) = {
        let running = mock(&db, None).await;
        let kvittering = running
            .post_json(
                &format!("/innrapporteringaandsverk/v1/2024?idempotencyKey={aandsverk_key}"),
                &aandsverk_innsending(),
            )
            .await;
        assert_eq!(kvittering.status, 200, "{}", kvittering.text);
        let oppdrag_kvittering = running
            .post_json(
                &format!(
                    "/innrapporteringoppdragtilutenlandske/v1/oppdrag?idempotencyKey={oppdrag_key}"
                ),
                &oppdrag,
            )
            .await;
        assert_eq!(
            oppdrag_kvittering.status, 200,
            "{}",
            oppdrag_kvittering.text
        );
        (kvittering.body, oppdrag_kvittering.body)
    };
    // The first mock is stopped (its task aborted when `running` dropped); a new one opens the file.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let running = mock(&db, None).await;
    let id = kvittering["forsendelseId"].as_str().unwrap();
    let document = running
        .get(&format!(
            "/innrapporteringaandsverk/v1/2024/313918661/forsendelse/{id}/dokument/{id}"
        ))
        .await;
    assert_eq!(
        (document.status, &document.body),
        (200, &aandsverk_innsending())
    );
    let forsendelse = running
        .get(&format!(
            "/innrapporteringoppdragtilutenlandske/v1/forsendelse/{}",
            oppdrag_kvittering["forsendelseId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        (forsendelse.status, &forsendelse.body["innsending"]),
        (200, &oppdrag)
    );
    // The keys are remembered: a retry gets the first receipt, another body the conflict code.
    let replay = running
        .post_json(
            &format!("/innrapporteringaandsverk/v1/2024?idempotencyKey={aandsverk_key}"),
            &aandsverk_innsending(),
        )
        .await;
    assert_eq!((replay.status, &replay.body), (200, &kvittering));
    let replay = running
        .post_json(
            &format!(
                "/innrapporteringoppdragtilutenlandske/v1/oppdrag?idempotencyKey={oppdrag_key}"
            ),
            &oppdrag,
        )
        .await;
    assert_eq!((replay.status, &replay.body), (200, &oppdrag_kvittering));
    oppdrag["kildesystem"] = json!("Et annet system");
    running
        .post_json(
            &format!(
                "/innrapporteringoppdragtilutenlandske/v1/oppdrag?idempotencyKey={oppdrag_key}"
            ),
            &oppdrag,
        )
        .await
        .assert_code(409, "OAR_007", None);
    // The stored assignment is known after the restart: `ny` again is OAR_1012.
    oppdrag["kildesystem"] = json!("Prosjektstyring v4.2.1");
    running
        .post_json(
            &format!(
                "/innrapporteringoppdragtilutenlandske/v1/oppdrag?idempotencyKey={}",
                key()
            ),
            &oppdrag,
        )
        .await
        .assert_code(400, "OAR_005", Some("OAR_1012"));
}
