//! An error answer of the adapter itself, in the API's error body ([`ErrorShape`]): Skatteetaten's
//! `feil.md` (`{kode, melding, korrelasjonsid, feilspesifiseringer?}`), the API's own error object, or
//! RFC 7807 `application/problem+json` (`{type, title, status, detail}`).

use serde_json::{json, Map, Value};

use super::accept::Format;
use super::reply::Reply;
use super::roles::{ErrorCode, ErrorShape};

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

    /// The error body in the code's shape; in `feil.md`'s, with a fresh `korrelasjonsid`.
    pub fn body(&self) -> Value {
        let detail = &self.0;
        let code = &detail.code;
        match *code.shape {
            ErrorShape::Skatteetaten => {}
            ErrorShape::Problem => {
                return json!({
                    "type": "about:blank",
                    "title": code.text,
                    "status": code.status,
                    "detail": detail.melding,
                })
            }
            ErrorShape::Fields {
                message,
                code: kode,
                status,
                title,
                content_type: _,
            } => {
                let mut body = Map::new();
                if let Some(title) = title {
                    body.insert(title.into(), json!(code.text));
                }
                if let Some(kode) = kode {
                    body.insert(kode.into(), json!(code.kode));
                }
                if let Some(status) = status {
                    body.insert(status.into(), json!(code.status));
                }
                if let Some(message) = message {
                    body.insert(message.into(), json!(detail.melding));
                }
                return Value::Object(body);
            }
        }
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

    /// The HTTP answer in `format`: as [`Rejection::into_reply`], or, for [`Format::Xml`] with the
    /// API's error root element `xml_root`, the same body as XML.
    pub fn into_reply_as(self, format: Format, xml_root: Option<&str>) -> Reply {
        let (Format::Xml(media_type), Some(root)) = (format, xml_root) else {
            return self.into_reply();
        };
        match crate::xml::to_string(root, &self.body()) {
            Ok(text) => {
                let mut reply = Reply::bytes(self.0.code.status, media_type, text.into_bytes());
                reply.headers = self.0.headers;
                reply
            }
            // A map of strings and numbers is always XML; should it fail, JSON is still an answer.
            Err(_) => self.into_reply(),
        }
    }

    /// The HTTP answer.
    pub fn into_reply(self) -> Reply {
        let body = self.body();
        let mut reply = Reply::bytes(
            self.0.code.status,
            self.0.code.shape.content_type(),
            body.to_string().into_bytes(),
        );
        reply.headers = self.0.headers;
        reply
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIELDS: ErrorShape = ErrorShape::Fields {
        message: Some("message"),
        code: Some("code"),
        status: Some("statusCode"),
        title: None,
        content_type: "application/json",
    };

    #[test]
    fn feil_md_is_the_skatteetaten_body() {
        let reply = Rejection::new(
            ErrorCode::new("GLD_010", 400, "Feil ved validering"),
            "Feil",
        )
        .with_spec(Some("GLD_1022"))
        .into_reply();
        assert_eq!(reply.status, 400);
        assert_eq!(reply.content_type.as_deref(), Some("application/json"));
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(body["kode"], "GLD_010");
        assert_eq!(body["melding"], "Feil");
        assert_eq!(
            body["feilspesifiseringer"][0]["feilspesifiseringskode"],
            "GLD_1022"
        );
    }

    #[test]
    fn a_problem_is_rfc_7807() {
        let code = ErrorCode::shaped("unknown-url", 404, "Not Found", &ErrorShape::Problem);
        let reply = Rejection::new(code, "Ingen endepunkt").into_reply();
        assert_eq!(reply.status, 404);
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json")
        );
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body,
            json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Ingen endepunkt"})
        );
    }

    #[test]
    fn the_apis_own_fields_are_filled() {
        let code = ErrorCode::shaped("validation", 400, "Bad Request", &FIELDS);
        let reply = Rejection::new(code, "Feil i parameter").into_reply();
        assert_eq!(reply.content_type.as_deref(), Some("application/json"));
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body,
            json!({"code": "validation", "statusCode": 400, "message": "Feil i parameter"})
        );
    }
}
