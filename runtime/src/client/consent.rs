//! Consent tokens (`AltinnSamtykke`, feature `maskinporten`): Altinn's consent token lives about 30 s and
//! can be fetched again with the same authorization code while the consent lasts. [`ConsentToken`]
//! fetches it again shortly before it expires, so a long job does not fail halfway.
//!
//! ```no_run
//! # async fn run() -> Result<(), skatteetaten_runtime::client::TokenError> {
//! use skatteetaten_runtime::client::consent::ConsentToken;
//! use skatteetaten_runtime::Context;
//!
//! let consent = ConsentToken::new(|| async {
//!     // Ask Altinn for the consent token with your authorization code.
//!     Ok::<_, skatteetaten_runtime::client::TokenError>("eyJ...".to_string())
//! });
//! let mut context = Context::new();
//! consent.apply(&mut context).await?; // sets `AltinnSamtykke` on the call
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::{HeaderName, HeaderValue};

use super::token::{BoxFuture, Token, TokenError};
use crate::Context;

/// The header a consent token is sent in.
pub const HEADER: &str = "altinnsamtykke";

type Fetcher = Box<dyn Fn() -> BoxFuture<'static, Result<String, TokenError>> + Send + Sync>;

/// A consent token, fetched with your fetcher (Altinn's token endpoint with the authorization code) and
/// fetched again shortly before it expires: when less than a third of its lifetime, at most 10 s, is
/// left. The lifetime is read from the token's `exp` (the JWT payload is read, not verified: that is the
/// API's job), or set with [`ConsentToken::with_lifetime`]. Concurrent callers wait for one fetch. Its
/// `Debug` output never shows the token.
pub struct ConsentToken {
    fetch: Fetcher,
    lifetime: Option<Duration>,
    current: tokio::sync::Mutex<Option<(Token, Instant)>>,
}

impl fmt::Debug for ConsentToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentToken")
            .field("lifetime", &self.lifetime)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl ConsentToken {
    /// Consent tokens from `fetch`.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, TokenError>> + Send + 'static,
    {
        ConsentToken {
            fetch: Box::new(move || Box::pin(fetch())),
            lifetime: None,
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// Takes every token to live `lifetime` from when it was fetched, whatever its `exp` says (for
    /// tokens that are not JWTs).
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = Some(lifetime);
        self
    }

    /// The current token, fetched anew when it is about to expire.
    pub async fn token(&self) -> Result<Token, TokenError> {
        let mut current = self.current.lock().await;
        if let Some((token, refresh_at)) = current.as_ref() {
            if Instant::now() < *refresh_at {
                return Ok(token.clone());
            }
        }
        let started = Instant::now();
        let token = (self.fetch)().await?;
        let lifetime = match self.lifetime {
            Some(lifetime) => lifetime,
            None => remaining_lifetime(&token).unwrap_or(Duration::from_secs(30)),
        };
        let margin = (lifetime / 3).min(Duration::from_secs(10));
        let token = Token::new(token);
        *current = Some((token.clone(), started + lifetime - margin));
        Ok(token)
    }

    /// The `AltinnSamtykke` header with the current token (marked sensitive: kept out of logs).
    pub async fn header(&self) -> Result<(HeaderName, HeaderValue), TokenError> {
        let token = self.token().await?;
        let mut value = HeaderValue::from_str(token.secret())
            .map_err(|_| TokenError::from("the consent token is not a valid header value"))?;
        value.set_sensitive(true);
        Ok((HeaderName::from_static(HEADER), value))
    }

    /// Sets `AltinnSamtykke` in `context` to the current token.
    pub async fn apply(&self, context: &mut Context) -> Result<(), TokenError> {
        let (name, value) = self.header().await?;
        context.headers.insert(name, value);
        Ok(())
    }
}

/// How long a JWT has left by its `exp` (unverified), if it is a JWT with one.
fn remaining_lifetime(token: &str) -> Option<Duration> {
    let payload = token.split('.').nth(1)?;
    let payload = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    let exp = claims.get("exp")?.as_u64()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(exp.saturating_sub(now)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn jwt_expiring_in(secs: u64, n: usize) -> String {
        let exp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + secs;
        let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{exp},"n":{n}}}"#));
        format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2lnbmF0dXJl")
    }

    fn counting(secs: u64) -> (ConsentToken, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&count);
        let consent = ConsentToken::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(jwt_expiring_in(secs, n)) }
        });
        (consent, count)
    }

    #[tokio::test]
    async fn consent_token_is_reused_while_fresh() {
        let (consent, count) = counting(30);
        let first = consent.token().await.unwrap();
        let second = consent.token().await.unwrap();
        assert_eq!(first, second);
        assert_eq!(count.load(Ordering::SeqCst), 1);
        let (name, value) = consent.header().await.unwrap();
        assert_eq!(name, "altinnsamtykke");
        assert!(value.is_sensitive());
        assert!(!format!("{consent:?}").contains(first.secret()));
    }

    #[tokio::test]
    async fn consent_token_is_fetched_again_before_it_expires() {
        // exp 2 s ahead (whole seconds): refreshed after at most 2 s - 2/3 s.
        let (consent, count) = counting(2);
        let first = consent.token().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let second = consent.token().await.unwrap();
        assert_ne!(first, second);
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn consent_token_with_a_given_lifetime() {
        let count = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&count);
        let consent = ConsentToken::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(format!("opaque-consent-{n}")) }
        })
        .with_lifetime(Duration::from_millis(300));
        let mut context = Context::new();
        consent.apply(&mut context).await.unwrap();
        assert_eq!(context.header(HEADER), Some("opaque-consent-0"));
        tokio::time::sleep(Duration::from_millis(250)).await;
        consent.apply(&mut context).await.unwrap();
        assert_eq!(context.header(HEADER), Some("opaque-consent-1"));
    }
}
