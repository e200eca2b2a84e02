//! Form and multipart request bodies on the server side. A form (`application/x-www-form-urlencoded`)
//! is read into the operation's struct by serde_html_form (flat) or serde_qs (nested keys); a multipart
//! body is split into its parts by multer as it is read, each part within the part limit
//! ([`ServerConfig::part_limit`](super::ServerConfig)), and the generated code builds the struct from
//! the parts by name ([`Input::part_file`], [`Input::part_text`], [`Input::part_json`]).

use std::fmt::Display;
use std::str::FromStr;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::input::Input;
use super::rejection::Rejection;
use super::roles::ErrorRoles;
use crate::File;

/// One part of a received multipart body: its name, and its content as a [`File`] (with the part's
/// file name and content type).
#[derive(Debug, Clone)]
pub(crate) struct ReceivedPart {
    name: String,
    content: File,
}

/// A file part larger than this is written to a temporary file as it arrives and handed to the
/// implementation as a stream from it, so an upload is never held in memory whole; smaller parts (and
/// every part without a file name) are kept in memory.
const SPOOL_ABOVE: usize = 256 * 1024;

/// Limits of a multipart body.
pub(crate) struct Limits {
    /// The whole body ([`ServerConfig::body_limit`](super::ServerConfig)).
    pub body: u64,
    /// Each part ([`ServerConfig::part_limit`](super::ServerConfig)).
    pub part: u64,
}

/// Splits a multipart body into its parts as it arrives, each within the part limit and all within the
/// body limit. A malformed body, or a part over a limit, is the API's validation code naming the part.
/// Also returns a fingerprint of the body (every part's name and bytes), which stands for it where a
/// replay under an idempotency key is compared with the first request.
pub(crate) async fn read_parts(
    roles: &'static ErrorRoles,
    content_type: &str,
    body: axum::body::Body,
    limits: Limits,
) -> Result<(Vec<ReceivedPart>, Bytes), Rejection> {
    use std::hash::Hasher;

    let invalid =
        |melding: String| Rejection::new(roles.validation, melding).with_spec(roles.specs.json);
    let boundary = multer::parse_boundary(content_type).map_err(|err| {
        Rejection::new(
            roles.request,
            format!("Content-Type for multipart mangler gyldig boundary: {err}"),
        )
        .with_spec(roles.specs.content_type)
        .at("Content-Type", Some(content_type.to_string()))
    })?;
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(limits.body)
            .per_field(limits.part),
    );
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut parts = Vec::new();
    // Not for security (a client can only collide with its own requests): SipHash with fixed keys.
    #[allow(deprecated)]
    let mut fingerprint = std::hash::SipHasher::new();
    let failed = |name: &str, err: multer::Error| match err {
        multer::Error::FieldSizeExceeded { .. } => invalid(format!(
            "Delen `{name}` er for stor; grensen er {} byte",
            limits.part
        ))
        .at(name.to_string(), None),
        multer::Error::StreamSizeExceeded { .. } => invalid(format!(
            "Innholdet er for stort; grensen er {} byte",
            limits.body
        )),
        err => invalid(format!("Feil i delen `{name}`: {err}")).at(name.to_string(), None),
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return Err(invalid(format!("Feil i multipart-innholdet: {err}"))),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(ToString::to_string);
        fingerprint.write(name.as_bytes());
        fingerprint.write_u8(0);
        let mut held = bytes::BytesMut::new();
        let mut spool: Option<(tokio::fs::File, u64)> = None;
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(err) => return Err(failed(&name, err)),
            };
            fingerprint.write(&chunk);
            match &mut spool {
                Some((file, length)) => {
                    write(file, &chunk, &name, roles).await?;
                    *length += chunk.len() as u64;
                }
                None if file_name.is_some() && held.len() + chunk.len() > SPOOL_ABOVE => {
                    let mut file = temporary(&name, roles)?;
                    write(&mut file, &held, &name, roles).await?;
                    write(&mut file, &chunk, &name, roles).await?;
                    let length = (held.len() + chunk.len()) as u64;
                    held.clear();
                    spool = Some((file, length));
                }
                None => held.extend_from_slice(&chunk),
            }
        }
        let mut content = match spool {
            Some((file, length)) => {
                File::from_stream(read_back(file, &name, roles).await?, Some(length))
            }
            None => File::new(held.freeze()),
        };
        content.name = file_name;
        content.content_type = content_type;
        parts.push(ReceivedPart { name, content });
    }
    let fingerprint = Bytes::from(format!("multipart {:016x}", fingerprint.finish()));
    Ok((parts, fingerprint))
}

