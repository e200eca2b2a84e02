//! A local Maskinporten: `POST /token` exchanges JWT grants (RFC 7523) for access tokens, checking them
//! as Maskinporten does, and `GET /jwks` (also `/.well-known/jwks.json`) publishes the key the tokens are
//! signed with, so the APIs' adapters verify them with a [`JwtVerifier`] as they would Maskinporten's.
//!
//! A grant is accepted when it is signed (RS256, RS384 or RS512) with the public key registered for its
//! `iss` (the client id; the header's `kid`, if the registration names one, must match; an `x5c` chain
//! is not checked: the registered key decides), its `aud` is the mock's issuer, `iat` is within 10 s of
//! now, `exp - iat` is at most 120 s and `exp` is ahead, its `jti` was not used before, and every scope
//! is one the client is registered for. Otherwise the answer is 400 with OAuth2 error JSON:
//! `invalid_client` (unknown client), `invalid_grant` (signature, `aud`, times, replay), `invalid_scope`,
//! `invalid_request`, `unsupported_grant_type`.
//!
//! Issued tokens carry `iss`, `client_id`, `scope`, `consumer` (the client's organisation, or the
//! grant's `consumer_org` with the client as `supplier`), `iat`, `exp` (`expires_in` later), `jti`,
//! `token_type`, `client_amr`, and for a system-user grant its `authorization_details` with a
//! `systemuser_id` and `system_id` added.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use skatteetaten_runtime::keys::TestKey;
use skatteetaten_runtime::server::JwtVerifier;

/// The grant type of a JWT bearer grant.
const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A Maskinporten client ("integrasjon") the mock knows.
#[derive(Debug, Clone, Deserialize)]
pub struct RegisteredClient {
    /// The client id: the `iss` of its grants.
    pub client_id: String,
    /// Its public key, PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`).
    #[serde(default)]
    pub public_key_pem: String,
    /// A file holding the public key (config files name one instead of inlining the PEM).
    #[serde(default)]
    pub public_key_file: Option<String>,
    /// The `kid` its grants must name, if any.
    #[serde(default)]
    pub kid: Option<String>,
    /// The organisation number of the client's owner (the token's `consumer`).
    #[serde(default = "default_orgnr")]
    pub orgnr: String,
    /// The scopes it may ask for.
    pub scopes: Vec<String>,
}

fn default_orgnr() -> String {
    "974761076".to_string()
}

/// The clients of a config file: `{"clients": [RegisteredClient...]}`.
#[derive(Debug, Deserialize)]
pub struct ClientsFile {
    pub clients: Vec<RegisteredClient>,
}

impl ClientsFile {
    /// Reads a clients file; `public_key_file` paths are relative to the file's folder.
    pub fn read(path: &std::path::Path) -> Result<Vec<RegisteredClient>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: ClientsFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let base = path.parent().unwrap_or(std::path::Path::new("."));
        file.clients
            .into_iter()
            .map(|mut client| {
                if let Some(key_file) = &client.public_key_file {
                    let key_path = base.join(key_file);
                    client.public_key_pem = std::fs::read_to_string(&key_path)
                        .map_err(|e| format!("{}: {e}", key_path.display()))?;
                }
                Ok(client)
            })
            .collect()
    }
}

/// How the local Maskinporten is set up.
#[derive(Debug, Clone)]
pub struct MaskinportenConfig {
    /// The issuer: the `aud` grants must name, the `iss` of the tokens (`http://127.0.0.1:PORT/`).
    pub issuer: String,
    /// The key tokens are signed with.
    pub signing_key: TestKey,
    /// Its `kid` in the JWKS.
    pub key_id: String,
    /// The clients that may ask for tokens.
    pub clients: Vec<RegisteredClient>,
    /// The lifetime of issued tokens, in seconds (`expires_in`).
    pub expires_in: u64,
}

