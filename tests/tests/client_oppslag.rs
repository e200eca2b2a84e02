//! The generated clients of the lookup APIs against a loopback server: every operation for its success
//! (the documented example) and for every documented error status, checking the request the server saw and
//! the typed result.

mod support;

use support::*;

mod oppdrag_utenlandske_virksomheter {
    use super::*;
    use skatteetaten_api::felles;
    use skatteetaten_api::oppdrag_utenlandske_virksomheter::client::Client;
    use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
        Feil, Feilkode, HentOppdragUtenlandskeVirksomheterRequest as Request,
        HentOppdragUtenlandskeVirksomheterResponse as Response, OppdragUtenlandskVirksomhet,
        OppdragUtenlandskeVirksomheterApi, Organisasjonsnummer,
    };

    const FOLDER: &str = "oppdrag-utenlandske-virksomheter";
    const OPERATION: &str = "hentOppdragUtenlandskeVirksomheter";

    fn org() -> Organisasjonsnummer {
        Organisasjonsnummer::new("974761076").unwrap()
    }

    fn request(samtykke: Option<&str>) -> Request {
        Request {
            organisasjonsnummer: org(),
            altinn_samtykke: samtykke.map(str::to_string),
        }
    }

    #[tokio::test]
    async fn lookup_with_consent_returns_the_documented_example() {
        let example = tests::example(FOLDER, "OppdragUtenlandskVirksomhet.json");
        let server = serve(200, &example).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let svar = client
            .hent_oppdrag_utenlandske_virksomheter(request(Some("samtykke-fra-altinn")), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let expected: OppdragUtenlandskVirksomhet = serde_json::from_value(example).unwrap();
        assert_eq!(svar, expected);
        assert_eq!(svar.oppdrag.antall_aktive_arbeidstakere, 64);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_call(&seen[0], "GET", "/974761076");
        assert_eq!(query(&seen[0]), []);
        assert_eq!(
            header(&seen[0], "AltinnSamtykke"),
            Some("samtykke-fra-altinn")
        );
        assert!(seen[0].body.is_empty());
    }

    #[tokio::test]
    async fn lookup_without_consent_sends_no_consent_header() {
        let example = tests::example(FOLDER, "OppdragUtenlandskVirksomhet.json");
        let server = serve(200, &example).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let svar = client
            .hent_oppdrag_utenlandske_virksomheter(request(None), &cx())
            .await
            .unwrap();

        assert!(matches!(svar, Response::Ok(_)), "{svar:?}");

        let seen = requests(&server).await;
        assert_eq!(header(&seen[0], "AltinnSamtykke"), None);
    }

    #[tokio::test]
    async fn every_documented_error_status_gives_the_typed_error() {
        for status in error_statuses(FOLDER, OPERATION) {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, None)).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let result = client
                .hent_oppdrag_utenlandske_virksomheter(request(Some("samtykke")), &cx())
                .await;

            let err = expect_api(result, status, Response::into_result);
            assert!(
                !matches!(Feilkode::from(err.body.kode.as_str()), Feilkode::Unknown(_)),
                "{:?}",
                err.body.kode
            );
            assert_eq!(
                err.body,
                Feil {
                    kode: kode.into(),
                    melding: melding(status),
                    korrelasjonsid: KORRELASJONSID.into(),
                    feilspesifiseringer: None,
                }
            );
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            for request in &seen {
                assert_call(request, "GET", "/974761076");
                assert_eq!(header(request, "AltinnSamtykke"), Some("samtykke"));
            }
        }
    }

    #[tokio::test]
    async fn a_shared_code_is_typed_as_the_nested_variant() {
        let server = serve(403, &feil_json("DAS-008", 403, None)).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let result = client
            .hent_oppdrag_utenlandske_virksomheter(request(None), &cx())
            .await;

        let Ok(Response::Forbidden(feil)) = &result else {
            panic!("expected the documented 403, got {result:?}");
        };
        let feil = feil.clone();
        let err = expect_api(result, 403, Response::into_result);
        assert_eq!(err.body, feil);

        assert_eq!(err.body.kode, Feilkode::Felles(felles::Feilkode::Das008));
        assert_eq!(
            Feilkode::from(err.body.kode.as_str()).http_status(),
            Some(403)
        );
    }
}

mod opptjeningsgrunnlag_arbeidsforhold {
    use super::*;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::client::Client;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::{
        Feilkode, HentOpptjeningsgrunnlagRequest, HentOpptjeningsgrunnlagResponse as Response,
        Kalendermaaned, NorskIdentifikator, OpptjeningsgrunnlagArbeidsforhold,
        OpptjeningsgrunnlagArbeidsforholdApi, Rettighetspakke,
    };
    use skatteetaten_api::runtime::Error;

