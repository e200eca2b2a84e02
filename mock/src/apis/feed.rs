//! The event feeds (hendelser), built from the data the mock holds: one `NY` event per month of data,
//! registered at its summary time (or the 5th of the following month, the a-melding deadline), numbered
//! from 1 in order of registration.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde_json::json;
use skatteetaten_api::runtime::Error;

/// The number of events one call returns when `antall` is not given. (The bounds of `antall` and
/// `fraSekvensnummer`, `minimum`/`maximum` in the specs, are checked by the generated server adapter
/// before a handler runs.)
pub const DEFAULT_ANTALL: i32 = 1_000;

#[derive(Debug, Clone)]
pub struct Event {
    pub identifikator: String,
    pub gjelder_periode: String,
    pub registreringstidspunkt: DateTime<FixedOffset>,
}

/// The 5th of the month after `kalendermaaned` (`2023-08` → 2023-09-05T00:00:00Z).
pub fn deadline(kalendermaaned: &str) -> Option<DateTime<FixedOffset>> {
    let first = NaiveDate::parse_from_str(&format!("{kalendermaaned}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let day = NaiveDate::from_ymd_opt(next.year(), next.month(), 5)?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// A feed: the events in order, numbered from 1.
#[derive(Debug, Clone)]
pub struct Feed {
    events: Vec<Event>,
}

impl Feed {
    pub fn new(mut events: Vec<Event>) -> Self {
        events.sort_by_key(|e| e.registreringstidspunkt);
        Feed { events }
    }

    /// The events from `fra` on, at most `antall` (default [`DEFAULT_ANTALL`]), as the API's
    /// `Hendelsesliste`. The `Err` is the mock's own failure (a list the API's type does not take).
    pub fn page<T: DeserializeOwned>(&self, fra: i64, antall: Option<i32>) -> Result<T, Error> {
        let antall = antall.unwrap_or(DEFAULT_ANTALL);
        let hendelser: Vec<_> = self
            .events
            .iter()
            .zip(1i64..)
            .filter(|(_, n)| *n >= fra)
            .take(usize::try_from(antall).unwrap_or(0))
            .map(|(e, n)| {
                json!({
                    "sekvensnummer": n,
                    "identifikator": e.identifikator,
                    "gjelderPeriode": e.gjelder_periode,
                    "registreringstidspunkt": e.registreringstidspunkt.to_rfc3339(),
                    "hendelsetype": "NY",
                })
            })
            .collect();
        serde_json::from_value(json!({ "hendelser": hendelser })).map_err(Error::implementation)
    }

    /// The number of the first event registered at or after `dato`; past the end, the number the next
    /// event will get.
    pub fn start(&self, dato: DateTime<FixedOffset>) -> i64 {
        self.events
            .iter()
            .zip(1i64..)
            .find(|(e, _)| e.registreringstidspunkt >= dato)
            .map_or(self.events.len() as i64 + 1, |(_, n)| n)
    }
}
