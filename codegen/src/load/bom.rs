//! A UTF-8 byte-order mark. Editors on Windows (Notepad, Visual Studio) and some exporters start files
//! with one; JSON forbids it and YAML reads it as content, so a spec that looks fine in every editor
//! failed with "expected value at line 1 column 1". The loader strips it and says so.

/// The byte-order mark as the first character of a UTF-8 text.
const BOM: char = '\u{feff}';

/// `text` without a leading byte-order mark, and whether it had one.
pub fn strip(text: &str) -> (&str, bool) {
    match text.strip_prefix(BOM) {
        Some(rest) => (rest, true),
        None => (text, false),
    }
}

/// The byte order of a text that starts with a UTF-16 byte-order mark, if it does.
pub fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian"),
        [0xFE, 0xFF, ..] => Some("big-endian"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_only_a_leading_mark() {
        assert_eq!(super::strip("\u{feff}{}"), ("{}", true));
        assert_eq!(super::strip("{}\u{feff}"), ("{}\u{feff}", false));
    }

    #[test]
    fn utf16_is_recognised() {
        assert_eq!(super::utf16(&[0xFF, 0xFE, b'{', 0]), Some("little-endian"));
        assert_eq!(super::utf16(&[0xFE, 0xFF, 0, b'{']), Some("big-endian"));
        assert_eq!(super::utf16(b"{}"), None);
    }
}
