//! How the client behaves, each with a test that fails if the behaviour breaks: retries (only for safe
//! calls, honouring `Retry-After`, with jittered backoff), idempotency keys across retries, the concurrency
//! limit, timeouts, errors that keep everything the server sent, tokens that never show up in `Debug` or
//! error messages (not even when the server echoes them), and redirects that never carry credentials to
//! another origin.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use skatteetaten_api::oppdrag_utenlandske_virksomheter::client::Client;
use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
    Feil, HentOppdragUtenlandskeVirksomheterRequest, HentOppdragUtenlandskeVirksomheterResponse,
    OppdragUtenlandskVirksomhet, OppdragUtenlandskeVirksomheterApi, Organisasjonsnummer,
};
use skatteetaten_api::runtime::client::{
    BoxFuture, ClientConfig, Error, Token, TokenError, TokenSource, Transport,
};
use skatteetaten_api::runtime::codegen::client::{Method, Request};
use skatteetaten_api::runtime::Context;
use support::*;
use tests::spec_example;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const FOLDER: &str = "oppdrag-utenlandske-virksomheter";

fn example() -> serde_json::Value {
    tests::example(FOLDER, "OppdragUtenlandskVirksomhet.json")
}

fn org() -> Organisasjonsnummer {
    Organisasjonsnummer::new("974761076").unwrap()
}

type Response = HentOppdragUtenlandskeVirksomheterResponse;

/// The lookup of [`org`], with the consent token `samtykke` if given.
fn lookup(samtykke: Option<&str>) -> HentOppdragUtenlandskeVirksomheterRequest {
    HentOppdragUtenlandskeVirksomheterRequest {
        organisasjonsnummer: org(),
        altinn_samtykke: samtykke.map(str::to_string),
    }
}

