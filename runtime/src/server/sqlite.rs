//! The durable idempotency store: one SQLite file, so a restart keeps every key and response.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use super::store::{IdempotencyStore, StoreError, StoredReply};

/// Keys and responses in a SQLite file (table `idempotency`).
#[derive(Debug)]
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

fn error(err: rusqlite::Error) -> StoreError {
    StoreError(err.to_string())
}

impl SqliteStore {
    /// Opens (or creates) the store in `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::from_connection(Connection::open(path).map_err(error)?)
    }

    /// A store in an in-memory SQLite database.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::from_connection(Connection::open_in_memory().map_err(error)?)
    }

    fn from_connection(connection: Connection) -> Result<Self, StoreError> {
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA busy_timeout = 5000;
                 CREATE TABLE IF NOT EXISTS idempotency (
                     scope TEXT NOT NULL,
                     key TEXT NOT NULL,
                     request BLOB NOT NULL,
                     status INTEGER NOT NULL,
                     content_type TEXT,
                     body BLOB NOT NULL,
                     PRIMARY KEY (scope, key)
                 );",
            )
            .map_err(error)?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
        })
    }

    fn connection(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.connection
            .lock()
            .map_err(|_| StoreError("poisoned lock".into()))
    }
}

impl IdempotencyStore for SqliteStore {
    fn get(&self, scope: &str, key: &str) -> Result<Option<StoredReply>, StoreError> {
        self.connection()?
            .query_row(
                "SELECT request, status, content_type, body FROM idempotency WHERE scope = ?1 AND key = ?2",
                params![scope, key],
                |row| {
                    Ok(StoredReply {
                        request: row.get::<_, Vec<u8>>(0)?.into(),
                        status: row.get(1)?,
                        content_type: row.get(2)?,
                        body: row.get::<_, Vec<u8>>(3)?.into(),
                    })
                },
            )
            .optional()
            .map_err(error)
    }

    fn put(&self, scope: &str, key: &str, reply: &StoredReply) -> Result<(), StoreError> {
        self.connection()?
            .execute(
                "INSERT OR IGNORE INTO idempotency (scope, key, request, status, content_type, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    scope,
                    key,
                    reply.request.as_ref(),
                    reply.status,
                    reply.content_type,
                    reply.body.as_ref()
                ],
            )
            .map(|_| ())
            .map_err(error)
    }
}
