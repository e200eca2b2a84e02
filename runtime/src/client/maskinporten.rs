//! Maskinporten access tokens (feature `maskinporten`): a signed JWT grant (RFC 7523) exchanged at the
//! token endpoint, cached per scopes and customer until shortly before it expires.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use skatteetaten_runtime::client::maskinporten::{Environment, Maskinporten, MaskinportenKey};
//!
//! let key = MaskinportenKey::from_pem(&std::fs::read("client.pem")?, "my-key-id")?;
//! let maskinporten = Maskinporten::new(Environment::TEST, "my-client-id", key);
//! // One source per API (its `SCOPE`), or per customer of a system user:
//! let tokens = maskinporten.source(&["skatteetaten:oppdragutenlandskevirksomheter"]);
//! let for_customer = tokens.clone().for_system_user("313367002");
//! # let _ = for_customer; Ok(()) }
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::backoff::Backoff;
use super::token::{BoxFuture, Token, TokenError, TokenSource};

/// The grant type of a JWT bearer grant (RFC 7523).
pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The longest a grant may live (`exp - iat`), as Maskinporten accepts.
pub const MAX_GRANT_LIFETIME: Duration = Duration::from_secs(120);

/// A Maskinporten environment: its issuer (the grant's `aud`) and its token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    issuer: Cow<'static, str>,
    token_endpoint: Cow<'static, str>,
}

impl Environment {
    /// Maskinporten's test environment (test certificates only).
    pub const TEST: Environment = Environment {
        issuer: Cow::Borrowed("https://test.maskinporten.no/"),
        token_endpoint: Cow::Borrowed("https://test.maskinporten.no/token"),
    };

    /// Maskinporten's production environment.
    pub const PRODUCTION: Environment = Environment {
        issuer: Cow::Borrowed("https://maskinporten.no/"),
        token_endpoint: Cow::Borrowed("https://maskinporten.no/token"),
    };

    /// Another issuer and token endpoint.
    pub fn custom(issuer: impl Into<String>, token_endpoint: impl Into<String>) -> Self {
        Environment {
            issuer: Cow::Owned(issuer.into()),
            token_endpoint: Cow::Owned(token_endpoint.into()),
        }
    }

    /// A local Maskinporten at `base_url` (the mock: `http://127.0.0.1:PORT`): issuer `<base_url>/`,
    /// token endpoint `<base_url>/token`.
    pub fn local(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/');
        Self::custom(format!("{base}/"), format!("{base}/token"))
    }

    /// The issuer: what the grant's `aud` is, and the `iss` of the tokens.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Where grants are exchanged for tokens.
    pub fn token_endpoint(&self) -> &str {
        &self.token_endpoint
    }
}

/// How the grant names the client's key.
#[derive(Clone)]
enum KeyRef {
    /// A key registered on the client (`kid`).
    Kid(String),
    /// The business certificate's chain (`x5c`: base64 DER, leaf first).
    X5c(Vec<String>),
}

/// The key that signs the grants: a key registered on the Maskinporten client (named by its `kid`), or
/// a business certificate ("virksomhetssertifikat", its chain sent as `x5c`). Its `Debug` output never
/// shows the key.
#[derive(Clone)]
pub struct MaskinportenKey {
    key: EncodingKey,
    reference: KeyRef,
    algorithm: Algorithm,
}

impl fmt::Debug for MaskinportenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("MaskinportenKey");
        debug.field("algorithm", &self.algorithm);
        match &self.reference {
            KeyRef::Kid(kid) => debug.field("kid", kid),
            KeyRef::X5c(chain) => debug.field("x5c_certificates", &chain.len()),
        };
        debug.field("private_key", &"<redacted>").finish()
    }
}

impl MaskinportenKey {
    /// An RSA private key in PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`), registered on the
    /// client as `kid`.
    pub fn from_pem(pem: &[u8], kid: impl Into<String>) -> Result<Self, MaskinportenError> {
        let key = EncodingKey::from_rsa_pem(pem).map_err(|_| {
            MaskinportenError::Key("not an RSA private key in PEM (PKCS#8 or PKCS#1)".into())
        })?;
        Ok(MaskinportenKey {
            key,
            reference: KeyRef::Kid(kid.into()),
            algorithm: Algorithm::RS256,
        })
    }