/// A temporary file, deleted when closed (the stream read from it is its last holder).
fn temporary(name: &str, roles: &'static ErrorRoles) -> Result<tokio::fs::File, Rejection> {
    let file = tempfile::tempfile().map_err(|err| spool_failed(name, &err, roles))?;
    Ok(tokio::fs::File::from_std(file))
}

async fn write(
    file: &mut tokio::fs::File,
    bytes: &[u8],
    name: &str,
    roles: &'static ErrorRoles,
) -> Result<(), Rejection> {
    use tokio::io::AsyncWriteExt;
    file.write_all(bytes)
        .await
        .map_err(|err| spool_failed(name, &err, roles))
}

/// The spooled part as a stream, from its start.
async fn read_back(
    mut file: tokio::fs::File,
    name: &str,
    roles: &'static ErrorRoles,
) -> Result<crate::ByteStream, Rejection> {
    use tokio::io::{AsyncSeekExt, AsyncWriteExt};
    let failed = |err: std::io::Error| spool_failed(name, &err, roles);
    file.flush().await.map_err(failed)?;
    file.rewind().await.map_err(failed)?;
    Ok(crate::ByteStream::from_stream(
        tokio_util::io::ReaderStream::new(file),
    ))
}

/// The server's own failure (no room for the temporary file): the API's unexpected-error code.
fn spool_failed(name: &str, err: &std::io::Error, roles: &'static ErrorRoles) -> Rejection {
    Rejection::new(
        roles.unexpected,
        format!("Delen `{name}` kunne ikke mellomlagres: {err}"),
    )
}

impl Input {
    /// The form body as `T`: `nested` reads keys in brackets (`metadata[key]=v`, `expand[]=x`,
    /// `expand[0]=x`), else a flat form (a list as its key repeated). A value that does not fit is the
    /// API's validation code.
    pub fn form<T: DeserializeOwned>(&self, nested: bool) -> Result<T, Rejection> {
        // Amounts come as form text, not as JSON number text.
        // Open enums refuse values the spec does not list.
        let result = crate::decimal::as_text(|| {
            crate::codegen::check::documented_only(|| read_form(&self.body, nested))
        });
        result.map_err(|err| {
            Rejection::new(self.roles.validation, format!("Feil i skjemaet: {err}"))
                .with_spec(self.roles.specs.json)
        })
    }

    /// The form body as `T`, or `None` for an empty body.
    pub fn form_optional<T: DeserializeOwned>(&self, nested: bool) -> Result<Option<T>, Rejection> {
        if self.body.is_empty() {
            Ok(None)
        } else {
            self.form(nested).map(Some)
        }
    }

    /// The body as `T`, from JSON or, where the request says `application/x-www-form-urlencoded`, from a
    /// form (an operation that takes both).
    pub fn json_or_form<T: DeserializeOwned>(&self, nested: bool) -> Result<T, Rejection> {
        match self.headers().get(http::header::CONTENT_TYPE) {
            Some(value) if super::pipeline::is_form(value) => self.form(nested),
            _ => self.json(),
        }
    }

    /// [`Input::json_or_form`], or `None` for an empty body.
    pub fn json_or_form_optional<T: DeserializeOwned>(
        &self,
        nested: bool,
    ) -> Result<Option<T>, Rejection> {
        if self.body.is_empty() {
            Ok(None)
        } else {
            self.json_or_form(nested).map(Some)
        }
    }

    /// Whether the request has a body (an optional multipart body is read only if it has).
    pub fn has_body(&self) -> bool {
        !self.body.is_empty() || !self.parts.is_empty()
    }

