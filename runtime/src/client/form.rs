//! Form and multipart bodies of a [`Request`]: a form (`application/x-www-form-urlencoded`) is encoded
//! at once (serde_html_form or serde_qs); a multipart body is kept as its parts and made into a
//! `reqwest` form for each try (a form is sent once, and a retried call sends it again).

use serde::Serialize;
use serde_json::Value;

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

impl Request {
    /// Sets a form body (`application/x-www-form-urlencoded`) of `body`'s properties. `nested`: keys
    /// in brackets for nested values (`metadata[key]=v`, `items[0][price]=p`, `expand[0]=x`), else
    /// flat, a list as its key repeated (`tag=a&tag=b`). Absent (`None`) properties are left out.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T, nested: bool) {
        let outcome = encode_form(body, nested).map(|form| {
            self.body = Some((
                reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
                form.into(),
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

    /// Adds a file part.
    pub fn part_file(&mut self, name: &str, file: &File) {
        self.parts()
            .push(Part::File(name.to_string(), file.clone()));
    }

    fn parts(&mut self) -> &mut Vec<Part> {
        self.parts.get_or_insert_with(Vec::new)
    }
}

/// The form's text. Written through a JSON value, so each property is written as in a JSON body (dates
/// as ISO 8601, amounts exact, enums by wire value), and without its `null`s (absent properties).
fn encode_form<T: Serialize + ?Sized>(body: &T, nested: bool) -> Result<String, RequestError> {
    let failed = |err: &dyn std::fmt::Display| {
        RequestError::new(format!("the body cannot be written as a form: {err}"))
    };
    let mut value = serde_json::to_value(body).map_err(|err| failed(&err))?;
    drop_nulls(&mut value);
    if nested {
        serde_qs::to_string(&value).map_err(|err| failed(&err))
    } else {
        serde_html_form::to_string(&value).map_err(|err| failed(&err))
    }
}

fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(drop_nulls);
        }
        _ => {}
    }
}

/// The `reqwest` form of the parts, made for each try.
pub(crate) fn multipart(parts: &[Part]) -> Result<reqwest::multipart::Form, RequestError> {
    let mut form = reqwest::multipart::Form::new();
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
                // `Bytes` into `Body` shares the buffer: no copy of the file per try.
                let length = file.bytes.len() as u64;
                let body = reqwest::Body::from(file.bytes.clone());
                let mut part = reqwest::multipart::Part::stream_with_length(body, length)
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
    use serde_json::json;

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
    fn a_flat_form_refuses_a_nested_value() {
        let err = encode_form(&json!({"a": {"b": 1}}), false).unwrap_err();
        assert!(
            err.to_string().contains("cannot be written as a form"),
            "{err}"
        );
    }
}