    /// A business certificate as a PKCS#12 file (`.p12`/`.pfx`) with its password: the first private
    /// key in it signs, and its certificate chain goes in the grant's `x5c`.
    pub fn from_pkcs12(der: &[u8], password: &str) -> Result<Self, MaskinportenError> {
        let store = p12_keystore::KeyStore::from_pkcs12(der, password).map_err(|_| {
            MaskinportenError::Key(
                "cannot open the PKCS#12 file (wrong password, or not PKCS#12)".into(),
            )
        })?;
        let (_, chain) = store.private_key_chain().ok_or_else(|| {
            MaskinportenError::Key(
                "the PKCS#12 file holds no private key with a certificate".into(),
            )
        })?;
        // The key is PKCS#8 DER; jsonwebtoken reads PKCS#8 from PEM.
        let pem = pem_wrap("PRIVATE KEY", chain.key());
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| {
            MaskinportenError::Key("the PKCS#12 file's private key is not an RSA key".into())
        })?;
        let x5c = chain
            .chain()
            .iter()
            .map(|cert| STANDARD.encode(cert.as_der()))
            .collect();
        Ok(MaskinportenKey {
            key,
            reference: KeyRef::X5c(x5c),
            algorithm: Algorithm::RS256,
        })
    }

    /// An RSA private key in PEM with its certificate chain (DER, leaf first), sent as `x5c`.
    pub fn from_pem_with_certificates(
        pem: &[u8],
        chain_der: &[Vec<u8>],
    ) -> Result<Self, MaskinportenError> {
        let mut key = Self::from_pem(pem, String::new())?;
        key.reference = KeyRef::X5c(chain_der.iter().map(|c| STANDARD.encode(c)).collect());
        Ok(key)
    }

    /// Signs with `algorithm` instead of RS256: RS384 or RS512 (what Maskinporten accepts).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Result<Self, MaskinportenError> {
        if !matches!(
            algorithm,
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512
        ) {
            return Err(MaskinportenError::Key(format!(
                "Maskinporten accepts RS256, RS384 or RS512 grants, not {algorithm:?}"
            )));
        }
        self.algorithm = algorithm;
        Ok(self)
    }
}

/// DER in PEM armour.
fn pem_wrap(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

/// What a token is asked for: its scopes, and the customer of a system user or the organisation a
/// delegated call is made for. Tokens are cached per request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenRequest {
    scopes: Vec<String>,
    system_user_org: Option<String>,
    consumer_org: Option<String>,
}

impl TokenRequest {
    /// A token with `scopes` (pass the generated `SCOPE` constants).
    pub fn new<S: AsRef<str>>(scopes: &[S]) -> Self {
        TokenRequest {
            scopes: scopes.iter().map(|s| s.as_ref().to_string()).collect(),
            system_user_org: None,
            consumer_org: None,
        }
    }

    /// A system-user token for the customer with organisation number `orgnr`
    /// (`authorization_details` of type `urn:altinn:systemuser`).
    pub fn for_system_user(mut self, orgnr: impl Into<String>) -> Self {
        self.system_user_org = Some(orgnr.into());
        self
    }

    /// A delegated token: the call is made on behalf of the organisation `orgnr` (`consumer_org`).
    pub fn on_behalf_of(mut self, orgnr: impl Into<String>) -> Self {
        self.consumer_org = Some(orgnr.into());
        self
    }

    /// The scopes, space-separated, as the grant carries them.
    pub fn scope(&self) -> String {
        self.scopes.join(" ")
    }

    /// The cache key: the same scopes in any order are the same token.
    fn key(&self) -> CacheKey {
        let mut scopes = self.scopes.clone();
        scopes.sort();
        scopes.dedup();
        (
            scopes,
            self.system_user_org.clone(),
            self.consumer_org.clone(),
        )
    }
}

/// Why no token was had from Maskinporten. Its messages never hold the key, a grant or a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MaskinportenError {
    /// The key or certificate cannot be used.
    Key(String),
    /// The grant could not be signed.
    Grant(String),
    /// Maskinporten refused the grant, saying why (OAuth2 `error` and `error_description`).
    Refused {
        status: u16,
        error: String,
        description: Option<String>,
    },
    /// Maskinporten answered with an error status and no OAuth2 error body.
    Status { status: u16, body: String },
    /// No answer: the connection failed or timed out.
    Transport(String),
    /// A success answer that is not a token.
    InvalidAnswer(String),
}

