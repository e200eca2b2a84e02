//! Streamed bodies: which media types are a stream of bytes or of items, and what an item is.
//!
//! A binary body (any media type that is neither JSON, text, a stream of items, nor a structured type
//! the generator does not type yet: forms, multipart, XML) is a `runtime::ByteStream`, whatever its
//! schema says (`format: binary`, or none). A stream of items (`text/event-stream`, NDJSON, JSON Lines,
//! JSON text sequences) is a `runtime::EventStream` of its item schema: OpenAPI 3.2's `itemSchema`
//! where the media type has one; else the items of an array `schema`; else the `schema` itself, as
//! specs before 3.2 write it (the generated docs say which).

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema};

use super::schemas::type_ref;
use super::Context;
use crate::error::Result;
use crate::load::spec::escape;
use crate::model::media::{essence, is_event_stream};
use crate::model::{Content, EventItems, ItemSource, Place, Primitive, TypeRef};

/// The item type of the stream of items `media` at `media_at`, and where it comes from.
pub(crate) fn event_items(
    cx: &mut Context,
    media_type: &str,
    media: &MediaType,
    media_at: &str,
    hint: &str,
) -> Result<(TypeRef, EventItems)> {
    let item_hint = format!("{hint}Item");
    let item_at = format!("{media_at}/itemSchema");
    let schema_at = format!("{media_at}/schema");
    let sse = essence(media_type) == "text/event-stream";
    let has_item_schema = cx.raw(&item_at).is_some();
    // Server-sent events whose schema is the whole event (OpenAPI 3.2: `data` beside `event`, `id`,
    // `retry`): the item is the event's data.
    let described = if has_item_schema {
        &item_at
    } else {
        &schema_at
    };
    let event_data = if sse { event_data(cx, described) } else { None };
    let (ty, source) = if let Some(data_at) = event_data {
        (item_type(cx, &data_at, &item_hint)?, ItemSource::EventData)
    } else if has_item_schema {
        (item_type(cx, &item_at, &item_hint)?, ItemSource::ItemSchema)
    } else if let Some(schema) = &media.schema {
        match type_ref(cx, schema.into(), &schema_at, &item_hint)? {
            TypeRef::Array(items) => (*items, ItemSource::ArrayItems),
            ty => (ty, ItemSource::Schema),
        }
    } else if sse {
        // Events whose data the spec does not describe: their text.
        (
            TypeRef::Primitive(Primitive::String),
            ItemSource::Unspecified,
        )
    } else {
        (TypeRef::Any, ItemSource::Unspecified)
    };
    let text = matches!(
        ty,
        TypeRef::Primitive(Primitive::String | Primitive::Bytes) | TypeRef::BoundedString(_)
    );
    // Text items are `String`s (a bound or `format: binary` on an event's data says nothing more).
    let ty = if text {
        TypeRef::Primitive(Primitive::String)
    } else {
        ty
    };
    Ok((ty, EventItems { text, source }))
}

/// The type of the schema at `at` (which the document has).
fn item_type(cx: &mut Context, at: &str, hint: &str) -> Result<TypeRef> {
    match cx.raw_as::<ReferenceOr<Schema>>(at)? {
        Some(schema) => type_ref(cx, (&schema).into(), at, hint),
        None => Ok(TypeRef::Any),
    }
}

/// Where an event's data is described, when the schema at `at` describes a whole server-sent event (an
/// object whose properties are `data` and maybe `event`, `id`, `retry`, as OpenAPI 3.2 writes it): the
/// `contentSchema` of `data` (the JSON its text holds, `contentMediaType: application/json`), or `data`
/// itself (text). Any other schema describes the data alone, as specs before 3.2 write it.
fn event_data(cx: &Context, at: &str) -> Option<String> {
    let mut at = at.to_string();
    let mut schema = cx.raw(&at)?;
    // A component schema (one step; a chain of references describes the data, as before).
    if let Some(reference) = schema.get("$ref").and_then(serde_json::Value::as_str) {
        at = cx.local_pointer(reference, &at).ok()?;
        schema = cx.raw(&at)?;
    }
    let properties = schema.get("properties")?.as_object()?;
    let data = properties.get("data")?;
    if !properties
        .keys()
        .all(|name| matches!(name.as_str(), "data" | "event" | "id" | "retry"))
    {
        return None;
    }
    let data_at = format!("{at}/properties/data");
    Some(if data.get("contentSchema").is_some() {
        format!("{data_at}/contentSchema")
    } else {
        data_at
    })
}

/// A stream of items a response offers beside the JSON body `chosen` (the media type the operation's
/// method answers with): the operation's streaming method answers with it.
pub(crate) fn stream_alternative(
    cx: &mut Context,
    content: &IndexMap<String, MediaType>,
    chosen: &Content,
    at: &str,
    hint: &str,
) -> Result<Option<Content>> {
    if chosen.encoding != crate::model::Encoding::Json {
        return Ok(None);
    }
    let Some((media_type, media)) = content.iter().find(|(media, _)| is_event_stream(media)) else {
        return Ok(None);
    };
    let media_at = format!("{at}/content/{}", escape(media_type));
    let (ty, items) = event_items(cx, media_type, media, &media_at, &format!("{hint}Stream"))?;
    Ok(Some(Content {
        media_type: media_type.clone(),
        encoding: crate::model::Encoding::Events(items),
        ty,
        pointer: Place(media_at),
        form: None,
        xml: None,
    }))
}
