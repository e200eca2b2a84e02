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

#[cfg(test)]
mod tests {
    #[test]
    fn strips_only_a_leading_mark() {
        assert_eq!(super::strip("\u{feff}{}"), ("{}", true));
        assert_eq!(super::strip("{}\u{feff}"), ("{}\u{feff}", false));
    }
}
