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
    pub(crate) headers: HeaderMap,
    pub(crate) path: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Bytes,
    pub(crate) roles: &'static ErrorRoles,
}

impl Input {
    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
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
        value.parse().map_err(|err: T::Err| {
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

    /// The header `name`, if given.
    pub fn header<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        let Some(value) = self.headers.get(name) else {
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

    /// The JSON body as `T`. Malformed JSON is the API's structure code; well-formed JSON that does not
    /// fit the schema (types, required fields, constraints) is its validation code, with the JSON path.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        // Well-formedness first: serde would report `[1,` as a type error of the first element.
        if let Err(err) = serde_json::from_slice::<serde::de::IgnoredAny>(&self.body) {
            return Err(Rejection::new(
                self.roles.structure,
                format!("Feil i JSON-innholdet: {err}"),
            )
            .with_spec(self.roles.specs.json));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let result = serde_path_to_error::deserialize(&mut deserializer)
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
            let rejection = Rejection::new(
                self.roles.validation,
                format!("Feil i JSON-innholdet: {err}"),
            )
            .with_spec(self.roles.specs.json);
            if path.is_empty() || path == "." {
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
}
