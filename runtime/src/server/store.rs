//! Where idempotency keys and the responses they produced are kept.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

/// The first response given for an idempotency key, with the request that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReply {
    /// The request body, to tell a retry (same body) from a conflict (different body).
    pub request: Bytes,
    /// The rest of the request: its method, path and query (without the key), to tell a retry from
    /// the key reused at another URL. `None` for a reply stored before this was kept (an older
    /// SQLite file): compared by its body alone, as it was then.
    pub target: Option<String>,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Bytes,
}

/// A store that failed (disk, database); answered as the API's unexpected-error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "idempotency store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// Keys and responses, per `scope` (API and operation). Calls are short and synchronous.
pub trait IdempotencyStore: Send + Sync + 'static {
    /// The response stored for `key`, if any.
    fn get(&self, scope: &str, key: &str) -> Result<Option<StoredReply>, StoreError>;
    /// Stores the response for `key`; a key that is already there keeps its first response.
    fn put(&self, scope: &str, key: &str, reply: &StoredReply) -> Result<(), StoreError>;
}

/// Keeps everything in memory (tests; lost on restart).
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<(String, String), StoredReply>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl IdempotencyStore for MemoryStore {
    fn get(&self, scope: &str, key: &str) -> Result<Option<StoredReply>, StoreError> {
        let entries = self
            .entries
            .lock()
            .map_err(|_| StoreError("poisoned lock".into()))?;
        Ok(entries.get(&(scope.to_string(), key.to_string())).cloned())
    }

    fn put(&self, scope: &str, key: &str, reply: &StoredReply) -> Result<(), StoreError> {
        let mut entries = self
            .entries
            .lock()
            .map_err(|_| StoreError("poisoned lock".into()))?;
        entries
            .entry((scope.to_string(), key.to_string()))
            .or_insert_with(|| reply.clone());
        Ok(())
    }
}
