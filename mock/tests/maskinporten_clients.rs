//! The generated clients with a Maskinporten token source, against the mock serving every API behind
//! its local Maskinporten: the code path of a real integration (only the environment differs), with
//! real signatures. And the verified caller reaching the implementation through the call's context.

use std::sync::{Arc, Mutex};

use skatteetaten_api as api;
use skatteetaten_api::runtime::client::maskinporten::{Environment, Maskinporten, MaskinportenKey};
use skatteetaten_api::runtime::server::ServerConfig;
use skatteetaten_api::runtime::{Claims, Context, Error};
use skatteetaten_mock::maskinporten::{
    every_scope, MaskinportenConfig, MaskinportenMock, RegisteredClient,
};
use skatteetaten_mock::{Mock, MockConfig, APIS};
use skatteetaten_runtime::keys::{generate_test_key, TestKey};

const CLIENT_ID: &str = "8a1c2a5e-1d2b-4f2e-9a53-0c8b0d6f7e11";
const ORGNR: &str = "974761076";
const CUSTOMER: &str = "313367002";

/// The mock on a loopback port: every API, accepting only tokens of its local Maskinporten, where one
/// client (organisation [`ORGNR`]) is registered for every scope.
struct Local {
    base: String,
    maskinporten: MaskinportenMock,
    key: TestKey,
    _dir: tempfile::TempDir,
}

impl Local {
    async fn start() -> Local {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let key = generate_test_key();
        let mut config = MaskinportenConfig::new(format!("{base}/"));
        config.clients.push(RegisteredClient {
            client_id: CLIENT_ID.into(),
            public_key_pem: key.public_pem(),
            public_key_file: None,
            kid: None,
            orgnr: ORGNR.into(),
            scopes: every_scope(),
        });
        let maskinporten = MaskinportenMock::new(config).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mock = Mock::open(&MockConfig {
            db: dir.path().join("mock.sqlite"),
            token_key: None,
        })
        .unwrap();
        let verifier = maskinporten.verifier();
        let mock = mock
            .with_server_config(|c| c.with_tokens(verifier))
            .unwrap();
        let router = mock.router().merge(maskinporten.router());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Local {
            base,
            maskinporten,
            key,
            _dir: dir,
        }
    }

    /// The integration's Maskinporten client, as against test.maskinporten.no but for the environment.
    fn maskinporten(&self) -> Maskinporten {
        let key = MaskinportenKey::from_pem(self.key.private_pem().as_bytes(), "kid-1").unwrap();
        Maskinporten::new(Environment::local(&self.base), CLIENT_ID, key)
    }

    /// The mock's base URL of the API `module`.
    fn api_url(&self, module: &str) -> String {
        let info = APIS.iter().find(|a| a.module == module).unwrap();
        format!("{}{}", self.base, info.base_path())
    }
}

/// Neither 401 nor 403: the token was accepted, and the API answered.
fn authorised(status: u16) {
    assert!(status != 401 && status != 403, "refused: {status}");
}

