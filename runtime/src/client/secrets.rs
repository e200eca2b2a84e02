//! The credentials a call sent (its bearer token and its header parameters), so that error messages can
//! hide them when a server echoes the request back in its answer.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;

/// What replaces a secret in messages.
pub(crate) const REDACTED: &str = "<redacted>";

/// Values shorter than this are not hidden: they carry no secret worth the name (a bearer or consent token
/// is hundreds of characters), and replacing every occurrence of, say, `1` would make messages unreadable.
const MIN_SECRET_CHARS: usize = 8;

/// The secrets of one call; empty for a response built by hand. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Secrets(Option<Arc<[String]>>);

impl Secrets {
    /// The bearer token (if any) and the values of the sensitive headers (header parameters are marked
    /// sensitive when they are set).
    pub(crate) fn of_call(token: Option<&str>, headers: &HeaderMap) -> Self {
        let sensitive = headers
            .values()
            .filter(|value| value.is_sensitive())
            .filter_map(|value| value.to_str().ok());
        let secrets: Vec<String> = token
            .into_iter()
            .chain(sensitive)
            .filter(|secret| secret.chars().count() >= MIN_SECRET_CHARS)
            .map(str::to_owned)
            .collect();
        if secrets.is_empty() {
            Self(None)
        } else {
            Self(Some(secrets.into()))
        }
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_with(text, REDACTED)
    }

    /// `text` with every secret replaced by `replacement` (`<redacted>` escaped, in an XML document).
    pub(crate) fn redact_with<'a>(&self, text: &'a str, replacement: &str) -> Cow<'a, str> {
        let Some(secrets) = &self.0 else {
            return Cow::Borrowed(text);
        };
        let mut text = Cow::Borrowed(text);
        for secret in secrets.iter() {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), replacement));
            }
        }
        text
    }

    /// Whether `text` holds a secret.
    pub(crate) fn found_in(&self, text: &str) -> bool {
        self.0
            .iter()
            .flat_map(|secrets| secrets.iter())
            .any(|secret| text.contains(secret.as_str()))
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.as_ref().map_or(0, |secrets| secrets.len());
        write!(f, "Secrets({count} redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_token_and_sensitive_headers_are_redacted_short_and_plain_values_are_not() {
        let mut headers = HeaderMap::new();
        let mut consent = HeaderValue::from_static("samtykke-hemmelig");
        consent.set_sensitive(true);
        headers.insert("altinnsamtykke", consent);
        headers.insert("x-plain", HeaderValue::from_static("synlig-verdi"));
        let mut short = HeaderValue::from_static("1");
        short.set_sensitive(true);
        headers.insert("x-short", short);
        let secrets = Secrets::of_call(Some("bearer-hemmelig"), &headers);

        let text = "bearer-hemmelig samtykke-hemmelig synlig-verdi 1";
        assert_eq!(secrets.redact(text), "<redacted> <redacted> synlig-verdi 1");
        assert!(matches!(secrets.redact("ingenting"), Cow::Borrowed(_)));
        // The redacting `Debug` wrapper is gone with the generic errors (error bodies are redacted when
        // decoded); what is left must not show the secrets either.
        assert_eq!(format!("{secrets:?}"), "Secrets(2 redacted)");
        assert!(secrets.found_in("x bearer-hemmelig"));
        assert!(!secrets.found_in("synlig-verdi 1"));
    }
}
