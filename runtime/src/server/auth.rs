//! Bearer tokens: how the adapter reads them and what decides whether one is accepted.

/// Decides whether a bearer token is accepted. The adapter has already checked that the request carries
/// `Authorization: Bearer <token>` with a well-formed token.
pub trait TokenVerifier: Send + Sync + 'static {
    fn verify(&self, token: &str) -> bool;
}

/// Accepts any well-formed bearer token (a local mock without real Maskinporten tokens).
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyToken;

impl TokenVerifier for AnyToken {
    fn verify(&self, _token: &str) -> bool {
        true
    }
}

/// Accepts only the token equal to a shared secret (compared in constant time). Build it with
/// [`SharedSecret::new`], which refuses a secret no bearer token can equal.
#[derive(Debug, Clone)]
pub struct SharedSecret(pub String);

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
}

/// A character of RFC 6750's `b64token`: what a well-formed bearer token is made of.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=".contains(c)
}

impl TokenVerifier for SharedSecret {
    fn verify(&self, token: &str) -> bool {
        let (a, b) = (token.as_bytes(), self.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// What is wrong with an `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Missing,
    Malformed,
    Rejected,
}

/// Checks the `Authorization` header value.
pub(crate) fn check(
    header: Option<&[u8]>,
    verifier: &dyn TokenVerifier,
) -> Result<(), TokenProblem> {
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
    if verifier.verify(token) {
        Ok(())
    } else {
        Err(TokenProblem::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens() {
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
        assert_eq!(
            check(Some(b"Bearer hemmelit"), &key),
            Err(TokenProblem::Rejected)
        );
    }

    #[test]
    fn refuses_secrets_no_token_can_match() {
        for bad in ["", "to ord", "nøkkel", "a\tb", "a,b"] {
            assert!(SharedSecret::new(bad).is_err(), "{bad:?}");
        }
        assert!(SharedSecret::new("eyJ.a-b_c~+/=").is_ok());
    }
}
