//! When a failed try is tried again, and after how long: the backoff, or the server's `Retry-After`.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::backoff::Backoff;

/// What a try ended with, as far as retrying is concerned.
pub(crate) enum Outcome<'a> {
    /// The server answered with this status and these headers.
    Answered(u16, &'a HeaderMap),
    /// No (complete) answer: the connection failed, broke off or timed out.
    Failed,
}

/// The wait before trying again after `failed_tries` tries of a call that may be repeated, or `None` to
/// stop with this outcome.
///
/// Transport failures, 429 (too many requests) and 5xx answers are tried again. When the answer says
/// `Retry-After`, that wait is honoured instead of the backoff, unless it is longer than `max_retry_after`:
/// then waiting would hold the caller up for longer than it agreed to, and the answer is returned instead.
pub(crate) fn wait(
    outcome: Outcome<'_>,
    failed_tries: u32,
    backoff: &Backoff,
    max_retry_after: Duration,
) -> Option<Duration> {
    match outcome {
        Outcome::Failed => Some(backoff.delay(failed_tries)),
        Outcome::Answered(status, headers) if status == 429 || status >= 500 => {
            match retry_after(headers, chrono::Utc::now()) {
                Some(asked) if asked > max_retry_after => None,
                Some(asked) => Some(asked),
                None => Some(backoff.delay(failed_tries)),
            }
        }
        Outcome::Answered(..) => None,
    }
}

/// The wait a `Retry-After` header asks for: a number of seconds, or an HTTP date (a date in the past
/// means now). `None` when there is none or it cannot be read; the backoff applies then.
fn retry_after(headers: &HeaderMap, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // The HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) is an RFC 2822 date with zone `GMT`.
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (date.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-01-02T10:00:00Z")
            .unwrap()
            .into()
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_as_an_http_date() {
        let read = |value: &str| retry_after(&headers(value), now());
        assert_eq!(read("7"), Some(Duration::from_secs(7)));
        assert_eq!(read(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            read("Fri, 02 Jan 2026 10:00:30 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(read("Fri, 02 Jan 2026 09:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(read("snart"), None);
        assert_eq!(read("-3"), None);
        assert_eq!(retry_after(&HeaderMap::new(), now()), None);
    }

    #[test]
    fn what_is_retried_and_how_long_it_waits() {
        let backoff = Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(10),
        };
        let max = Duration::from_secs(30);
        let none = HeaderMap::new();
        let jittered = |wait: Option<Duration>| {
            wait.is_some_and(|w| w >= Duration::from_millis(5) && w <= Duration::from_millis(10))
        };
        assert!(jittered(wait(Outcome::Failed, 1, &backoff, max)));
        assert!(jittered(wait(
            Outcome::Answered(503, &none),
            1,
            &backoff,
            max
        )));
        assert!(jittered(wait(
            Outcome::Answered(429, &none),
            1,
            &backoff,
            max
        )));
        assert_eq!(wait(Outcome::Answered(400, &none), 1, &backoff, max), None);
        assert_eq!(wait(Outcome::Answered(200, &none), 1, &backoff, max), None);
        let asked = headers("2");
        assert_eq!(
            wait(Outcome::Answered(429, &asked), 1, &backoff, max),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            wait(
                Outcome::Answered(503, &asked),
                1,
                &backoff,
                Duration::from_secs(1)
            ),
            None
        );
    }
}