impl fmt::Display for MaskinportenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaskinportenError::Key(why) => write!(f, "Maskinporten key: {why}"),
            MaskinportenError::Grant(why) => write!(f, "cannot sign the Maskinporten grant: {why}"),
            MaskinportenError::Refused {
                status,
                error,
                description,
            } => {
                write!(f, "Maskinporten refused the grant (HTTP {status}, {error})")?;
                if let Some(description) = description {
                    write!(f, ": {description}")?;
                }
                Ok(())
            }
            MaskinportenError::Status { status, body } => {
                write!(f, "Maskinporten answered HTTP {status}: {body}")
            }
            MaskinportenError::Transport(why) => write!(f, "Maskinporten cannot be reached: {why}"),
            MaskinportenError::InvalidAnswer(why) => {
                write!(f, "Maskinporten's answer is not a token: {why}")
            }
        }
    }
}

impl std::error::Error for MaskinportenError {}

/// The settings of a [`Maskinporten`] client.
#[derive(Clone)]
struct Config {
    environment: Environment,
    client_id: String,
    key: MaskinportenKey,
    http: reqwest::Client,
    grant_lifetime: Duration,
    refresh_margin: Duration,
    tries: u32,
    backoff: Backoff,
}

/// A token and when to fetch the next one.
struct Cached {
    token: Token,
    refresh_at: Instant,
}

type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

/// Scopes (sorted), system user's customer, consumer organisation.
type CacheKey = (Vec<String>, Option<String>, Option<String>);

struct Inner {
    config: Config,
    /// One slot per token request; its lock is held while fetching, so concurrent callers fetch once.
    cache: Mutex<HashMap<CacheKey, Slot>>,
}

/// A Maskinporten client: signs grants with its key and caches the tokens it gets, per
/// [`TokenRequest`], until shortly before they expire (30 s before, or a quarter of the lifetime for
/// short-lived tokens). Concurrent callers wanting the same token wait for one fetch. Transport failures,
/// 429 and 5xx answers are tried again (3 tries in all, with backoff), each with a new grant; a refused
/// grant is not. Cheap to clone: clones share the cache.
#[derive(Clone)]
pub struct Maskinporten {
    inner: Arc<Inner>,
}

impl fmt::Debug for Maskinporten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = &self.inner.config;
        f.debug_struct("Maskinporten")
            .field("environment", &config.environment)
            .field("client_id", &config.client_id)
            .field("key", &config.key)
            .finish_non_exhaustive()
    }
}

