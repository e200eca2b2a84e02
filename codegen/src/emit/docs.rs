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
    let mut out = text_attrs(&doc_text(doc));
    if doc.deprecated {
        out.extend(quote!(#[deprecated]));
    }
    out
}

/// The paragraphs of `doc`: summary, description (when it is not the summary again), the inferred
/// note.
fn doc_text(doc: &Doc) -> String {
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
    paragraphs.join("\n\n")
}

/// `#[doc]` attributes for `lead` followed by the text of `doc`: on the lead's line (`lead: text`) when
/// the text starts as a plain paragraph, else as paragraphs of their own. (`doc.deprecated` is the
/// caller's to write as `#[deprecated]`.)
pub fn lead_attrs(lead: &str, doc: &Doc) -> TokenStream {
    let text = doc_text(doc);
    let text = text.trim_start();
    match text.chars().next() {
        None => text_attrs(lead),
        Some(first) if first.is_alphabetic() || matches!(first, '`' | '"' | '\'' | '(') => {
            text_attrs(&format!("{lead}: {text}"))
        }
        Some(_) => then_paragraph(text_attrs(lead), text_attrs(text)),
    }
}

/// Two blocks of doc attributes, the second a paragraph of its own: a blank doc line between them when
/// the first has any.
pub fn then_paragraph(first: TokenStream, second: TokenStream) -> TokenStream {
    if first.is_empty() {
        second
    } else {
        quote!(#first #[doc = ""] #second)
    }
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

/// `#![doc]` attributes (a module's own docs) for text the generator writes itself (intra-doc links).
pub fn raw_inner_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// `#![doc]` attributes (a module's own docs) for spec text.
pub fn inner_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(&sanitize(text));
    quote!(#(#![doc = #lines])*)
}

/// Each line with the space rustdoc expects after `///`, bidi controls made visible and whitespace made
/// plain ([`plain_whitespace`]), whatever text it is given.
fn doc_lines(text: &str) -> Vec<String> {
    escape_bidi(&plain_whitespace(text))
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Tabs as spaces (clippy's `tabs_in_doc_comments`), and every line break as `\n`: rustc refuses a
/// carriage return that does not end a line in a doc comment, and old Mac or mixed line ends occur in
/// published specs (vtex's).
fn plain_whitespace(text: &str) -> String {
    text.replace('\t', "    ")
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Whether rustc refuses the character in a comment or literal (the deny-by-default lints
/// `text_direction_codepoint_in_comment` and `_in_literal`: it can make code read otherwise than it runs).
fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Replaces bidi controls by their visible escape (`\u{202E}`). Docs need this: prettyplease writes
/// `#[doc]` strings as `///` comments, with the characters as they are. (String literals need nothing:
/// `proc_macro2::Literal::string` escapes these with `char::escape_debug` already.)
fn escape_bidi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if is_bidi_control(ch) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(ch)));
        } else {
            out.push(ch);
        }
    }
    out
}

static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(([^)\s]+)\)").expect("valid regex"));
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"https?://[^\s<>()\[\]`]+[^\s<>()\[\]`.,;:!?]").expect("valid regex")
});

