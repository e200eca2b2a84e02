//! The same implementation served over HTTP and called in-process gives the same results, one test per
//! API: the mock's implementation of each API's trait is called directly, and the same operation is
//! called through the generated `client::Client` against the mock served on a loopback port. Both calls
//! carry the same correlation id (the `Context`), so even the error bodies' `korrelasjonsid` agree, and
//! the two responses must be equal: same variant, same body. Code generic over a trait runs against
//! both, and an `ApiError` from a client call shows the error's code.

mod server_support;

use std::fmt::Debug;

use skatteetaten_api::runtime::client::{ClientConfig, StaticToken};
use skatteetaten_api::runtime::{Context, Error};
use skatteetaten_mock::implementations::{
    Aandsverk, Hendelser, Oppdrag, Opptjeningsgrunnlag, Underenheter, Virksomheter,
};
use skatteetaten_mock::{Mock, MockConfig, APIS};

const KORRELASJONSID: &str = "5f0c2d7e-3b1a-4c9e-8f6d-2a4b6c8d0e1f";

/// The context both calls are made in.
fn cx() -> Context {
    Context::new().with_correlation_id(KORRELASJONSID)
}

/// The mock on a SQLite file in a temporary directory, served on a loopback port.
struct Served {
    mock: Mock,
    running: server_support::Running,
    _dir: tempfile::TempDir,
}

impl Served {
    async fn start() -> Served {
        let dir = tempfile::tempdir().unwrap();
        let config = MockConfig {
            db: dir.path().join("mock.sqlite"),
            token_key: None,
        };
        let mock = Mock::open(&config).expect("the mock opens");
        let running = server_support::serve(mock.router()).await;
        Served {
            mock,
            running,
            _dir: dir,
        }
    }

    /// Client settings for the API `module` of the mock.
    fn config(&self, module: &str) -> ClientConfig {
        let info = APIS
            .iter()
            .find(|info| info.module == module)
            .unwrap_or_else(|| panic!("the mock serves no {module}"));
        ClientConfig::new(self.running.url(&info.base_path()))
    }
}

fn tokens() -> StaticToken {
    StaticToken::new("in-process-test-token")
}

/// Both results succeeded with equal responses; returns the response.
fn assert_same<R: PartialEq + Debug>(
    in_process: Result<R, Error>,
    over_http: Result<R, Error>,
) -> R {
    let in_process = in_process.unwrap_or_else(|err| panic!("in-process: {err}"));
    let over_http = over_http.unwrap_or_else(|err| panic!("over HTTP: {err}"));
    assert_eq!(in_process, over_http, "in-process vs over HTTP");
    in_process
}

/// Calls `$method` with `$request` on the implementation and on the client, asserts the responses are
/// equal, and gives the response.
macro_rules! same {
    ($api:expr, $client:expr, $method:ident, $request:expr) => {{
        let request = $request;
        let in_process = $api.$method(request.clone(), &cx()).await;
        let over_http = $client.$method(request, &cx()).await;
        assert_same(in_process, over_http)
    }};
}

mod innrapportering_aandsverk {
    use super::*;
    use skatteetaten_api::innrapportering_aandsverk::client::Client;
    use skatteetaten_api::innrapportering_aandsverk::{
        Feilkode, Feilspesifiseringskode, HentDokumentRequest, HentDokumentResponse,
        InnrapporteringAandsverkApi, Innsending, Organisasjonsnummer, SendInnLeveranseRequest,
        SendInnLeveranseResponse,
    };

    /// The documented receipt's forsendelse, which the mock holds from the start.
    const FORSENDELSE: &str = "0193b5cd-cbce-7dbd-b188-1437db673767";

    fn dokument(organisasjonsnummer: &str, dokument_id: &str) -> HentDokumentRequest {
        HentDokumentRequest {
            inntektsaar: 2024,
            organisasjonsnummer: Organisasjonsnummer::new(organisasjonsnummer).unwrap(),
            forsendelse_id: FORSENDELSE.parse().unwrap(),
            dokument_id: dokument_id.into(),
        }
    }

    fn innsending() -> Innsending {
        serde_json::from_value(skatteetaten_mock::aandsverk_innsending().unwrap()).unwrap()
    }

