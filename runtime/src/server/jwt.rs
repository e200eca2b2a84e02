//! [`JwtVerifier`]: accepts access tokens signed by a key of the issuer's JWKS (Maskinporten's, or the
//! mock's), within their lifetime, carrying a scope of the operation.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::auth::{AuthError, BoxFuture, TokenVerifier};
use crate::Claims;

/// Maskinporten's issuers (the `iss` of its tokens) and JWKS. Not `maskinporten`: that is the
/// client's Maskinporten client (`client::maskinporten`), another thing.
pub mod maskinporten_issuers {
    /// The test environment's issuer.
    pub const TEST_ISSUER: &str = "https://test.maskinporten.no/";
    /// The test environment's keys (`jwks_uri` of its `.well-known/oauth-authorization-server`).
    pub const TEST_JWKS: &str = "https://test.maskinporten.no/jwk";
    /// The production issuer.
    pub const PRODUCTION_ISSUER: &str = "https://maskinporten.no/";
    /// The production keys.
    pub const PRODUCTION_JWKS: &str = "https://maskinporten.no/jwk";
}

/// The signature algorithms accepted by default (Maskinporten signs with RS256).
const DEFAULT_ALGORITHMS: &[Algorithm] = &[Algorithm::RS256, Algorithm::RS384, Algorithm::RS512];

/// Verifies JWT access tokens: the signature against the issuer's keys (a static JWKS, or one fetched
/// over HTTP with the `jwks` feature, cached, fetched again for an unknown `kid` at most once per
/// refresh interval, `with_refresh_interval`), `iss`, `exp` and `nbf` with a leeway (30 s by default),
/// `aud` when one is set (Skatteetaten's tokens have none), and the operation's scopes: a token
/// carrying none of them is [`AuthError::Forbidden`].
///
/// Only asymmetric keys (RSA, EC) and algorithms are used: `alg: none` and HMAC tokens are refused.
pub struct JwtVerifier {
    issuer: String,
    audience: Option<String>,
    leeway: Duration,
    algorithms: Vec<Algorithm>,
    keys: Keys,
}

enum Keys {
    Static(Arc<KeyRing>),
    #[cfg(feature = "jwks")]
    Remote(remote::RemoteJwks),
}

impl fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = match &self.keys {
            Keys::Static(ring) => format!("{} static key(s)", ring.keys.len()),
            #[cfg(feature = "jwks")]
            Keys::Remote(remote) => format!("JWKS at {}", remote.url),
        };
        f.debug_struct("JwtVerifier")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("leeway", &self.leeway)
            .field("algorithms", &self.algorithms)
            .field("keys", &keys)
            .finish()
    }
}

/// The usable keys of a JWKS.
pub(crate) struct KeyRing {
    keys: Vec<RingKey>,
}

struct RingKey {
    kid: Option<String>,
    /// The key's own `alg`, when the JWK names one.
    alg: Option<Algorithm>,
    key: DecodingKey,
}

impl KeyRing {
    /// The RSA and EC keys of a JWKS document (`{"keys": [...]}`); keys that cannot be read, symmetric
    /// keys and encryption keys are skipped. An error when no key is usable.
    pub(crate) fn from_jwks(jwks: &Value) -> Result<KeyRing, String> {
        let entries = jwks
            .get("keys")
            .and_then(Value::as_array)
            .ok_or("a JWKS is an object with a `keys` array")?;
        let mut keys = Vec::new();
        for entry in entries {
            if entry.get("use").and_then(Value::as_str).unwrap_or("sig") != "sig" {
                continue;
            }
            let Ok(jwk) = serde_json::from_value::<Jwk>(entry.clone()) else {
                continue;
            };
            if !matches!(
                jwk.algorithm,
                AlgorithmParameters::RSA(_) | AlgorithmParameters::EllipticCurve(_)
            ) {
                continue;
            }
            let Ok(key) = DecodingKey::from_jwk(&jwk) else {
                continue;
            };
            let alg = entry
                .get("alg")
                .and_then(Value::as_str)
                .and_then(|a| a.parse::<Algorithm>().ok());
            keys.push(RingKey {
                kid: jwk.common.key_id.clone(),
                alg,
                key,
            });
        }
        if keys.is_empty() {
            return Err("the JWKS has no usable signing key (RSA or EC)".into());
        }
        Ok(KeyRing { keys })
    }

    /// The key for `kid`; without a `kid`, the only key.
    fn find(&self, kid: Option<&str>) -> Option<&RingKey> {
        match kid {
            Some(kid) => self.keys.iter().find(|k| k.kid.as_deref() == Some(kid)),
            None if self.keys.len() == 1 => self.keys.first(),
            None => None,
        }
    }
}

