//! A request's parameters and body, parsed into the operation's types on demand. Every failure is a
//! [`Rejection`] with the API's documented code, naming the parameter or JSON path and the value given.

use std::fmt::Display;
use std::str::FromStr;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use super::rejection::Rejection;
use super::roles::ErrorRoles;

/// The parts of a request an operation's typed input is built from.
#[derive(Debug)]
pub struct Input {
    /// What the implementation is told about the call (headers without `Authorization`, caller,
    /// correlation id).
    pub(crate) context: crate::Context,
    pub(crate) path: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Bytes,
    /// A multipart body's parts, read by the pipeline (see `form.rs`).
    pub(crate) parts: Vec<super::form::ReceivedPart>,
    /// A streamed body (`BodyKind::Stream`), not read by the pipeline; taken by the call function.
    pub(crate) stream: Option<crate::ByteStream>,
    pub(crate) roles: &'static ErrorRoles,
    /// How the answer is written, as the caller's `Accept` asked.
    pub(crate) format: super::accept::Format,
}

impl Input {
    /// The request headers (without `Authorization`).
    pub fn headers(&self) -> &HeaderMap {
        &self.context.headers
    }

    /// The context the implementation is called with.
    pub fn context(&self) -> &crate::Context {
        &self.context
    }

    /// How the answer is written, as the caller's `Accept` asked (the server adapter writes it so).
    pub fn format(&self) -> super::accept::Format {
        self.format
    }