    #[tokio::test]
    async fn a_document_and_a_missing_one_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Aandsverk::new(served.mock.db().clone()).unwrap();
        let client = Client::new(served.config("innrapportering_aandsverk"), tokens()).unwrap();

        let found = same!(
            api,
            client,
            hent_dokument,
            dokument("313918661", FORSENDELSE)
        );
        assert_eq!(found, HentDokumentResponse::Ok(innsending()));

        let missing = same!(api, client, hent_dokument, dokument("313918661", "ukjent"));
        let HentDokumentResponse::NotFound(feil) = &missing else {
            panic!("expected the documented 404, got {missing:?}");
        };
        assert_eq!(feil.kode, Feilkode::Gld021);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
        assert_eq!(
            feil.feilspesifiseringer.as_deref().unwrap()[0].feilspesifiseringskode,
            Feilspesifiseringskode::Gld1050
        );
    }

    #[tokio::test]
    async fn a_submission_under_one_key_gets_the_same_receipt_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Aandsverk::new(served.mock.db().clone()).unwrap();
        let client = Client::new(served.config("innrapportering_aandsverk"), tokens()).unwrap();
        let request = SendInnLeveranseRequest {
            inntektsaar: 2024,
            idempotency_key: uuid::Uuid::new_v4(),
            body: innsending(),
        };

        // In-process first: it stores the submission; over HTTP, the same key and body are the same
        // submission, answered with the stored receipt.
        let svar = same!(api, client, send_inn_leveranse, request.clone());
        let SendInnLeveranseResponse::Ok(kvittering) = &svar else {
            panic!("expected a receipt, got {svar:?}");
        };
        assert_eq!(kvittering.antall_oppgaver, 3);

        // A path year other than the body's: GLD_010 with GLD_1052, both ways.
        let wrong_year = SendInnLeveranseRequest {
            inntektsaar: 2025,
            idempotency_key: uuid::Uuid::new_v4(),
            ..request
        };
        let svar = same!(api, client, send_inn_leveranse, wrong_year);
        let SendInnLeveranseResponse::BadRequest(feil) = &svar else {
            panic!("expected the documented 400, got {svar:?}");
        };
        assert_eq!(feil.kode, Feilkode::Gld010);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
    }
}

mod innrapportering_oppdrag {
    use super::*;
    use skatteetaten_api::innrapportering_oppdrag::client::Client;
    use skatteetaten_api::innrapportering_oppdrag::{
        Feilkode, HentForsendelseRequest, HentForsendelseResponse, InnrapporteringOppdragApi,
    };

    #[tokio::test]
    async fn a_forsendelse_and_a_missing_one_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Oppdrag::new(served.mock.db().clone()).unwrap();
        let client = Client::new(served.config("innrapportering_oppdrag"), tokens()).unwrap();
        let known = HentForsendelseRequest {
            forsendelse_id: "0195e1a2-7c91-7e42-a1b3-c4d5e6f70812".parse().unwrap(),
        };

        let found = same!(api, client, hent_forsendelse, known.clone());
        let HentForsendelseResponse::Ok(forsendelse) = &found else {
            panic!("expected the documented forsendelse, got {found:?}");
        };
        assert_eq!(forsendelse.forsendelse_id, known.forsendelse_id);

        let missing = HentForsendelseRequest {
            forsendelse_id: uuid::Uuid::new_v4(),
        };
        let svar = same!(api, client, hent_forsendelse, missing);
        let HentForsendelseResponse::NotFound(feil) = &svar else {
            panic!("expected the documented 404, got {svar:?}");
        };
        assert_eq!(feil.kode, Feilkode::Oar008);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
    }
}

