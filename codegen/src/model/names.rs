//! Rust names from wire names: Norwegian letters transliterated the way Skatteetaten writes them in its own
//! identifiers (æ→ae, ø→oe, å→aa), case converted with heck, keywords and leading digits made legal, and
//! collisions after conversion resolved deterministically.

use std::cell::RefCell;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::hash::{HashMap, HashSet};

/// Replaces letters outside ASCII by their ASCII spelling; other characters become separators.
///
/// A capital Æ, Ø, Å (Ä, Ö, Ü) is spelled in the case of its word: `AE` inside an all-caps word
/// (`ARBEIDSSØKER` → `ARBEIDSSOEKER`, so heck sees one word, `Arbeidssoeker`), `Ae` where it starts a
/// capitalized word (`Ærlig` → `Aerlig`, `OpphaverÅndsverk` → `OpphaverAandsverk`).
pub fn transliterate(text: &str) -> String {
    // Most names are ASCII (and every hint made of names already converted): nothing to spell out.
    if text.is_ascii() {
        let ascii = |c: char| if c.is_ascii_alphanumeric() { c } else { '_' };
        return text.chars().map(ascii).collect();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &ch) in chars.iter().enumerate() {
        if let Some(spelling) = capital_spelling(ch) {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            out.push_str(&capital_in_context(spelling, before, after));
            continue;
        }
        match ch {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'é' | 'è' | 'ê' => out.push('e'),
            'É' | 'È' | 'Ê' => out.push('E'),
            'á' | 'à' => out.push('a'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push('_'),
        }
    }
    out
}

/// The two-letter spelling of a capital that has one (`Ø` → `Oe`).
fn capital_spelling(ch: char) -> Option<&'static str> {
    Some(match ch {
        'Æ' | 'Ä' => "Ae",
        'Ø' | 'Ö' => "Oe",
        'Å' => "Aa",
        'Ü' => "Ue",
        _ => return None,
    })
}

