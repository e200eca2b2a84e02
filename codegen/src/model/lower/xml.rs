//! Whether a response's data is offered as XML too, and the XML root element it is written under.
//!
//! A response whose content lists an XML media type (`application/xml`, `text/xml`, `*/*+xml`) beside
//! the JSON one it is typed by, with the same schema (or none), is the same data in another encoding:
//! the JSON type stays the Rust type, and the server adapter and the client write and read it as XML
//! when asked. An XML media type with a schema of its own is another body, and is not offered.

use indexmap::IndexMap;
use openapiv3::MediaType;
use serde_json::Value;

use super::Context;
use crate::load::spec::escape;
use crate::model::media::is_xml;
use crate::model::{Content, Encoding, XmlForm};

/// The XML form of `content` (the JSON body chosen from `media`, the response's content at `at`), if
/// the response offers one; `hint` names the root of an inline schema without `xml.name`.
pub(crate) fn xml_form(
    cx: &Context,
    media: &IndexMap<String, MediaType>,
    at: &str,
    content: &Content,
    hint: &str,
) -> Option<XmlForm> {
    if content.encoding != Encoding::Json {
        return None;
    }
    let (media_type, _) = media.iter().find(|(media, _)| is_xml(media))?;
    let schema_at = |media: &str| format!("{at}/content/{}/schema", escape(media));
    let json_schema = cx.raw(&schema_at(&content.media_type));
    let xml_schema = cx.raw(&schema_at(media_type));
    if xml_schema.is_some() && xml_schema != json_schema {
        return None;
    }
    Some(XmlForm {
        media_type: media_type.clone(),
        root: json_schema
            .and_then(|schema| root_name(cx, schema, &schema_at(&content.media_type)))
            .map(|name| element_name(&name))
            .unwrap_or_else(|| hint.to_string()),
    })
}

/// `name` as an XML element name: a character no name may hold is `_` (`Liste[Ordre]` is
/// `Liste_Ordre_`), and a name that may not start so starts with `_` (`1Foo` is `_1Foo`). A name as
/// Skatteetaten's specs write them (`Underenhet`, `System.Object`) stays as it is.
fn element_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// The root element of a schema: its `xml.name`, or, for a reference to a component schema, that
/// schema's `xml.name` or its name (as OpenAPI names the root of a component).
fn root_name(cx: &Context, schema: &Value, at: &str) -> Option<String> {
    let xml_name = |schema: &Value| {
        schema
            .pointer("/xml/name")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if let Some(name) = xml_name(schema) {
        return Some(name);
    }
    let reference = schema.get("$ref")?.as_str()?;
    let pointer = cx.local_pointer(reference, at).ok()?;
    let component = pointer.strip_prefix("/components/schemas/")?;
    if component.contains('/') {
        return None;
    }
    cx.raw(&pointer)
        .and_then(xml_name)
        .or_else(|| Some(crate::load::pointer::unescape(component).into_owned()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn element_names_are_xml_names() {
        use super::element_name;
        assert_eq!(element_name("Underenhet"), "Underenhet");
        assert_eq!(element_name("System.Object"), "System.Object");
        assert_eq!(element_name("Liste[Ordre]"), "Liste_Ordre_");
        assert_eq!(element_name("1Foo"), "_1Foo");
        assert_eq!(element_name("Søknad"), "Søknad");
        assert_eq!(element_name(""), "_");
    }
}