impl JwtVerifier {
    /// Verifies tokens of `issuer` against the keys of `jwks` (a JWKS document, `{"keys": [...]}`), given
    /// directly: for tests, the mock, or keys distributed out of band.
    pub fn with_jwks(issuer: impl Into<String>, jwks: &Value) -> Result<Self, String> {
        Ok(Self::new(
            issuer.into(),
            Keys::Static(Arc::new(KeyRing::from_jwks(jwks)?)),
        ))
    }

    /// Verifies tokens of `issuer` against the keys published at `jwks_url`, fetched on first use,
    /// cached for an hour ([`Self::with_max_age`]) and fetched again, at most once per minute
    /// ([`Self::with_refresh_interval`]), when a token names a key the cache lacks. When the JWKS cannot
    /// be fetched the last keys stay in use; with none, calls are answered as the service failing.
    #[cfg(feature = "jwks")]
    pub fn with_jwks_url(issuer: impl Into<String>, jwks_url: impl Into<String>) -> Self {
        Self::new(
            issuer.into(),
            Keys::Remote(remote::RemoteJwks::new(jwks_url.into())),
        )
    }

    /// Maskinporten's test environment ([`maskinporten_issuers::TEST_ISSUER`]).
    #[cfg(feature = "jwks")]
    pub fn maskinporten_test() -> Self {
        Self::with_jwks_url(
            maskinporten_issuers::TEST_ISSUER,
            maskinporten_issuers::TEST_JWKS,
        )
    }

    /// Maskinporten's production environment ([`maskinporten_issuers::PRODUCTION_ISSUER`]).
    #[cfg(feature = "jwks")]
    pub fn maskinporten_production() -> Self {
        Self::with_jwks_url(
            maskinporten_issuers::PRODUCTION_ISSUER,
            maskinporten_issuers::PRODUCTION_JWKS,
        )
    }

    fn new(issuer: String, keys: Keys) -> Self {
        JwtVerifier {
            issuer,
            audience: None,
            leeway: Duration::from_secs(30),
            algorithms: DEFAULT_ALGORITHMS.to_vec(),
            keys,
        }
    }

    /// How far `exp` and `nbf` may be off (clock skew); 30 s by default.
    pub fn with_leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Requires `aud` to be `audience` (by default `aud` is not checked: Skatteetaten's tokens have
    /// none).
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// The accepted signature algorithms (RS256, RS384, RS512 by default); HMAC ones are ignored.
    pub fn with_algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.algorithms = algorithms
            .iter()
            .copied()
            .filter(|a| !matches!(a, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512))
            .collect();
        self
    }

    /// The shortest time between two fetches of the JWKS for unknown keys (1 min by default): a flood
    /// of tokens with made-up `kid`s costs one fetch per interval.
    #[cfg(feature = "jwks")]
    pub fn with_refresh_interval(mut self, interval: Duration) -> Self {
        if let Keys::Remote(remote) = &mut self.keys {
            remote.min_interval = interval;
        }
        self
    }

    /// How long fetched keys are used before they are fetched again (1 h by default).
    #[cfg(feature = "jwks")]
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        if let Keys::Remote(remote) = &mut self.keys {
            remote.max_age = max_age;
        }
        self
    }

    /// The issuer this verifier accepts.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Verifies `token` and reads its claims; `scopes`: the operation's (a token must carry one of them;
    /// none: any token of the issuer).
    pub async fn verify_token(
        &self,
        token: &str,
        scopes: &[&'static str],
    ) -> Result<Claims, AuthError> {
        let unauthenticated = |reason: &str| AuthError::Unauthenticated(reason.to_string());
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| unauthenticated("not a signed JWT with a supported algorithm"))?;
        if !self.algorithms.contains(&header.alg) {
            return Err(unauthenticated(&format!(
                "the algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let ring = match &self.keys {
            Keys::Static(ring) => Arc::clone(ring),
            #[cfg(feature = "jwks")]
            Keys::Remote(remote) => remote.keys_for(header.kid.as_deref()).await?,
        };
        let key = ring
            .find(header.kid.as_deref())
            .ok_or_else(|| unauthenticated("the token is signed with an unknown key"))?;
        if key.alg.is_some_and(|alg| alg != header.alg) {
            return Err(unauthenticated(
                "the token's algorithm is not its key's algorithm",
            ));
        }
        let mut validation = Validation::new(header.alg);
        validation.leeway = self.leeway.as_secs();
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.required_spec_claims = ["exp", "iss"].iter().map(|s| s.to_string()).collect();
        match &self.audience {
            Some(audience) => validation.set_audience(&[audience]),
            None => validation.validate_aud = false,
        }
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)
            .map_err(|err| {
                use jsonwebtoken::errors::ErrorKind;
                AuthError::Unauthenticated(
                    match err.kind() {
                        ErrorKind::ExpiredSignature => "the token has expired",
                        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)",
                        ErrorKind::InvalidSignature => "the token's signature is not valid",
                        ErrorKind::InvalidIssuer => "the token is from another issuer",
                        ErrorKind::InvalidAudience => "the token is for another audience",
                        ErrorKind::MissingRequiredClaim(_) => "the token lacks exp or iss",
                        _ => "the token cannot be read",
                    }
                    .to_string(),
                )
            })?;
        // The times checked again, strictly typed: a non-numeric `exp` or `nbf` is no token of ours.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let leeway = self.leeway.as_secs();
        let exp = data.claims.get("exp").and_then(Value::as_u64);
        if expired(exp, now, leeway) {
            return Err(unauthenticated("the token has expired"));
        }
        if let Some(nbf) = data.claims.get("nbf") {
            if not_yet_valid(nbf.as_u64(), now, leeway) {
                return Err(unauthenticated("the token is not valid yet (nbf)"));
            }
        }
        let claims = Claims::from_raw(data.claims);
        if !scopes.is_empty() && !scopes.iter().any(|scope| claims.has_scope(scope)) {
            return Err(AuthError::Forbidden(format!(
                "the token has none of the scopes {}",
                scopes.join(", ")
            )));
        }
        Ok(claims)
    }
}

