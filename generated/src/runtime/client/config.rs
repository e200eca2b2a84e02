//! How a client talks to its API: where, how long it waits, how often it tries, how many calls at once.

use std::time::Duration;

/// Settings of a client. Start from [`ClientConfig::new`] and change what you need.
///
/// The defaults follow Skatteetaten's usage rules: at most 5 concurrent calls per API, 3 tries for calls that
/// are safe to repeat, 30 seconds per attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: String,
    timeout: Duration,
    max_tries: u32,
    backoff: Backoff,
    concurrency_limit: usize,
    user_agent: String,
}

/// Waiting between tries: `initial` before the second try, doubled before each next one, never more than `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Backoff {
    /// The wait after the given failed try (1 for the first).
    pub fn delay(&self, failed_tries: u32) -> Duration {
        let factor = 2u32.saturating_pow(failed_tries.saturating_sub(1));
        self.initial.saturating_mul(factor).min(self.max)
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(200),
            max: Duration::from_secs(5),
        }
    }
}

impl ClientConfig {
    /// Default timeout of one attempt.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default number of tries of a call that is safe to repeat.
    pub const DEFAULT_MAX_TRIES: u32 = 3;
    /// Default number of calls in flight at once: the usage rules allow 5 per API and organisation.
    pub const DEFAULT_CONCURRENCY_LIMIT: usize = 5;

    /// Settings for the API at `base_url` (an API module's `TEST_URL` or `PRODUCTION_URL`, or any URL such as
    /// a local mock), with the defaults.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_tries: Self::DEFAULT_MAX_TRIES,
            backoff: Backoff::default(),
            concurrency_limit: Self::DEFAULT_CONCURRENCY_LIMIT,
            user_agent: concat!("skatteetaten-api/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }

    /// How long one attempt may take, from sending the request to the end of the response body.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a call that is safe to repeat (a `GET`, or a submission with an idempotency key) is
    /// tried when the connection fails, times out or the server answers 5xx. At least 1.
    pub fn with_max_tries(mut self, max_tries: u32) -> Self {
        self.max_tries = max_tries;
        self
    }

    /// The wait between tries.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// How many calls may be in flight at once through one client (and its clones). At least 1.
    pub fn with_concurrency_limit(mut self, limit: usize) -> Self {
        self.concurrency_limit = limit;
        self
    }

    /// The `User-Agent` header.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn max_tries(&self) -> u32 {
        self.max_tries
    }

    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    pub fn concurrency_limit(&self) -> usize {
        self.concurrency_limit
    }

    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

#[cfg(test)]
mod tests {
    use super::Backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let backoff = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(350),
        };
        let delays: Vec<_> = (1..=4).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 350, 350]);
        assert_eq!(backoff.delay(u32::MAX), Duration::from_millis(350));
    }
}