impl MaskinportenConfig {
    /// A config for `issuer` with a new signing key, no clients, tokens living 120 s.
    pub fn new(issuer: impl Into<String>) -> Self {
        MaskinportenConfig {
            issuer: issuer.into(),
            signing_key: skatteetaten_runtime::keys::generate_test_key(),
            key_id: "mock-maskinporten".to_string(),
            clients: Vec::new(),
            expires_in: 120,
        }
    }
}

struct Client {
    info: RegisteredClient,
    key: DecodingKey,
}

struct Inner {
    issuer: String,
    key_id: String,
    encoding: EncodingKey,
    jwks: Value,
    clients: HashMap<String, Client>,
    expires_in: u64,
    /// Used `jti`s and when their grants expire.
    used: Mutex<HashMap<String, u64>>,
    requests: AtomicUsize,
}

/// The local Maskinporten. Cheap to clone.
#[derive(Clone)]
pub struct MaskinportenMock {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for MaskinportenMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MaskinportenMock")
            .field("issuer", &self.inner.issuer)
            .field("clients", &self.inner.clients.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl MaskinportenMock {
    /// The mock, or why a client's key cannot be read.
    pub fn new(config: MaskinportenConfig) -> Result<Self, String> {
        let mut clients = HashMap::new();
        for info in config.clients {
            let key = DecodingKey::from_rsa_pem(info.public_key_pem.as_bytes()).map_err(|_| {
                format!(
                    "client {}: its public key is not an RSA public key in PEM",
                    info.client_id
                )
            })?;
            clients.insert(info.client_id.clone(), Client { info, key });
        }
        let encoding = EncodingKey::from_rsa_pem(config.signing_key.private_pem().as_bytes())
            .map_err(|e| format!("the signing key: {e}"))?;
        Ok(MaskinportenMock {
            inner: Arc::new(Inner {
                issuer: config.issuer,
                jwks: config.signing_key.jwks(&config.key_id),
                key_id: config.key_id,
                encoding,
                clients,
                expires_in: config.expires_in,
                used: Mutex::default(),
                requests: AtomicUsize::new(0),
            }),
        })
    }

    /// `POST /token`, `GET /jwks`, `GET /.well-known/jwks.json` and
    /// `GET /.well-known/oauth-authorization-server`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/token", post(token))
            .route("/jwks", get(jwks))
            .route("/.well-known/jwks.json", get(jwks))
            .route("/.well-known/oauth-authorization-server", get(metadata))
            .with_state(self.clone())
    }

    /// The issuer.
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The JWKS with the key tokens are signed with.
    pub fn jwks(&self) -> &Value {
        &self.inner.jwks
    }

    /// A verifier of the tokens this mock issues (static JWKS).
    pub fn verifier(&self) -> JwtVerifier {
        JwtVerifier::with_jwks(self.inner.issuer.clone(), &self.inner.jwks)
            .expect("the mock's JWKS holds its key")
    }

    /// How many requests `POST /token` has had.
    pub fn token_requests(&self) -> usize {
        self.inner.requests.load(Ordering::SeqCst)
    }

    /// Signs `claims` with the mock's key, as a token: for tests of token checks (expired tokens, say).
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.inner.key_id.clone());
        jsonwebtoken::encode(&header, claims, &self.inner.encoding).expect("the mock's key signs")
    }

    /// Checks a grant and issues a token, or says why not.
    fn exchange(&self, form: &HashMap<String, String>) -> Result<Value, OAuthError> {
        let inner = &self.inner;
        match form.get("grant_type").map(String::as_str) {
            Some(GRANT_TYPE) => {}
            Some(_) => {
                return Err(OAuthError::new(
                    "unsupported_grant_type",
                    "grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer",
                ))
            }
            None => return Err(OAuthError::new("invalid_request", "grant_type is missing")),
        }
        let assertion = form
            .get("assertion")
            .ok_or_else(|| OAuthError::new("invalid_request", "assertion is missing"))?;
        let header = jsonwebtoken::decode_header(assertion)
            .map_err(|_| OAuthError::grant("the assertion is not a signed JWT"))?;
        if !matches!(
            header.alg,
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512
        ) {
            return Err(OAuthError::grant(
                "the grant must be signed with RS256, RS384 or RS512",
            ));
        }
        // The client is named by `iss`, read before the signature is checked.
        let mut peek = Validation::new(header.alg);
        peek.insecure_disable_signature_validation();
        peek.validate_exp = false;
        peek.validate_aud = false;
        peek.required_spec_claims.clear();
        let unverified = jsonwebtoken::decode::<Map<String, Value>>(
            assertion,
            &DecodingKey::from_secret(&[]),
            &peek,
        )
        .map_err(|_| OAuthError::grant("the grant's claims cannot be read"))?;
        let client_id = unverified
            .claims
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(|| OAuthError::grant("the grant has no iss (the client id)"))?;
        let client = inner.clients.get(client_id).ok_or_else(|| {
            OAuthError::new("invalid_client", &format!("unknown client {client_id}"))
        })?;
        if let Some(kid) = &client.info.kid {
            if header.x5c.is_none() && header.kid.as_deref() != Some(kid.as_str()) {
                return Err(OAuthError::grant("the grant's kid is not the client's key"));
            }
        }
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let claims =
            jsonwebtoken::decode::<Map<String, Value>>(assertion, &client.key, &validation)
                .map_err(|_| {
                    OAuthError::grant(
                        "Invalid assertion. Client authentication failed. Invalid JWT signature",
                    )
                })?
                .claims;
        if claims.get("aud").and_then(Value::as_str) != Some(inner.issuer.as_str()) {
            return Err(OAuthError::grant(&format!(
                "the grant's aud must be {}",
                inner.issuer
            )));
        }
        let now = now();
        let iat = claims
            .get("iat")
            .and_then(Value::as_u64)
            .ok_or_else(|| OAuthError::grant("the grant has no iat"))?;
        let exp = claims
            .get("exp")
            .and_then(Value::as_u64)
            .ok_or_else(|| OAuthError::grant("the grant has no exp"))?;
        if iat.abs_diff(now) > 10 {
            return Err(OAuthError::grant(
                "the grant's iat is more than 10 s from the server's clock",
            ));
        }
        if exp <= iat || exp - iat > 120 {
            return Err(OAuthError::grant(
                "the grant's exp - iat must be between 1 and 120 s",
            ));
        }
        if exp <= now {
            return Err(OAuthError::grant("the grant has expired"));
        }
        let scope = claims
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let scopes: Vec<&str> = scope.split_whitespace().collect();
        if scopes.is_empty() {
            return Err(OAuthError::new(
                "invalid_scope",
                "the grant asks for no scope",
            ));
        }
        if let Some(missing) = scopes
            .iter()
            .find(|s| !client.info.scopes.iter().any(|c| c == *s))
        {
            return Err(OAuthError::new(
                "invalid_scope",
                &format!("the client is not registered for the scope {missing}"),
            ));
        }
        let details = match claims.get("authorization_details") {
            None => None,
            Some(details) => Some(system_user(details, client)?),
        };
        let consumer_org = match claims.get("consumer_org") {
            None => None,
            Some(Value::String(org)) if is_orgnr(org) => Some(org.clone()),
            Some(_) => {
                return Err(OAuthError::new(
                    "invalid_request",
                    "consumer_org must be an organisation number",
                ))
            }
        };
        // The replay check last: a grant refused for another reason may be sent again, fixed.
        if let Some(jti) = claims.get("jti").and_then(Value::as_str) {
            let mut used = inner.used.lock().unwrap_or_else(|e| e.into_inner());
            used.retain(|_, expires| *expires + 10 > now);
            if used.insert(jti.to_string(), exp).is_some() {
                return Err(OAuthError::grant("the grant's jti has been used before"));
            }
        }
        let party = |orgnr: &str| json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{orgnr}")});
        let mut token = json!({
            "iss": inner.issuer,
            "client_id": client_id,
            "scope": scopes.join(" "),
            "token_type": "Bearer",
            "client_amr": if header.x5c.is_some() { "virksomhetssertifikat" } else { "private_key_jwt" },
            "iat": now,
            "exp": now + inner.expires_in,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        match consumer_org {
            Some(org) => {
                token["consumer"] = party(&org);
                token["supplier"] = party(&client.info.orgnr);
            }
            None => token["consumer"] = party(&client.info.orgnr),
        }
        if let Some(details) = details {
            token["authorization_details"] = details;
        }
        let access_token = self.sign(&token);
        Ok(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": inner.expires_in,
            "scope": scopes.join(" "),
        }))
    }
}

