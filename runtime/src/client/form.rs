//! Form and multipart bodies of a [`Request`]: a form (`application/x-www-form-urlencoded`) is encoded
//! at once (serde_html_form or serde_qs); a multipart body is kept as its parts and made into a
//! `reqwest` form for each try (a form is sent once, and a retried call sends it again).

use serde::Serialize;
use serde_json::value::RawValue;

use super::error::RequestError;
use super::request::Request;
use crate::File;

/// One part of a multipart body, as the generated code adds it.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String, String),
    Json(String, String),
    File(String, File),
}

impl Part {
    fn name(&self) -> &str {
        match self {
            Part::Text(name, _) | Part::Json(name, _) | Part::File(name, _) => name,
        }
    }
}

impl Request {
    /// Sets a form body (`application/x-www-form-urlencoded`) of `body`'s properties. `nested`: keys
    /// in brackets for nested values (`metadata[key]=v`, `items[0][price]=p`, `expand[0]=x`), else
    /// flat, a list as its key repeated (`tag=a&tag=b`). Absent (`None`) properties are left out.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T, nested: bool) {
        let outcome = encode_form(body, nested).map(|form| {
            self.body = Some((
                reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
                super::request::Payload::Whole(form.into()),
            ));
        });
        self.keep(outcome);
    }

    /// Adds a text part to the multipart body: a scalar as its text, a list as one part per element;
    /// `None` adds nothing.
    pub fn part_text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let outcome = super::request::values(name, value).map(|values| {
            for value in values {
                self.parts().push(Part::Text(name.to_string(), value));
            }
        });
        self.keep(outcome);
    }

    /// Adds a part holding `value` as JSON (`Content-Type: application/json`).
    pub fn part_json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let outcome = serde_json::to_string(value)
            .map(|json| self.parts().push(Part::Json(name.to_string(), json)))
            .map_err(|err| RequestError::new(format!("part `{name}` cannot be written: {err}")));
        self.keep(outcome);
    }

    /// Adds a file part. A streamed file is read as it is sent, so the request is sent once.
    pub fn part_file(&mut self, name: &str, file: &File) {
        self.streamed_part |= file.is_streamed();
        self.parts()
            .push(Part::File(name.to_string(), file.clone()));
    }

    fn parts(&mut self) -> &mut Vec<Part> {
        self.parts.get_or_insert_with(Vec::new)
    }
}

/// The form's text. Written through the body's JSON, so each property is written as in a JSON body
/// (dates as ISO 8601, amounts with every digit, enums by wire value), without its `null`s (absent
/// properties).
fn encode_form<T: Serialize + ?Sized>(body: &T, nested: bool) -> Result<String, RequestError> {
    let failed = |err: &dyn std::fmt::Display| {
        RequestError::new(format!("the body cannot be written as a form: {err}"))
    };
    let json = serde_json::value::to_raw_value(body).map_err(|err| failed(&err))?;
    let value = FormValue::of(&json).map_err(|err| failed(&err))?;
    if nested {
        serde_qs::to_string(&value).map_err(|err| failed(&err))
    } else {
        serde_html_form::to_string(&value).map_err(|err| failed(&err))
    }
}

/// A JSON value as a form holds it: numbers and booleans as the text JSON has for them (an amount keeps
/// its digits, which a `serde_json::Value` would round through `f64`), `null`s left out.
enum FormValue<'a> {
    Text(std::borrow::Cow<'a, str>),
    List(Vec<FormValue<'a>>),
    Map(Vec<(String, FormValue<'a>)>),
}

impl<'a> FormValue<'a> {
    /// `None` for `null`.
    fn of(raw: &'a RawValue) -> Result<Option<Self>, serde_json::Error> {
        let text = raw.get().trim();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let map: Vec<(String, &RawValue)> = serde_json::from_str::<Entries<'a>>(text)?.0;
                let mut entries = Vec::with_capacity(map.len());
                for (key, value) in map {
                    if let Some(value) = FormValue::of(value)? {
                        entries.push((key, value));
                    }
                }
                Some(FormValue::Map(entries))
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(text)?;
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    list.extend(FormValue::of(item)?);
                }
                Some(FormValue::List(list))
            }
            Some(b'"') => Some(FormValue::Text(serde_json::from_str(text)?)),
            _ if text == "null" => None,
            _ => Some(FormValue::Text(text.into())),
        })
    }
}

