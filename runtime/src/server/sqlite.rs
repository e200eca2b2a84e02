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
                     target TEXT,
                     PRIMARY KEY (scope, key)
                 );",
            )
            .map_err(error)?;
        add_target_column(&connection).map_err(error)?;
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

/// Adds the `target` column to a file written before it was kept; its rows keep `NULL` (compared by
/// their body alone, see [`StoredReply::target`]).
fn add_target_column(connection: &Connection) -> rusqlite::Result<()> {
    let has_target: bool = connection.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('idempotency') WHERE name = 'target'",
        [],
        |row| row.get(0),
    )?;
    if !has_target {
        connection.execute_batch("ALTER TABLE idempotency ADD COLUMN target TEXT;")?;
    }
    Ok(())
}

impl IdempotencyStore for SqliteStore {
    fn get(&self, scope: &str, key: &str) -> Result<Option<StoredReply>, StoreError> {
        self.connection()?
            .query_row(
                "SELECT request, status, content_type, body, target FROM idempotency
                 WHERE scope = ?1 AND key = ?2",
                params![scope, key],
                |row| {
                    Ok(StoredReply {
                        request: row.get::<_, Vec<u8>>(0)?.into(),
                        status: row.get(1)?,
                        content_type: row.get(2)?,
                        body: row.get::<_, Vec<u8>>(3)?.into(),
                        target: row.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(error)
    }

    fn put(&self, scope: &str, key: &str, reply: &StoredReply) -> Result<(), StoreError> {
        self.connection()?
            .execute(
                "INSERT OR IGNORE INTO idempotency
                 (scope, key, request, status, content_type, body, target)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    scope,
                    key,
                    reply.request.as_ref(),
                    reply.status,
                    reply.content_type,
                    reply.body.as_ref(),
                    reply.target
                ],
            )
            .map(|_| ())
            .map_err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    /// A file written before the `target` column was kept still opens; its rows come back without a
    /// target (compared by body alone), new rows keep theirs.
    #[test]
    fn a_file_without_the_target_column_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("old.sqlite");
        Connection::open(&file)
            .unwrap()
            .execute_batch(
                "CREATE TABLE idempotency (
                     scope TEXT NOT NULL,
                     key TEXT NOT NULL,
                     request BLOB NOT NULL,
                     status INTEGER NOT NULL,
                     content_type TEXT,
                     body BLOB NOT NULL,
                     PRIMARY KEY (scope, key)
                 );
                 INSERT INTO idempotency VALUES ('api/op', 'old', x'7b7d', 200, NULL, x'5b5d');",
            )
            .unwrap();
        let store = SqliteStore::open(&file).unwrap();
        let old = store.get("api/op", "old").unwrap().unwrap();
        assert_eq!((old.target, old.status), (None, 200));
        let new = StoredReply {
            request: Bytes::from_static(b"{}"),
            target: Some("[\"POST\",[],[]]".into()),
            status: 201,
            content_type: Some("application/json".into()),
            body: Bytes::from_static(b"{}"),
        };
        store.put("api/op", "new", &new).unwrap();
        drop(store);
        // Opening it again (the column is there now) keeps both.
        let store = SqliteStore::open(&file).unwrap();
        assert_eq!(store.get("api/op", "new").unwrap(), Some(new));
        assert_eq!(store.get("api/op", "old").unwrap().unwrap().target, None);
    }
}
