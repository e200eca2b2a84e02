//! XML bodies, for the APIs that answer XML as well as JSON (features `client` and `server`): the same
//! typed values, written and read with quick-xml's serde support.
//!
//! The XML form is the one OpenAPI describes for a schema without an `xml` object: the root element is
//! named by the generator (the schema's name, or its `xml.name`), each property is an element named as
//! in JSON, a list is its items repeated under the property's name (not wrapped), a value left out
//! (`None`) is no element, and scalars are their JSON text (dates as ISO 8601, enums as their wire
//! value, amounts with all their digits).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The XML declaration every body starts with.
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// `value` as an XML document whose root element is `root`.
pub fn to_string<T: Serialize + ?Sized>(root: &str, value: &T) -> Result<String, String> {
    let mut body = String::from(DECLARATION);
    // `runtime::decimal` writes amounts as raw JSON number text, which only serde_json understands;
    // here they are written as plain text (the number, not a struct of serde_json's).
    crate::decimal::as_text(|| {
        let serializer = quick_xml::se::Serializer::with_root(&mut body, Some(root))
            .map_err(|err| err.to_string())?;
        value.serialize(serializer).map_err(|err| err.to_string())
    })?;
    Ok(body)
}

/// A value of type `T` from an XML document (the root element's name is not checked: the type says
/// what is expected).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    // Amounts are read from the element's text (see `to_string`).
    crate::decimal::as_text(|| quick_xml::de::from_str(text).map_err(|err| err.to_string()))
}

/// Whether `content_type` (a `Content-Type` value, or a media type of the spec) is XML:
/// `application/xml`, `text/xml` or `application/*+xml`, with any parameters.
pub fn is_xml_media_type(content_type: &str) -> bool {
    crate::media::is_xml(content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_media_types() {
        assert!(is_xml_media_type("application/xml"));
        assert!(is_xml_media_type("text/xml; charset=utf-8"));
        assert!(is_xml_media_type("application/problem+xml"));
        assert!(!is_xml_media_type("application/json"));
        assert!(!is_xml_media_type("application/xml-dtd"));
    }

    #[test]
    fn a_map_of_json_values_is_elements() {
        let value = serde_json::json!({
            "kode": "UFA-008",
            "status": 406,
            "feilspesifiseringer": [{"melding": "a"}, {"melding": "b"}],
        });
        let xml = to_string("Feil", &value).unwrap();
        assert_eq!(
            xml,
            format!(
                "{DECLARATION}<Feil><kode>UFA-008</kode><status>406</status>\
                 <feilspesifiseringer><melding>a</melding></feilspesifiseringer>\
                 <feilspesifiseringer><melding>b</melding></feilspesifiseringer></Feil>"
            )
        );
    }
}
