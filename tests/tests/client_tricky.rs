//! The generated client of the fixture spec `tests/fixtures/specs/tricky-api`, whose operations have what the
//! real specs lack: two success statuses with and without body, a `default` error in `text/plain`, an
//! operation without authentication, a binary response, and parameters named like keywords.
#![cfg(feature = "client")]

mod support;

use serde_json::json;
use support::*;
use tests::tricky_api::client::Client;
use tests::tricky_api::{
    Feilkode, HentDokumentRequest, HentTingRequest, HentTingResponse, LagTingBody,
    LagTingBodyDetaljer, LagTingRequest, LagTingResponse, NoSkatteetatenTing, Saertype,
    SlettTingRequest, SlettTingResponse, TrickyApi,
};
use wiremock::ResponseTemplate;

fn ting() -> serde_json::Value {
    json!({"id": "0193b5cd-cbce-7dbd-b188-1437db673767", "type": "særskilt", "målt": "2024-01-02T03:04:05Z"})
}

/// `GET /ting/{id}` without the optional parameters.
fn ting_request(id: i64) -> HentTingRequest {
    HentTingRequest {
        id,
        type_: None,
        fra: None,
        maks: None,
        x_korrelasjon: None,
    }
}

fn assert_path(request: &wiremock::Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), format!("{BASE_PATH}{path}"));
}

