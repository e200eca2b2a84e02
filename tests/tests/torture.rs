//! What the generated code of `tests/fixtures/specs/torture-api` does (that it compiles, with every
//! feature and under clippy, is checked by building this crate): the behaviours behind the classes of
//! spec that once gave broken or wrong code.
#![cfg(feature = "client")]

mod support;

use serde_json::json;
use support::*;
use tests::torture_api::client::Client;
use tests::torture_api::{
    BareDefaultRequest, BareDefaultResponse, Dyr, Error, Feilkode, FiltrerRequest, FiltrerResponse,
    Hund, Kjaeledyr, Kontonummer, Navnekollisjon, Oppgaveeier, PaakrevdNullbar, Skog, SokRequest,
    Status, TortureApi, Tre,
};
use tests::torture_api::{Dato, LastOppBody, LastOppRequest, SendSkjemaBody, SendSkjemaRequest};

#[test]
fn a_required_nullable_field_is_sent_as_null() {
    let value = PaakrevdNullbar {
        verdi: None,
        liste: None,
    };
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        json!({"verdi": null, "liste": null})
    );
    let back: PaakrevdNullbar =
        serde_json::from_value(json!({"verdi": "x", "liste": null})).unwrap();
    assert_eq!(back.verdi.as_deref(), Some("x"));
}

#[test]
fn tagged_unions_pick_the_variant_by_the_discriminator_and_round_trip() {
    let hund = json!({"type": "hund", "bjeffer": true});
    let dyr: Dyr = serde_json::from_value(hund.clone()).unwrap();
    assert!(matches!(&dyr, Dyr::Hund(Hund { bjeffer: true, .. })));
    assert_eq!(serde_json::to_value(&dyr).unwrap(), hund);
    // Without a mapping, the schema's name is the tag.
    let katt = json!({"type": "Katt", "maler": false});
    let kjaeledyr: Kjaeledyr = serde_json::from_value(katt.clone()).unwrap();
    assert!(matches!(kjaeledyr, Kjaeledyr::Katt(_)));
    assert_eq!(serde_json::to_value(&kjaeledyr).unwrap(), katt);
    // A tag no variant has, or none, is an error that says so.
    let err = serde_json::from_value::<Dyr>(json!({"type": "fisk"})).unwrap_err();
    assert!(err.to_string().contains("fisk"), "{err}");
    let err = serde_json::from_value::<Dyr>(json!({"bjeffer": true})).unwrap_err();
    assert!(err.to_string().contains("type"), "{err}");
}

#[test]
fn exactly_one_property_is_an_enum() {
    let eier: Oppgaveeier = serde_json::from_value(json!({"person": "Ola"})).unwrap();
    assert_eq!(eier, Oppgaveeier::Person("Ola".into()));
    assert_eq!(
        serde_json::to_value(&eier).unwrap(),
        json!({"person": "Ola"})
    );
    assert!(
        serde_json::from_value::<Oppgaveeier>(json!({"person": "a", "organisasjon": "b"})).is_err()
    );
    assert!(serde_json::from_value::<Oppgaveeier>(json!({})).is_err());
}

#[test]
fn recursive_shapes_round_trip() {
    let skog = json!({
        "tre": [[[]], []],
        "node": {"barn": [{"barn": []}], "forelder": {"barn": []}}
    });
    let typed: Skog = tests::assert_round_trip(&skog);
    assert_eq!(typed.tre, Tre(vec![Tre(vec![Tre(vec![])]), Tre(vec![])]));
    assert!(typed.node.forelder.is_some());
}

#[test]
fn amounts_are_exact_and_patterns_are_ecma() {
    let text = r#"{"beloep":12345678901234567.89}"#;
    let value: Navnekollisjon = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    // `\d` is an ASCII digit, as in ECMA-262; Arabic-Indic digits are not.
    assert!(Kontonummer::new("12345678901").is_ok());
    assert!(Kontonummer::new("١٢٣٤٥٦٧٨٩٠١").is_err());
}