impl Serialize for FormValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FormValue::Text(text) => serializer.serialize_str(text),
            FormValue::List(items) => serializer.collect_seq(items),
            FormValue::Map(entries) => {
                serializer.collect_map(entries.iter().map(|(key, value)| (key, value)))
            }
        }
    }
}

/// A JSON object's entries in their order, each value as its JSON text.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// The `reqwest` form of the parts, made for each try.
pub(crate) fn multipart(parts: &[Part]) -> Result<reqwest::multipart::Form, RequestError> {
    let mut form = reqwest::multipart::Form::new();
    // Names as they are, in UTF-8 (`name="beløp"`), as browsers send them and RFC 7578 asks; reqwest
    // would write a non-ASCII name as RFC 2231's `name*=utf-8''bel%C3%B8p`, which RFC 7578 does not
    // allow and servers (multer among them) do not read. Only a name that cannot stand between quotes
    // is left to reqwest's encoding.
    let quotable = |name: &str| !name.contains(['"', '\\', '\r', '\n']);
    if parts.iter().all(|part| quotable(part.name())) {
        form = form.percent_encode_noop();
    }
    for part in parts {
        form = match part {
            Part::Text(name, text) => form.text(name.clone(), text.clone()),
            Part::Json(name, json) => form.part(
                name.clone(),
                reqwest::multipart::Part::text(json.clone())
                    .mime_str("application/json")
                    .map_err(|err| RequestError::new(format!("part `{name}`: {err}")))?,
            ),
            Part::File(name, file) => {
                // Bytes into a `Body` share their buffer: no copy of the file per try. A stream is
                // sent as it is read, once.
                let body = match file.bytes() {
                    Some(bytes) => reqwest::Body::from(bytes.clone()),
                    None => match file.stream() {
                        Some(stream) => reqwest::Body::wrap_stream(stream),
                        None => {
                            return Err(RequestError::new(format!(
                                "part `{name}`: the file's stream was sent before and cannot be sent again"
                            )))
                        }
                    },
                };
                let part = match file.len() {
                    Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                    None => reqwest::multipart::Part::stream(body),
                };
                let mut part = part
                    .mime_str(
                        file.content_type
                            .as_deref()
                            .unwrap_or("application/octet-stream"),
                    )
                    .map_err(|err| {
                        RequestError::new(format!(
                            "part `{name}`: the content type is not a media type: {err}"
                        ))
                    })?;
                if let Some(file_name) = &file.name {
                    part = part.file_name(file_name.clone());
                }
                form.part(name.clone(), part)
            }
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn a_nested_form_writes_keys_in_brackets() {
        let body = json!({
            "amount": 100,
            "metadata": {"a": "1", "b": "x y"},
            "expand": ["customer", "invoice"],
            "items": [{"price": "p_1", "quantity": 2}],
            "description": null,
        });
        let form = encode_form(&body, true).unwrap();
        assert_eq!(
            form,
            "amount=100&metadata[a]=1&metadata[b]=x+y&expand[0]=customer&expand[1]=invoice&items[0][price]=p_1&items[0][quantity]=2"
        );
    }

    #[test]
    fn a_flat_form_repeats_the_key_of_a_list() {
        let body = json!({"To": "+4712345678", "Tag": ["a", "b"], "Record": true, "Skip": null});
        let form = encode_form(&body, false).unwrap();
        assert_eq!(form, "To=%2B4712345678&Tag=a&Tag=b&Record=true");
    }

    #[test]
    fn an_amount_keeps_every_digit() {
        #[derive(Serialize)]
        struct Body {
            #[serde(with = "crate::decimal")]
            amount: rust_decimal::Decimal,
            more: Vec<Value>,
        }
        let body = Body {
            amount: "1250000.50".parse().unwrap(),
            more: vec![json!(12345678901234567890u64), json!(null), json!(0.1)],
        };
        let form = encode_form(&body, true).unwrap();
        assert_eq!(
            form,
            "amount=1250000.50&more[0]=12345678901234567890&more[1]=0.1"
        );
    }

    #[test]
    fn a_flat_form_refuses_a_nested_value() {
        let err = encode_form(&json!({"a": {"b": 1}}), false).unwrap_err();
        assert!(
            err.to_string().contains("cannot be written as a form"),
            "{err}"
        );
    }
}
