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

    /// Stores `submission`; one with the same `forsendelse_id` already there is kept.
    pub fn insert(&self, submission: &Submission) -> Result<(), String> {
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO innsending
                 (forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    submission.forsendelse_id,
                    submission.api,
                    submission.dialog_id,
                    submission.organisasjonsnummer,
                    submission.noekkel,
                    submission.innhold,
                    submission.mottatt
                ],
            )
            .map(|_| ())
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
        })
    }

    /// The submission `forsendelse_id` to `api`.
    pub fn get(&self, api: &str, forsendelse_id: &str) -> Result<Option<Submission>, String> {
        self.with(|c| {
            c.query_row(
                "SELECT forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt
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
                "SELECT forsendelse_id, api, dialog_id, organisasjonsnummer, noekkel, innhold, mottatt
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
