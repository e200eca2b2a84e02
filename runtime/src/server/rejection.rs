//! An error answer of the adapter itself, in the documented error body (`feil.md`):
//! `{kode, melding, korrelasjonsid, feilspesifiseringer?}`.

use serde_json::{json, Map, Value};

use super::reply::Reply;
use super::roles::ErrorCode;

/// A fresh correlation id (UUID v4) for an error body.
pub fn korrelasjonsid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A refusal of a request: a documented code, a message, and optionally a specification code. Boxed,
/// so a `Result<T, Rejection>` stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(Box<Detail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Detail {
    code: ErrorCode,
    melding: String,
    spec: Option<&'static str>,
    sti: Option<String>,
    angitt_verdi: Option<String>,
    headers: Vec<(&'static str, String)>,
}

impl Rejection {
    /// A refusal with `code` and `melding`.
    pub fn new(code: ErrorCode, melding: impl Into<String>) -> Self {
        Rejection(Box::new(Detail {
            code,
            melding: melding.into(),
            spec: None,
            sti: None,
            angitt_verdi: None,
            headers: Vec::new(),
        }))
    }

    /// The documented code and its status.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The message (`melding`): what exactly is wrong.
    pub fn melding(&self) -> &str {
        &self.0.melding
    }

    /// The specification code, when the API documents one for this case.
    pub fn spec(&self) -> Option<&'static str> {
        self.0.spec
    }

    /// Adds the specification code `spec` (ignored when `None`: the API documents none).
    pub fn with_spec(mut self, spec: Option<&'static str>) -> Self {
        self.0.spec = spec;
        self
    }

    /// Names where the problem is (`sti`: a parameter name or a JSON path) and the value given there
    /// (`angittVerdi`).
    pub fn at(mut self, sti: impl Into<String>, angitt_verdi: Option<String>) -> Self {
        self.0.sti = Some(sti.into());
        self.0.angitt_verdi = angitt_verdi;
        self
    }

    /// Adds a response header (`WWW-Authenticate`).
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.headers.push((name, value.into()));
        self
    }

    /// The error body, with a fresh `korrelasjonsid`.
    pub fn body(&self) -> Value {
        let detail = &self.0;
        let mut body = Map::new();
        body.insert("kode".into(), json!(detail.code.kode));
        body.insert("melding".into(), json!(detail.melding));
        body.insert("korrelasjonsid".into(), json!(korrelasjonsid()));
        if let Some(spec) = detail.spec {
            let mut entry = Map::new();
            entry.insert("feilspesifiseringskode".into(), json!(spec));
            entry.insert("melding".into(), json!(detail.melding));
            if let Some(sti) = &detail.sti {
                entry.insert("sti".into(), json!(sti));
            }
            if let Some(value) = &detail.angitt_verdi {
                entry.insert("angittVerdi".into(), json!(value));
            }
            body.insert(
                "feilspesifiseringer".into(),
                Value::Array(vec![Value::Object(entry)]),
            );
        }
        Value::Object(body)
    }

    /// The HTTP answer.
    pub fn into_reply(self) -> Reply {
        let body = self.body();
        let mut reply = Reply::json_value(self.0.code.status, &body);
        reply.headers = self.0.headers;
        reply
    }
}
