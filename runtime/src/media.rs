//! What a media type is (a `Content-Type` or `Accept` value, or one of the spec's), in one place for the
//! client and the server adapter: media types compare by their essence (RFC 9110: type and subtype,
//! case-insensitive, without parameters).

/// The media type without parameters, in lower case (`Application/JSON; charset=utf-8` is
/// `application/json`).
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// JSON: `application/json` or `application/*+json`.
#[cfg(feature = "server")]
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// XML: `application/xml`, `text/xml` or `application/*+xml`.
pub(crate) fn is_xml(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/xml"
        || essence == "text/xml"
        || (essence.starts_with("application/") && essence.ends_with("+xml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_by_their_essence() {
        assert_eq!(
            essence(" Text/Event-Stream ; charset=utf-8"),
            "text/event-stream"
        );
        #[cfg(feature = "server")]
        {
            assert!(is_json("application/problem+json; charset=utf-8"));
            assert!(!is_json("text/json+x"));
        }
        assert!(is_xml("application/atom+xml") && is_xml("TEXT/XML"));
        assert!(!is_xml("application/xml-dtd"));
    }
}
