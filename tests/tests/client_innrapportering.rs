//! The generated clients of the submission APIs against a loopback server: the keyed `POST`s and the
//! lookups, for success and for every documented error status (with feilspesifiseringer), checking the
//! request the server saw (path, idempotency key, JSON body) and the typed result.

mod support;

use serde_json::Value;
use support::*;
use tests::spec_example;

/// The idempotency key a request carried.
fn idempotency_key(request: &wiremock::Request) -> uuid::Uuid {
    let pairs = query(request);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].0, "idempotencyKey");
    pairs[0].1.parse().expect("the key is a UUID")
}

fn assert_json_post(request: &wiremock::Request, path: &str, body: &Value) {
    assert_call(request, "POST", path);
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(&json_body(request), body);
}

mod innrapportering_aandsverk {
    use super::*;
    use skatteetaten_api::innrapportering_aandsverk::client::Client;
    use skatteetaten_api::innrapportering_aandsverk::{
        Feilkode, Feilspesifiseringskode, HentDokumentRequest, HentDokumentResponse,
        InnrapporteringAandsverkApi, Innsending, Kvittering, Organisasjonsnummer,
        SendInnLeveranseRequest, SendInnLeveranseResponse,
    };

    const FOLDER: &str = "innrapportering-aandsverk";

    /// The documented submission, with the one organisasjonsnummer it writes as a number written as the
    /// string the contract requires (see `roundtrip.rs`).
    fn innsending_json() -> Value {
        let mut value = tests::example(FOLDER, "Innsending.json");
        value["leveranse"]["oppgave"][2]["oppgaveeier"]["organisasjon"]["organisasjonsnummer"] =
            Value::from("310646180");
        value
    }

    fn innsending() -> Innsending {
        serde_json::from_value(innsending_json()).unwrap()
    }

    fn submission(
        inntektsaar: i32,
        idempotency_key: uuid::Uuid,
        body: &Innsending,
    ) -> SendInnLeveranseRequest {
        SendInnLeveranseRequest {
            inntektsaar,
            idempotency_key,
            body: body.clone(),
        }
    }

    #[tokio::test]
    async fn a_submission_with_a_fresh_key_sends_that_uuid_v4() {
        let kvittering = tests::example(FOLDER, "Kvittering.json");
        let server = serve(200, &kvittering).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let innsending = innsending();
        let key = uuid::Uuid::new_v4();

        let svar = client
            .send_inn_leveranse(submission(2024, key, &innsending), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let expected: Kvittering = serde_json::from_value(kvittering).unwrap();
        assert_eq!(svar, expected);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_json_post(
            &seen[0],
            "/2024",
            &serde_json::to_value(&innsending).unwrap(),
        );
        assert_eq!(json_body(&seen[0]), innsending_json());
        assert_eq!(idempotency_key(&seen[0]), key);
        assert_eq!(idempotency_key(&seen[0]).get_version_num(), 4);
    }

    #[tokio::test]
    async fn a_given_key_is_sent_as_it_is() {
        let server = serve(200, &tests::example(FOLDER, "Kvittering.json")).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let key: uuid::Uuid = "9b2e7c4a-1d3f-4e8a-b6c5-0f1a2b3c4d5e".parse().unwrap();

        let svar = client
            .send_inn_leveranse(submission(2025, key, &innsending()), &cx())
            .await
            .unwrap();

        assert!(matches!(svar, SendInnLeveranseResponse::Ok(_)), "{svar:?}");

        let seen = requests(&server).await;
        assert_eq!(idempotency_key(&seen[0]), key);
        assert_call(&seen[0], "POST", "/2025");
    }

    #[tokio::test]
    async fn every_documented_error_status_of_the_submission_is_typed() {
        let innsending = innsending();
        let key = uuid::Uuid::new_v4();
        let body = serde_json::to_value(&innsending).unwrap();
        for status in error_statuses(FOLDER, "sendInnLeveranse") {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, Some("GLD_1022"))).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let err = expect_api(
                client
                    .send_inn_leveranse(submission(2024, key, &innsending), &cx())
                    .await,
                status,
                SendInnLeveranseResponse::into_result,
            );

            assert!(!matches!(
                Feilkode::from(err.body.kode.as_str()),
                Feilkode::Unknown(_)
            ));
            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.melding, melding(status));
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            let spesifiseringer = err.body.feilspesifiseringer.as_deref().unwrap();
            assert_eq!(spesifiseringer.len(), 1);
            assert_eq!(
                spesifiseringer[0].feilspesifiseringskode,
                Feilspesifiseringskode::Gld1022
            );
            assert_eq!(
                spesifiseringer[0].sti.as_deref(),
                Some("leveranse.oppgave[0]")
            );
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            for request in &seen {
                assert_json_post(request, "/2024", &body);
                assert_eq!(idempotency_key(request), key, "a retry reuses the key");
            }
        }
    }

    #[tokio::test]
    async fn a_document_is_fetched_with_encoded_path_parameters() {
        let server = serve(200, &innsending_json()).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let forsendelse: uuid::Uuid = "0193b5cd-cbce-7dbd-b188-1437db673767".parse().unwrap();

        let dokument = client
            .hent_dokument(
                HentDokumentRequest {
                    inntektsaar: 2024,
                    organisasjonsnummer: Organisasjonsnummer::new("313918661").unwrap(),
                    forsendelse_id: forsendelse,
                    dokument_id: "dok 1/æ".into(),
                },
                &cx(),
            )
            .await
            .unwrap()
            .into_result()
            .unwrap();

        assert_eq!(dokument, innsending());
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_call(
            &seen[0],
            "GET",
            "/2024/313918661/forsendelse/0193b5cd-cbce-7dbd-b188-1437db673767/dokument/dok%201%2F%C3%A6",
        );
        assert_eq!(query(&seen[0]), []);
        assert!(seen[0].body.is_empty());
    }

    #[tokio::test]
    async fn every_documented_error_status_of_the_document_lookup_is_typed() {
        let forsendelse = uuid::Uuid::new_v4();
        for status in error_statuses(FOLDER, "hentDokument") {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, Some("GLD_1050"))).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let result = client
                .hent_dokument(
                    HentDokumentRequest {
                        inntektsaar: 2024,
                        organisasjonsnummer: Organisasjonsnummer::new("313918661").unwrap(),
                        forsendelse_id: forsendelse,
                        dokument_id: "1".into(),
                    },
                    &cx(),
                )
                .await;

            let err = expect_api(result, status, HentDokumentResponse::into_result);
            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            assert_eq!(
                err.body.feilspesifiseringer.as_deref().unwrap()[0].feilspesifiseringskode,
                Feilspesifiseringskode::Gld1050
            );
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            for request in &seen {
                assert_call(
                    request,
                    "GET",
                    &format!("/2024/313918661/forsendelse/{forsendelse}/dokument/1"),
                );
            }
        }
    }
}