/// Makes Markdown from a spec safe for rustdoc and clippy (no warnings, no doctests).
///
/// Lines lose their indentation (so indented text is never a doctest); the lines that continue a list
/// item get the item's content indentation back, which keeps the rendering and satisfies clippy's
/// `doc_lazy_continuation` and `doc_overindented_list_items`.
pub fn sanitize(text: &str) -> String {
    let text = plain_whitespace(text);
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content indentation of the list item the current lines continue, if any.
    let mut item_indent: Option<usize> = None;
    for raw_line in text.trim().lines() {
        let line = raw_line.trim_start();
        if line.starts_with("```") {
            if !in_fence && line.trim() == "```" {
                out.push("```text".to_string());
            } else {
                out.push(line.to_string());
            }
            in_fence = !in_fence;
            item_indent = None;
            continue;
        }
        if in_fence {
            out.push(raw_line.trim_end().to_string());
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() {
            // A blank line ends the item: what follows is read as a new paragraph.
            item_indent = None;
            out.push(String::new());
        } else if let Some((marker, content)) = list_item(line) {
            item_indent = Some(marker.chars().count() + 1);
            out.push(format!("{marker} {}", escape_line(content)));
        } else if let Some(indent) = item_indent {
            out.push(format!("{}{}", " ".repeat(indent), escape_line(line)));
        } else {
            out.push(escape_line(line));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// A Markdown list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`): its marker and its content.
fn list_item(line: &str) -> Option<(&str, &str)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker_len = if digits == 0 {
        usize::from(line.starts_with(['-', '*', '+']))
    } else if digits <= 9 && line[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        0
    };
    if marker_len == 0 {
        return None;
    }
    let (marker, rest) = line.split_at(marker_len);
    match rest.chars().next() {
        None => Some((marker, "")),
        Some(' ') => Some((marker, rest.trim_start())),
        Some(_) => None,
    }
}

fn escape_line(line: &str) -> String {
    // Markdown links stay links; everything else in brackets is text.
    let mut links = Vec::new();
    // The regexes only run where they can match (a link has `](`, a URL `://`): most lines have
    // neither, and searching them was a good part of the generator's time.
    let line = if line.contains("](") {
        MARKDOWN_LINK.replace_all(line, |caps: &regex::Captures| {
            links.push(format!("[{}]({})", escape_text(&caps[1]), &caps[2]));
            format!("\u{0}{}\u{0}", links.len() - 1)
        })
    } else {
        std::borrow::Cow::Borrowed(line)
    };
    let urls = line.contains("://").then(|| BARE_URL.find_iter(&line));
    let mut out = String::new();
    let mut last = 0;
    for m in urls.into_iter().flatten() {
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
    use super::{doc_lines, sanitize};

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

    #[test]
    fn every_line_break_is_a_new_line() {
        // A bare carriage return in a doc comment is a compile error (vtex's Orders API has them).
        let lines = doc_lines(&sanitize("første\randre\r\ntredje\nfjerde"));
        assert_eq!(lines, [" første", " andre", " tredje", " fjerde"]);
        assert!(lines.iter().all(|line| !line.contains('\r')));
        assert_eq!(doc_lines("a\rb"), [" a", " b"]);
    }

    #[test]
    fn bidi_controls_become_visible_escapes() {
        let text = "a\u{202E}b \u{2066}\u{2069} \u{200E}\u{200F}\u{061C} c";
        assert_eq!(
            doc_lines(&sanitize(text)),
            [" a\\u{202E}b \\u{2066}\\u{2069} \\u{200E}\\u{200F}\\u{061C} c"]
        );
        // Other characters outside ASCII stay as they are.
        assert_eq!(doc_lines("Særfradrag – ø"), [" Særfradrag – ø"]);
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            sanitize("Verdier:\n- første\nfortsatt\n- andre\n\nNytt avsnitt"),
            "Verdier:\n- første\n  fortsatt\n- andre\n\nNytt avsnitt"
        );
        assert_eq!(
            sanitize("1. en\nto\n10) ti\nelleve"),
            "1. en\n   to\n10) ti\n    elleve"
        );
    }

    #[test]
    fn over_indented_items_are_aligned() {
        assert_eq!(
            sanitize("*   punkt\n        langt inn\n  +  pluss"),
            "* punkt\n  langt inn\n+ pluss"
        );
    }

    #[test]
    fn text_that_only_looks_like_a_list_is_left_alone() {
        assert_eq!(
            sanitize("3.5 prosent\n*Antatt:* x\n-5 kr\n# Overskrift"),
            "3.5 prosent\n*Antatt:* x\n-5 kr\n# Overskrift"
        );
    }

    #[test]
    fn list_items_are_escaped_and_fences_end_them() {
        assert_eq!(
            sanitize("- [a] <b>\n```\nx\n```\netter"),
            "- \\[a\\] \\<b\\>\n```text\nx\n```\netter"
        );
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(sanitize("a\tb"), "a    b");
    }

    /// String literals need no helper: proc_macro2 escapes bidi controls itself (`char::escape_debug`),
    /// so wire names, enum values and error texts compile. This test notices if that ever changes.
    #[test]
    fn string_literals_escape_bidi_controls() {
        let literal = proc_macro2::Literal::string("a\u{202E}b\u{2066}c\u{200F}\u{061C}");
        assert_eq!(
            literal.to_string(),
            "\"a\\u{202e}b\\u{2066}c\\u{200f}\\u{61c}\""
        );
    }
}