mod oppdrag_utenlandske_virksomheter {
    use super::*;
    use skatteetaten_api::oppdrag_utenlandske_virksomheter::client::Client;
    use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
        Feilkode, HentOppdragUtenlandskeVirksomheterRequest as Request,
        HentOppdragUtenlandskeVirksomheterResponse as Response, OppdragUtenlandskeVirksomheterApi,
        Organisasjonsnummer,
    };

    fn request(orgnr: &str) -> Request {
        Request {
            organisasjonsnummer: Organisasjonsnummer::new(orgnr).unwrap(),
            altinn_samtykke: Some("samtykke".into()),
        }
    }

    #[tokio::test]
    async fn a_known_and_an_unknown_organisation_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Virksomheter::new().unwrap();
        let client =
            Client::new(served.config("oppdrag_utenlandske_virksomheter"), tokens()).unwrap();

        let found = same!(
            api,
            client,
            hent_oppdrag_utenlandske_virksomheter,
            request("974761076")
        );
        let Response::Ok(virksomhet) = &found else {
            panic!("expected the documented example, got {found:?}");
        };
        assert_eq!(
            virksomhet
                .oppdrag
                .antall_registrerte_oppdrag_som_oppdragsgiver,
            14
        );

        let svar = same!(
            api,
            client,
            hent_oppdrag_utenlandske_virksomheter,
            request("310646180")
        );
        let Response::NotFound(feil) = &svar else {
            panic!("expected the documented 404, got {svar:?}");
        };
        assert_eq!(feil.kode, Feilkode::Oppdragutenlandskevirksomheter008);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
    }
}

mod opptjeningsgrunnlag_arbeidsforhold {
    use super::*;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::client::Client;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::{
        Feilkode, HentOpptjeningsgrunnlagRequest as Request,
        HentOpptjeningsgrunnlagResponse as Response, Kalendermaaned, NorskIdentifikator,
        OpptjeningsgrunnlagArbeidsforholdApi, Rettighetspakke,
    };

    fn request(fra: &str, til: &str) -> Request {
        Request {
            rettighetspakke: Rettighetspakke::Nav,
            norsk_identifikator: NorskIdentifikator::new("01916499716").unwrap(),
            fra_og_med: Kalendermaaned::new(fra).unwrap(),
            til_og_med: Kalendermaaned::new(til).unwrap(),
        }
    }

    #[tokio::test]
    async fn a_period_with_data_and_a_reversed_one_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Opptjeningsgrunnlag::new().unwrap();
        let client = Client::new(
            served.config("opptjeningsgrunnlag_arbeidsforhold"),
            tokens(),
        )
        .unwrap();

        let found = same!(
            api,
            client,
            hent_opptjeningsgrunnlag,
            request("2023-01", "2023-12")
        );
        let Response::Ok(grunnlag) = &found else {
            panic!("expected the documented example, got {found:?}");
        };
        assert!(!grunnlag.inntektsmottaker_og_arbeidsgiver.is_empty());

        let svar = same!(
            api,
            client,
            hent_opptjeningsgrunnlag,
            request("2023-12", "2023-01")
        );
        let Response::BadRequest(feil) = &svar else {
            panic!("expected the documented 400, got {svar:?}");
        };
        assert_eq!(feil.kode, Feilkode::Oaf006);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
    }
}

mod opptjeningsgrunnlag_arbeidsforhold_hendelser {
    use super::*;
    use skatteetaten_api::hendelser_felles::Feilkode as Fa;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold_hendelser::client::Client;
    use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold_hendelser::{
        Feilkode, HentHendelserRequest, HentHendelserResponse, HentStartSekvensnummerRequest,
        HentStartSekvensnummerResponse, OpptjeningsgrunnlagArbeidsforholdHendelserApi,
    };

    #[tokio::test]
    async fn the_feed_and_a_page_past_its_end_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Hendelser::opptjeningsgrunnlag().unwrap();
        let client = Client::new(
            served.config("opptjeningsgrunnlag_arbeidsforhold_hendelser"),
            tokens(),
        )
        .unwrap();

        let page = same!(
            api,
            client,
            hent_hendelser,
            HentHendelserRequest {
                fra_sekvensnummer: 1,
                antall: Some(5),
            }
        );
        let HentHendelserResponse::Ok(liste) = &page else {
            panic!("expected events, got {page:?}");
        };
        assert!(!liste.hendelser.is_empty());

        let start = same!(
            api,
            client,
            hent_start_sekvensnummer,
            HentStartSekvensnummerRequest {
                dato: chrono::DateTime::parse_from_rfc3339("2023-01-01T00:00:00+01:00").unwrap(),
            }
        );
        assert!(
            matches!(start, HentStartSekvensnummerResponse::Ok(_)),
            "{start:?}"
        );

