//! Bearer tokens: how the adapter reads them and what decides whether one is accepted.

use std::fmt;

use crate::Claims;

pub use crate::BoxFuture;

/// Decides whether a bearer token is accepted, and who it stands for. The adapter has already checked
/// that the request carries `Authorization: Bearer <token>` with a well-formed token.
///
/// `scopes` are the operation's scopes (its security requirements'); a verifier that knows a token's
/// scopes refuses one that carries none of them with [`AuthError::Forbidden`]. A verifier that does not
/// (a shared secret, any token) ignores them.
pub trait TokenVerifier: Send + Sync + 'static {
    fn verify<'a>(
        &'a self,
        token: &'a str,
        scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Claims, AuthError>>;
}

/// Why a token was not accepted. The reason is for the caller (it goes into the error body): it never
/// holds the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// Not a valid token (forged, expired, another issuer's, unreadable): the API's 401 code.
    Unauthenticated(String),
    /// A valid token without a scope the operation needs: the API's 403 code.
    Forbidden(String),
    /// The token could not be checked (the issuer's keys cannot be fetched): the API's
    /// unexpected-error code.
    Unavailable(String),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Unauthenticated(reason) => write!(f, "token not accepted: {reason}"),
            AuthError::Forbidden(reason) => write!(f, "token lacks a scope: {reason}"),
            AuthError::Unavailable(reason) => write!(f, "token cannot be checked: {reason}"),
        }
    }
}

impl std::error::Error for AuthError {}

/// Accepts any well-formed bearer token (a local mock without real Maskinporten tokens). Its claims are
/// empty: no caller is known.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyToken;

impl TokenVerifier for AnyToken {
    fn verify<'a>(
        &'a self,
        _token: &'a str,
        _scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Claims, AuthError>> {
        Box::pin(async { Ok(Claims::default()) })
    }
}

/// Accepts only the token equal to a shared secret (compared in constant time); the secret grants every
/// scope, and its claims are empty. Build it with [`SharedSecret::new`], which refuses a secret no
/// bearer token can equal.
#[derive(Clone)]
pub struct SharedSecret(pub String);

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(<redacted>)")
    }
}

impl SharedSecret {
    /// The secret `key`, if a bearer token can ever equal it: an empty key, or one with a space, a
    /// non-ASCII letter or any other character outside RFC 6750's token alphabet, would make every
    /// request a 401, so it is refused here, at startup, with the reason.
    pub fn new(key: impl Into<String>) -> Result<Self, String> {
        let key = key.into();
        if key.is_empty() {
            return Err("the token key is empty; no bearer token can match it".into());
        }
        if let Some(bad) = key.chars().find(|c| !is_token_char(*c)) {
            return Err(format!(
                "the token key contains {bad:?}, which no bearer token can contain \
                 (allowed: A-Z a-z 0-9 - . _ ~ + / =)"
            ));
        }
        Ok(SharedSecret(key))
    }

    fn matches(&self, token: &str) -> bool {
        let (a, b) = (token.as_bytes(), self.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// A character of RFC 6750's `b64token`: what a well-formed bearer token is made of.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=".contains(c)
}

impl TokenVerifier for SharedSecret {
    fn verify<'a>(
        &'a self,
        token: &'a str,
        _scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Claims, AuthError>> {
        let verdict = if self.matches(token) {
            Ok(Claims::default())
        } else {
            Err(AuthError::Unauthenticated(
                "not the configured token".into(),
            ))
        };
        Box::pin(async move { verdict })
    }
}

/// What is wrong with an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Missing,
    Malformed,
    Rejected(AuthError),
}

/// The bearer token of an `Authorization` header value, if well-formed.
pub(crate) fn bearer(header: Option<&[u8]>) -> Result<&str, TokenProblem> {
    let header = header.ok_or(TokenProblem::Missing)?;
    let header = std::str::from_utf8(header).map_err(|_| TokenProblem::Malformed)?;
    let (scheme, token) = header
        .trim()
        .split_once(' ')
        .ok_or(TokenProblem::Malformed)?;
    let token = token.trim();
    // RFC 6750 b64token.
    let well_formed = !token.is_empty() && token.chars().all(is_token_char);
    if !scheme.eq_ignore_ascii_case("bearer") || !well_formed {
        return Err(TokenProblem::Malformed);
    }
    Ok(token)
}

/// Checks the `Authorization` header value and the token in it, for an operation with `scopes`.
pub(crate) async fn check(
    header: Option<&[u8]>,
    verifier: &dyn TokenVerifier,
    scopes: &[&'static str],
) -> Result<Claims, TokenProblem> {
    let token = bearer(header)?;
    verifier
        .verify(token, scopes)
        .await
        .map_err(TokenProblem::Rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;

    fn run<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn reads_bearer_tokens() {
        let check = |header: Option<&[u8]>, verifier: &dyn TokenVerifier| {
            run(check(header, verifier, &["s"])).map(|_| ())
        };
        assert_eq!(check(None, &AnyToken), Err(TokenProblem::Missing));
        assert_eq!(
            check(Some(b"Basic abc"), &AnyToken),
            Err(TokenProblem::Malformed)
        );
        assert_eq!(
            check(Some(b"Bearer "), &AnyToken),
            Err(TokenProblem::Malformed)
        );
        assert_eq!(
            check(Some(b"Bearer a b"), &AnyToken),
            Err(TokenProblem::Malformed)
        );
        assert_eq!(check(Some(b"bearer eyJ.a-b_c"), &AnyToken), Ok(()));
        let key = SharedSecret("hemmelig".into());
        assert_eq!(check(Some(b"Bearer hemmelig"), &key), Ok(()));
        assert!(matches!(
            check(Some(b"Bearer hemmelit"), &key),
            Err(TokenProblem::Rejected(AuthError::Unauthenticated(_)))
        ));
        assert!(!format!("{key:?}").contains("hemmelig"));
    }

    #[test]
    fn refuses_secrets_no_token_can_match() {
        for bad in ["", "to ord", "nøkkel", "a\tb", "a,b"] {
            assert!(SharedSecret::new(bad).is_err(), "{bad:?}");
        }
        assert!(SharedSecret::new("eyJ.a-b_c~+/=").is_ok());
    }
}