#[test]
fn colliding_names_keep_their_wire_names() {
    let value = json!({"a-b": "x", "a_b": 2, "aB": true});
    let typed: Navnekollisjon = tests::assert_round_trip(&value);
    assert_eq!(
        (typed.a_b.as_deref(), typed.a_b_2, typed.a_b_3),
        (Some("x"), Some(2), Some(true))
    );
    // Norwegian capitals become readable names; `æ`/`Æ` and `UNKNOWN`/`Unknown` stay apart from each
    // other and from the catch-all variant.
    let statuses = [
        "ARBEIDSSØKERPERIODE",
        "AVVENTER_LÅS_AV_BEHANDLING",
        "æ",
        "Æ",
        "UNKNOWN",
        "Unknown",
    ];
    let parsed: Vec<Status> = statuses.iter().map(|s| Status::from(*s)).collect();
    assert_eq!(
        parsed,
        [
            Status::Arbeidssoekerperiode,
            Status::AvventerLaasAvBehandling,
            Status::Ae,
            Status::Ae2,
            Status::Unknown2,
            Status::Unknown3
        ]
    );
    assert_eq!(Status::from("annet"), Status::Unknown("annet".into()));
    assert_eq!(Feilkode::from("UNKNOWN").http_status(), Some(500));
}

#[tokio::test]
async fn an_operation_documented_only_with_default_succeeds() {
    let server = serve(200, &json!({"source": "her"})).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let svar = client
        .bare_default(BareDefaultRequest {}, &cx())
        .await
        .unwrap();
    assert_eq!(svar.status(), 200);
    let BareDefaultResponse::Default { body, .. } = &svar;
    assert_eq!(body.source.as_deref(), Some("her"));
    let svar: Error = svar.into_result().unwrap();
    assert_eq!(svar.source.as_deref(), Some("her"));
}

