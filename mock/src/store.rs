//! The submissions the mock has received, in SQLite, so a restart keeps them.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

/// A stored submission (`innsending`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The API module it was sent to.
    pub api: String,
    pub forsendelse_id: String,
    pub dialog_id: String,
    /// The organisation it is for (oppgavegiver / oppdragsgiver).
    pub organisasjonsnummer: String,
    /// What identifies it within the organisation: the income year (åndsverk) or the assignment number
    /// (oppdrag).
    pub noekkel: String,
    /// The submitted JSON, as received.
    pub innhold: String,
    /// When it was received (RFC 3339).
    pub mottatt: String,
    /// The idempotency key it was sent with (`None`: the documented examples the mock starts with).
    pub idempotency_key: Option<String>,
    /// The receipt it was answered with (JSON), answered again to a retry with the same key.
    pub kvittering: Option<String>,
}

/// What an earlier submission under the same idempotency key makes of a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Earlier {
    /// The key is new: process the submission.
    None,
    /// The same submission was processed under this key: its receipt (JSON), to answer again.
    Same(String),
    /// Another submission was processed under this key: the API's conflict code.
    Different,
}

/// The mock's database.
#[derive(Debug)]
pub struct Db {
    connection: Mutex<Connection>,
}

impl Db {
    /// Opens (or creates) the database in `path`.
    pub fn open(path: &Path) -> Result<Db, rusqlite::Error> {
        let connection = Connection::open(path)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS innsending (
                 forsendelse_id TEXT PRIMARY KEY,
                 api TEXT NOT NULL,
                 dialog_id TEXT NOT NULL,
                 organisasjonsnummer TEXT NOT NULL,
                 noekkel TEXT NOT NULL,
                 innhold TEXT NOT NULL,
                 mottatt TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS innsending_oppslag
                 ON innsending (api, organisasjonsnummer, noekkel);",
        )?;
        add_idempotency_columns(&connection)?;
        Ok(Db {
            connection: Mutex::new(connection),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, String> {
        let connection = self
            .connection
            .lock()
            .map_err(|_| "the database lock is poisoned".to_string())?;
        f(&connection).map_err(|err| err.to_string())
    }

    /// Stores `submission`, with its key and receipt in the same row (one statement, so one
    /// transaction: a crash keeps both or neither). One with the same `forsendelse_id` already there is
    /// kept (the seeded examples, at every start); a second submission under one idempotency key is an
    /// error (the unique index), never a second row.
    pub fn insert(&self, submission: &Submission) -> Result<(), String> {
        self.with(|c| {
            c.execute(
                "INSERT INTO innsending
                 (forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt,
                  idempotency_key, kvittering)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (forsendelse_id) DO NOTHING",
                params![
                    submission.forsendelse_id,
                    submission.api,
                    submission.dialog_id,
                    submission.organisasjonsnummer,
                    submission.noekkel,
                    submission.innhold,
                    submission.mottatt,
                    submission.idempotency_key,
                    submission.kvittering
                ],
            )
            .map(|_| ())
        })
    }

    /// The submission to `api` stored under idempotency `key`, compared with `innhold`. The adapter
    /// stores a key's reply only after the implementation returns; a crash in between leaves the
    /// submission without it, and this is how the retry finds it instead of storing it twice.
    pub fn earlier(&self, api: &str, key: &str, innhold: &str) -> Result<Earlier, String> {
        let found: Option<(String, Option<String>)> = self.with(|c| {
            c.query_row(
                "SELECT innhold, kvittering FROM innsending WHERE api = ?1 AND idempotency_key = ?2",
                params![api, key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
        })?;
        Ok(match found {
            None => Earlier::None,
            Some((stored, Some(kvittering))) if stored == innhold => Earlier::Same(kvittering),
            Some((stored, None)) if stored == innhold => {
                return Err("a keyed submission is stored without its receipt".into())
            }
            Some(_) => Earlier::Different,
        })
    }

    fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Submission> {
        Ok(Submission {
            forsendelse_id: row.get(0)?,
            api: row.get(1)?,
            dialog_id: row.get(2)?,
            organisasjonsnummer: row.get(3)?,
            noekkel: row.get(4)?,
            innhold: row.get(5)?,
            mottatt: row.get(6)?,
            idempotency_key: row.get(7)?,
            kvittering: row.get(8)?,
        })
    }

    /// The submission `forsendelse_id` to `api`.
    pub fn get(&self, api: &str, forsendelse_id: &str) -> Result<Option<Submission>, String> {
        self.with(|c| {
            c.query_row(
                "SELECT forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt,
                        idempotency_key, kvittering
                 FROM innsending WHERE api = ?1 AND forsendelse_id = ?2",
                params![api, forsendelse_id],
                Self::row,
            )
            .optional()
        })
    }

    /// The latest submission to `api` for the organisation and key, if any.
    pub fn latest(
        &self,
        api: &str,
        organisasjonsnummer: &str,
        noekkel: &str,
    ) -> Result<Option<Submission>, String> {
        self.with(|c| {
            c.query_row(
                "SELECT forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt,
                        idempotency_key, kvittering
                 FROM innsending WHERE api = ?1 AND organisasjonsnummer = ?2 AND noekkel = ?3
                 ORDER BY rowid DESC LIMIT 1",
                params![api, organisasjonsnummer, noekkel],
                Self::row,
            )
            .optional()
        })
    }

    /// How many submissions `api` holds.
    pub fn count(&self, api: &str) -> Result<i64, String> {
        self.with(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM innsending WHERE api = ?1",
                params![api],
                |row| row.get(0),
            )
        })
    }
}

/// Adds the idempotency key and receipt columns to a database made before they existed (a mock
/// database file outlives the binary), and the index that keeps one submission per key.
fn add_idempotency_columns(connection: &Connection) -> rusqlite::Result<()> {
    let has_key: bool = connection.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('innsending') WHERE name = 'idempotency_key'",
        [],
        |row| row.get(0),
    )?;
    if !has_key {
        connection.execute_batch(
            "ALTER TABLE innsending ADD COLUMN idempotency_key TEXT;
             ALTER TABLE innsending ADD COLUMN kvittering TEXT;",
        )?;
    }
    // NULL keys (the seeded examples) do not collide: SQLite's unique indexes let NULLs repeat.
    connection.execute_batch(
        "CREATE UNIQUE INDEX IF NOT EXISTS innsending_idempotens
             ON innsending (api, idempotency_key);",
    )
}