    /// The raw body.
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }

    fn invalid(&self, name: &str, value: Option<&str>, melding: String) -> Rejection {
        Rejection::new(self.roles.validation, melding)
            .with_spec(self.roles.specs.parameters)
            .at(name, value.map(str::to_string))
    }

    fn parse<T: FromStr>(&self, what: &str, name: &str, value: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        // A value an open enum's spec does not list is refused here, as one that does not parse.
        crate::codegen::check::documented_only(|| value.parse()).map_err(|err: T::Err| {
            self.invalid(
                name,
                Some(value),
                format!("Ugyldig verdi for {what} `{name}`: {err}"),
            )
        })
    }

    fn missing(&self, what: &str, name: &str) -> Rejection {
        self.invalid(name, None, format!("Påkrevd {what} `{name}` mangler"))
    }

    /// The path parameter at `index` of the route (its name in this operation's template is `name`:
    /// two operations may share a route whose parameters they name differently).
    pub fn path<T: FromStr>(&self, index: usize, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        match self.path.get(index) {
            Some((_, value)) => self.parse("stiparameter", name, value),
            None => Err(self.missing("stiparameter", name)),
        }
    }

    /// The query parameter `name`, if given.
    pub fn query<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        let mut values = self.query.iter().filter(|(key, _)| key == name);
        match (values.next(), values.next()) {
            (None, _) => Ok(None),
            (Some((_, value)), None) => self.parse("query-parameter", name, value).map(Some),
            (Some(_), Some((_, value))) => Err(self.invalid(
                name,
                Some(value),
                format!("Query-parameteren `{name}` er gitt mer enn én gang"),
            )),
        }
    }

    /// The required query parameter `name`.
    pub fn query_required<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.query(name)?
            .ok_or_else(|| self.missing("query-parameter", name))
    }

    /// Every value of the list-valued query parameter `name` (repeated, or separated by commas).
    pub fn query_all<T: FromStr>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T::Err: Display,
    {
        self.query
            .iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| value.split(','))
            .map(|value| self.parse("query-parameter", name, value))
            .collect()
    }

    /// The list-valued path parameter at `index` (OpenAPI's `simple` style: separated by commas), as
    /// [`Input::path`] names it.
    pub fn path_list<T: FromStr>(&self, index: usize, name: &str) -> Result<Vec<T>, Rejection>
    where
        T::Err: Display,
    {
        match self.path.get(index) {
            Some((_, value)) => list(value)
                .map(|value| self.parse("stiparameter", name, value))
                .collect(),
            None => Err(self.missing("stiparameter", name)),
        }
    }

    /// The values of the list-valued header `name` (separated by commas); none when it is absent.
    pub fn header_list<T: FromStr>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T::Err: Display,
    {
        match self.header::<String>(name)? {
            // A header list may have spaces after its commas (RFC 9110's `#` rule).
            Some(value) => list(&value)
                .map(|value| self.parse("header", name, value.trim()))
                .collect(),
            None => Ok(Vec::new()),
        }
    }

    /// The object-valued query parameter `name`, written as `style` says, if any of its properties is
    /// given. Property values are read from text as query parameters are (`"7"` is a number for a number
    /// property), with serde_urlencoded; a value that does not fit is the API's validation code.
    pub fn query_object<T: DeserializeOwned>(
        &self,
        name: &str,
        style: crate::codegen::ObjectStyle,
    ) -> Result<Option<T>, Rejection> {
        use crate::codegen::ObjectStyle;
        let pairs: Vec<(&str, &str)> = match style {
            ObjectStyle::DeepObject => self
                .query
                .iter()
                .filter_map(|(key, value)| {
                    let inner = key
                        .strip_prefix(name)?
                        .strip_prefix('[')?
                        .strip_suffix(']')?;
                    Some((inner, value.as_str()))
                })
                .collect(),
            // Every query parameter may be a property; the type takes the ones it has.
            ObjectStyle::FormExploded => self
                .query
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect(),
            ObjectStyle::Form => {
                let Some((_, joined)) = self.query.iter().find(|(key, _)| key == name) else {
                    return Ok(None);
                };
                let parts: Vec<&str> = joined.split(',').collect();
                let pairs = parts.chunks_exact(2);
                if !pairs.remainder().is_empty() {
                    return Err(self.invalid(
                        name,
                        Some(joined),
                        format!("Query-parameteren `{name}` må være par av navn og verdi"),
                    ));
                }
                pairs.map(|pair| (pair[0], pair[1])).collect()
            }
        };
        if pairs.is_empty() && style != ObjectStyle::FormExploded {
            return Ok(None);
        }
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        crate::codegen::check::documented_only(|| serde_urlencoded::from_str(&encoded))
            .map(Some)
            .map_err(|err| {
                self.invalid(
                    name,
                    None,
                    format!("Ugyldig verdi for query-parameteren `{name}`: {err}"),
                )
            })
    }

    /// The required object-valued query parameter `name`.
    pub fn query_object_required<T: DeserializeOwned>(
        &self,
        name: &str,
        style: crate::codegen::ObjectStyle,
    ) -> Result<T, Rejection> {
        self.query_object(name, style)?
            .ok_or_else(|| self.missing("query-parameter", name))
    }

    /// The header `name`, if given.
    pub fn header<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        let Some(value) = self.context.headers.get(name) else {
            return Ok(None);
        };
        match value.to_str() {
            Ok(value) => self.parse("header", name, value).map(Some),
            Err(_) => Err(self.invalid(
                name,
                None,
                format!("Headeren `{name}` er ikke gyldig tekst"),
            )),
        }
    }

    /// The required header `name`: a missing one is the API's "header missing" specification code.
    pub fn header_required<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.header(name)?.ok_or_else(|| {
            Rejection::new(
                self.roles.request,
                format!("Påkrevd header `{name}` mangler"),
            )
            .with_spec(
                self.roles
                    .specs
                    .missing_header
                    .or(self.roles.specs.parameters),
            )
            .at(name, None)
        })
    }

    /// `value`, the parameter `name` as read, once it is checked against its
    /// [`Rule`](crate::codegen::check::Rule) (an anonymous string schema's `minLength`/`maxLength`, a number
    /// schema's `minimum`/`maximum`): one out of bounds is the API's validation code, as a value that
    /// does not parse is.
    pub fn check<T, R: crate::codegen::check::Rule<T>>(
        &self,
        name: &str,
        value: T,
        rule: R,
    ) -> Result<T, Rejection> {
        match rule.check_value(&value) {
            Ok(()) => Ok(value),
            Err(error) => Err(self.invalid(
                name,
                None,
                format!("Ugyldig verdi for parameteren `{name}`: {error}"),
            )),
        }
    }

    /// The JSON body as `T`. Malformed JSON is the API's structure code; well-formed JSON that does not
    /// fit the schema (types, required fields, constraints) is its validation code, with the JSON path.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let malformed = |err: &dyn Display| {
            Rejection::new(
                self.roles.structure,
                format!("Feil i JSON-innholdet: {err}"),
            )
            .with_spec(self.roles.specs.json)
        };
        // JSON is UTF-8 (RFC 8259): other bytes are malformed JSON. Checked apart, since skipping over
        // a string (below) does not look at its bytes, and the typed read would report them as a bad
        // value of that field.
        if let Err(err) = std::str::from_utf8(&self.body) {
            return Err(malformed(&format!(
                "innholdet er ikke gyldig UTF-8 ({err})"
            )));
        }
        // Well-formedness first: serde would report `[1,` as a type error of the first element.
        if let Err(err) = serde_json::from_slice::<serde::de::IgnoredAny>(&self.body) {
            return Err(malformed(&err));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        // Open enums refuse values the spec does not list, which names their path like any misfit.
        let result = crate::codegen::check::documented_only(|| {
            serde_path_to_error::deserialize(&mut deserializer)
        })
        .map_err(|err| {
            let path = err.path().to_string();
            (path, err.into_inner())
        })
        .and_then(|value| {
            deserializer
                .end()
                .map(|()| value)
                .map_err(|err| (String::new(), err))
        });
        result.map_err(|(path, err)| {
            let at_root = path.is_empty() || path == ".";
            // The message names the path too: only Skatteetaten's body with a specification code
            // has a place of its own for it (`sti`), and a problem body or an API's own has none.
            let melding = if at_root {
                format!("Feil i JSON-innholdet: {err}")
            } else {
                format!("Feil i JSON-innholdet ved `{path}`: {err}")
            };
            let rejection =
                Rejection::new(self.roles.validation, melding).with_spec(self.roles.specs.json);
            if at_root {
                rejection
            } else {
                rejection.at(path, None)
            }
        })
    }

    /// The JSON body as `T`, or `None` for an empty body.
    pub fn json_optional<T: DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
        if self.body.is_empty() {
            Ok(None)
        } else {
            self.json().map(Some)
        }
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, Rejection> {
        String::from_utf8(self.body.to_vec()).map_err(|_| {
            Rejection::new(self.roles.structure, "Innholdet er ikke gyldig UTF-8-tekst")
        })
    }

    /// The body as UTF-8 text, or `None` for an empty body.
    pub fn text_optional(&self) -> Result<Option<String>, Rejection> {
        if self.body.is_empty() {
            Ok(None)
        } else {
            self.text().map(Some)
        }
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    /// The body as bytes, or `None` for an empty body.
    pub fn bytes_optional(&self) -> Option<Vec<u8>> {
        (!self.body.is_empty()).then(|| self.body.to_vec())
    }

    /// The streamed body, as it arrives (within the body limit: a longer body's stream ends with a
    /// [`StreamError`](crate::StreamError) of kind `TooLarge`); an empty one when none was sent.
    pub fn body_stream(&mut self) -> crate::ByteStream {
        self.stream.take().unwrap_or_else(crate::ByteStream::empty)
    }

    /// The streamed body, or `None` when none was sent.
    pub fn body_stream_optional(&mut self) -> Option<crate::ByteStream> {
        self.stream.take()
    }
}

