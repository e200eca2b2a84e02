//! Auth end to end, with real signatures: the runtime's Maskinporten client against the mock's local
//! Maskinporten, and the tokens it issues checked by the adapters' `JwtVerifier`.

mod mock_process;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use skatteetaten_mock::maskinporten::{MaskinportenConfig, MaskinportenMock, RegisteredClient};
use skatteetaten_mock::{Mock, MockConfig};
use skatteetaten_runtime::client::maskinporten::{
    Environment, Maskinporten, MaskinportenError, MaskinportenKey, TokenRequest,
};
use skatteetaten_runtime::client::{Backoff, TokenSource};
use skatteetaten_runtime::keys::{generate_test_key, TestKey};
use skatteetaten_runtime::server::{AuthError, JwtVerifier, TokenVerifier};

const CLIENT_ID: &str = "e6c868ef-d9d6-4847-ba25-409bbd040540";
const KID: &str = "client-key-1";
const SCOPE: &str = skatteetaten_api::oppdrag_utenlandske_virksomheter::SCOPE;
const OTHER_SCOPE: &str = "skatteetaten:noeannet";

/// A local Maskinporten on a loopback port, with one registered client.
struct Local {
    mock: MaskinportenMock,
    base: String,
    client_key: TestKey,
    _dir: tempfile::TempDir,
}

impl Local {
    fn environment(&self) -> Environment {
        Environment::local(&self.base)
    }

    fn client(&self) -> Maskinporten {
        let key = MaskinportenKey::from_pem(self.client_key.private_pem().as_bytes(), KID).unwrap();
        Maskinporten::new(self.environment(), CLIENT_ID, key)
    }

