//! Message signatures: what two messages of one bug have in common, so reports can group them.

/// Blanks out what varies between cases of one bug: quoted text, numbers, paths.
pub fn blank(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut last_digit = false;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                out.push('_');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if matches!(c, '`' | '"') => {
                out.push(c);
                quote = Some(c);
            }
            None if c.is_ascii_digit() => {
                if !last_digit {
                    out.push('#');
                }
            }
            None => out.push(c),
        }
        last_digit = c.is_ascii_digit();
    }
    out.split_whitespace()
        .map(|w| if w.contains('/') { "<path>" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_numbers_and_paths_are_blanked() {
        assert_eq!(
            blank("schema `Foo` at /a/b has 12 \"x\" parents"),
            "schema `_` at <path> has # \"_\" parents"
        );
    }
}