/// The system-user `authorization_details` of a grant, as the token carries them (with the system
/// user's id and the system's id added).
fn system_user(details: &Value, client: &Client) -> Result<Value, OAuthError> {
    let invalid = || {
        OAuthError::new(
            "invalid_authorization_details",
            "authorization_details must be [{\"type\": \"urn:altinn:systemuser\", \"systemuser_org\": {\"authority\": \"iso6523-actorid-upis\", \"ID\": \"0192:<orgnr>\"}}]",
        )
    };
    let entries = details.as_array().ok_or_else(invalid)?;
    let mut out = Vec::new();
    for entry in entries {
        if entry.get("type").and_then(Value::as_str) != Some("urn:altinn:systemuser") {
            return Err(invalid());
        }
        let org = entry.get("systemuser_org").ok_or_else(invalid)?;
        let id = org.get("ID").and_then(Value::as_str).ok_or_else(invalid)?;
        let customer = id
            .strip_prefix("0192:")
            .filter(|o| is_orgnr(o))
            .ok_or_else(invalid)?;
        let system_id = format!("{}_mock_system", client.info.orgnr);
        // The same system user for the same client and customer.
        let user = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{}/{customer}", client.info.client_id).as_bytes(),
        );
        out.push(json!({
            "type": "urn:altinn:systemuser",
            "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": id},
            "systemuser_id": [user.to_string()],
            "system_id": system_id,
        }));
    }
    if out.is_empty() {
        return Err(invalid());
    }
    Ok(Value::Array(out))
}

