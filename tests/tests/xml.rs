//! XML where Skatteetaten offers it: the lookup APIs 000, 002, 003 and their event feeds say "Kun json
//! eller xml er støttet". The mock (through the generated server adapters) answers `Accept:
//! application/xml` with the same data as XML, its error bodies too; the generated client asked for XML
//! reads those answers into the same values as the JSON answers; and a model with an amount, a
//! timestamp, an `Option`, a list and an enum goes through XML and back unchanged.

mod server_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use server_support::{Answer, Running, TOKEN};
use skatteetaten_api::felles::Feil;
use skatteetaten_api::runtime::client::{ClientConfig, StaticToken};
use skatteetaten_api::runtime::{xml, Context};
use skatteetaten_api::{
    oppdrag_utenlandske_virksomheter as utenlandske,
    opptjeningsgrunnlag_arbeidsforhold as opptjening,
    opptjeningsgrunnlag_arbeidsforhold_hendelser as opptjening_hendelser,
    underenhet_aordningen as underenhet, underenhet_aordningen_hendelser as underenhet_hendelser,
};

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// The mock, with a count of the XML answers it sent (to show the client asked for and got XML).
struct Mock {
    running: Running,
    xml_answers: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
}

async fn start() -> Mock {
    let dir = tempfile::tempdir().unwrap();
    let config = skatteetaten_mock::MockConfig {
        db: dir.path().join("mock.sqlite"),
        token_key: None,
    };
    let mock = skatteetaten_mock::Mock::open(&config).expect("the mock opens");
    let xml_answers = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&xml_answers);
    let router = mock.router().layer(axum::middleware::map_response(
        move |response: axum::response::Response| {
            let counter = Arc::clone(&counter);
            async move {
                let content_type = response.headers().get("content-type");
                if content_type.is_some_and(|v| xml::is_xml_media_type(v.to_str().unwrap_or(""))) {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                response
            }
        },
    ));
    Mock {
        running: server_support::serve(router).await,
        xml_answers,
        _dir: dir,
    }
}

/// `GET path` with the test token and `Accept: accept`.
async fn get(running: &Running, path: &str, accept: &str) -> Answer {
    let request = running
        .http
        .get(running.url(path))
        .header("authorization", TOKEN)
        .header("accept", accept);
    Answer::of(request).await
}

/// One lookup of an API: a path that answers 200, and one that answers a documented error.
struct Case {
    ok: &'static str,
    error: &'static str,
    status: u16,
    kode: &'static str,
    /// The root element of the success body.
    root: &'static str,
}

/// The JSON and the XML answer of `case.ok` are the same `T`; the XML one is XML under its root.
async fn same_data<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    running: &Running,
    case: &Case,
) {
    let json = get(running, case.ok, "application/json").await;
    assert_eq!(json.status, 200, "{}: {}", case.ok, json.text);
    assert_eq!(json.content_type, "application/json");
    let xml_answer = get(running, case.ok, "application/xml").await;
    assert_eq!(xml_answer.status, 200, "{}: {}", case.ok, xml_answer.text);
    assert_eq!(xml_answer.content_type, "application/xml");
    let start = format!("{DECLARATION}<{}>", case.root);
    assert!(xml_answer.text.starts_with(&start), "{}", xml_answer.text);
    let from_json: T = serde_json::from_str(&json.text).unwrap();
    let from_xml: T = xml::from_str(&xml_answer.text)
        .unwrap_or_else(|err| panic!("{}: {err}\n{}", case.ok, xml_answer.text));
    assert_eq!(from_xml, from_json, "{}", xml_answer.text);

    // `text/xml` is XML too, sent as asked; a preference for JSON wins over XML.
    let text_xml = get(running, case.ok, "text/xml").await;
    assert_eq!(text_xml.content_type, "text/xml");
    assert_eq!(text_xml.text, xml_answer.text);
    let prefers_json = get(running, case.ok, "application/xml;q=0.5, application/json").await;
    assert_eq!(prefers_json.content_type, "application/json");

    // The documented error, as XML: the `Feil` body under `<Feil>`, the same as the JSON one but for
    // the fresh correlation id.
    let json = get(running, case.error, "application/json").await;
    json.assert_code(case.status, case.kode, None);
    let xml_error = get(running, case.error, "application/xml").await;
    assert_eq!(xml_error.status, case.status, "{}", xml_error.text);
    assert_eq!(xml_error.content_type, "application/xml");
    assert!(
        xml_error
            .text
            .starts_with(&format!("{DECLARATION}<Feil><kode>{}</kode>", case.kode)),
        "{}",
        xml_error.text
    );
    let mut from_json: Feil = serde_json::from_str(&json.text).unwrap();
    let mut from_xml: Feil = xml::from_str(&xml_error.text).unwrap();
    assert!(!from_xml.korrelasjonsid.is_empty());
    from_json.korrelasjonsid.clear();
    from_xml.korrelasjonsid.clear();
    assert_eq!(from_xml, from_json);
}

