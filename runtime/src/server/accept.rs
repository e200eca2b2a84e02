//! Content negotiation: does an `Accept` header allow one of the media types an operation produces, and
//! is a `Content-Type` JSON.

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
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
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
}