#[tokio::test]
async fn a_200_with_body_is_its_variant_and_parameters_are_written_as_in_json() {
    let server = serve(200, &ting()).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let korrelasjon = uuid::Uuid::new_v4();

    let svar = client
        .hent_ting(
            HentTingRequest {
                id: 42,
                type_: Some(Saertype::Oevrig),
                fra: chrono::NaiveDate::from_ymd_opt(2024, 5, 17),
                maks: Some("1250000.50".parse().unwrap()),
                x_korrelasjon: Some(korrelasjon),
            },
            &cx(),
        )
        .await
        .unwrap();

    let expected: NoSkatteetatenTing = serde_json::from_value(ting()).unwrap();
    assert_eq!(svar, HentTingResponse::Ok(expected));
    assert_eq!(svar.status(), 200);
    let seen = requests(&server).await;
    assert_path(&seen[0], "GET", "/ting/42");
    assert_eq!(
        query(&seen[0]),
        [
            ("type".to_string(), "øvrig".to_string()),
            ("fra".to_string(), "2024-05-17".to_string()),
            // A decimal is written with all its digits, not through f64.
            ("maks".to_string(), "1250000.50".to_string())
        ]
    );
    assert_eq!(
        header(&seen[0], "x-korrelasjon"),
        Some(korrelasjon.to_string().as_str())
    );
    assert_eq!(
        header(&seen[0], "accept"),
        Some("application/json, text/plain, */*")
    );
    assert_eq!(
        header(&seen[0], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn a_204_without_body_is_its_unit_variant() {
    let server = serve_template(ResponseTemplate::new(204)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let svar = client.hent_ting(ting_request(1), &cx()).await.unwrap();

    assert_eq!(svar, HentTingResponse::NoContent);
    assert_eq!(svar.status(), 204);
    assert_eq!(query(&requests(&server).await[0]), []);
}

#[tokio::test]
async fn a_documented_json_error_is_its_variant() {
    let server = serve(
        404,
        &json!({"kode": "TRK-002", "melding": "Fant ikke tingen"}),
    )
    .await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let svar = client.hent_ting(ting_request(1), &cx()).await.unwrap();

    assert_eq!(svar.status(), 404);
    let HentTingResponse::NotFound(feil) = &svar else {
        panic!("expected the 404 variant, got {svar:?}");
    };
    assert_eq!(feil.kode, Feilkode::Trk002);
    assert_eq!(feil.melding.as_deref(), Some("Fant ikke tingen"));
}

#[tokio::test]
async fn any_other_status_is_the_default_text_error_with_its_status() {
    let server = serve_template(
        ResponseTemplate::new(409)
            .set_body_raw("Konflikt: prøv igjen", "text/plain; charset=utf-8"),
    )
    .await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let svar = client.hent_ting(ting_request(1), &cx()).await.unwrap();

    assert_eq!(
        svar,
        HentTingResponse::Default {
            status: 409,
            body: "Konflikt: prøv igjen".into()
        }
    );
    assert_eq!(svar.status(), 409);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn an_operation_without_security_sends_no_token_and_is_not_retried() {
    let server = serve_template(ResponseTemplate::new(500)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = client
        .slett_ting(SlettTingRequest { id: 7 }, &cx())
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(500));
    let seen = requests(&server).await;
    // DELETE is neither a GET nor keyed: one try only.
    assert_eq!(seen.len(), 1);
    assert_path(&seen[0], "DELETE", "/ting/7");
    assert_eq!(header(&seen[0], "authorization"), None);
    assert_eq!(header(&seen[0], "accept"), Some("*/*"));
}

#[tokio::test]
async fn a_body_less_success_is_unit() {
    let server = serve_template(ResponseTemplate::new(204)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let svar = client
        .slett_ting(SlettTingRequest { id: 7 }, &cx())
        .await
        .unwrap();

    assert_eq!(svar, SlettTingResponse::NoContent);
    svar.into_result().unwrap();
}

#[tokio::test]
async fn a_keyed_post_sends_its_inline_body_and_decodes_a_201_list() {
    let server = serve(201, &json!([ting(), ting()])).await;
    let client = Client::new(config(&server), tokens()).unwrap();
    let body = LagTingBody {
        navn: "ny".into(),
        detaljer: Some(LagTingBodyDetaljer {
            beloep: Some("12.5".parse().unwrap()),
            satser: None,
            antall: None,
            vekt: None,
        }),
    };

    let key = uuid::Uuid::new_v4();

    let svar = client
        .lag_ting(
            LagTingRequest {
                idempotency_key: key,
                body,
            },
            &cx(),
        )
        .await
        .unwrap();

    assert!(matches!(svar, LagTingResponse::Created(_)), "{svar:?}");
    let laget = svar.into_result().unwrap();
    assert_eq!(laget.len(), 2);
    let seen = requests(&server).await;
    assert_path(&seen[0], "POST", "/ting");
    assert_eq!(
        json_body(&seen[0]),
        json!({"navn": "ny", "detaljer": {"beløp": 12.5}})
    );
    assert_eq!(query(&seen[0])[0].0, "idempotencyKey");
    assert_eq!(query(&seen[0])[0].1, key.to_string());
}

#[tokio::test]
async fn a_binary_response_is_a_stream_of_its_bytes() {
    let pdf = b"%PDF-1.7\n\x00\xff binary".to_vec();
    let server =
        serve_template(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
            .await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let dokument = client
        .hent_dokument(HentDokumentRequest {}, &cx())
        .await
        .unwrap()
        .into_result()
        .unwrap();

    assert_eq!(dokument.to_vec().await.unwrap(), pdf);
    assert_eq!(
        header(&requests(&server).await[0], "accept"),
        Some("application/pdf")
    );
}

/// A `reqwest::Client` of the caller's (a proxy, TLS roots, default headers) is the one that sends: its
/// default header arrives, beside the token and the `Accept` the operation sets.
#[tokio::test]
async fn a_client_of_your_own_sends_the_calls() {
    use tests::runtime::client::reqwest;
    let server = serve(200, &ting()).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-via",
        reqwest::header::HeaderValue::from_static("egen-klient"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .no_proxy()
        .build()
        .unwrap();
    let client = Client::with_http_client(config(&server), tokens(), http).unwrap();
    let svar = client.hent_ting(ting_request(7), &cx()).await.unwrap();
    assert_eq!(svar.status(), 200);
    let seen = requests(&server).await;
    assert_eq!(header(&seen[0], "x-via"), Some("egen-klient"));
    assert!(header(&seen[0], "authorization").is_some());
    assert_eq!(
        header(&seen[0], "accept"),
        Some("application/json, text/plain, */*")
    );
}