/// A server that answers the first `failures` requests with `failure`, then 200 with the example.
async fn failing_then_ok(failures: u64, failure: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(example()))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_get_is_retried_after_5xx_until_it_succeeds() {
    let server = failing_then_ok(2, ResponseTemplate::new(503)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let svar = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await;

    assert!(matches!(svar, Ok(Response::Ok(_))), "{svar:?}");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_parameter_that_cannot_be_sent_is_an_error_and_nothing_is_sent() {
    let server = failing_then_ok(1, ResponseTemplate::new(500)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    // A header value cannot hold a line break.
    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(Some("to\nlinjer")), &cx())
        .await
        .unwrap_err();

    assert!(
        matches!(err, Error::InvalidRequest(ref e) if e.message.contains("AltinnSamtykke")),
        "{err:?}"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn retries_stop_at_the_configured_number_of_tries() {
    let server = failing_then_ok(10, ResponseTemplate::new(502)).await;
    let client = Client::new(config(&server).with_max_tries(4), tokens()).unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    // 502 is not documented for this operation: the last answer is kept whole.
    assert!(
        matches!(err, Error::UndocumentedStatus(ref r) if r.status == 502),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn a_4xx_other_than_429_is_never_retried() {
    let server = failing_then_ok(1, ResponseTemplate::new(409)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(409));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_never_retried() {
    let server = serve_template(ResponseTemplate::new(500)).await;
    let transport = Transport::new(config(&server), tokens()).unwrap();
    let mut request = Request::new(Method::POST, "application/json");
    request.authenticate();
    request.path("/noe");
    request.json_body("application/json", &json!({"a": 1}));
    assert_eq!(request.error(), None);

    let response = transport.execute(&request).await.unwrap();

    assert_eq!(response.status, 500);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_connection_failure_of_a_get_is_retried_then_reported() {
    // A port nobody listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(
        ClientConfig::new(format!("http://127.0.0.1:{port}/v1")).with_backoff(
            skatteetaten_api::runtime::client::Backoff {
                initial: Duration::from_millis(1),
                max: Duration::from_millis(1),
            },
        ),
        tokens(),
    )
    .unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    match err {
        Error::Transport(ref transport) => {
            assert!(transport.is_connect(), "{err}");
            assert_eq!(transport.attempts, 3);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

mod idempotency {
    use super::*;
    use skatteetaten_api::innrapportering_oppdrag::client::Client;
    use skatteetaten_api::innrapportering_oppdrag::{
        InnrapporteringOppdragApi, Oppdragsinnsending, SendInnOppdragRequest,
    };

    fn innsending() -> Oppdragsinnsending {
        serde_json::from_value(spec_example(
            "innrapportering-oppdrag",
            "/paths/~1oppdrag/post/requestBody/content/application~1json/example",
        ))
        .unwrap()
    }

    fn submission(idempotency_key: uuid::Uuid) -> SendInnOppdragRequest {
        SendInnOppdragRequest {
            idempotency_key,
            body: innsending(),
        }
    }

    fn kvittering() -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(spec_example(
            "innrapportering-oppdrag",
            "/paths/~1oppdrag/post/responses/200/content/application~1json/example",
        ))
    }

    fn keys(seen: &[wiremock::Request]) -> Vec<String> {
        seen.iter()
            .map(|r| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == "idempotencyKey")
                    .expect("every attempt has a key")
                    .1
                    .into_owned()
            })
            .collect()
    }

    async fn server(first: u64, failure: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(failure)
            .up_to_n_times(first)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(kvittering())
            .with_priority(2)
            .mount(&server)
            .await;
        server
    }

    #[tokio::test]
    async fn every_retry_of_a_submission_carries_the_same_key() {
        let server = server(2, ResponseTemplate::new(500)).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let key = uuid::Uuid::new_v4();

        client
            .send_inn_oppdrag(submission(key), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let keys = keys(&requests(&server).await);
        assert_eq!(keys.len(), 3);
        assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
        assert_eq!(keys[0], key.to_string());
    }

    #[tokio::test]
    async fn a_retry_after_a_lost_response_carries_the_same_key() {
        // The first answer comes too late (lost, as far as the client knows); the retry gets through.
        let slow = kvittering().set_delay(Duration::from_secs(3));
        let server = server(1, slow).await;
        let client = Client::new(
            config(&server).with_timeout(Duration::from_millis(300)),
            tokens(),
        )
        .unwrap();

        let key = uuid::Uuid::new_v4();

        client
            .send_inn_oppdrag(submission(key), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let keys = keys(&requests(&server).await);
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0], keys[1]);
        assert_eq!(keys[0], key.to_string());
    }

    #[tokio::test]
    async fn each_submission_sends_its_own_fresh_key() {
        let server = serve_template(kvittering()).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let (first, second) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());

        client
            .send_inn_oppdrag(submission(first), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();
        client
            .send_inn_oppdrag(submission(second), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let keys = keys(&requests(&server).await);
        assert_eq!(keys.len(), 2);
        assert_ne!(keys[0], keys[1]);
        assert_eq!(keys, [first.to_string(), second.to_string()]);
    }
}

mod concurrency {
    use super::*;
    use axum::http::header::CONTENT_TYPE;

    /// Requests in flight at the server now, and the most there ever were.
    #[derive(Default)]
    struct Gauge {
        now: AtomicUsize,
        max: AtomicUsize,
        total: AtomicUsize,
    }

    /// An axum server on 127.0.0.1 that holds every request for `delay` and measures how many it holds.
    async fn gauge_server(delay: Duration) -> (String, Arc<Gauge>) {
        let gauge = Arc::new(Gauge::default());
        let body = example().to_string();
        let handler_gauge = gauge.clone();
        let app = axum::Router::new().fallback(move || {
            let gauge = handler_gauge.clone();
            let body = body.clone();
            async move {
                let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
                gauge.max.fetch_max(now, Ordering::SeqCst);
                gauge.total.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                gauge.now.fetch_sub(1, Ordering::SeqCst);
                ([(CONTENT_TYPE, "application/json")], body)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        (format!("http://{address}/v1"), gauge)
    }

    async fn run(limit: Option<usize>, calls: usize) -> Arc<Gauge> {
        let (base_url, gauge) = gauge_server(Duration::from_millis(150)).await;
        let mut config = ClientConfig::new(base_url);
        if let Some(limit) = limit {
            config = config.with_concurrency_limit(limit);
        }
        let client = Client::new(config, tokens()).unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..calls {
            let client = client.clone();
            tasks.spawn(async move {
                client
                    .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
                    .await
            });
        }
        let results = tokio::time::timeout(Duration::from_secs(20), tasks.join_all())
            .await
            .expect("the calls finish");
        assert!(results.iter().all(|r| matches!(r, Ok(Response::Ok(_)))));
        assert_eq!(gauge.total.load(Ordering::SeqCst), calls);
        gauge
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn by_default_at_most_5_calls_are_in_flight() {
        let gauge = run(None, 12).await;
        assert_eq!(gauge.max.load(Ordering::SeqCst), 5);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_limit_is_configurable() {
        let gauge = run(Some(2), 6).await;
        assert_eq!(gauge.max.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error_in_time() {
    let server = serve_template(
        ResponseTemplate::new(200)
            .set_body_json(example())
            .set_delay(Duration::from_secs(10)),
    )
    .await;
    let client = Client::new(
        config(&server)
            .with_timeout(Duration::from_millis(200))
            .with_max_tries(2),
        tokens(),
    )
    .unwrap();
    let started = Instant::now();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(err, Error::Transport(ref t) if t.attempts == 2),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let server = serve_template(
        ResponseTemplate::new(418)
            .insert_header("x-korrelasjonsid", "abc")
            .set_body_string("jeg er en tekanne"),
    )
    .await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    let Error::UndocumentedStatus(response) = err else {
        panic!("expected an undocumented status, got {err:?}");
    };
    assert_eq!(response.status, 418);
    assert_eq!(response.headers["x-korrelasjonsid"], "abc");
    assert_eq!(&response.body[..], b"jeg er en tekanne");
    assert!(response.url.ends_with("/v1/974761076"), "{}", response.url);
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_says_what_was_expected_and_what_came() {
    let server = serve(200, &json!({"forespurteOrganisasjon": 974761076})).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    let Error::Decode(ref decode) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(
        decode.expected,
        std::any::type_name::<OppdragUtenlandskVirksomhet>()
    );
    assert_eq!(decode.response.status, 200);
    assert_eq!(decode.snippet(), r#"{"forespurteOrganisasjon":974761076}"#);
    assert!(decode.error.contains("invalid type"), "{}", decode.error);
    let message = err.to_string();
    assert!(message.contains("OppdragUtenlandskVirksomhet"), "{message}");
    assert!(message.contains("974761076"), "{message}");
}

#[tokio::test]
async fn an_error_body_that_is_not_the_documented_one_is_kept() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let server = serve_template(ResponseTemplate::new(404).set_body_string(html)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = client
        .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
        .await
        .unwrap_err();

    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.expected, std::any::type_name::<Feil>());
    assert_eq!(decode.response.status, 404);
    assert_eq!(decode.response.text_lossy(), html);
}

#[tokio::test]
async fn unknown_error_codes_are_kept() {
    let server = serve(400, &feil_json("NY-KODE-999", 400, None)).await;
    let client = Client::new(config(&server), tokens()).unwrap();

    let err = expect_api(
        client
            .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
            .await,
        400,
        Response::into_result,
    );

    assert_eq!(
        err.body.kode,
        skatteetaten_api::oppdrag_utenlandske_virksomheter::Feilkode::Unknown("NY-KODE-999".into())
    );
}

mod tokens {
    use super::*;

    struct Failing;

    impl TokenSource for Failing {
        fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
            Box::pin(async { Err("Maskinporten svarer ikke".into()) })
        }
    }

    /// Counts the tokens it gives out.
    struct Counting(AtomicUsize);

    impl TokenSource for Counting {
        fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { Ok(Token::new(format!("token-{n}"))) })
        }
    }

    #[tokio::test]
    async fn a_failing_token_source_is_an_error_and_nothing_is_sent() {
        let server = serve(200, &example()).await;
        let client = Client::new(config(&server), Failing).unwrap();

        let err = client
            .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
            .await
            .unwrap_err();

        assert!(matches!(err, Error::Token(_)), "{err:?}");
        assert!(err.to_string().contains("Maskinporten svarer ikke"));
        assert!(requests(&server).await.is_empty());
    }

    #[tokio::test]
    async fn each_try_asks_for_a_token() {
        let server = failing_then_ok(1, ResponseTemplate::new(500)).await;
        let client = Client::new(config(&server), Counting(AtomicUsize::new(0))).unwrap();

        client
            .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
            .await
            .unwrap()
            .into_result()
            .unwrap();

        let seen = requests(&server).await;
        assert_eq!(header(&seen[0], "authorization"), Some("Bearer token-0"));
        assert_eq!(header(&seen[1], "authorization"), Some("Bearer token-1"));
    }

    #[tokio::test]
    async fn tokens_and_consent_never_show_in_debug_or_errors() {
        let server = serve_template(ResponseTemplate::new(418)).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        let err = client
            .hent_oppdrag_utenlandske_virksomheter(lookup(Some("samtykke-hemmelighet")), &cx())
            .await
            .unwrap_err();

        let shown = format!("{client:?} {err:?} {err}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("samtykke-hemmelighet"), "{shown}");
        // The server did get both.
        let seen = requests(&server).await;
        assert_eq!(
            header(&seen[0], "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(
            header(&seen[0], "altinnsamtykke"),
            Some("samtykke-hemmelighet")
        );
    }
}

mod building {
    use super::*;

    #[test]
    fn a_bad_base_url_is_an_error_not_a_panic() {
        for url in [
            "",
            "ikke en url",
            "ftp://example.test",
            "https://x.test/v1?a=b",
        ] {
            let err = Client::with_base_url(url, tokens()).unwrap_err();
            assert!(err.to_string().contains("base URL"), "{url}: {err}");
        }
    }

    #[test]
    fn zero_limits_and_bad_header_values_are_errors() {
        let config = ClientConfig::new("http://127.0.0.1:1/v1");
        assert!(Client::new(config.clone().with_concurrency_limit(0), tokens()).is_err());
        assert!(Client::new(config.clone().with_max_tries(0), tokens()).is_err());
        assert!(Client::new(config.with_user_agent("to\nlinjer"), tokens()).is_err());
    }

    #[test]
    fn the_environments_come_from_the_spec() {
        use skatteetaten_api::oppdrag_utenlandske_virksomheter::{PRODUCTION_URL, TEST_URL};
        let test = Client::test(tokens()).unwrap();
        let production = Client::production(tokens()).unwrap();
        assert_eq!(test.transport().config().base_url(), TEST_URL);
        assert_eq!(production.transport().config().base_url(), PRODUCTION_URL);
        assert_eq!(
            test.transport().config().concurrency_limit(),
            ClientConfig::DEFAULT_CONCURRENCY_LIMIT
        );
        assert_eq!(ClientConfig::DEFAULT_CONCURRENCY_LIMIT, 5);
    }
}

mod test_double {
    use super::*;

    /// Code written against the trait, as a downstream user would.
    async fn antall_oppdrag(
        api: &impl OppdragUtenlandskeVirksomheterApi,
    ) -> Result<i32, Box<dyn std::error::Error + Send + Sync>> {
        let svar = api
            .hent_oppdrag_utenlandske_virksomheter(lookup(None), &Context::new())
            .await?
            .into_result()?;
        Ok(svar.oppdrag.antall_registrerte_oppdrag_som_oppdragsgiver)
    }

    struct Fake;

    impl OppdragUtenlandskeVirksomheterApi for Fake {
        async fn hent_oppdrag_utenlandske_virksomheter(
            &self,
            request: HentOppdragUtenlandskeVirksomheterRequest,
            _context: &Context,
        ) -> Result<Response, Error> {
            let mut svar: OppdragUtenlandskVirksomhet = serde_json::from_value(example()).unwrap();
            svar.forespurte_organisasjon = request.organisasjonsnummer;
            Ok(Response::Ok(svar))
        }
    }

    #[tokio::test]
    async fn the_trait_takes_a_test_double_without_http() {
        assert_eq!(antall_oppdrag(&Fake).await.unwrap(), 14);
    }

    #[tokio::test]
    async fn and_the_http_client_through_the_same_code() {
        let server = serve(200, &example()).await;
        let client = Client::new(config(&server), tokens()).unwrap();
        assert_eq!(antall_oppdrag(&client).await.unwrap(), 14);
    }
}

mod redirects {
    use super::*;
    use wiremock::matchers::path;

    const CONSENT: &str = "samtykke-hemmelighet";

    /// A server that answers every request with a 307 to `location`.
    async fn redirecting_to(location: &str) -> MockServer {
        serve_template(ResponseTemplate::new(307).insert_header("location", location)).await
    }

    #[tokio::test]
    async fn a_redirect_to_another_origin_is_not_followed_so_no_credential_leaves_the_host() {
        // Another port is another origin, as another host is.
        let other = serve(200, &example()).await;
        let server = redirecting_to(&format!("{}/v1/974761076", other.uri())).await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let result = client
            .hent_oppdrag_utenlandske_virksomheter(lookup(Some(CONSENT)), &cx())
            .await;

        for seen in requests(&other).await {
            assert_eq!(header(&seen, "altinnsamtykke"), None);
            assert_eq!(header(&seen, "authorization"), None);
        }
        assert!(requests(&other).await.is_empty());
        // The 307 comes back as it is, with its Location, for the caller to judge.
        let Err(Error::UndocumentedStatus(response)) = result else {
            panic!("expected the 307 itself, got {result:?}");
        };
        assert_eq!(response.status, 307);
        assert!(response.headers.contains_key("location"));
        // The original host got the call, credentials and all, once (a 3xx is not retried).
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(header(&seen[0], "altinnsamtykke"), Some(CONSENT));
    }

    #[tokio::test]
    async fn a_redirect_within_the_origin_is_followed_with_the_credentials() {
        let server = MockServer::start().await;
        Mock::given(path("/v1/974761076"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", "/v1/flyttet"))
            .mount(&server)
            .await;
        Mock::given(path("/v1/flyttet"))
            .respond_with(ResponseTemplate::new(200).set_body_json(example()))
            .mount(&server)
            .await;
        let client = Client::new(config(&server), tokens()).unwrap();

        let svar = client
            .hent_oppdrag_utenlandske_virksomheter(lookup(Some(CONSENT)), &cx())
            .await;

        assert!(matches!(svar, Ok(Response::Ok(_))), "{svar:?}");
        let seen = requests(&server).await;
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].url.path(), "/v1/flyttet");
        assert_eq!(header(&seen[1], "altinnsamtykke"), Some(CONSENT));
        assert_eq!(
            header(&seen[1], "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

mod echoed_secrets {
    use super::*;
    use wiremock::{Request as Seen, Respond};

    const CONSENT: &str = "samtykke-hemmelighet";

    /// A server that puts the request's credentials into its answer: in the body (built by `body` from the
    /// `Authorization` and `AltinnSamtykke` values) and in a header.
    struct Echo {
        status: u16,
        body: fn(&str, &str) -> String,
    }

    impl Respond for Echo {
        fn respond(&self, request: &Seen) -> ResponseTemplate {
            let authorization = header(request, "authorization").unwrap_or_default();
            let consent = header(request, "altinnsamtykke").unwrap_or_default();
            ResponseTemplate::new(self.status)
                .insert_header("x-echo", authorization)
                .insert_header("content-type", "application/json")
                .set_body_string((self.body)(authorization, consent))
        }
    }

    async fn result_of(status: u16, body: fn(&str, &str) -> String) -> Result<Response, Error> {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Echo { status, body })
            .mount(&server)
            .await;
        let client = Client::new(config(&server), tokens()).unwrap();
        client
            .hent_oppdrag_utenlandske_virksomheter(lookup(Some(CONSENT)), &cx())
            .await
    }

    async fn error_of(status: u16, body: fn(&str, &str) -> String) -> Error {
        result_of(status, body).await.unwrap_err()
    }

    fn assert_hidden(err: &Error) {
        for shown in [format!("{err:?}"), format!("{err:#?}"), err.to_string()] {
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(!shown.contains(CONSENT), "{shown}");
        }
        assert!(format!("{err:?}").contains("<redacted>"), "{err:?}");
        // The response itself is kept as it came.
        let body = err.response().unwrap().text_lossy();
        assert!(body.contains(TOKEN), "{body}");
    }

    #[tokio::test]
    async fn an_undocumented_status_echoing_the_request_does_not_show_the_secrets() {
        let err = error_of(418, |auth, consent| {
            format!("du sendte {auth} og {consent}")
        })
        .await;
        assert!(matches!(err, Error::UndocumentedStatus(_)), "{err:?}");
        assert_hidden(&err);
    }

    #[tokio::test]
    async fn a_secret_across_the_snippet_cut_is_hidden_too() {
        // The token starts just before character 300, where snippets are cut.
        let err = error_of(418, |auth, _| format!("{}{auth}", "x".repeat(290))).await;
        assert_hidden(&err);
        let shown = err.to_string();
        assert!(!shown.contains(&TOKEN[..TOKEN.len() / 2]), "{shown}");
    }

    #[tokio::test]
    async fn a_500_body_that_does_not_decode_does_not_show_the_secrets() {
        let err = error_of(500, |auth, consent| {
            format!("<html>{auth} {consent}</html>")
        })
        .await;
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        assert_hidden(&err);
    }

    #[tokio::test]
    async fn a_documented_error_echoing_the_secrets_does_not_show_them() {
        let result = result_of(500, |auth, consent| {
            json!({
                "kode": "SKATTEETATEN-500",
                "melding": format!("{auth} {consent}"),
                "korrelasjonsid": KORRELASJONSID,
            })
            .to_string()
        })
        .await;
        // A documented error is a response, decoded with the echoed credentials redacted.
        let Ok(Response::InternalServerError(ref feil)) = result else {
            panic!("expected the documented 500, got {result:?}");
        };
        assert!(feil.melding.contains("<redacted>"), "{feil:?}");
        let err = expect_api(result, 500, Response::into_result);
        for shown in [
            format!("{err:?}"),
            format!("{err:#?}"),
            err.to_string(),
            format!("{:?}", err.body),
        ] {
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(!shown.contains(CONSENT), "{shown}");
        }
        assert!(format!("{err:?}").contains("<redacted>"), "{err:?}");
        assert!(err.to_string().contains("<redacted>"), "{err}");
    }

    #[tokio::test]
    async fn a_decoder_message_quoting_the_secret_does_not_show_it() {
        // serde quotes the string it did not expect, here the consent token.
        let err = error_of(200, |auth, consent| {
            json!({ "oppdrag": consent, "ekko": auth }).to_string()
        })
        .await;
        let Error::Decode(ref decode) = err else {
            panic!("expected a decode error, got {err:?}");
        };
        assert!(decode.error.contains("<redacted>"), "{}", decode.error);
        assert_hidden(&err);
    }
}

mod retry_after {
    use super::*;
    use skatteetaten_api::runtime::client::Backoff;

    fn answer(status: u16, retry_after: &str) -> ResponseTemplate {
        ResponseTemplate::new(status).insert_header("retry-after", retry_after)
    }

    /// Calls the lookup once, returning the result, the time it took and the number of requests made.
    async fn timed_call(
        server: &MockServer,
        config: ClientConfig,
    ) -> (Result<Response, Error>, Duration, usize) {
        let client = Client::new(config, tokens()).unwrap();
        let started = Instant::now();
        let result = client
            .hent_oppdrag_utenlandske_virksomheter(lookup(None), &cx())
            .await;
        (result, started.elapsed(), requests(server).await.len())
    }

    #[tokio::test]
    async fn a_429_with_retry_after_is_retried_no_sooner() {
        let server = failing_then_ok(1, answer(429, "1")).await;
        let (result, elapsed, tries) = timed_call(&server, config(&server)).await;
        assert!(matches!(result, Ok(Response::Ok(_))), "{result:?}");
        assert_eq!(tries, 2);
        assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_503_with_retry_after_is_retried_no_sooner() {
        let server = failing_then_ok(1, answer(503, "1")).await;
        let (result, elapsed, tries) = timed_call(&server, config(&server)).await;
        assert!(matches!(result, Ok(Response::Ok(_))), "{result:?}");
        assert_eq!(tries, 2);
        assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_429_without_retry_after_is_retried_with_the_backoff() {
        let server = failing_then_ok(2, ResponseTemplate::new(429)).await;
        let (result, _, tries) = timed_call(&server, config(&server)).await;
        assert!(matches!(result, Ok(Response::Ok(_))), "{result:?}");
        assert_eq!(tries, 3);
    }

    #[tokio::test]
    async fn a_retry_after_beyond_the_maximum_gives_up_at_once_with_the_answer() {
        // The default maximum is 30 seconds.
        let server = failing_then_ok(1, answer(429, "3600")).await;
        let (result, elapsed, tries) = timed_call(&server, config(&server)).await;
        assert_eq!(result.unwrap_err().status(), Some(429));
        assert_eq!(tries, 1);
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");

        let server = failing_then_ok(1, answer(503, "2")).await;
        let config = config(&server).with_max_retry_after(Duration::from_secs(1));
        let (result, elapsed, tries) = timed_call(&server, config).await;
        assert_eq!(result.unwrap_err().status(), Some(503));
        assert_eq!(tries, 1);
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_retry_after_beyond_the_deadline_of_the_call_gives_up_at_once() {
        let server = failing_then_ok(1, answer(503, "3")).await;
        let config = config(&server).with_deadline(Some(Duration::from_secs(2)));
        let (result, elapsed, tries) = timed_call(&server, config).await;
        assert_eq!(result.unwrap_err().status(), Some(503));
        assert_eq!(tries, 1);
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    }

    #[tokio::test]
    async fn the_deadline_bounds_the_attempts_too() {
        let server = serve_template(
            ResponseTemplate::new(200)
                .set_body_json(example())
                .set_delay(Duration::from_secs(10)),
        )
        .await;
        let config = config(&server).with_deadline(Some(Duration::from_millis(500)));
        let (result, elapsed, _) = timed_call(&server, config).await;
        assert!(result.unwrap_err().is_timeout());
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_429_of_a_call_that_may_not_be_repeated_is_not_retried() {
        let server = serve_template(answer(429, "1")).await;
        let transport = Transport::new(config(&server), tokens()).unwrap();
        let mut request = Request::new(Method::POST, "application/json");
        request.path("/noe");

        let response = transport.execute(&request).await.unwrap();

        assert_eq!(response.status, 429);
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[test]
    fn backoff_delays_vary_between_half_the_ceiling_and_the_ceiling() {
        let backoff = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(1),
        };
        for failed_tries in 1..=6 {
            let ceiling = backoff.ceiling(failed_tries);
            let delays: Vec<Duration> = (0..200).map(|_| backoff.delay(failed_tries)).collect();
            assert!(
                delays.iter().all(|d| *d >= ceiling / 2 && *d <= ceiling),
                "{failed_tries}: {delays:?}"
            );
            let distinct: std::collections::BTreeSet<_> = delays.iter().collect();
            assert!(distinct.len() > 20, "{failed_tries}: {delays:?}");
        }
    }
}