impl Maskinporten {
    /// A client of `environment` with the client id (`iss` of the grants) and key of your Maskinporten
    /// client ("integrasjon").
    pub fn new(
        environment: Environment,
        client_id: impl Into<String>,
        key: MaskinportenKey,
    ) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap_or_default();
        Self::from_config(Config {
            environment,
            client_id: client_id.into(),
            key,
            http,
            grant_lifetime: Duration::from_secs(60),
            refresh_margin: Duration::from_secs(30),
            tries: 3,
            backoff: Backoff::default(),
        })
    }

    fn from_config(config: Config) -> Self {
        Maskinporten {
            inner: Arc::new(Inner {
                config,
                cache: Mutex::default(),
            }),
        }
    }

    /// The same settings, changed, with an empty cache (configure before use).
    fn with(&self, change: impl FnOnce(&mut Config)) -> Self {
        let mut config = self.inner.config.clone();
        change(&mut config);
        Self::from_config(config)
    }

    /// Sends with this HTTP client (proxy, timeouts, TLS roots).
    pub fn with_http_client(self, http: reqwest::Client) -> Self {
        self.with(|c| c.http = http)
    }

    /// `exp - iat` of the grants: 60 s by default, at most 120 s.
    pub fn with_grant_lifetime(self, lifetime: Duration) -> Self {
        self.with(|c| c.grant_lifetime = lifetime.min(MAX_GRANT_LIFETIME))
    }

    /// How long before a token expires it is fetched anew (30 s by default; never more than a quarter of
    /// the token's lifetime).
    pub fn with_refresh_margin(self, margin: Duration) -> Self {
        self.with(|c| c.refresh_margin = margin)
    }

    /// Tries per token (at least 1; 3 by default) and the backoff between them.
    pub fn with_retries(self, tries: u32, backoff: Backoff) -> Self {
        self.with(|c| {
            c.tries = tries.max(1);
            c.backoff = backoff;
        })
    }

    /// The environment.
    pub fn environment(&self) -> &Environment {
        &self.inner.config.environment
    }

    /// A [`TokenSource`] for tokens with `scopes` (the generated `SCOPE` constants).
    pub fn source<S: AsRef<str>>(&self, scopes: &[S]) -> MaskinportenTokenSource {
        MaskinportenTokenSource {
            client: self.clone(),
            request: TokenRequest::new(scopes),
        }
    }

    /// A token for `request`: the cached one while it is fresh, else a new one.
    pub async fn token(&self, request: &TokenRequest) -> Result<Token, MaskinportenError> {
        let slot = {
            let mut cache = self
                .inner
                .cache
                .lock()
                .unwrap_or_else(|err| err.into_inner());
            Arc::clone(cache.entry(request.key()).or_default())
        };
        let mut slot = slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let cached = self.fetch(request).await?;
        let token = cached.token.clone();
        *slot = Some(cached);
        Ok(token)
    }

    /// Forgets every cached token (after a rotated key, say).
    pub fn clear_cache(&self) {
        self.inner
            .cache
            .lock()
            .unwrap_or_else(|err| err.into_inner())
            .clear();
    }

    /// A signed grant for `request`: new `jti`, `iat` now.
    fn grant(&self, request: &TokenRequest) -> Result<String, MaskinportenError> {
        let config = &self.inner.config;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| MaskinportenError::Grant("the clock is before 1970".into()))?
            .as_secs();
        let mut header = Header::new(config.key.algorithm);
        match &config.key.reference {
            KeyRef::Kid(kid) => header.kid = Some(kid.clone()),
            KeyRef::X5c(chain) => header.x5c = Some(chain.clone()),
        }
        let claims = GrantClaims {
            aud: config.environment.issuer(),
            iss: &config.client_id,
            scope: request.scope(),
            iat: now,
            exp: now + config.grant_lifetime.as_secs().max(1),
            jti: uuid::Uuid::new_v4().to_string(),
            authorization_details: request.system_user_org.as_ref().map(|orgnr| {
                json!([{
                    "type": crate::SYSTEM_USER_TYPE,
                    "systemuser_org": {
                        "authority": "iso6523-actorid-upis",
                        "ID": format!("0192:{orgnr}"),
                    },
                }])
            }),
            consumer_org: request.consumer_org.as_deref(),
        };
        jsonwebtoken::encode(&header, &claims, &config.key.key)
            .map_err(|err| MaskinportenError::Grant(err.to_string()))
    }

    /// Asks the token endpoint, trying again after transport failures, 429 and 5xx.
    async fn fetch(&self, request: &TokenRequest) -> Result<Cached, MaskinportenError> {
        let config = &self.inner.config;
        let mut tried = 0;
        loop {
            tried += 1;
            let started = Instant::now();
            let grant = self.grant(request)?;
            let result = self.exchange(&grant).await;
            match result {
                Ok(answer) => {
                    let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(60));
                    let margin = config.refresh_margin.min(lifetime / 4);
                    return Ok(Cached {
                        token: Token::new(answer.access_token),
                        refresh_at: started + lifetime - margin,
                    });
                }
                Err((retryable, err)) => {
                    if !retryable || tried >= config.tries {
                        return Err(err);
                    }
                    tokio::time::sleep(config.backoff.delay(tried)).await;
                }
            }
        }
    }

    /// One exchange of `grant` for a token; the error says whether trying again may help.
    async fn exchange(&self, grant: &str) -> Result<TokenAnswer, (bool, MaskinportenError)> {
        let config = &self.inner.config;
        let response = config
            .http
            .post(config.environment.token_endpoint())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", GRANT_TYPE), ("assertion", grant)])
            .send()
            .await
            .map_err(|err| (true, MaskinportenError::Transport(describe(&err))))?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|err| (true, MaskinportenError::Transport(describe(&err))))?;
        if (200..300).contains(&status) {
            return serde_json::from_slice::<TokenAnswer>(&body)
                .map_err(|err| (false, MaskinportenError::InvalidAnswer(err.to_string())));
        }
        let retryable = status == 429 || status >= 500;
        let err = match serde_json::from_slice::<OAuthError>(&body) {
            Ok(oauth) => MaskinportenError::Refused {
                status,
                error: oauth.error,
                description: oauth.error_description,
            },
            Err(_) => {
                let text = String::from_utf8_lossy(&body);
                let text = text.replace(grant, "<redacted>");
                let snippet: String = text.chars().take(300).collect();
                MaskinportenError::Status {
                    status,
                    body: snippet,
                }
            }
        };
        Err((retryable, err))
    }
}

