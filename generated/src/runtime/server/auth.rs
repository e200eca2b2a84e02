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

/// Accepts only the token equal to a shared secret (compared in constant time).
#[derive(Debug, Clone)]
pub struct SharedSecret(pub String);

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
    let well_formed = !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b));
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
}
