//! Content negotiation: does an `Accept` header allow one of the media types an operation produces,
//! which encoding does it ask for where the operation answers XML too, and is a `Content-Type` JSON.

use crate::xml::is_xml_media_type;

/// How an answer's body is written, as the caller's `Accept` asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// As the spec documents the response: JSON (or its text or binary media type).
    #[default]
    Json,
    /// The same data as XML, sent with this media type (`application/xml`, or `text/xml` when the
    /// caller asked for that).
    Xml(&'static str),
}

/// The encoding `accept` asks for among `produces` (an operation's media types): [`Format::Xml`] when
/// the operation produces an XML type and `Accept` prefers XML (`application/xml` or `text/xml`, either
/// standing for the other) to every other type it produces; [`Format::Json`] when it allows another
/// type at least as much (a missing `Accept`, `*/*`, `application/json`); `None` when it allows none
/// (answered 406).
pub fn negotiate(accept: Option<&str>, produces: &[&'static str]) -> Option<Format> {
    let Some(xml) = produces.iter().copied().find(|m| is_xml_media_type(m)) else {
        return accepts(accept, produces).then_some(Format::Json);
    };
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Format::Json);
    };
    let ranges: Vec<(String, f32)> = accept.split(',').map(media_range).collect();
    let others = produces.iter().filter(|m| !is_xml_media_type(m));
    let other_q = others
        .map(|produced| quality(&ranges, produced))
        .fold(0.0, f32::max);
    let (xml_q, asked) = [xml, "application/xml", "text/xml"]
        .into_iter()
        .map(|produced| (quality(&ranges, produced), produced))
        .fold(
            (0.0, xml),
            |best, this| if this.0 > best.0 { this } else { best },
        );
    if other_q > 0.0 && other_q >= xml_q {
        Some(Format::Json)
    } else if xml_q > 0.0 {
        // The XML type the caller named, if it named one; else the spec's.
        let named = ranges.iter().any(|(media, _)| media == asked);
        Some(Format::Xml(if named { asked } else { xml }))
    } else {
        None
    }
}

/// A media range of `Accept` and its `q` (1 when not given).
fn media_range(range: &str) -> (String, f32) {
    let mut parts = range.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    // The last `q` given counts.
    let q = parts
        .rev()
        .find_map(|param| {
            let param = param.trim().to_ascii_lowercase();
            param
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
        })
        .unwrap_or(1.0);
    (media, q)
}

/// The `q` the most specific range matching `produced` gives it (0 when none matches): `type/sub`
/// before `type/*` before `*/*`.
fn quality(ranges: &[(String, f32)], produced: &str) -> f32 {
    let produced = produced.to_ascii_lowercase();
    let specificity = |range: &str| {
        if range == produced {
            Some(3)
        } else if range == "*/*" {
            Some(1)
        } else {
            match (range.split_once('/'), produced.split_once('/')) {
                (Some((range_type, "*")), Some((produced_type, _)))
                    if range_type == produced_type =>
                {
                    Some(2)
                }
                _ => None,
            }
        }
    };
    ranges
        .iter()
        .filter_map(|(range, q)| specificity(range).map(|s| (s, *q)))
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(0.0, |(_, q)| q)
}

/// Whether `accept` (the header's value) allows one of `produces`. A missing header allows anything; a
/// media range with `q=0` excludes; parameters other than `q` are ignored. A produced `*/*` matches
/// anything.
pub fn accepts(accept: Option<&str>, produces: &[&str]) -> bool {
    let Some(accept) = accept else {
        return true;
    };
    if produces.is_empty() || accept.trim().is_empty() {
        return true;
    }
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts.any(|param| {
            let param = param.trim().to_ascii_lowercase();
            param
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused
            && produces
                .iter()
                .any(|produced| media_matches(&media, produced))
    })
}

fn media_matches(range: &str, produced: &str) -> bool {
    let produced = produced.to_ascii_lowercase();
    if range == "*/*" || produced == "*/*" || range == produced {
        return true;
    }
    match (range.split_once('/'), produced.split_once('/')) {
        (Some((range_type, "*")), Some((produced_type, _))) => range_type == produced_type,
        _ => false,
    }
}

/// Whether `content_type` (a `Content-Type` value) is JSON: `application/json` or `application/*+json`,
/// with any parameters.
pub fn is_json_media_type(content_type: &str) -> bool {
    crate::media::is_json(content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates() {
        let json = &["application/json"];
        assert!(accepts(None, json));
        assert!(accepts(Some("application/json"), json));
        assert!(accepts(Some("text/html, application/*;q=0.5"), json));
        assert!(accepts(Some("*/*"), json));
        assert!(!accepts(Some("application/xml"), json));
        assert!(!accepts(Some("application/json;q=0"), json));
        assert!(accepts(Some("application/xml"), &["*/*"]));
        assert!(is_json_media_type("application/json; charset=utf-8"));
        assert!(is_json_media_type("application/vnd.ske+json"));
        assert!(!is_json_media_type("text/plain"));
    }

    #[test]
    fn xml_when_asked_for_and_offered() {
        let both = &["application/json", "application/xml"];
        let xml = Some(Format::Xml("application/xml"));
        assert_eq!(negotiate(None, both), Some(Format::Json));
        assert_eq!(negotiate(Some(""), both), Some(Format::Json));
        assert_eq!(negotiate(Some("*/*"), both), Some(Format::Json));
        assert_eq!(
            negotiate(Some("application/json"), both),
            Some(Format::Json)
        );
        assert_eq!(negotiate(Some("application/xml"), both), xml);
        assert_eq!(
            negotiate(Some("text/xml"), both),
            Some(Format::Xml("text/xml"))
        );
        assert_eq!(negotiate(Some("application/*"), both), Some(Format::Json));
        assert_eq!(
            negotiate(Some("application/json;q=0.5, application/xml"), both),
            xml
        );
        assert_eq!(
            negotiate(Some("application/xml;q=0.5, application/json"), both),
            Some(Format::Json)
        );
        assert_eq!(negotiate(Some("application/json;q=0, */*"), both), xml);
        assert_eq!(negotiate(Some("text/html"), both), None);
        assert_eq!(negotiate(Some("application/xml;q=0"), both), None);
        // An operation without XML answers as before.
        let json = &["application/json"];
        assert_eq!(negotiate(Some("application/xml"), json), None);
        assert_eq!(negotiate(Some("*/*"), json), Some(Format::Json));
    }
}