#[tokio::test]
async fn every_api_is_called_with_a_token_from_the_local_maskinporten() {
    let local = Local::start().await;
    let maskinporten = local.maskinporten();
    let cx = Context::new();
    let orgnr: api::felles::Organisasjonsnummer = "999999999".parse().unwrap();

    {
        use api::innrapportering_aandsverk::{
            self as a, client::Client, InnrapporteringAandsverkApi,
        };
        let client = Client::with_base_url(
            local.api_url("innrapportering_aandsverk"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentDokumentRequest {
            inntektsaar: 2024,
            organisasjonsnummer: orgnr.clone(),
            forsendelse_id: api::uuid::Uuid::new_v4(),
            dokument_id: "1".into(),
        };
        let response = client.hent_dokument(request, &cx).await.unwrap();
        assert!(
            matches!(response, a::HentDokumentResponse::NotFound(_)),
            "{response:?}"
        );
    }
    {
        use api::innrapportering_oppdrag::{self as a, client::Client, InnrapporteringOppdragApi};
        let client = Client::with_base_url(
            local.api_url("innrapportering_oppdrag"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentForsendelseRequest {
            forsendelse_id: api::uuid::Uuid::new_v4(),
        };
        let response = client.hent_forsendelse(request, &cx).await.unwrap();
        assert!(
            matches!(response, a::HentForsendelseResponse::NotFound(_)),
            "{response:?}"
        );
    }
    {
        use api::oppdrag_utenlandske_virksomheter::{
            self as a, client::Client, OppdragUtenlandskeVirksomheterApi,
        };
        let client = Client::with_base_url(
            local.api_url("oppdrag_utenlandske_virksomheter"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentOppdragUtenlandskeVirksomheterRequest {
            organisasjonsnummer: orgnr.clone(),
            altinn_samtykke: None,
        };
        let response = client
            .hent_oppdrag_utenlandske_virksomheter(request, &cx)
            .await
            .unwrap();
        authorised(response.status());
    }
    {
        use api::opptjeningsgrunnlag_arbeidsforhold::{
            self as a, client::Client, OpptjeningsgrunnlagArbeidsforholdApi,
        };
        let client = Client::with_base_url(
            local.api_url("opptjeningsgrunnlag_arbeidsforhold"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentOpptjeningsgrunnlagRequest {
            rettighetspakke: "nav".into(),
            norsk_identifikator: "01017012345".parse().unwrap(),
            fra_og_med: "2023-01".parse().unwrap(),
            til_og_med: "2023-02".parse().unwrap(),
        };
        let response = client.hent_opptjeningsgrunnlag(request, &cx).await.unwrap();
        authorised(response.status());
    }
    {
        use api::opptjeningsgrunnlag_arbeidsforhold_hendelser::{
            self as a, client::Client, OpptjeningsgrunnlagArbeidsforholdHendelserApi,
        };
        let client = Client::with_base_url(
            local.api_url("opptjeningsgrunnlag_arbeidsforhold_hendelser"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentStartSekvensnummerRequest {
            dato: api::chrono::Utc::now().fixed_offset(),
        };
        let response = client.hent_start_sekvensnummer(request, &cx).await.unwrap();
        assert!(
            matches!(response, a::HentStartSekvensnummerResponse::Ok(_)),
            "{response:?}"
        );
    }
    {
        use api::underenhet_aordningen::{self as a, client::Client, UnderenhetAordningenApi};
        let client = Client::with_base_url(
            local.api_url("underenhet_aordningen"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentUnderenhetRequest {
            rettighetspakke: "nav".into(),
            norsk_identifikator: orgnr.clone(),
            fra_og_med: "2023-01".parse().unwrap(),
            til_og_med: "2023-02".parse().unwrap(),
        };
        let response = client.hent_underenhet(request, &cx).await.unwrap();
        authorised(response.status());
    }
    {
        use api::underenhet_aordningen_hendelser::{
            self as a, client::Client, UnderenhetAordningenHendelserApi,
        };
        let client = Client::with_base_url(
            local.api_url("underenhet_aordningen_hendelser"),
            maskinporten.source(&[a::SCOPE]),
        )
        .unwrap();
        let request = a::HentStartSekvensnummerRequest {
            dato: api::chrono::Utc::now().fixed_offset(),
        };
        let response = client.hent_start_sekvensnummer(request, &cx).await.unwrap();
        assert!(
            matches!(response, a::HentStartSekvensnummerResponse::Ok(_)),
            "{response:?}"
        );
    }
    // One token per scope (the seven APIs have seven scopes), each fetched once.
    let scopes: std::collections::BTreeSet<&str> = [
        api::innrapportering_aandsverk::SCOPE,
        api::innrapportering_oppdrag::SCOPE,
        api::oppdrag_utenlandske_virksomheter::SCOPE,
        api::opptjeningsgrunnlag_arbeidsforhold::SCOPE,
        api::opptjeningsgrunnlag_arbeidsforhold_hendelser::SCOPE,
        api::underenhet_aordningen::SCOPE,
        api::underenhet_aordningen_hendelser::SCOPE,
    ]
    .into_iter()
    .collect();
    assert_eq!(local.maskinporten.token_requests(), scopes.len());
}

/// An implementation that answers with what it was told about the caller.
#[derive(Clone, Default)]
struct Echo {
    callers: Arc<Mutex<Vec<Option<Arc<Claims>>>>>,
}

impl api::underenhet_aordningen::UnderenhetAordningenApi for Echo {
    async fn hent_underenhet(
        &self,
        request: api::underenhet_aordningen::HentUnderenhetRequest,
        context: &Context,
    ) -> Result<api::underenhet_aordningen::HentUnderenhetResponse, Error> {
        self.callers.lock().unwrap().push(context.caller.clone());
        Ok(api::underenhet_aordningen::HentUnderenhetResponse::Ok(
            api::underenhet_aordningen::Underenhet {
                norsk_identifikator: request.norsk_identifikator,
                periode_og_opplysningspliktig: Vec::new(),
            },
        ))
    }
}

#[tokio::test]
async fn the_verified_caller_reaches_the_implementation_through_the_context() {
    use api::underenhet_aordningen::{self as a, client::Client, UnderenhetAordningenApi};
    let local = Local::start().await;
    let echo = Echo::default();
    let config = ServerConfig::default().with_tokens(local.maskinporten.verifier());
    let router = a::server::router(echo.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    // A system user's token: the integration acts for its customer.
    let tokens = local
        .maskinporten()
        .source(&[a::SCOPE])
        .for_system_user(CUSTOMER);
    let client = Client::with_base_url(url, tokens).unwrap();
    let request = a::HentUnderenhetRequest {
        rettighetspakke: "nav".into(),
        norsk_identifikator: "999999999".parse().unwrap(),
        fra_og_med: "2023-01".parse().unwrap(),
        til_og_med: "2023-02".parse().unwrap(),
    };
    let response = client
        .hent_underenhet(request, &Context::new())
        .await
        .unwrap();
    assert!(
        matches!(response, a::HentUnderenhetResponse::Ok(_)),
        "{response:?}"
    );

    let callers = echo.callers.lock().unwrap();
    let caller = callers[0].as_ref().expect("the adapter verified the token");
    assert_eq!(caller.client_id.as_deref(), Some(CLIENT_ID));
    assert_eq!(caller.consumer.as_deref(), Some(ORGNR));
    assert_eq!(caller.system_user_org.as_deref(), Some(CUSTOMER));
    assert!(caller.has_scope(a::SCOPE), "{:?}", caller.scopes);
    assert_eq!(caller.issuer.as_deref(), Some(local.maskinporten.issuer()));
}