    fn now() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    /// A grant signed with `key`, with `claims` over the defaults.
    fn grant(&self, key: &TestKey, claims: Value) -> String {
        let now = Self::now();
        let mut all = json!({
            "aud": self.mock.issuer(),
            "iss": CLIENT_ID,
            "scope": SCOPE,
            "iat": now,
            "exp": now + 60,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        for (k, v) in claims.as_object().unwrap() {
            all[k] = v.clone();
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(KID.into());
        let key = EncodingKey::from_rsa_pem(key.private_pem().as_bytes()).unwrap();
        jsonwebtoken::encode(&header, &all, &key).unwrap()
    }

    /// Posts a grant to `/token`: the status and the JSON answer.
    async fn post_grant(&self, grant: &str) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/token", self.base))
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", grant),
            ])
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

/// Starts the mock (every API, verifying tokens of its local Maskinporten, whose tokens live
/// `expires_in` seconds), with `wrap` around its Maskinporten router.
async fn start_with(expires_in: u64, wrap: impl FnOnce(axum::Router) -> axum::Router) -> Local {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let client_key = generate_test_key();
    let mut config = MaskinportenConfig::new(format!("{base}/"));
    config.expires_in = expires_in;
    config.clients.push(RegisteredClient {
        client_id: CLIENT_ID.into(),
        public_key_pem: client_key.public_pem(),
        public_key_file: None,
        kid: Some(KID.into()),
        orgnr: "974761076".into(),
        scopes: vec![SCOPE.into(), OTHER_SCOPE.into()],
    });
    let mock = MaskinportenMock::new(config).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let apis = Mock::open(&MockConfig {
        db: dir.path().join("mock.sqlite"),
        token_key: None,
    })
    .unwrap();
    let verifier = mock.verifier();
    let apis = apis
        .with_server_config(|c| c.with_tokens(verifier))
        .unwrap();
    let router = apis.router().merge(wrap(mock.router()));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Local {
        mock,
        base,
        client_key,
        _dir: dir,
    }
}

async fn start(expires_in: u64) -> Local {
    start_with(expires_in, |r| r).await
}

fn refused(err: &MaskinportenError) -> (&str, &str) {
    match err {
        MaskinportenError::Refused {
            error, description, ..
        } => (error.as_str(), description.as_deref().unwrap_or("")),
        other => panic!("not a refusal: {other}"),
    }
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let local = start(120).await;
    let tokens = local.client().source(&[SCOPE]);
    let first = tokens.token().await.unwrap();
    let second = tokens.token().await.unwrap();
    assert_eq!(first, second);
    assert_eq!(local.mock.token_requests(), 1);
    // Another scope set, or a customer, is another token.
    let for_customer = tokens.clone().for_system_user("313367002");
    assert_ne!(for_customer.token().await.unwrap(), first);
    assert_eq!(local.mock.token_requests(), 2);
}

#[tokio::test]
async fn token_is_fetched_again_when_it_expires() {
    // 3 s tokens are fetched anew 0.75 s (a quarter of their lifetime) before they expire.
    let local = start(3).await;
    let tokens = local.client().source(&[SCOPE]);
    let first = tokens.token().await.unwrap();
    assert_eq!(tokens.token().await.unwrap(), first);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let second = tokens.token().await.unwrap();
    assert_ne!(first, second);
    assert_eq!(local.mock.token_requests(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_make_one_token_request() {
    let local = start(120).await;
    let tokens = local.client().source(&[SCOPE]);
    let calls = (0..50).map(|_| {
        let tokens = tokens.clone();
        tokio::spawn(async move { tokens.token().await.unwrap() })
    });
    let all: Vec<_> = futures_join(calls).await;
    assert!(all.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(local.mock.token_requests(), 1);
}

async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn server_errors_are_tried_again() {
    let failures = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&failures);
    let local = start_with(120, move |router| {
        router.layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let counter = Arc::clone(&counter);
                async move {
                    if counter.fetch_add(1, Ordering::SeqCst) < 2 {
                        return axum::response::IntoResponse::into_response((
                            axum::http::StatusCode::SERVICE_UNAVAILABLE,
                            "prøv igjen",
                        ));
                    }
                    next.run(request).await
                }
            },
        ))
    })
    .await;
    let client = local.client().with_retries(
        3,
        Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(50),
        },
    );
    client.source(&[SCOPE]).get().await.unwrap();
    assert_eq!(failures.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn bad_grants_are_refused_with_the_oauth2_error() {
    let local = start(120).await;
    let now = Local::now();
    let good = local.grant(&local.client_key, json!({}));
    assert_eq!(local.post_grant(&good).await.0, 200);
    // The same grant again: its jti is used.
    let (status, answer) = local.post_grant(&good).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert!(answer["error_description"]
        .as_str()
        .unwrap()
        .contains("jti"));

    let other_key = generate_test_key();
    let cases = [
        (
            "wrong key",
            local.grant(&other_key, json!({})),
            "invalid_grant",
        ),
        (
            "stale iat",
            local.grant(&local.client_key, json!({"iat": now - 60, "exp": now + 30})),
            "invalid_grant",
        ),
        (
            "exp - iat > 120",
            local.grant(&local.client_key, json!({"iat": now, "exp": now + 121})),
            "invalid_grant",
        ),
        (
            "another aud",
            local.grant(
                &local.client_key,
                json!({"aud": "https://maskinporten.no/"}),
            ),
            "invalid_grant",
        ),
        (
            "unregistered scope",
            local.grant(
                &local.client_key,
                json!({"scope": format!("{SCOPE} skatteetaten:hemmelig")}),
            ),
            "invalid_scope",
        ),
        (
            "unknown client",
            local.grant(&local.client_key, json!({"iss": "ukjent"})),
            "invalid_client",
        ),
    ];
    for (case, grant, error) in cases {
        let (status, answer) = local.post_grant(&grant).await;
        assert_eq!(status, 400, "{case}: {answer}");
        assert_eq!(answer["error"].as_str(), Some(error), "{case}: {answer}");
        assert!(answer["error_description"].is_string(), "{case}: {answer}");
    }
}

#[tokio::test]
async fn a_refused_grant_is_a_typed_error_saying_what_maskinporten_said() {
    let local = start(120).await;
    let wrong =
        MaskinportenKey::from_pem(generate_test_key().private_pem().as_bytes(), KID).unwrap();
    let client = Maskinporten::new(local.environment(), CLIENT_ID, wrong);
    let err = client.source(&[SCOPE]).get().await.unwrap_err();
    assert_eq!(refused(&err).0, "invalid_grant");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
    // A refusal is not tried again.
    assert_eq!(local.mock.token_requests(), 1);

    let err = local
        .client()
        .source(&["skatteetaten:hemmelig"])
        .get()
        .await
        .unwrap_err();
    let (error, description) = refused(&err);
    assert_eq!(error, "invalid_scope");
    assert!(
        description.contains("skatteetaten:hemmelig"),
        "{description}"
    );
}

#[tokio::test]
async fn no_secret_in_debug_display_or_errors() {
    let local = start(120).await;
    let pem = local.client_key.private_pem();
    let key = MaskinportenKey::from_pem(pem.as_bytes(), KID).unwrap();
    let client = Maskinporten::new(local.environment(), CLIENT_ID, key.clone());
    let source = client.source(&[SCOPE]);
    let token = source.get().await.unwrap();
    let grant = local.grant(&local.client_key, json!({}));
    // A token endpoint that echoes the request (the grant) in an error.
    let echo = axum::Router::new().route(
        "/token",
        axum::routing::post(|body: String| async move {
            (
                axum::http::StatusCode::BAD_GATEWAY,
                format!("upstream said no to {body}"),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let echo_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, echo).await.unwrap() });
    let echoing = Maskinporten::new(Environment::local(&echo_base), CLIENT_ID, key.clone())
        .with_retries(1, Backoff::default());
    let echoed = echoing.source(&[SCOPE]).get().await.unwrap_err();
    assert!(
        matches!(echoed, MaskinportenError::Status { status: 502, .. }),
        "{echoed}"
    );
    assert!(echoed.to_string().contains("<redacted>"), "{echoed}");

    let pem_body: String = pem.lines().nth(2).unwrap().to_string();
    let shown = format!(
        "{key:?} {client:?} {source:?} {token:?} {echoed} {echoed:?} {:?} {}",
        local.client_key,
        refused_text(&local).await
    );
    for secret in [
        pem_body.as_str(),
        token.secret(),
        grant.as_str(),
        "assertion=ey",
    ] {
        assert!(!shown.contains(secret), "{secret:.20}… shown in {shown}");
    }
    // The assertion in the echoed body is a grant: its first part (the header) must not show.
    assert!(!echoed.to_string().contains("eyJ"), "{echoed}");
}

async fn refused_text(local: &Local) -> String {
    let wrong =
        MaskinportenKey::from_pem(generate_test_key().private_pem().as_bytes(), KID).unwrap();
    let err = Maskinporten::new(local.environment(), CLIENT_ID, wrong)
        .source(&[SCOPE])
        .get()
        .await
        .unwrap_err();
    format!("{err} {err:?}")
}

#[tokio::test]
async fn verifier_accepts_mock_tokens_and_reads_the_system_user() {
    let local = start(120).await;
    let verifier = local.mock.verifier();
    let client = local.client();
    let token = client
        .token(&TokenRequest::new(&[SCOPE]).for_system_user("313367002"))
        .await
        .unwrap();
    let claims = verifier.verify(token.secret(), &[SCOPE]).await.unwrap();
    assert_eq!(claims.system_user_org.as_deref(), Some("313367002"));
    assert!(claims.system_user_id.is_some());
    assert_eq!(claims.consumer.as_deref(), Some("974761076"));
    assert_eq!(claims.client_id.as_deref(), Some(CLIENT_ID));
    assert_eq!(claims.issuer.as_deref(), Some(local.mock.issuer()));

    let delegated = client
        .token(&TokenRequest::new(&[SCOPE]).on_behalf_of("313367002"))
        .await
        .unwrap();
    let claims = verifier.verify(delegated.secret(), &[SCOPE]).await.unwrap();
    assert_eq!(claims.consumer.as_deref(), Some("313367002"));
    assert_eq!(claims.supplier.as_deref(), Some("974761076"));
}

#[tokio::test]
async fn verifier_refuses_expired_forged_unsigned_and_foreign_tokens() {
    let local = start(120).await;
    let verifier = local.mock.verifier();
    let now = Local::now();
    let claims = |exp: u64| json!({"iss": local.mock.issuer(), "scope": SCOPE, "client_id": CLIENT_ID, "iat": now - 10, "exp": exp});
    assert!(verifier
        .verify(&local.mock.sign(&claims(now + 60)), &[SCOPE])
        .await
        .is_ok());
    // Expired beyond the 30 s leeway.
    let expired = local.mock.sign(&claims(now - 31));
    // Another key under the mock's kid (forged), and a key the verifier does not know.
    let forger = generate_test_key();
    let sign_with = |key: &TestKey, kid: &str| {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.into());
        let key = EncodingKey::from_rsa_pem(key.private_pem().as_bytes()).unwrap();
        jsonwebtoken::encode(&header, &claims(now + 60), &key).unwrap()
    };
    let forged = sign_with(&forger, "mock-maskinporten");
    let foreign = sign_with(&forger, "another-key");
    // alg none: the mock's token with its header replaced and no signature.
    let valid = local.mock.sign(&claims(now + 60));
    let payload = valid.split('.').nth(1).unwrap();
    let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
    // Tampered claims under the mock's real signature.
    let tampered = {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let parts: Vec<&str> = valid.split('.').collect();
        let mut body: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
        body["scope"] = json!(format!("{SCOPE} skatteetaten:alt"));
        format!(
            "{}.{}.{}",
            parts[0],
            engine.encode(body.to_string()),
            parts[2]
        )
    };
    // Another issuer's claims, validly signed.
    let other_issuer = local
        .mock
        .sign(&json!({"iss": "https://maskinporten.no/", "scope": SCOPE, "exp": now + 60}));
    for (case, token) in [
        ("expired", expired),
        ("forged", forged),
        ("unknown key", foreign),
        ("alg none", none),
        ("tampered", tampered),
        ("other issuer", other_issuer),
    ] {
        match verifier.verify(&token, &[SCOPE]).await {
            Err(AuthError::Unauthenticated(reason)) => {
                assert!(!reason.contains(&token), "{case}: {reason}")
            }
            other => panic!("{case}: {other:?}"),
        }
    }
    // Valid, but without the operation's scope.
    let token = local.mock.sign(&claims(now + 60));
    assert!(matches!(
        verifier.verify(&token, &["skatteetaten:annet"]).await,
        Err(AuthError::Forbidden(_))
    ));
}

#[tokio::test]
async fn adapters_answer_401_without_a_valid_token_and_403_without_the_scope() {
    let local = start(120).await;
    let url = format!("{}/oppdragutenlandskevirksomheter/v1/999999999", local.base);
    let get = |token: Option<String>| {
        let url = url.clone();
        async move {
            let mut request = reqwest::Client::new().get(url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            (
                status,
                body["kode"].as_str().unwrap_or_default().to_string(),
            )
        }
    };
    assert_eq!(get(None).await.0, 401);
    let (status, kode) = get(Some("eyJhbGciOiJub25lIn0.e30.".into())).await;
    assert_eq!(
        (status, kode.as_str()),
        (401, "OPPDRAGUTENLANDSKEVIRKSOMHETER-004")
    );

    let client = local.client();
    let token = client.source(&[SCOPE]).get().await.unwrap();
    // Past the token check: the organisation is not one the mock knows.
    assert_eq!(get(Some(token.secret().to_string())).await.0, 404);

    let other = client.source(&[OTHER_SCOPE]).get().await.unwrap();
    let (status, kode) = get(Some(other.secret().to_string())).await;
    assert_eq!(
        (status, kode.as_str()),
        (403, "OPPDRAGUTENLANDSKEVIRKSOMHETER-005")
    );
}

#[tokio::test]
async fn jwks_is_fetched_over_http() {
    let local = start(120).await;
    let token = local.client().source(&[SCOPE]).get().await.unwrap();
    for path in ["/jwks", "/.well-known/jwks.json"] {
        let verifier =
            JwtVerifier::with_jwks_url(local.mock.issuer(), format!("{}{path}", local.base));
        let claims = verifier.verify(token.secret(), &[SCOPE]).await.unwrap();
        assert_eq!(claims.client_id.as_deref(), Some(CLIENT_ID));
    }
}

#[tokio::test]
async fn jwks_is_fetched_again_for_an_unknown_key_at_most_once_per_interval() {
    const ISSUER: &str = "https://issuer.test/";
    let (old, new) = (generate_test_key(), generate_test_key());
    let published = Arc::new(std::sync::Mutex::new(old.jwks("old")));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (state, counter) = (Arc::clone(&published), Arc::clone(&fetches));
    let jwks = axum::Router::new().route(
        "/jwks",
        axum::routing::get(move || {
            let (state, counter) = (Arc::clone(&state), Arc::clone(&counter));
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                axum::Json(state.lock().unwrap().clone())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/jwks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, jwks).await.unwrap() });
    let now = Local::now();
    let token = |key: &TestKey, kid: &str| {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.into());
        let key = EncodingKey::from_rsa_pem(key.private_pem().as_bytes()).unwrap();
        let claims = json!({"iss": ISSUER, "scope": SCOPE, "exp": now + 60});
        jsonwebtoken::encode(&header, &claims, &key).unwrap()
    };
    let verifier = JwtVerifier::with_jwks_url(ISSUER, url.clone());
    assert!(verifier.verify(&token(&old, "old"), &[SCOPE]).await.is_ok());
    assert!(verifier.verify(&token(&old, "old"), &[SCOPE]).await.is_ok());
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "cached");
    // The issuer rotates to a new key; the cache lacks it, and fetched just now: not fetched again.
    *published.lock().unwrap() = json!({"keys": [old.jwk("old"), new.jwk("new")]});
    assert!(matches!(
        verifier.verify(&token(&new, "new"), &[SCOPE]).await,
        Err(AuthError::Unauthenticated(_))
    ));
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "rate-limited");
    // With a short interval the unknown kid is fetched again.
    let verifier =
        JwtVerifier::with_jwks_url(ISSUER, url).with_refresh_interval(Duration::from_millis(300));
    assert!(verifier.verify(&token(&old, "old"), &[SCOPE]).await.is_ok());
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    *published.lock().unwrap() = json!({"keys": [new.jwk("newer")]});
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert!(verifier
        .verify(&token(&new, "newer"), &[SCOPE])
        .await
        .is_ok());
    assert_eq!(fetches.load(Ordering::SeqCst), 3);
    // Many made-up kids in a row: one fetch per interval.
    tokio::time::sleep(Duration::from_millis(350)).await;
    for n in 0..20 {
        let made_up = token(&new, &format!("made-up-{n}"));
        assert!(verifier.verify(&made_up, &[SCOPE]).await.is_err());
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        4,
        "one fetch for the made-up kids"
    );
}

#[tokio::test]
async fn a_business_certificate_from_pkcs12_signs_with_x5c() {
    let Some(dir) = pkcs12_fixture() else {
        eprintln!("openssl is not installed: skipped");
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = MaskinportenConfig::new(format!("{base}/"));
    config.clients.push(RegisteredClient {
        client_id: CLIENT_ID.into(),
        public_key_pem: std::fs::read_to_string(dir.path().join("pub.pem")).unwrap(),
        public_key_file: None,
        kid: Some(KID.into()),
        orgnr: "974761076".into(),
        scopes: vec![SCOPE.into()],
    });
    let mock = MaskinportenMock::new(config).unwrap();
    let router = mock.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let p12 = std::fs::read(dir.path().join("cert.p12")).unwrap();
    assert!(MaskinportenKey::from_pkcs12(&p12, "feil").is_err());
    let key = MaskinportenKey::from_pkcs12(&p12, "passord").unwrap();
    assert!(
        format!("{key:?}").contains("x5c_certificates: 1"),
        "{key:?}"
    );
    let token = Maskinporten::new(Environment::local(&base), CLIENT_ID, key)
        .source(&[SCOPE])
        .get()
        .await
        .unwrap();
    let claims = mock
        .verifier()
        .verify(token.secret(), &[SCOPE])
        .await
        .unwrap();
    assert_eq!(claims.raw["client_amr"], "virksomhetssertifikat");
}

/// A self-signed certificate in a PKCS#12 file (password `passord`) and its public key, made with
/// OpenSSL; `None` without it.
fn pkcs12_fixture() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-days",
        "1",
        "-subj",
        "/CN=Test Virksomhet/O=974761076",
    ])?;
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "cert.pem",
        "-out",
        "cert.p12",
        "-passout",
        "pass:passord",
    ])?;
    run(&["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"])?;
    Some(dir)
}