    fn parts_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ReceivedPart> + 'a {
        self.parts.iter().filter(move |part| part.name == name)
    }

    fn part_missing(&self, name: &str) -> Rejection {
        Rejection::new(
            self.roles.validation,
            format!("Påkrevd del `{name}` mangler i multipart-innholdet"),
        )
        .with_spec(self.roles.specs.json)
        .at(name, None)
    }

    fn part_invalid(&self, name: &str, melding: String) -> Rejection {
        Rejection::new(self.roles.validation, melding)
            .with_spec(self.roles.specs.json)
            .at(name, None)
    }

    /// The required file part `name`.
    pub fn part_file(&self, name: &str) -> Result<File, Rejection> {
        self.part_file_optional(name)?
            .ok_or_else(|| self.part_missing(name))
    }

    /// The file part `name`, if sent.
    pub fn part_file_optional(&self, name: &str) -> Result<Option<File>, Rejection> {
        Ok(self.parts_named(name).next().map(file))
    }

    /// Every file part `name`.
    pub fn part_files(&self, name: &str) -> Result<Vec<File>, Rejection> {
        Ok(self.parts_named(name).map(file).collect())
    }

    /// The file parts `name`, or `None` when none was sent.
    pub fn part_files_optional(&self, name: &str) -> Result<Option<Vec<File>>, Rejection> {
        let files = self.part_files(name)?;
        Ok((!files.is_empty()).then_some(files))
    }

    /// The required text part `name`, read with `FromStr`.
    pub fn part_text<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.part_text_optional(name)?
            .ok_or_else(|| self.part_missing(name))
    }

    /// The text part `name`, if sent.
    pub fn part_text_optional<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        self.parts_named(name)
            .next()
            .map(|part| self.parse_part(part))
            .transpose()
    }

    /// Every text part `name`, each read with `FromStr`.
    pub fn part_texts<T: FromStr>(&self, name: &str) -> Result<Vec<T>, Rejection>
    where
        T::Err: Display,
    {
        self.parts_named(name)
            .map(|part| self.parse_part(part))
            .collect()
    }

    /// The text parts `name`, or `None` when none was sent.
    pub fn part_texts_optional<T: FromStr>(&self, name: &str) -> Result<Option<Vec<T>>, Rejection>
    where
        T::Err: Display,
    {
        let values = self.part_texts(name)?;
        Ok((!values.is_empty()).then_some(values))
    }

    /// The required part `name`, holding JSON.
    pub fn part_json<T: DeserializeOwned>(&self, name: &str) -> Result<T, Rejection> {
        self.part_json_optional(name)?
            .ok_or_else(|| self.part_missing(name))
    }

    /// The part `name` holding JSON, if sent.
    pub fn part_json_optional<T: DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, Rejection> {
        let Some(part) = self.parts_named(name).next() else {
            return Ok(None);
        };
        let held = self.held(part)?;
        crate::codegen::check::documented_only(|| serde_json::from_slice(held))
            .map(Some)
            .map_err(|err| {
                self.part_invalid(
                    name,
                    format!("Feil i JSON-innholdet i delen `{name}`: {err}"),
                )
            })
    }

    /// The bytes of a part read as a value: in memory, unless it came as a large file.
    fn held<'p>(&self, part: &'p ReceivedPart) -> Result<&'p [u8], Rejection> {
        part.content.bytes().map(|bytes| &bytes[..]).ok_or_else(|| {
            let name = &part.name;
            self.part_invalid(
                name,
                format!("Delen `{name}` er en stor fil, ikke en verdi"),
            )
        })
    }

    fn parse_part<T: FromStr>(&self, part: &ReceivedPart) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        let name = &part.name;
        let text = std::str::from_utf8(self.held(part)?).map_err(|_| {
            self.part_invalid(name, format!("Delen `{name}` er ikke gyldig UTF-8-tekst"))
        })?;
        crate::codegen::check::documented_only(|| text.parse()).map_err(|err: T::Err| {
            self.part_invalid(name, format!("Ugyldig verdi for delen `{name}`: {err}"))
        })
    }
}

/// The form `body` as `T`.
fn read_form<T: DeserializeOwned>(body: &[u8], nested: bool) -> Result<T, String> {
    if nested {
        // Not strict: brackets may come percent-encoded (`metadata%5Ba%5D=1`), as browsers send them.
        serde_qs::Config::new(8, false)
            .deserialize_bytes(body)
            .map_err(|err| err.to_string())
    } else {
        serde_html_form::from_bytes(body).map_err(|err| err.to_string())
    }
}

fn file(part: &ReceivedPart) -> File {
    part.content.clone()
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Body {
        #[serde(with = "crate::decimal")]
        amount: Decimal,
        #[serde(default, with = "crate::decimal")]
        more: Option<Vec<Decimal>>,
        count: i64,
        on: bool,
    }

    /// Amounts come as form text, which the decimal reader takes with every digit, from either reader.
    #[test]
    fn a_form_reads_amounts_numbers_and_booleans_from_their_text() {
        let expected = Body {
            amount: "12345678901234567.89".parse().unwrap(),
            more: Some(vec!["0.10".parse().unwrap(), "2".parse().unwrap()]),
            count: 3,
            on: true,
        };
        let read = |form: &str, nested| {
            crate::decimal::as_text(|| super::read_form::<Body>(form.as_bytes(), nested))
        };
        let nested = "amount=12345678901234567.89&more[0]=0.10&more[1]=2&count=3&on=true";
        assert_eq!(read(nested, true), Ok(expected.clone()));
        let flat = "amount=12345678901234567.89&more=0.10&more=2&count=3&on=true";
        assert_eq!(read(flat, false), Ok(expected));
    }
}
