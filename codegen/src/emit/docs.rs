//! Doc comments from spec text. The text is Markdown already; it is only made safe for rustdoc: bare URLs
//! become autolinks, brackets and angle brackets that are not links are escaped, and indented or unlabeled
//! code blocks are not left for rustdoc to compile as doctests.

use std::sync::LazyLock;

use proc_macro2::TokenStream;
use quote::quote;
use regex::Regex;

use crate::model::Doc;

/// `#[doc]` attributes for an item: summary, description, and the spec's note where it assumed something.
pub fn doc_attrs(doc: &Doc) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(summary) = &doc.summary {
        paragraphs.push(summary.clone());
    }
    if let Some(description) = &doc.description {
        if doc.summary.as_deref() != Some(description.as_str()) {
            paragraphs.push(description.clone());
        }
    }
    if let Some(inferred) = &doc.inferred {
        let note = if inferred.is_empty() {
            "*Antatt:* ikke beskrevet i Skatteetatens dokumentasjon.".to_string()
        } else {
            format!("*Antatt (ikke beskrevet i Skatteetatens dokumentasjon):* {inferred}")
        };
        paragraphs.push(note);
    }
    let mut out = text_attrs(&paragraphs.join("\n\n"));
    if doc.deprecated {
        out.extend(quote!(#[deprecated]));
    }
    out
}

/// `#[doc]` attributes for plain text.
pub fn text_attrs(text: &str) -> TokenStream {
    raw_attrs(&sanitize(text))
}

/// `#[doc]` attributes for text the generator writes itself, which may use intra-doc links, so it is
/// not sanitized.
pub fn raw_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes (a module's own docs) for spec text.
pub fn inner_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(&sanitize(text));
    quote!(#(#![doc = #lines])*)
}

/// Each line with the space rustdoc expects after `///`.
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(([^)\s]+)\)").expect("valid regex"));
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"https?://[^\s<>()\[\]`]+[^\s<>()\[\]`.,;:!?]").expect("valid regex")
});

/// Makes Markdown from a spec safe for rustdoc (no warnings, no doctests).
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw_line in text.trim().lines() {
        let line = raw_line.trim_start();
        if line.starts_with("```") {
            if !in_fence && line.trim() == "```" {
                out.push("```text".to_string());
            } else {
                out.push(line.to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw_line.trim_end().to_string());
            continue;
        }
        out.push(escape_line(line.trim_end()));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

fn escape_line(line: &str) -> String {
    // Markdown links stay links; everything else in brackets is text.
    let mut links = Vec::new();
    let line = MARKDOWN_LINK.replace_all(line, |caps: &regex::Captures| {
        links.push(format!("[{}]({})", escape_text(&caps[1]), &caps[2]));
        format!("\u{0}{}\u{0}", links.len() - 1)
    });
    let mut out = String::new();
    let mut last = 0;
    for m in BARE_URL.find_iter(&line) {
        out.push_str(&escape_text(&line[last..m.start()]));
        out.push('<');
        out.push_str(m.as_str());
        out.push('>');
        last = m.end();
    }
    out.push_str(&escape_text(&line[last..]));
    let mut restored = String::new();
    let mut parts = out.split('\u{0}');
    if let Some(first) = parts.next() {
        restored.push_str(first);
    }
    while let (Some(index), Some(rest)) = (parts.next(), parts.next()) {
        let index: usize = index.parse().unwrap_or(0);
        restored.push_str(links.get(index).map(String::as_str).unwrap_or(""));
        restored.push_str(rest);
    }
    restored
}

/// Escapes what rustdoc would read as a link or an HTML tag, except inside `code spans`.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for ch in text.chars() {
        match ch {
            '`' => {
                in_code = !in_code;
                out.push(ch);
            }
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn urls_become_autolinks_and_brackets_are_escaped() {
        assert_eq!(
            sanitize("Se https://skatteetaten.no/x. Mønster [0-9]{9} og <token>, `[0-9]`"),
            "Se <https://skatteetaten.no/x>. Mønster \\[0-9\\]{9} og \\<token\\>, `[0-9]`"
        );
    }

    #[test]
    fn markdown_links_are_kept() {
        assert_eq!(
            sanitize("Se [feil](https://x.no/feil)."),
            "Se [feil](https://x.no/feil)."
        );
    }

    #[test]
    fn code_blocks_are_not_doctests() {
        assert_eq!(sanitize("a\n```\nx\n```"), "a\n```text\nx\n```");
        assert_eq!(sanitize("a\n    indented"), "a\nindented");
    }
}