/// A reqwest error without its URL's query (none here) and source chain flattened.
fn describe(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[derive(Serialize)]
struct GrantClaims<'a> {
    aud: &'a str,
    iss: &'a str,
    scope: String,
    iat: u64,
    exp: u64,
    jti: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorization_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    consumer_org: Option<&'a str>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    error_description: Option<String>,
}

/// Maskinporten tokens for one [`TokenRequest`], as a [`TokenSource`] for the generated clients.
#[derive(Clone, Debug)]
pub struct MaskinportenTokenSource {
    client: Maskinporten,
    request: TokenRequest,
}

impl MaskinportenTokenSource {
    /// Tokens from `client` for `request`.
    pub fn new(client: Maskinporten, request: TokenRequest) -> Self {
        MaskinportenTokenSource { client, request }
    }

    /// System-user tokens for the customer `orgnr`.
    pub fn for_system_user(mut self, orgnr: impl Into<String>) -> Self {
        self.request = self.request.for_system_user(orgnr);
        self
    }

    /// Delegated tokens, on behalf of `orgnr`.
    pub fn on_behalf_of(mut self, orgnr: impl Into<String>) -> Self {
        self.request = self.request.on_behalf_of(orgnr);
        self
    }

    /// What this source asks for.
    pub fn request(&self) -> &TokenRequest {
        &self.request
    }

    /// The token (cached while fresh).
    pub async fn get(&self) -> Result<Token, MaskinportenError> {
        self.client.token(&self.request).await
    }
}

impl TokenSource for MaskinportenTokenSource {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async move { self.get().await.map_err(TokenError::from) })
    }
}

#[cfg(all(test, feature = "test-keys"))]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn part(jwt: &str, n: usize) -> Value {
        let part = jwt.split('.').nth(n).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn the_grant_has_maskinporten_claims_and_no_resource() {
        let pem = crate::keys::generate_test_key().private_pem();
        let key = MaskinportenKey::from_pem(pem.as_bytes(), "kid-1").unwrap();
        let client = Maskinporten::new(Environment::TEST, "klient", key)
            .with_grant_lifetime(Duration::from_secs(600));
        let request = TokenRequest::new(&["skatteetaten:a", "skatteetaten:b"])
            .for_system_user("313367002")
            .on_behalf_of("974761076");
        let (one, two) = (
            client.grant(&request).unwrap(),
            client.grant(&request).unwrap(),
        );
        let header = part(&one, 0);
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], "kid-1");
        assert!(header.get("x5c").is_none());
        let claims = part(&one, 1);
        assert_eq!(claims["aud"], "https://test.maskinporten.no/");
        assert_eq!(claims["iss"], "klient");
        assert_eq!(claims["scope"], "skatteetaten:a skatteetaten:b");
        assert_eq!(claims["consumer_org"], "974761076");
        assert_eq!(
            claims["authorization_details"],
            json!([{"type": "urn:altinn:systemuser", "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": "0192:313367002"}}])
        );
        assert!(claims.get("resource").is_none());
        let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
        assert_eq!(lifetime, 120, "capped at 120 s");
        assert_ne!(claims["jti"], part(&two, 1)["jti"]);
        // The same scopes in another order share the cache entry.
        assert_eq!(
            request.key(),
            TokenRequest::new(&["skatteetaten:b", "skatteetaten:a"])
                .for_system_user("313367002")
                .on_behalf_of("974761076")
                .key()
        );
        let shown = format!("{client:?}");
        assert!(!shown.contains(pem.lines().nth(1).unwrap()), "{shown}");
        assert!(MaskinportenKey::from_pem(b"not a key", "k").is_err());
        assert!(MaskinportenKey::from_pem(pem.as_bytes(), "k")
            .unwrap()
            .with_algorithm(Algorithm::HS256)
            .is_err());
    }
}