#[tokio::test]
async fn the_mock_answers_xml_for_the_apis_whose_pages_say_so() {
    let mock = start().await;
    let running = &mock.running;
    same_data::<utenlandske::OppdragUtenlandskVirksomhet>(
        running,
        &Case {
            ok: "/oppdragutenlandskevirksomheter/v1/974761076",
            error: "/oppdragutenlandskevirksomheter/v1/123456789",
            status: 404,
            kode: "OPPDRAGUTENLANDSKEVIRKSOMHETER-008",
            root: "OppdragUtenlandskVirksomhet",
        },
    )
    .await;
    same_data::<opptjening::OpptjeningsgrunnlagArbeidsforhold>(
        running,
        &Case {
            ok: "/opptjeningsgrunnlagarbeidsforhold/v1/nav/01916499716?fraOgMed=2023-08&tilOgMed=2023-08",
            error: "/opptjeningsgrunnlagarbeidsforhold/v1/nav/01916499716?fraOgMed=2023-09&tilOgMed=2023-12",
            status: 404,
            kode: "OAF-007",
            root: "OpptjeningsgrunnlagArbeidsforhold",
        },
    )
    .await;
    same_data::<underenhet::Underenhet>(
        running,
        &Case {
            ok: "/underenhetaordningen/v1/nav/314928660?fraOgMed=2000-01&tilOgMed=2099-12",
            error: "/underenhetaordningen/v1/nav/314928660?fraOgMed=2010-01&tilOgMed=2014-12",
            status: 410,
            kode: "UFA-009",
            root: "Underenhet",
        },
    )
    .await;
    // The event feeds say it too (FA-006, UFA-008).
    same_data::<opptjening_hendelser::Hendelsesliste>(
        running,
        &Case {
            ok: "/opptjeningsgrunnlagarbeidsforholdhendelser/v1/hendelser?fraSekvensnummer=1&antall=5",
            error: "/opptjeningsgrunnlagarbeidsforholdhendelser/v1/hendelser?fraSekvensnummer=en",
            status: 400,
            kode: "FA-004",
            root: "Hendelsesliste",
        },
    )
    .await;
    same_data::<underenhet_hendelser::Sekvensnummer>(
        running,
        &Case {
            ok: "/underenhetaordningenhendelser/v1/hendelser/start?dato=2023-01-01T00:00:00Z",
            error: "/underenhetaordningenhendelser/v1/hendelser/start?dato=i-g%C3%A5r",
            status: 400,
            kode: "UFA-006",
            root: "Sekvensnummer",
        },
    )
    .await;
}