mod innrapportering_oppdrag {
    use super::*;
    use skatteetaten_api::innrapportering_oppdrag::client::Client;
    use skatteetaten_api::innrapportering_oppdrag::{
        Feilkode, Feilspesifiseringskode, Forsendelse, HentForsendelseRequest,
        HentForsendelseResponse, InnrapporteringOppdragApi, Kvittering, Oppdragsinnsending,
        SendInnOppdragRequest, SendInnOppdragResponse,
    };

    const FOLDER: &str = "innrapportering-oppdrag";
    // The page has no JSON examples; these are the spec's own (synthetic, x-inferred) examples.
    const BODY: &str = "/paths/~1oppdrag/post/requestBody/content/application~1json/example";
    const KVITTERING: &str =
        "/paths/~1oppdrag/post/responses/200/content/application~1json/example";
    const FORSENDELSE: &str =
        "/paths/~1forsendelse~1{forsendelseId}/get/responses/200/content/application~1json/example";

    fn innsending() -> Oppdragsinnsending {
        serde_json::from_value(spec_example(FOLDER, BODY)).unwrap()
    }

    fn submission(idempotency_key: uuid::Uuid) -> SendInnOppdragRequest {
        SendInnOppdragRequest {
            idempotency_key,
            body: innsending(),
        }
    }

    #[tokio::test]
    async fn a_submission_sends_the_body_and_its_fresh_key() {
        let kvittering = spec_example(FOLDER, KVITTERING);
        let server = serve(200, &kvittering).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let key = uuid::Uuid::new_v4();

        let svar = client
            .send_inn_oppdrag(submission(key), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let expected: Kvittering = serde_json::from_value(kvittering).unwrap();
        assert_eq!(svar, expected);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_json_post(&seen[0], "/oppdrag", &spec_example(FOLDER, BODY));
        assert_eq!(idempotency_key(&seen[0]), key);
        assert_eq!(idempotency_key(&seen[0]).get_version_num(), 4);
    }

    #[tokio::test]
    async fn every_documented_error_status_of_the_submission_is_typed() {
        let key = uuid::Uuid::new_v4();
        for status in error_statuses(FOLDER, "sendInnOppdrag") {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, Some("OAR_1007"))).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let err = expect_api(
                client.send_inn_oppdrag(submission(key), &cx()).await,
                status,
                SendInnOppdragResponse::into_result,
            );

            assert!(!matches!(
                Feilkode::from(err.body.kode.as_str()),
                Feilkode::Unknown(_)
            ));
            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.melding, melding(status));
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            assert_eq!(
                err.body.feilspesifiseringer.as_deref().unwrap()[0].feilspesifiseringskode,
                Feilspesifiseringskode::Oar1007
            );
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            for request in &seen {
                assert_json_post(request, "/oppdrag", &spec_example(FOLDER, BODY));
                assert_eq!(idempotency_key(request), key);
            }
        }
    }

    #[tokio::test]
    async fn a_submission_is_looked_up_by_id() {
        let forsendelse = spec_example(FOLDER, FORSENDELSE);
        let server = serve(200, &forsendelse).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let id: uuid::Uuid = "0195e1a2-7c91-7e42-a1b3-c4d5e6f70812".parse().unwrap();

        let svar = client
            .hent_forsendelse(HentForsendelseRequest { forsendelse_id: id }, &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let expected: Forsendelse = serde_json::from_value(forsendelse).unwrap();
        assert_eq!(svar, expected);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_call(
            &seen[0],
            "GET",
            "/forsendelse/0195e1a2-7c91-7e42-a1b3-c4d5e6f70812",
        );
    }

    #[tokio::test]
    async fn every_documented_error_status_of_the_lookup_is_typed() {
        let id = uuid::Uuid::new_v4();
        for status in error_statuses(FOLDER, "hentForsendelse") {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, Some("OAR_1010"))).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let err = expect_api(
                client
                    .hent_forsendelse(HentForsendelseRequest { forsendelse_id: id }, &cx())
                    .await,
                status,
                HentForsendelseResponse::into_result,
            );

            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            assert_eq!(
                err.body.feilspesifiseringer.as_deref().unwrap()[0].feilspesifiseringskode,
                Feilspesifiseringskode::Oar1010
            );
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            for request in &seen {
                assert_call(request, "GET", &format!("/forsendelse/{id}"));
            }
        }
    }
}
