//! The generated clients of the two event-feed APIs (same shape, different modules and codes) against a
//! loopback server: both operations for success (the documented examples) and every documented error status.

mod support;

use support::*;

macro_rules! hendelser_tests {
    ($module:ident, $folder:literal, $trait:ident) => {
        mod $module {
            use super::*;
            use skatteetaten_api::$module::client::Client;
            use skatteetaten_api::$module::{
                $trait, Feilkode, Hendelsesliste, HentHendelserRequest, HentHendelserResponse,
                HentStartSekvensnummerRequest, HentStartSekvensnummerResponse, Sekvensnummer,
            };

            fn hendelser(fra_sekvensnummer: i64, antall: Option<i32>) -> HentHendelserRequest {
                HentHendelserRequest {
                    fra_sekvensnummer,
                    antall,
                }
            }

            fn start() -> HentStartSekvensnummerRequest {
                HentStartSekvensnummerRequest { dato: dato() }
            }

            const FOLDER: &str = $folder;

            /// The API's codes: its own and those of the shared tables it includes.
            fn codes() -> Vec<Feilkode> {
                let shared = skatteetaten_api::hendelser_felles::Feilkode::DOCUMENTED
                    .iter()
                    .map(|code| code.code().to_string())
                    .chain(
                        skatteetaten_api::felles::Feilkode::DOCUMENTED
                            .iter()
                            .map(|code| code.code().to_string()),
                    )
                    .map(Feilkode::from);
                Feilkode::DOCUMENTED
                    .iter()
                    .cloned()
                    .chain(shared)
                    .filter(|code| !matches!(code, Feilkode::Unknown(_)))
                    .collect()
            }

            fn dato() -> chrono::DateTime<chrono::FixedOffset> {
                chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+01:00").unwrap()
            }

            #[tokio::test]
            async fn events_are_read_from_a_sequence_number() {
                let example = tests::example(FOLDER, "Hendelsesliste.1.json");
                let server = serve(200, &example).await;
                let client = Client::new(config(&server), tokens()).unwrap();

                let liste = client
                    .hent_hendelser(hendelser(1, Some(5)), &cx())
                    .await
                    .unwrap()
                    .into_result()
                    .unwrap();

                let expected: Hendelsesliste = serde_json::from_value(example).unwrap();
                assert_eq!(liste, expected);
                let seen = requests(&server).await;
                assert_eq!(seen.len(), 1);
                assert_call(&seen[0], "GET", "/hendelser");
                assert_eq!(
                    query(&seen[0]),
                    [
                        ("fraSekvensnummer".to_string(), "1".to_string()),
                        ("antall".to_string(), "5".to_string())
                    ]
                );
            }

            #[tokio::test]
            async fn an_absent_optional_parameter_is_not_sent() {
                let example = tests::example(FOLDER, "Hendelsesliste.2.json");
                let server = serve(200, &example).await;
                let client = Client::new(config(&server), tokens()).unwrap();

                let liste = client
                    .hent_hendelser(hendelser(9_000_000_000, None), &cx())
                    .await
                    .unwrap();

                assert!(matches!(liste, HentHendelserResponse::Ok(_)), "{liste:?}");

                let seen = requests(&server).await;
                assert_eq!(
                    query(&seen[0]),
                    [("fraSekvensnummer".to_string(), "9000000000".to_string())]
                );
            }

            /// Issue 21: `fraSekvensnummer` is `minimum: 1` in the spec, and `antall` 1 to 10000; a
            /// value out of range is refused by the client, and nothing is sent.
            #[tokio::test]
            async fn a_number_out_of_its_range_is_refused_before_sending() {
                let server = serve(200, &serde_json::json!({"hendelser": []})).await;
                let client = Client::new(config(&server), tokens()).unwrap();

                let refused = [
                    ("fraSekvensnummer", hendelser(0, None), "a value is 0; at least 1 required"),
                    (
                        "antall",
                        hendelser(1, Some(10_001)),
                        "a value is 10001; at least 1 and at most 10000 required",
                    ),
                ];
                for (name, request, reason) in refused {
                    match client.hent_hendelser(request, &cx()).await {
                        Err(skatteetaten_api::runtime::Error::InvalidRequest(error)) => assert_eq!(
                            error.message,
                            format!("parameter `{name}`: {reason}")
                        ),
                        other => panic!("{name}: expected InvalidRequest, got {other:?}"),
                    }
                }
                assert!(requests(&server).await.is_empty(), "a refused request was sent");
            }

            #[tokio::test]
            async fn the_first_sequence_number_from_a_time() {
                let example = tests::example(FOLDER, "Sekvensnummer.json");
                let server = serve(200, &example).await;
                let client = Client::new(config(&server), tokens()).unwrap();

                let svar = client
                    .hent_start_sekvensnummer(start(), &cx())
                    .await
                    .unwrap()
                    .into_result()
                    .unwrap();

                let expected: Sekvensnummer = serde_json::from_value(example).unwrap();
                assert_eq!(svar, expected);
                let seen = requests(&server).await;
                assert_eq!(seen.len(), 1);
                assert_call(&seen[0], "GET", "/hendelser/start");
                assert_eq!(
                    query(&seen[0]),
                    [("dato".to_string(), "2024-01-02T03:04:05+01:00".to_string())]
                );
            }

            #[tokio::test]
            async fn every_documented_error_status_of_hent_hendelser_is_typed() {
                for status in error_statuses(FOLDER, "hentHendelser") {
                    let kode = pick(&codes(), Feilkode::http_status, status);
                    let server = serve(status, &feil_json(kode.code(), status, None)).await;
                    let client = Client::new(config(&server), tokens()).unwrap();

                    let err = expect_api(
                        client.hent_hendelser(hendelser(7, None), &cx()).await,
                        status,
                        HentHendelserResponse::into_result,
                    );

                    assert!(!matches!(
                        Feilkode::from(err.body.kode.as_str()),
                        Feilkode::Unknown(_)
                    ));
                    assert_eq!(err.body.kode, kode);
                    assert_eq!(err.body.melding, melding(status));
                    assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
                    let seen = requests(&server).await;
                    assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
                    for request in &seen {
                        assert_call(request, "GET", "/hendelser");
                        assert_eq!(
                            query(request),
                            [("fraSekvensnummer".to_string(), "7".to_string())]
                        );
                    }
                }
            }

            #[tokio::test]
            async fn every_documented_error_status_of_hent_start_sekvensnummer_is_typed() {
                for status in error_statuses(FOLDER, "hentStartSekvensnummer") {
                    let kode = pick(&codes(), Feilkode::http_status, status);
                    let server = serve(status, &feil_json(kode.code(), status, None)).await;
                    let client = Client::new(config(&server), tokens()).unwrap();

                    let err = expect_api(
                        client.hent_start_sekvensnummer(start(), &cx()).await,
                        status,
                        HentStartSekvensnummerResponse::into_result,
                    );

                    assert!(!matches!(
                        Feilkode::from(err.body.kode.as_str()),
                        Feilkode::Unknown(_)
                    ));
                    assert_eq!(err.body.kode, kode);
                    assert_eq!(err.body.korrelasjonsid, KORRELASJONSID);
                    let seen = requests(&server).await;
                    assert_eq!(seen.len(), attempts_for(status), "HTTP {status}");
                    for request in &seen {
                        assert_call(request, "GET", "/hendelser/start");
                    }
                }
            }
        }
    };
}

hendelser_tests!(
    opptjeningsgrunnlag_arbeidsforhold_hendelser,
    "opptjeningsgrunnlag-arbeidsforhold-hendelser",
    OpptjeningsgrunnlagArbeidsforholdHendelserApi
);
hendelser_tests!(
    underenhet_aordningen_hendelser,
    "underenhet-aordningen-hendelser",
    UnderenhetAordningenHendelserApi
);