        let past_the_end = same!(
            api,
            client,
            hent_hendelser,
            HentHendelserRequest {
                fra_sekvensnummer: 1_000_000,
                antall: None,
            }
        );
        let HentHendelserResponse::NotFound(feil) = &past_the_end else {
            panic!("expected the documented 404, got {past_the_end:?}");
        };
        assert_eq!(feil.kode, Feilkode::HendelserFelles(Fa::Fa005));
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);
    }
}

mod underenhet_aordningen {
    use super::*;
    use skatteetaten_api::underenhet_aordningen::client::Client;
    use skatteetaten_api::underenhet_aordningen::{
        Feilkode, HentUnderenhetRequest as Request, HentUnderenhetResponse as Response,
        Kalendermaaned, Organisasjonsnummer, Rettighetspakke, UnderenhetAordningenApi,
    };

    fn request(orgnr: &str, fra: &str, til: &str) -> Request {
        Request {
            rettighetspakke: Rettighetspakke::Nav,
            norsk_identifikator: Organisasjonsnummer::new(orgnr).unwrap(),
            fra_og_med: Kalendermaaned::new(fra).unwrap(),
            til_og_med: Kalendermaaned::new(til).unwrap(),
        }
    }

    #[tokio::test]
    async fn found_missing_and_deleted_are_the_same_in_process_and_over_http() {
        let served = Served::start().await;
        let api = Underenheter::new().unwrap();
        let client = Client::new(served.config("underenhet_aordningen"), tokens()).unwrap();

        let found = same!(
            api,
            client,
            hent_underenhet,
            request("314928660", "2023-01", "2023-12")
        );
        assert!(matches!(found, Response::Ok(_)), "{found:?}");

        let missing = same!(
            api,
            client,
            hent_underenhet,
            request("310646180", "2023-01", "2023-12")
        );
        let Response::NotFound(feil) = &missing else {
            panic!("expected the documented 404, got {missing:?}");
        };
        assert_eq!(feil.kode, Feilkode::Ufa007);
        assert_eq!(feil.korrelasjonsid, KORRELASJONSID);

        let deleted = same!(
            api,
            client,
            hent_underenhet,
            request("314928660", "2010-01", "2010-12")
        );
        let Response::Gone(feil) = &deleted else {
            panic!("expected the documented 410, got {deleted:?}");
        };
        assert_eq!(feil.kode, Feilkode::Ufa009);
    }

    /// Code written against the trait, as a user of the API would: the months the underenhet has data
    /// for in 2023, or the documented error as text.
    async fn maaneder_i_2023(
        api: &impl UnderenhetAordningenApi,
        orgnr: &str,
    ) -> Result<Vec<String>, String> {
        let underenhet = api
            .hent_underenhet(request(orgnr, "2023-01", "2023-12"), &cx())
            .await
            .map_err(|err| err.to_string())?
            .into_result()
            .map_err(|err| err.to_string())?;
        Ok(underenhet
            .periode_og_opplysningspliktig
            .iter()
            .map(|p| p.kalendermaaned.to_string())
            .collect())
    }

    #[tokio::test]
    async fn code_generic_over_the_trait_runs_against_both_with_the_same_result() {
        let served = Served::start().await;
        let api = Underenheter::new().unwrap();
        let client = Client::new(served.config("underenhet_aordningen"), tokens()).unwrap();

        let in_process = maaneder_i_2023(&api, "314928660").await;
        let over_http = maaneder_i_2023(&client, "314928660").await;
        assert_eq!(in_process, over_http);
        assert!(!in_process.unwrap().is_empty());

        let in_process = maaneder_i_2023(&api, "310646180").await;
        let over_http = maaneder_i_2023(&client, "310646180").await;
        assert_eq!(in_process, over_http);
        let message = in_process.unwrap_err();
        assert!(message.starts_with("HTTP 404 UFA-007: "), "{message}");
    }