#[tokio::test]
async fn a_list_is_its_items_repeated_under_the_property_name() {
    let mock = start().await;
    let page = get(
        &mock.running,
        "/underenhetaordningenhendelser/v1/hendelser?fraSekvensnummer=1",
        "application/xml",
    )
    .await;
    let json = get(
        &mock.running,
        "/underenhetaordningenhendelser/v1/hendelser?fraSekvensnummer=1",
        "application/json",
    )
    .await;
    let events = json.body["hendelser"].as_array().unwrap().len();
    assert!(events > 1, "{}", json.text);
    assert_eq!(
        page.text.matches("<hendelser>").count(),
        events,
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("<hendelser><sekvensnummer>1</sekvensnummer>"),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn the_adapters_own_errors_are_xml_too_and_an_accept_of_neither_is_406_in_json() {
    let mock = start().await;
    let running = &mock.running;
    let ok = "/underenhetaordningen/v1/nav/314928660?fraOgMed=2000-01&tilOgMed=2099-12";
    // No token: the API's 401 code, as XML.
    let unauthenticated = Answer::of(
        running
            .http
            .get(running.url(ok))
            .header("accept", "application/xml"),
    )
    .await;
    assert_eq!(unauthenticated.status, 401);
    assert_eq!(unauthenticated.content_type, "application/xml");
    let feil: Feil = xml::from_str(&unauthenticated.text).unwrap();
    assert_eq!(feil.kode, "UFA-004");
    // An unknown URL under the API.
    let unknown = get(
        running,
        "/underenhetaordningen/v1/finnes/ikke/her/i/det/hele/tatt",
        "application/xml",
    )
    .await;
    assert_eq!(
        (unknown.status, unknown.content_type.as_str()),
        (404, "application/xml")
    );
    let feil: Feil = xml::from_str(&unknown.text).unwrap();
    assert_eq!(feil.kode, "UFA-003");
    // An invalid parameter: the validation code.
    let invalid = get(
        running,
        "/underenhetaordningen/v1/nav/314928660?fraOgMed=2023-13&tilOgMed=2023-12",
        "text/xml",
    )
    .await;
    assert_eq!(
        (invalid.status, invalid.content_type.as_str()),
        (400, "text/xml")
    );
    assert_eq!(
        xml::from_str::<Feil>(&invalid.text).unwrap().kode,
        "UFA-006"
    );
    // Neither JSON nor XML: the 406 code whose text says both are supported, in JSON.
    get(running, ok, "text/html")
        .await
        .assert_code(406, "UFA-008", None);
    // An API without XML still refuses `Accept: application/xml`, in JSON, with the code it has for it
    // (åndsverk documents no 406 code: its request code, with the specification code for `Accept`).
    let roles = &skatteetaten_api::innrapportering_aandsverk::server::ERROR_ROLES;
    get(
        running,
        "/innrapporteringaandsverk/v1/2024/313918661/forsendelse/0193b5cd-cbce-7dbd-b188-1437db673767/dokument/0193b5cd-cbce-7dbd-b188-1437db673767",
        "application/xml",
    )
    .await
    .assert_error(server_support::accept_code(roles), roles.specs.accept);
}

fn client_config(mock: &Mock, base: &str, xml: bool) -> ClientConfig {
    ClientConfig::new(mock.running.url(base)).with_xml(xml)
}

fn token() -> StaticToken {
    StaticToken::new(TOKEN.trim_start_matches("Bearer "))
}

/// The generated client, told to ask for XML, reads the mock's XML answers (successes and errors) into
/// the same values as the JSON client does; the mock's count of XML answers shows they were XML.
#[tokio::test]
async fn the_client_asked_for_xml_reads_the_same_values() {
    use opptjening::OpptjeningsgrunnlagArbeidsforholdApi;
    use opptjening_hendelser::OpptjeningsgrunnlagArbeidsforholdHendelserApi;
    use underenhet::UnderenhetAordningenApi;
    use underenhet_hendelser::UnderenhetAordningenHendelserApi;
    use utenlandske::OppdragUtenlandskeVirksomheterApi;

    let mock = start().await;
    let cx = Context::new();
    // Two clients of each API: JSON (the default) and XML.
    macro_rules! clients {
        ($module:ident, $base:expr) => {
            [false, true].map(|xml| {
                $module::client::Client::new(client_config(&mock, $base, xml), token()).unwrap()
            })
        };
    }
    /// A documented error's body with its fresh correlation id left out.
    fn without_id(mut feil: Feil) -> Feil {
        feil.korrelasjonsid.clear();
        feil
    }

    let [json, xml] = clients!(utenlandske, "/oppdragutenlandskevirksomheter/v1");
    let request = |org: &str| utenlandske::HentOppdragUtenlandskeVirksomheterRequest {
        organisasjonsnummer: utenlandske::Organisasjonsnummer::new(org).unwrap(),
        altinn_samtykke: None,
    };
    let before = mock.xml_answers.load(Ordering::SeqCst);
    let from_json = json
        .hent_oppdrag_utenlandske_virksomheter(request("974761076"), &cx)
        .await
        .unwrap();
    assert_eq!(
        mock.xml_answers.load(Ordering::SeqCst),
        before,
        "the JSON client got XML"
    );
    let from_xml = xml
        .hent_oppdrag_utenlandske_virksomheter(request("974761076"), &cx)
        .await
        .unwrap();
    assert_eq!(
        mock.xml_answers.load(Ordering::SeqCst),
        before + 1,
        "the XML client got no XML"
    );
    assert!(matches!(
        from_xml,
        utenlandske::HentOppdragUtenlandskeVirksomheterResponse::Ok(_)
    ));
    assert_eq!(from_xml, from_json);
    let not_found = |response| match response {
        utenlandske::HentOppdragUtenlandskeVirksomheterResponse::NotFound(feil) => without_id(feil),
        other => panic!("expected 404, got {other:?}"),
    };
    let error_json = not_found(
        json.hent_oppdrag_utenlandske_virksomheter(request("123456789"), &cx)
            .await
            .unwrap(),
    );
    let error_xml = not_found(
        xml.hent_oppdrag_utenlandske_virksomheter(request("123456789"), &cx)
            .await
            .unwrap(),
    );
    assert_eq!(error_xml.kode, "OPPDRAGUTENLANDSKEVIRKSOMHETER-008");
    assert_eq!(error_xml, error_json);

    let [json, xml] = clients!(opptjening, "/opptjeningsgrunnlagarbeidsforhold/v1");
    let request = |til: &str| opptjening::HentOpptjeningsgrunnlagRequest {
        rettighetspakke: opptjening::Rettighetspakke::Nav,
        norsk_identifikator: opptjening::NorskIdentifikator::new("01916499716").unwrap(),
        fra_og_med: opptjening::Kalendermaaned::new("2023-08").unwrap(),
        til_og_med: opptjening::Kalendermaaned::new(til).unwrap(),
    };
    let from_json = json
        .hent_opptjeningsgrunnlag(request("2023-08"), &cx)
        .await
        .unwrap();
    let from_xml = xml
        .hent_opptjeningsgrunnlag(request("2023-08"), &cx)
        .await
        .unwrap();
    assert!(matches!(
        from_xml,
        opptjening::HentOpptjeningsgrunnlagResponse::Ok(_)
    ));
    assert_eq!(from_xml, from_json);

    let [json, xml] = clients!(underenhet, "/underenhetaordningen/v1");
    let request = |fra: &str, til: &str| underenhet::HentUnderenhetRequest {
        rettighetspakke: underenhet::Rettighetspakke::Nav,
        norsk_identifikator: underenhet::Organisasjonsnummer::new("314928660").unwrap(),
        fra_og_med: underenhet::Kalendermaaned::new(fra).unwrap(),
        til_og_med: underenhet::Kalendermaaned::new(til).unwrap(),
    };
    let from_json = json
        .hent_underenhet(request("2000-01", "2099-12"), &cx)
        .await
        .unwrap();
    let from_xml = xml
        .hent_underenhet(request("2000-01", "2099-12"), &cx)
        .await
        .unwrap();
    assert!(matches!(
        from_xml,
        underenhet::HentUnderenhetResponse::Ok(_)
    ));
    assert_eq!(from_xml, from_json);
    let gone = |response| match response {
        underenhet::HentUnderenhetResponse::Gone(feil) => without_id(feil),
        other => panic!("expected 410, got {other:?}"),
    };
    let error_json = gone(
        json.hent_underenhet(request("2010-01", "2014-12"), &cx)
            .await
            .unwrap(),
    );
    let error_xml = gone(
        xml.hent_underenhet(request("2010-01", "2014-12"), &cx)
            .await
            .unwrap(),
    );
    assert_eq!(error_xml.kode, "UFA-009");
    assert_eq!(error_xml, error_json);

    let [json, xml] = clients!(
        opptjening_hendelser,
        "/opptjeningsgrunnlagarbeidsforholdhendelser/v1"
    );
    let request = || opptjening_hendelser::HentHendelserRequest {
        fra_sekvensnummer: 1,
        antall: Some(5),
    };
    let from_json = json.hent_hendelser(request(), &cx).await.unwrap();
    let from_xml = xml.hent_hendelser(request(), &cx).await.unwrap();
    assert!(matches!(
        from_xml,
        opptjening_hendelser::HentHendelserResponse::Ok(_)
    ));
    assert_eq!(from_xml, from_json);

    let [json, xml] = clients!(underenhet_hendelser, "/underenhetaordningenhendelser/v1");
    let request = || underenhet_hendelser::HentStartSekvensnummerRequest {
        dato: "2023-01-01T00:00:00Z".parse().unwrap(),
    };
    let from_json = json.hent_start_sekvensnummer(request(), &cx).await.unwrap();
    let from_xml = xml.hent_start_sekvensnummer(request(), &cx).await.unwrap();
    assert!(matches!(
        from_xml,
        underenhet_hendelser::HentStartSekvensnummerResponse::Ok(_)
    ));
    assert_eq!(from_xml, from_json);
    // Every call of an XML client above was answered in XML: 2 + 1 + 2 + 1 + 1 (the JSON clients'
    // calls in between added none).
    assert_eq!(mock.xml_answers.load(Ordering::SeqCst), before + 7);
}

/// A model with an exact amount, a timestamp, optional fields set and unset, lists (empty, one, many)
/// and an open enum (known and unknown value) goes through the server's XML answer and the client's
/// XML reading unchanged: the amount as its number text, not a struct of serde_json's.
#[tokio::test]
async fn a_model_goes_through_xml_and_back_unchanged() {
    use skatteetaten_api::runtime::codegen::client::Decode;
    use skatteetaten_api::runtime::codegen::server::{Format, Respond};
    use underenhet::{
        Arbeidsgiveravgift, BeregningskodeForArbeidsgiveravgift, HentUnderenhetResponse,
        Inntektsmottaker, Kalendermaaned, LoennOgGodtgjoerelse, NorskIdentifikator,
        Organisasjonsnummer, PeriodeOgOpplysningspliktig, Underenhet,
    };
    let amount = |text: &str| -> rust_decimal::Decimal { text.parse().unwrap() };
    let line = |kode, sone: &str, beloep: &str| LoennOgGodtgjoerelse {
        beregningskode_for_arbeidsgiveravgift: kode,
        sone: sone.to_string(),
        avgiftsgrunnlag_beloep: amount(beloep),
        prosentsats_for_avgiftsberegning: amount("14.10"),
    };
    let value = Underenhet {
        norsk_identifikator: Organisasjonsnummer::new("314928660").unwrap(),
        periode_og_opplysningspliktig: vec![
            PeriodeOgOpplysningspliktig {
                kalendermaaned: Kalendermaaned::new("2023-11").unwrap(),
                opplysningspliktig: Organisasjonsnummer::new("974761076").unwrap(),
                arbeidsgiveravgift: Some(Arbeidsgiveravgift {
                    loenn_og_godtgjoerelse: Some(vec![
                        line(
                            BeregningskodeForArbeidsgiveravgift::GenerelleNaeringer,
                            "1",
                            "12345678901234567.89",
                        ),
                        line(
                            BeregningskodeForArbeidsgiveravgift::Unknown("noe-nytt".into()),
                            "1a & <2>",
                            "-0.50",
                        ),
                    ]),
                }),
                inntektsmottaker: Some(vec![Inntektsmottaker {
                    norsk_identifikator: NorskIdentifikator::new("01852649662").unwrap(),
                }]),
                oppsummeringstidspunkt: Some("2023-12-05T10:11:12.123456".parse().unwrap()),
            },
            PeriodeOgOpplysningspliktig {
                kalendermaaned: Kalendermaaned::new("2023-12").unwrap(),
                opplysningspliktig: Organisasjonsnummer::new("974761076").unwrap(),
                arbeidsgiveravgift: Some(Arbeidsgiveravgift {
                    loenn_og_godtgjoerelse: None,
                }),
                inntektsmottaker: None,
                oppsummeringstidspunkt: None,
            },
        ],
    };
    let reply = HentUnderenhetResponse::Ok(value.clone())
        .reply_as(Format::Xml("application/xml"))
        .unwrap();
    assert_eq!(reply.content_type.as_deref(), Some("application/xml"));
    let text = std::str::from_utf8(&reply.body).unwrap();
    assert!(
        text.contains("<avgiftsgrunnlagBeloep>12345678901234567.89</avgiftsgrunnlagBeloep>"),
        "{text}"
    );
    assert!(
        text.contains("<prosentsatsForAvgiftsberegning>14.10</prosentsatsForAvgiftsberegning>"),
        "{text}"
    );
    assert!(text.contains("<sone>1a &amp; &lt;2&gt;</sone>"), "{text}");
    assert!(
        text.contains(
            "<oppsummeringstidspunkt>2023-12-05T10:11:12.123456</oppsummeringstidspunkt>"
        ),
        "{text}"
    );
    assert!(!text.contains("RawValue"), "{text}");
    // The unset options are no elements.
    assert_eq!(text.matches("<inntektsmottaker>").count(), 1, "{text}");
    assert_eq!(
        text.matches("<oppsummeringstidspunkt>").count(),
        1,
        "{text}"
    );

    // The client reads the answer by its Content-Type.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("content-type", "application/xml".parse().unwrap());
    let response = skatteetaten_api::runtime::client::Response::new(
        200,
        headers,
        reply.body.clone(),
        "http://x",
    );
    let read = HentUnderenhetResponse::decode(response).unwrap();
    assert_eq!(read, HentUnderenhetResponse::Ok(value.clone()));

    // JSON is unchanged: still the exact number.
    let json = HentUnderenhetResponse::Ok(value).reply().unwrap();
    assert_eq!(json.content_type.as_deref(), Some("application/json"));
    let json_text = std::str::from_utf8(&json.body).unwrap();
    assert!(
        json_text.contains(r#""avgiftsgrunnlagBeloep":12345678901234567.89"#),
        "{json_text}"
    );
}