/// Whether a token with `exp` (none, or not a number: expired) has expired.
fn expired(exp: Option<u64>, now: u64, leeway: u64) -> bool {
    match exp {
        Some(exp) => exp.saturating_add(leeway) <= now,
        None => true,
    }
}

/// Whether a token with `nbf` (not a number: never valid) is not valid yet.
fn not_yet_valid(nbf: Option<u64>, now: u64, leeway: u64) -> bool {
    match nbf {
        Some(nbf) => nbf > now.saturating_add(leeway),
        None => true,
    }
}

impl TokenVerifier for JwtVerifier {
    fn verify<'a>(
        &'a self,
        token: &'a str,
        scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Claims, AuthError>> {
        Box::pin(self.verify_token(token, scopes))
    }
}

#[cfg(feature = "jwks")]
mod remote {
    use std::sync::{Arc, RwLock};
    use std::time::{Duration, Instant};

    use super::{AuthError, KeyRing};

    /// A JWKS fetched over HTTP and cached.
    pub(super) struct RemoteJwks {
        pub(super) url: String,
        http: reqwest::Client,
        pub(super) min_interval: Duration,
        pub(super) max_age: Duration,
        /// The keys and when they were fetched.
        current: RwLock<Option<(Arc<KeyRing>, Instant)>>,
        /// When the last fetch started; held while fetching, so one caller fetches for all.
        last_fetch: tokio::sync::Mutex<Option<Instant>>,
    }

    impl RemoteJwks {
        pub(super) fn new(url: String) -> Self {
            RemoteJwks {
                url,
                http: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .unwrap_or_default(),
                min_interval: Duration::from_secs(60),
                max_age: Duration::from_secs(3600),
                current: RwLock::new(None),
                last_fetch: tokio::sync::Mutex::new(None),
            }
        }

        fn cached(&self) -> Option<(Arc<KeyRing>, Instant)> {
            self.current
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
        }

        /// Keys that hold `kid` if the JWKS has it, fetching them when needed (and allowed).
        pub(super) async fn keys_for(&self, kid: Option<&str>) -> Result<Arc<KeyRing>, AuthError> {
            let usable = |cached: &Option<(Arc<KeyRing>, Instant)>| match cached {
                Some((ring, at)) if at.elapsed() < self.max_age && ring.find(kid).is_some() => {
                    Some(Arc::clone(ring))
                }
                _ => None,
            };
            if let Some(ring) = usable(&self.cached()) {
                return Ok(ring);
            }
            let mut last_fetch = self.last_fetch.lock().await;
            // Another caller may have fetched while this one waited.
            let cached = self.cached();
            if let Some(ring) = usable(&cached) {
                return Ok(ring);
            }
            let expired = match &cached {
                Some((_, at)) => at.elapsed() >= self.max_age,
                None => true,
            };
            let too_soon = last_fetch.is_some_and(|at| at.elapsed() < self.min_interval);
            if too_soon && !expired {
                return cached.map(|(ring, _)| ring).ok_or_else(unavailable);
            }
            *last_fetch = Some(Instant::now());
            match self.fetch().await {
                Ok(ring) => {
                    let ring = Arc::new(ring);
                    *self.current.write().unwrap_or_else(|e| e.into_inner()) =
                        Some((Arc::clone(&ring), Instant::now()));
                    Ok(ring)
                }
                // Keep serving with the keys there are.
                Err(_) => cached.map(|(ring, _)| ring).ok_or_else(unavailable),
            }
        }

        async fn fetch(&self) -> Result<KeyRing, String> {
            let response = self
                .http
                .get(&self.url)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !response.status().is_success() {
                return Err(format!("HTTP {}", response.status()));
            }
            let jwks: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
            KeyRing::from_jwks(&jwks)
        }
    }

    fn unavailable() -> AuthError {
        AuthError::Unavailable("the issuer's keys (JWKS) cannot be fetched".into())
    }
}
