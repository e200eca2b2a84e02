//! The adapter's settings: body limit and read timeout, timeout, token check, idempotency store.

use std::sync::Arc;
use std::time::Duration;

use super::auth::{AnyToken, TokenVerifier};
use super::store::{IdempotencyStore, MemoryStore};

/// How an adapter serves. [`ServerConfig::default`]: 10 MiB bodies received within 30 s, 30 s per call,
/// any bearer token, idempotency keys in memory (the `sqlite` feature's `SqliteStore` keeps them across
/// restarts).
#[derive(Clone)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Largest part of a multipart body, in bytes (the whole body stays within `body_limit`). A file part
    /// over 256 KiB is kept in a temporary file, not in memory.
    pub part_limit: usize,
    /// Longest the whole request body may take to arrive, from when the adapter starts reading it. A
    /// body that Content-Length promised and that does not come is answered with the API's request code
    /// (the documented `400`, not an undocumented `408`) and the connection is closed.
    pub body_read_timeout: Duration,
    /// Longest an implementation may take before the call is cut off.
    pub timeout: Duration,
    /// Decides which bearer tokens are accepted.
    pub tokens: Arc<dyn TokenVerifier>,
    /// Keeps idempotency keys and first responses.
    pub store: Arc<dyn IdempotencyStore>,
    /// Told about every [`crate::Error`] an implementation returns (the caller gets the API's
    /// unexpected-error code, not the error's text). Default: a line on stderr.
    pub on_error: ErrorReport,
}

/// What [`ServerConfig::on_error`] calls: the operation's id and the implementation's error.
pub type ErrorReport = Arc<dyn Fn(&'static str, &crate::Error) + Send + Sync>;

/// The default [`ServerConfig::on_error`]: the operation and the error, on stderr.
fn print_error(operation: &'static str, err: &crate::Error) {
    eprintln!("{operation}: {err}");
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            body_limit: 10 * 1024 * 1024,
            part_limit: 5 * 1024 * 1024,
            body_read_timeout: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
            tokens: Arc::new(AnyToken),
            store: Arc::new(MemoryStore::new()),
            on_error: Arc::new(print_error),
        }
    }
}

impl ServerConfig {
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The largest part of a multipart body.
    pub fn with_part_limit(mut self, bytes: usize) -> Self {
        self.part_limit = bytes;
        self
    }

    pub fn with_body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_tokens(mut self, tokens: impl TokenVerifier) -> Self {
        self.tokens = Arc::new(tokens);
        self
    }

    pub fn with_store(mut self, store: Arc<dyn IdempotencyStore>) -> Self {
        self.store = store;
        self
    }

    /// Reports the errors implementations return to `report` (a logger, say) instead of stderr.
    pub fn on_error(
        mut self,
        report: impl Fn(&'static str, &crate::Error) + Send + Sync + 'static,
    ) -> Self {
        self.on_error = Arc::new(report);
        self
    }
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("body_limit", &self.body_limit)
            .field("part_limit", &self.part_limit)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}
