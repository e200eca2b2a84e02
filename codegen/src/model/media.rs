//! What a media type is, decided once for the whole model: JSON, a form, multipart, XML, a stream of
//! items. Media types compare by their essence (RFC 9110: type and subtype, case-insensitive, without
//! parameters).

/// `application/x-www-form-urlencoded`.
pub const FORM: &str = "application/x-www-form-urlencoded";
/// `multipart/form-data`.
pub const MULTIPART: &str = "multipart/form-data";

/// The media type without parameters, in lower case (`Application/JSON; charset=utf-8` is
/// `application/json`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// JSON: `application/json` or a `+json` type (`application/problem+json`).
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A urlencoded form.
pub fn is_form(media_type: &str) -> bool {
    essence(media_type) == FORM
}

/// A multipart form.
pub fn is_multipart(media_type: &str) -> bool {
    essence(media_type) == MULTIPART
}

/// XML: `application/xml`, `text/xml` or an `application/…+xml` type.
pub fn is_xml(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/xml"
        || essence == "text/xml"
        || (essence.starts_with("application/") && essence.ends_with("+xml"))
}

/// A stream of items: server-sent events, NDJSON, JSON Lines, JSON text sequences.
pub fn is_event_stream(media_type: &str) -> bool {
    matches!(
        essence(media_type).as_str(),
        "text/event-stream"
            | "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines"
            | "application/json-seq"
    )
}

/// A media type whose schema describes structure that is held whole, as bytes, where it is not typed
/// (a form that is no object, a multipart answer, XML without JSON beside it), rather than streamed.
pub fn is_structured(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == FORM
        || essence.starts_with("multipart/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_by_their_essence() {
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(is_form("application/x-www-form-urlencoded; charset=UTF-8"));
        assert!(is_multipart("multipart/form-data; boundary=x"));
        assert!(is_xml("text/xml") && is_xml("application/atom+xml") && !is_xml("image/svg"));
        assert!(is_event_stream("text/event-stream; charset=utf-8"));
        assert!(is_structured("multipart/mixed") && !is_structured("image/png"));
    }
}