/// The README's way: `keygen`, then the binary with `--maskinporten-client`, then the client.
#[tokio::test]
async fn the_mock_binary_issues_tokens_to_a_client_registered_by_flag() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("klient");
    let prefix = prefix.to_str().unwrap();
    let (code, stderr) = mock_process::run_to_exit(&["keygen", prefix]);
    assert_eq!(code, Some(0), "{stderr}");
    let registration = format!("{CLIENT_ID}={prefix}.pub.pem");
    let mock = mock_process::MockProcess::start(
        &dir.path().join("mock.sqlite"),
        &[
            "--maskinporten-client",
            &registration,
            "--token-lifetime",
            "60",
        ],
    );
    let pem = std::fs::read(format!("{prefix}.pem")).unwrap();
    let key = MaskinportenKey::from_pem(&pem, "any-kid").unwrap();
    let tokens =
        Maskinporten::new(Environment::local(&mock.origin), CLIENT_ID, key).source(&[SCOPE]);
    let token = tokens.get().await.unwrap();
    let url = format!(
        "{}/oppdragutenlandskevirksomheter/v1/999999999",
        mock.origin
    );
    let http = reqwest::Client::new();
    let with = http
        .get(&url)
        .bearer_auth(token.secret())
        .send()
        .await
        .unwrap();
    assert_eq!(with.status().as_u16(), 404, "past the token check");
    let forged = http
        .get(&url)
        .bearer_auth("eyJhbGciOiJub25lIn0.e30.")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 401);
    let (code, stderr) = mock_process::run_to_exit(&[
        "--port",
        "0",
        "--maskinporten-client",
        "klient=/finnes/ikke.pem",
    ]);
    assert!(
        code.is_some_and(|c| c != 0) && stderr.contains("--maskinporten-client"),
        "{stderr}"
    );
}