/// `Oe` or `OE`: all caps when the next letter is a capital, or the previous one is and no small letter
/// follows (the end of an all-caps word); otherwise the capital starts a word of small letters.
fn capital_in_context(spelling: &str, before: Option<char>, after: Option<char>) -> String {
    let upper = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && c.is_uppercase());
    let lower = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && c.is_lowercase());
    if upper(after) || (upper(before) && !lower(after)) {
        spelling.to_uppercase()
    } else {
        spelling.to_string()
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a Rust keyword (strict, reserved or edition 2024).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

thread_local! {
    /// The names made so far on this thread, by kind and wire name. A spec names the same few hundred
    /// properties thousands of times (`url`, `id`), and heck's case conversion was a third of the
    /// lowering's time. The generator runs each stage on a thread of its own, so the memo lives as
    /// long as one run. One map per kind, keyed by the wire name alone: looked up by `&str`, a name
    /// already made costs no allocation.
    static MADE: RefCell<[HashMap<String, String>; 3]> = RefCell::new(Default::default());
}

/// The kinds of names, for [`MADE`] (the index of their map).
#[derive(Clone, Copy)]
enum Kind {
    Type = 0,
    Variant = 1,
    Snake = 2,
}

/// Longer wire names are hints made of names (`IssuesListForOrgState`), each used about once: not
/// remembered, as they would only take memory.
const MEMO_MAX_LEN: usize = 32;

/// `make(wire)`, made once per thread.
fn memo(kind: Kind, wire: &str, make: fn(&str) -> String) -> String {
    if wire.len() > MEMO_MAX_LEN {
        return make(wire);
    }
    MADE.with(|made| {
        if let Some(name) = made.borrow()[kind as usize].get(wire) {
            return name.clone();
        }
        let name = make(wire);
        made.borrow_mut()[kind as usize].insert(wire.to_string(), name.clone());
        name
    })
}

/// A type or variant name: `UpperCamelCase`, never starting with a digit, never empty.
pub fn type_name(wire: &str) -> String {
    memo(Kind::Type, wire, make_type_name)
}

fn make_type_name(wire: &str) -> String {
    let name = transliterate(wire).to_upper_camel_case();
    let name = if name.is_empty() {
        "Type".to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// A variant name for an enum value or error code (`DAS-001` → `Das001`, `1a` → `V1a`).
pub fn variant_name(wire: &str) -> String {
    memo(Kind::Variant, wire, make_variant_name)
}

fn make_variant_name(wire: &str) -> String {
    let name = transliterate(wire).to_upper_camel_case();
    if name.is_empty() {
        "Empty".to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "Self_".to_string()
    } else {
        name
    }
}

/// A field, parameter, method or module name: `snake_case`, keyword-safe.
pub fn snake_name(wire: &str) -> String {
    memo(Kind::Snake, wire, make_snake_name)
}

fn make_snake_name(wire: &str) -> String {
    let name = transliterate(wire).to_snake_case();
    let name = if name.is_empty() {
        "value".to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// What serde's `rename_all = "camelCase"` makes of a snake_case field name: the emitter uses it to tell
/// whether a field needs its own `#[serde(rename)]`. serde's rule, as the runtime's object derive
/// (`runtime-macros/src/object.rs`, `camel`) applies it: PascalCase (an ASCII capital after each `_`,
/// which is dropped, and at the start), then the first character in ASCII lower case.
pub fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

/// Hands out unique names within one scope, in the order asked: the second `fooBar`/`foo_bar` becomes
/// `foo_bar_2`, the second `Foo` `Foo2` (`A1_2` after a digit, so the suffix stays readable).
/// Deterministic, so the same spec always yields the same names. Names the generated code itself uses in
/// the scope are reserved first.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namer with `reserved` already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut namer = Self::new();
        for name in reserved {
            namer.reserve(name);
        }
        namer
    }

    /// Marks a name as used (e.g. a name the emitter itself needs).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Returns `name`, or `name` with the smallest suffix that makes it unique, and marks it as used.
    pub fn unique(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let base = name.trim_end_matches('_');
        let shouty = base.contains(|c: char| c.is_ascii_uppercase())
            && !base.contains(|c: char| c.is_ascii_lowercase())
            && base.contains('_');
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) || shouty {
            "_"
        } else if base.contains(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = 2u64;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_are_transliterated() {
        assert_eq!(snake_name("beløpFørSkatt"), "beloep_foer_skatt");
        assert_eq!(type_name("Åndsverk"), "Aandsverk");
        assert_eq!(type_name("opphaver_til_åndsverk"), "OpphaverTilAandsverk");
        assert_eq!(variant_name("særfradrag"), "Saerfradrag");
    }

    #[test]
    fn capitals_follow_the_case_of_their_word() {
        assert_eq!(type_name("ARBEIDSSØKERPERIODE"), "Arbeidssoekerperiode");
        assert_eq!(variant_name("ARBEIDSSØKERPERIODE"), "Arbeidssoekerperiode");
        assert_eq!(snake_name("ARBEIDSSØKERPERIODE"), "arbeidssoekerperiode");
        assert_eq!(
            variant_name("AVVENTER_LÅS_AV_BEHANDLING"),
            "AvventerLaasAvBehandling"
        );
        assert_eq!(
            snake_name("AVVENTER_LÅS_AV_BEHANDLING"),
            "avventer_laas_av_behandling"
        );
        assert_eq!(variant_name("ÆRLIG"), "Aerlig");
        assert_eq!(variant_name("BLÅ"), "Blaa");
        assert_eq!(variant_name("GRÜN"), "Gruen");
        assert_eq!(variant_name("Ærlig"), "Aerlig");
        assert_eq!(variant_name("særfradrag"), "Saerfradrag");
        assert_eq!(type_name("OpphaverÅndsverk"), "OpphaverAandsverk");
        assert_eq!(snake_name("beløpØvrig"), "beloep_oevrig");
        assert_eq!(variant_name("Ø"), "Oe");
    }

    #[test]
    fn small_and_capital_letters_still_get_distinct_names() {
        let mut namer = Namer::new();
        assert_eq!(namer.unique(variant_name("æ")), "Ae");
        assert_eq!(namer.unique(variant_name("Æ")), "Ae2");
    }

    #[test]
    fn keywords_and_digits_are_made_legal() {
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(variant_name("1a"), "V1a");
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(snake_name("1a"), "n1a");
    }

    #[test]
    fn dotted_and_dashed_names() {
        assert_eq!(type_name("no.skatteetaten.Feil"), "NoSkatteetatenFeil");
        assert_eq!(variant_name("DAS-001"), "Das001");
        assert_eq!(variant_name("OAR_1001"), "Oar1001");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut namer = Namer::new();
        assert_eq!(namer.unique(snake_name("fooBar")), "foo_bar");
        assert_eq!(namer.unique(snake_name("foo_bar")), "foo_bar_2");
        assert_eq!(namer.unique(type_name("Foo")), "Foo");
        assert_eq!(namer.unique(type_name("foo")), "Foo2");
        assert_eq!(namer.unique("A1".into()), "A1");
        assert_eq!(namer.unique("A1".into()), "A1_2");
        assert_eq!(namer.unique("ERROR_ROLES".into()), "ERROR_ROLES");
        assert_eq!(namer.unique("ERROR_ROLES".into()), "ERROR_ROLES_2");
    }

    #[test]
    fn serde_camel_case_matches_serde() {
        assert_eq!(serde_camel_case("aggregat_id"), "aggregatId");
        assert_eq!(serde_camel_case("adresse1"), "adresse1");
        // The same cases as the derive's own test (`runtime-macros/src/object.rs`).
        assert_eq!(serde_camel_case("due_date"), "dueDate");
        assert_eq!(serde_camel_case("a_b_c"), "aBC");
        assert_eq!(serde_camel_case("foo_1"), "foo1");
        assert_eq!(serde_camel_case("_leading"), "leading");
        assert_eq!(serde_camel_case("type_"), "type");
    }
}