#[tokio::test]
async fn many_parameters_go_in_one_struct() {
    let server = serve(200, &json!([])).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    // `tekst` is required, so there is no `Default`: every field is named.
    let params = SokRequest {
        tekst: "hei".into(),
        fra_dato: None,
        til_dato: None,
        side: None,
        antall: None,
        status: None,
        type_: None,
        self_: Some("selv".into()),
        a_b: Some("bindestrek".into()),
        a_b_2: Some("understrek".into()),
        beloep: Some("10.50".parse().unwrap()),
        koder: vec!["a".into(), "b".into()],
    };
    assert!(client
        .sok(params, &cx())
        .await
        .unwrap()
        .into_result()
        .unwrap()
        .is_empty());
    let seen = requests(&server).await;
    assert_eq!(
        query(&seen[0]),
        [
            ("tekst", "hei"),
            ("self", "selv"),
            ("a-b", "bindestrek"),
            ("a_b", "understrek"),
            ("beloep", "10.50"),
            ("koder", "a"),
            ("koder", "b"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}

#[tokio::test]
async fn objects_in_the_query_are_written_as_their_style_says() {
    use tests::torture_api::{Filter, Side};
    let server = support::serve_template(wiremock::ResponseTemplate::new(204)).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let filter = Filter {
        fra: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
        antall: Some(3),
        status: None,
    };
    let side = Side {
        nummer: 2,
        storrelse: None,
    };
    let ekstra = [("sortering".to_string(), "navn".to_string())].into();
    let svar = client
        .filtrer(
            FiltrerRequest {
                filter: Some(filter),
                side,
                ekstra: Some(ekstra),
            },
            &cx(),
        )
        .await
        .unwrap();
    assert_eq!(svar, FiltrerResponse::NoContent);
    let seen = requests(&server).await;
    assert_eq!(
        query(&seen[0]),
        [
            ("filter[fra]", "2024-01-02"),
            ("filter[antall]", "3"),
            ("side", "nummer,2"),
            ("sortering", "navn"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}

/// A form that holds a union and a tree nests (`dyr[type]=hund`, `tre[0]`…), keeps its amount's every
/// digit, and writes its wire names (`beløp`, `type`), on the wire as recorded by a plain server.
#[tokio::test]
async fn a_form_of_every_shape_is_written_exactly() {
    let server = serve_template(wiremock::ResponseTemplate::new(204)).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let body = SendSkjemaBody {
        type_: "søknad".into(),
        beloep: "1250000.50".parse().unwrap(),
        konto: Some(Kontonummer::new("12345678901").unwrap()),
        dato: Some("2024-05-17".parse::<Dato>().unwrap()),
        dyr: Some(Dyr::Hund(Hund {
            type_: "hund".into(),
            bjeffer: true,
        })),
        tre: Some(Tre(vec![Tre(vec![]), Tre(vec![Tre(vec![])])])),
    };
    client
        .send_skjema(SendSkjemaRequest { body }, &cx())
        .await
        .unwrap();
    let seen = requests(&server).await;
    assert_eq!(
        String::from_utf8(seen[0].body.clone()).unwrap(),
        "type=s%C3%B8knad&bel%C3%B8p=1250000.50&konto=12345678901&dato=2024-05-17\
         &dyr[type]=hund&dyr[bjeffer]=true"
    );
}

/// A multipart body: files, text parts with wire names, an amount as its digits, a list of dates one
/// part each, a union as JSON.
#[tokio::test]
async fn a_multipart_body_of_every_shape_is_written_part_by_part() {
    let server = serve_template(wiremock::ResponseTemplate::new(204)).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let body = LastOppBody {
        fil: skatteetaten_api::runtime::File::new(b"%PDF".to_vec()).with_name("søknad.pdf"),
        vedlegg: Some(vec![skatteetaten_api::runtime::File::new(b"x".to_vec())]),
        type_: "vedlegg".into(),
        beloep: Some("0.10".parse().unwrap()),
        konto: None,
        datoer: Some(vec![
            "2024-01-01".parse::<Dato>().unwrap(),
            "2024-12-31".parse::<Dato>().unwrap(),
        ]),
        dyr: Some(Dyr::Hund(Hund {
            type_: "hund".into(),
            bjeffer: false,
        })),
        tre: None,
    };
    client
        .last_opp(LastOppRequest { body: Some(body) }, &cx())
        .await
        .unwrap();
    let seen = requests(&server).await;
    let wire = String::from_utf8_lossy(&seen[0].body).into_owned();
    let parts: Vec<&str> = wire
        .split("\r\n--")
        .map(|part| part.split_once("\r\n").map_or(part, |(_, rest)| rest))
        .collect();
    assert_eq!(
        parts,
        [
            "Content-Disposition: form-data; name=\"fil\"; filename=\"søknad.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\n%PDF",
            "Content-Disposition: form-data; name=\"vedlegg\"\r\nContent-Type: application/octet-stream\r\n\r\nx",
            "Content-Disposition: form-data; name=\"type\"\r\n\r\nvedlegg",
            "Content-Disposition: form-data; name=\"beløp\"\r\n\r\n0.10",
            "Content-Disposition: form-data; name=\"datoer\"\r\n\r\n2024-01-01",
            "Content-Disposition: form-data; name=\"datoer\"\r\n\r\n2024-12-31",
            "Content-Disposition: form-data; name=\"dyr\"\r\nContent-Type: application/json\r\n\r\n{\"type\":\"hund\",\"bjeffer\":false}",
            "",
        ]
    );
}

/// An answer offered as XML too: written under the schema's `xml.name` (`<svar>`) when asked for, the
/// amount as its number text, and read back by its `Content-Type` into the same value; the error whose
/// XML form is another schema is JSON whatever the caller asked.
#[cfg(feature = "server")]
#[test]
fn an_answer_offered_as_xml_is_written_under_its_xml_name_and_read_back() {
    use skatteetaten_api::runtime::client::Response;
    use skatteetaten_api::runtime::codegen::client::Decode;
    use skatteetaten_api::runtime::codegen::server::{Format, Respond};
    use tests::torture_api::{Feil, HentXmlResponse, XmlSvar};

    let svar = XmlSvar {
        beloep: "12345678901234567.89".parse().unwrap(),
        dato: "2024-02-29".parse().unwrap(),
        merknad: None,
        status: Status::from("ARBEIDSSØKERPERIODE"),
        linjer: vec![1, 2, 3],
    };
    let xml = Format::Xml("application/xml");
    let reply = HentXmlResponse::Ok(svar.clone()).reply_as(xml).unwrap();
    assert_eq!(reply.content_type.as_deref(), Some("application/xml"));
    let text = std::str::from_utf8(&reply.body).unwrap();
    assert_eq!(
        text,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><svar><beloep>12345678901234567.89</beloep>\
         <dato>2024-02-29</dato><status>ARBEIDSSØKERPERIODE</status>\
         <linjer>1</linjer><linjer>2</linjer><linjer>3</linjer></svar>"
    );
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("content-type", "application/xml".parse().unwrap());
    let read =
        HentXmlResponse::decode(Response::new(200, headers, reply.body, "http://x")).unwrap();
    assert_eq!(read, HentXmlResponse::Ok(svar.clone()));
    // Asked for JSON (or not asked), JSON.
    let json = HentXmlResponse::Ok(svar).reply().unwrap();
    assert_eq!(json.content_type.as_deref(), Some("application/json"));

    let feil: Feil = serde_json::from_value(
        json!({"kode": "TRT-001", "melding": "Uventet", "korrelasjonsid": "k"}),
    )
    .unwrap();
    let not_found = HentXmlResponse::NotFound(feil.clone())
        .reply_as(xml)
        .unwrap();
    assert!(std::str::from_utf8(&not_found.body)
        .unwrap()
        .contains("<Feil><kode>TRT-001</kode>"));
    let failed = HentXmlResponse::InternalServerError(feil)
        .reply_as(xml)
        .unwrap();
    assert_eq!(failed.content_type.as_deref(), Some("application/json"));
}

/// A stream of events of a tagged union, asked for beside JSON: each event's data is read into its
/// variant; and a document is read as bytes as it arrives.
#[tokio::test]
async fn a_stream_of_a_tagged_union_and_a_document_are_read_as_they_arrive() {
    use tests::torture_api::{
        FoelgDyrRequest, FoelgDyrStreamResponse, HentStroemRequest, HentStroemResponse,
    };
    let events = "data: {\"type\":\"hund\",\"bjeffer\":true}\n\n\
                  : a comment\n\
                  data: {\"type\":\"katt\",\"maler\":false}\n\n";
    let server = serve_template(
        wiremock::ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"),
    )
    .await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let FoelgDyrStreamResponse::Ok(stream) = client
        .foelg_dyr_stream(FoelgDyrRequest {}, &cx())
        .await
        .unwrap();
    let dyr = stream.collect().await.unwrap();
    assert_eq!(dyr.len(), 2);
    assert!(matches!(&dyr[0], Dyr::Hund(hund) if hund.bjeffer));
    assert!(matches!(&dyr[1], Dyr::Katt(katt) if !katt.maler));
    let seen = requests(&server).await;
    assert_eq!(seen[0].headers.get("accept").unwrap(), "text/event-stream");

    let server = serve_template(
        wiremock::ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"),
    )
    .await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let answer = client
        .hent_stroem(
            HentStroemRequest {
                fil: "søknad.pdf".into(),
            },
            &cx(),
        )
        .await
        .unwrap();
    let HentStroemResponse::Ok(document) = answer else {
        panic!("not the document: {answer:?}");
    };
    assert_eq!(document.to_vec().await.unwrap(), b"%PDF-1.7");
    assert_eq!(
        requests(&server).await[0].url.path(),
        format!("{BASE_PATH}/str%C3%B8m/s%C3%B8knad.pdf")
    );
}