/// The values of a list written as text, separated by commas; an empty text is no value.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(move |_| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::ObjectStyle;
    use crate::server::{ErrorCode, SpecCodes};

    static ROLES: ErrorRoles = ErrorRoles {
        shape: &crate::server::ErrorShape::Skatteetaten,
        validation: ErrorCode::new("V", 400, "validering"),
        structure: ErrorCode::new("V", 400, "validering"),
        request: ErrorCode::new("V", 400, "validering"),
        unknown_url: ErrorCode::new("U", 404, "ukjent"),
        method_not_allowed: None,
        not_acceptable: None,
        unauthenticated: ErrorCode::new("A", 401, "autentisering"),
        forbidden: None,
        idempotency_conflict: None,
        unexpected: ErrorCode::new("X", 500, "uventet"),
        specs: SpecCodes {
            parameters: None,
            missing_header: None,
            json: None,
            accept: None,
            content_type: None,
            missing_token: None,
            invalid_token: None,
            unknown_url: None,
        },
    };

    fn input(query: &[(&str, &str)]) -> Input {
        Input {
            context: crate::Context::default(),
            path: Vec::new(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Bytes::new(),
            parts: Vec::new(),
            stream: None,
            roles: &ROLES,
            format: Default::default(),
        }
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Filter {
        fra: Option<chrono::NaiveDate>,
        antall: Option<i64>,
        navn: Option<String>,
    }

    #[test]
    fn list_valued_path_parameters_and_headers_are_split_at_commas() {
        let mut input = input(&[]);
        input.path = vec![("modes".to_string(), "tube,bus".to_string())];
        input
            .context
            .headers
            .insert("x-ids", http::HeaderValue::from_static("1, 2,3"));
        let modes: Vec<String> = input.path_list(0, "modes").unwrap();
        assert_eq!(modes, ["tube", "bus"]);
        let ids: Vec<u32> = input.header_list("x-ids").unwrap();
        assert_eq!(ids, [1, 2, 3]);
        assert!(input.header_list::<u32>("x-absent").unwrap().is_empty());
        assert!(input.path_list::<String>(1, "other").is_err());
        input
            .context
            .headers
            .insert("x-bad", http::HeaderValue::from_static("1,x"));
        assert!(input.header_list::<u32>("x-bad").is_err());
    }

    #[test]
    fn a_parameter_out_of_its_length_is_the_validation_code() {
        let length = crate::codegen::check::Length {
            min: None,
            max: Some(3),
        };
        let input = input(&[("navn", "abcd"), ("kort", "abc")]);
        let kort: Option<String> = input.query("kort").unwrap();
        assert_eq!(
            input.check("kort", kort, length).unwrap().as_deref(),
            Some("abc")
        );
        let navn: Option<String> = input.query("navn").unwrap();
        let rejection = input.check("navn", navn, length).unwrap_err();
        assert_eq!(rejection.code(), ROLES.validation);
        assert!(
            rejection.melding().contains("longer than 3 characters"),
            "{rejection:?}"
        );
    }

    #[test]
    fn a_parameter_out_of_its_range_is_the_validation_code() {
        let range = crate::codegen::check::Range {
            min: Some(crate::codegen::check::Bound::inclusive(1i64)),
            max: None,
        };
        let input = input(&[("fra", "0"), ("til", "1")]);
        let til: i64 = input.query("til").unwrap().unwrap();
        assert_eq!(input.check("til", til, range).unwrap(), 1);
        let fra: Option<i64> = input.query("fra").unwrap();
        let rejection = input.check("fra", fra, range).unwrap_err();
        assert_eq!(rejection.code(), ROLES.validation);
        assert!(
            rejection
                .melding()
                .contains("`fra`: a value is 0; at least 1 required"),
            "{rejection:?}"
        );
    }

    #[test]
    fn object_query_parameters_are_read_as_their_style_says() {
        let expected = Filter {
            fra: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
            antall: Some(7),
            navn: Some("a b".into()),
        };
        let deep = input(&[
            ("filter[fra]", "2024-01-02"),
            ("filter[antall]", "7"),
            ("filter[navn]", "a b"),
            ("annet", "x"),
        ]);
        assert_eq!(
            deep.query_object::<Filter>("filter", ObjectStyle::DeepObject)
                .unwrap(),
            Some(expected)
        );
        let form = input(&[("filter", "antall,7,navn,x")]);
        let read: Filter = form
            .query_object_required("filter", ObjectStyle::Form)
            .unwrap();
        assert_eq!((read.antall, read.navn.as_deref()), (Some(7), Some("x")));
        let exploded = input(&[("antall", "3"), ("annet", "x")]);
        let read: Option<Filter> = exploded
            .query_object("filter", ObjectStyle::FormExploded)
            .unwrap();
        assert_eq!(read.unwrap().antall, Some(3));
        // Absent, and wrong: nothing, and the validation code.
        assert_eq!(
            input(&[])
                .query_object::<Filter>("filter", ObjectStyle::DeepObject)
                .unwrap(),
            None
        );
        let wrong = input(&[("filter[antall]", "sju")]);
        assert!(wrong
            .query_object::<Filter>("filter", ObjectStyle::DeepObject)
            .is_err());
        assert!(input(&[("filter", "antall")])
            .query_object::<Filter>("filter", ObjectStyle::Form)
            .is_err());
    }
}