/// Every scope of the APIs the mock serves (what `--maskinporten-client` registers a client for).
pub fn every_scope() -> Vec<String> {
    use skatteetaten_api as api;
    let mut scopes: Vec<String> = Vec::new();
    for list in [
        api::innrapportering_aandsverk::SCOPES,
        api::innrapportering_oppdrag::SCOPES,
        api::oppdrag_utenlandske_virksomheter::SCOPES,
        api::opptjeningsgrunnlag_arbeidsforhold::SCOPES,
        api::opptjeningsgrunnlag_arbeidsforhold_hendelser::SCOPES,
        api::underenhet_aordningen::SCOPES,
        api::underenhet_aordningen_hendelser::SCOPES,
    ] {
        for scope in list {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_string());
            }
        }
    }
    scopes
}

fn is_orgnr(text: &str) -> bool {
    text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// An OAuth2 error answer.
struct OAuthError {
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn new(error: &'static str, description: &str) -> Self {
        OAuthError {
            error,
            description: description.to_string(),
        }
    }

    fn grant(description: &str) -> Self {
        Self::new("invalid_grant", description)
    }
}

async fn token(State(mock): State<MaskinportenMock>, body: String) -> Response {
    mock.inner.requests.fetch_add(1, Ordering::SeqCst);
    let form: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    match mock.exchange(&form) {
        Ok(answer) => (
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            Json(answer),
        )
            .into_response(),
        Err(err) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": err.error, "error_description": err.description})),
        )
            .into_response(),
    }
}

async fn jwks(State(mock): State<MaskinportenMock>) -> Json<Value> {
    Json(mock.inner.jwks.clone())
}

async fn metadata(State(mock): State<MaskinportenMock>) -> Json<Value> {
    let issuer = &mock.inner.issuer;
    let base = issuer.trim_end_matches('/');
    Json(json!({
        "issuer": issuer,
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "grant_types_supported": [GRANT_TYPE],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512"],
    }))
}