    #[tokio::test]
    async fn an_api_error_from_a_client_call_displays_its_code_not_the_body_debug() {
        let served = Served::start().await;
        let client = Client::new(served.config("underenhet_aordningen"), tokens()).unwrap();

        let err = client
            .hent_underenhet(request("310646180", "2023-01", "2023-12"), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap_err();

        assert_eq!(err.status, 404);
        let shown = err.to_string();
        assert!(shown.starts_with("HTTP 404 UFA-007: "), "{shown}");
        assert!(shown.ends_with(&err.body.melding), "{shown}");
        assert!(!shown.contains("Feil {"), "{shown}");
        assert!(!shown.contains("Ufa007"), "{shown}");
        assert!(!shown.contains(KORRELASJONSID), "{shown}");
    }
}

mod underenhet_aordningen_hendelser {
    use super::*;
    use skatteetaten_api::underenhet_aordningen_hendelser::client::Client;
    use skatteetaten_api::underenhet_aordningen_hendelser::{
        HentHendelserRequest, HentHendelserResponse, HentStartSekvensnummerRequest,
        HentStartSekvensnummerResponse, UnderenhetAordningenHendelserApi,
    };

    #[tokio::test]
    async fn the_feed_is_the_same_in_process_and_over_http_and_a_bad_page_is_not_sent() {
        let served = Served::start().await;
        let api = Hendelser::underenhet().unwrap();
        let client =
            Client::new(served.config("underenhet_aordningen_hendelser"), tokens()).unwrap();

        let page = same!(
            api,
            client,
            hent_hendelser,
            HentHendelserRequest {
                fra_sekvensnummer: 1,
                antall: None,
            }
        );
        let HentHendelserResponse::Ok(liste) = &page else {
            panic!("expected events, got {page:?}");
        };
        assert!(!liste.hendelser.is_empty());

        let start = same!(
            api,
            client,
            hent_start_sekvensnummer,
            HentStartSekvensnummerRequest {
                dato: chrono::DateTime::parse_from_rfc3339("2023-06-01T00:00:00Z").unwrap(),
            }
        );
        assert!(
            matches!(start, HentStartSekvensnummerResponse::Ok(_)),
            "{start:?}"
        );

        // A page before the first (`fraSekvensnummer` is `minimum: 1` in the spec, issue 21) is no
        // longer the implementation's rule: the generated client refuses it before sending, and the
        // generated server adapter answers it (see `mock_hendelser.rs`) before the implementation runs.
        let bad = client
            .hent_hendelser(
                HentHendelserRequest {
                    fra_sekvensnummer: 0,
                    antall: None,
                },
                &cx(),
            )
            .await;
        assert!(
            matches!(&bad, Err(Error::InvalidRequest(e)) if e.message.contains("fraSekvensnummer")),
            "{bad:?}"
        );
    }
}

mod a_conflicting_key {
    use super::*;
    use skatteetaten_api::innrapportering_aandsverk::client::Client;
    use skatteetaten_api::innrapportering_aandsverk::{
        InnrapporteringAandsverkApi, Innsending, SendInnLeveranseRequest,
    };

    #[tokio::test]
    async fn the_api_error_of_a_reused_key_displays_gld_019() {
        let served = Served::start().await;
        let client = Client::new(served.config("innrapportering_aandsverk"), tokens()).unwrap();
        let body: Innsending =
            serde_json::from_value(skatteetaten_mock::aandsverk_innsending().unwrap()).unwrap();
        let key = uuid::Uuid::new_v4();
        let first = SendInnLeveranseRequest {
            inntektsaar: 2024,
            idempotency_key: key,
            body: body.clone(),
        };
        client
            .send_inn_leveranse(first, &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();
        let mut other = body;
        other.leveranse.oppgavegivers_leveranse_referanse = "en annen".into();

        let err = client
            .send_inn_leveranse(
                SendInnLeveranseRequest {
                    inntektsaar: 2024,
                    idempotency_key: key,
                    body: other,
                },
                &cx(),
            )
            .await
            .unwrap()
            .into_result()
            .unwrap_err();

        assert_eq!(err.status, 409);
        let shown = err.to_string();
        assert!(shown.starts_with("HTTP 409 GLD_019: "), "{shown}");
        assert!(!shown.contains("Feil {"), "{shown}");
        assert!(!shown.contains("korrelasjonsid"), "{shown}");
    }
}
