//! How a client talks to its API: where, how long it waits, how often it tries, how many calls at once.

use std::time::Duration;

use super::backoff::Backoff;

/// Settings of a client. Start from [`ClientConfig::new`] and change what you need.
///
/// The defaults follow Skatteetaten's usage rules: at most 5 concurrent calls per API, 3 tries for calls that
/// are safe to repeat, 30 seconds per attempt.
///
/// What is not configurable, on purpose:
/// - Redirects are followed only within the origin (scheme, host and port) a call was sent to, up to 10.
///   A redirect to another origin is not followed: its 3xx answer is returned (as
///   [`Error::UndocumentedStatus`](super::Error::UndocumentedStatus), with its `Location`), because every
///   header a call carries may be a credential — the bearer token, a consent token in `AltinnSamtykke` —
///   and none of them may leave the host it was meant for.
/// - Error messages (`Display` and `Debug` of [`Error`](super::Error)) hide the bearer token and the header
///   parameters of the call wherever the server echoed them; the [`Response`](super::Response) they keep
///   is as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: String,
    timeout: Duration,
    max_tries: u32,
    backoff: Backoff,
    concurrency_limit: usize,
    user_agent: String,
    max_retry_after: Duration,
    deadline: Option<Duration>,
    xml: bool,
}

impl ClientConfig {
    /// Default timeout of one attempt.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default number of tries of a call that is safe to repeat.
    pub const DEFAULT_MAX_TRIES: u32 = 3;
    /// Default number of calls in flight at once: the usage rules allow 5 per API and organisation.
    pub const DEFAULT_CONCURRENCY_LIMIT: usize = 5;
    /// Default longest `Retry-After` the client waits for before trying again.
    pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

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
            max_retry_after: Self::DEFAULT_MAX_RETRY_AFTER,
            deadline: None,
            xml: false,
        }
    }

    /// How long one attempt may take, from sending the request to the end of the response body.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a call that is safe to repeat (a `GET`, or a submission with an idempotency key) is
    /// tried when the connection fails, times out or the server answers 429 or 5xx. At least 1.
    pub fn with_max_tries(mut self, max_tries: u32) -> Self {
        self.max_tries = max_tries;
        self
    }

    /// The wait between tries, when the server does not say how long to wait.
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

    /// The longest wait a `Retry-After` (of a 429 or 5xx answer) is honoured for (30 seconds by default).
    /// The client waits as long as the server asks, instead of the backoff; when it asks for longer than
    /// this, the call gives up at once and returns that answer, rather than hold the caller up.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// How long a whole call may take, all tries and the waits between them included (none by default: then
    /// a call takes at most `max_tries` timeouts plus the waits). No try starts, and no wait begins, that
    /// would end after it; a try that runs into it times out.
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Asks for XML (`Accept: application/xml`) instead of JSON from the operations whose answers the
    /// spec offers as XML too (Skatteetaten's lookup APIs and event feeds); other operations are asked
    /// for JSON as before. The answer is read into the same typed response either way, by its
    /// `Content-Type`. Off by default.
    pub fn with_xml(mut self, xml: bool) -> Self {
        self.xml = xml;
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

    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether XML is asked for where it is offered ([`ClientConfig::with_xml`]).
    pub fn xml(&self) -> bool {
        self.xml
    }
}
