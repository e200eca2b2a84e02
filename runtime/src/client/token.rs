//! Bearer tokens: where they come from, and how they are kept out of logs.

use std::fmt;
use std::sync::Arc;

pub use crate::BoxFuture;

/// Why a [`TokenSource`] could not give a token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// An access token (from Maskinporten). Its `Debug` output never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for the `Authorization` header. Do not log it.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Self(token.to_string())
    }
}

/// Gives the bearer token for each request. Implement it over your Maskinporten client (and cache the
/// token there until it expires); the client asks for a token before every attempt, retries included.
pub trait TokenSource: Send + Sync {
    /// The token to send as `Authorization: Bearer <token>`.
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>>;
}

/// A token that never changes: for tests, scripts and tokens fetched elsewhere.
#[derive(Clone)]
pub struct StaticToken(Token);

impl StaticToken {
    pub fn new(token: impl Into<Token>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&self.0).finish()
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        (**self).token()
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Box<T> {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        (**self).token()
    }
}

#[cfg(test)]
mod tests {
    use super::{StaticToken, Token};

    #[test]
    fn debug_output_hides_the_token() {
        let shown = format!(
            "{:?} {:?}",
            Token::new("hemmelig"),
            StaticToken::new("hemmelig")
        );
        assert!(!shown.contains("hemmelig"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