    const FOLDER: &str = "opptjeningsgrunnlag-arbeidsforhold";
    const OPERATION: &str = "hentOpptjeningsgrunnlag";

    async fn call(client: &Client) -> Result<Response, Error> {
        client
            .hent_opptjeningsgrunnlag(
                HentOpptjeningsgrunnlagRequest {
                    rettighetspakke: Rettighetspakke::Nav,
                    norsk_identifikator: NorskIdentifikator::new("01916499716").unwrap(),
                    fra_og_med: Kalendermaaned::new("2023-08").unwrap(),
                    til_og_med: Kalendermaaned::new("2023-12").unwrap(),
                },
                &cx(),
            )
            .await
    }

    fn assert_request(request: &wiremock::Request) {
        assert_call(request, "GET", "/nav/01916499716");
        assert_eq!(
            query(request),
            [
                ("fraOgMed".to_string(), "2023-08".to_string()),
                ("tilOgMed".to_string(), "2023-12".to_string())
            ]
        );
    }

    #[tokio::test]
    async fn lookup_returns_the_documented_example() {
        let example = tests::example(FOLDER, "OpptjeningsgrunnlagArbeidsforhold.json");
        let server = serve(200, &example).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let svar = call(&client).await.unwrap().into_result().unwrap();

        let expected: OpptjeningsgrunnlagArbeidsforhold = serde_json::from_value(example).unwrap();
        assert_eq!(svar, expected);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_request(&seen[0]);
    }

    #[tokio::test]
    async fn every_documented_error_status_gives_the_typed_error() {
        for status in error_statuses(FOLDER, OPERATION) {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, None)).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let err = expect_api(call(&client).await, status, Response::into_result);

            assert!(!matches!(
                Feilkode::from(err.body.kode.as_str()),
                Feilkode::Unknown(_)
            ));
            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.melding, melding(status));
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            seen.iter().for_each(assert_request);
        }
    }
}

mod underenhet_aordningen {
    use super::*;
    use skatteetaten_api::runtime::Error;
    use skatteetaten_api::underenhet_aordningen::client::Client;
    use skatteetaten_api::underenhet_aordningen::{
        Feilkode, HentUnderenhetRequest, HentUnderenhetResponse as Response, Kalendermaaned,
        Organisasjonsnummer, Rettighetspakke, Underenhet, UnderenhetAordningenApi,
    };

    const FOLDER: &str = "underenhet-aordningen";
    const OPERATION: &str = "hentUnderenhet";

    async fn call(client: &Client) -> Result<Response, Error> {
        client
            .hent_underenhet(
                HentUnderenhetRequest {
                    rettighetspakke: Rettighetspakke::Nav,
                    norsk_identifikator: Organisasjonsnummer::new("314928660").unwrap(),
                    fra_og_med: Kalendermaaned::new("2023-11").unwrap(),
                    til_og_med: Kalendermaaned::new("2024-01").unwrap(),
                },
                &cx(),
            )
            .await
    }

    fn assert_request(request: &wiremock::Request) {
        assert_call(request, "GET", "/nav/314928660");
        assert_eq!(
            query(request),
            [
                ("fraOgMed".to_string(), "2023-11".to_string()),
                ("tilOgMed".to_string(), "2024-01".to_string())
            ]
        );
    }

    #[tokio::test]
    async fn lookup_returns_the_documented_example() {
        let example = tests::example(FOLDER, "Underenhet.json");
        let server = serve(200, &example).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let svar = call(&client).await.unwrap().into_result().unwrap();

        let expected: Underenhet = serde_json::from_value(example).unwrap();
        assert_eq!(svar, expected);
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_request(&seen[0]);
    }

    #[tokio::test]
    async fn every_documented_error_status_gives_the_typed_error() {
        for status in error_statuses(FOLDER, OPERATION) {
            let kode = pick(Feilkode::DOCUMENTED, Feilkode::http_status, status);
            let server = serve(status, &feil_json(kode.code(), status, None)).await;
            let client = Client::new(config(&server), tokens()).unwrap();

            let err = expect_api(call(&client).await, status, Response::into_result);

            assert!(!matches!(
                Feilkode::from(err.body.kode.as_str()),
                Feilkode::Unknown(_)
            ));
            assert_eq!(err.body.kode, kode);
            assert_eq!(err.body.melding, melding(status));
            assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
            let seen = requests(&server).await;
            assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
            seen.iter().for_each(assert_request);
        }
    }

    #[tokio::test]
    async fn deleted_data_is_http_410_with_its_own_code() {
        let server = serve(410, &feil_json("UFA-009", 410, None)).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let result = call(&client).await;

        assert!(matches!(result, Ok(Response::Gone(_))), "{result:?}");
        let err = expect_api(result, 410, Response::into_result);
        assert_eq!(err.body.kode, Feilkode::Ufa009);
    }
}
