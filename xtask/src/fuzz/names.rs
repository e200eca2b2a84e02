//! Awkward names: the ones that have broken generators (Rust keywords and prelude names, the generator's
//! own item names, names that collide after case conversion or transliteration, non-ASCII, empty).

/// Names to rename things to.
pub const AWKWARD: &[&str] = &[
    "router",
    "errorRoles",
    "ERROR_ROLES",
    "UNKNOWN",
    "Unknown",
    "unknown",
    "Result",
    "Option",
    "Vec",
    "Box",
    "Error",
    "Self",
    "self",
    "super",
    "crate",
    "type",
    "fn",
    "async",
    "mod",
    "ref",
    "r#type",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "ARBEIDSSØKERPERIODE",
    "AVVENTER_LÅS_AV_BEHANDLING",
    "æ",
    "Æ",
    "ø",
    "å",
    "1abc",
    "123",
    "",
    "😀",
    "_",
    "__",
    "-",
    "Client",
    "Server",
    "Feilkode",
    "Feil",
    "String",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Serialize",
    "serde",
    "std",
    "core",
    "from_documented",
    "DOCUMENTED",
    "SCOPE",
    "SCOPES",
    "PRODUCTION_URL",
    "new",
    "call",
    "x",
    "call_x",
    "getFoo",
    "get_foo",
    "GetFoo",
    "name with spaces",
    "dot.name",
    "slash/name",
    "tilde~name",
    "quote\"name",
    "back\\slash",
    "ß",
    "İ",
    "ǅ",
    "\u{202e}evil",
    "Fødselsnummer",
    "Foedselsnummer",
    "HashMap",
    "Value",
    "DateTime",
    "Decimal",
    "Uuid",
    "Regex",
    "Api",
    "ApiError",
];

/// A name to use instead of `current`: either an awkward one, or one that collides with `current`
/// after the generator's case conversion or transliteration.
pub fn awkward_or_colliding(rng: &mut fastrand::Rng, current: &str) -> String {
    if rng.bool() {
        return AWKWARD[rng.usize(..AWKWARD.len())].to_string();
    }
    let variants = colliding(current);
    variants[rng.usize(..variants.len())].clone()
}

/// Names that are different strings but likely the same Rust identifier as `name`.
pub fn colliding(name: &str) -> Vec<String> {
    let words = words(name);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let capital = |w: &String| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let camel = lower
        .iter()
        .enumerate()
        .map(|(i, w)| if i == 0 { w.clone() } else { capital(w) })
        .collect::<String>();
    vec![
        lower.join("_"),
        lower.join("-"),
        camel.clone(),
        lower.iter().map(capital).collect(),
        lower.join("_").to_uppercase(),
        format!("{name}_"),
        format!("_{name}"),
        format!("call_{}", lower.join("_")),
        format!("{name}2"),
        name.replace("oe", "ø")
            .replace("ae", "æ")
            .replace("aa", "å"),
        name.replace('ø', "oe")
            .replace('æ', "ae")
            .replace('å', "aa"),
        format!("{name} "),
    ]
}

/// Splits on non-alphanumerics and lower→upper boundaries (`getFoo_bar` → `get`, `Foo`, `bar`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_numeric();
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.is_empty() {
        out.push("x".into());
    }
    out
}

/// A random string of unusual characters (for keys).
pub fn random_unicode(rng: &mut fastrand::Rng) -> String {
    const POOL: &[char] = &[
        'a', 'Z', '0', '_', '-', ' ', '.', '/', '~', 'æ', 'Ø', 'å', 'ß', 'İ', 'Σ', 'ς', '中', '😀',
        '\u{202e}', '\u{200b}', '\u{0301}', '"', '\'', '\\', '{', '}', '#', '$', '%',
    ];
    let len = rng.usize(0..8);
    (0..len).map(|_| POOL[rng.usize(..POOL.len())]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_names_of_get_foo() {
        let names = colliding("getFoo");
        assert!(names.contains(&"get_foo".to_string()));
        assert!(names.contains(&"GetFoo".to_string()));
        assert!(names.contains(&"call_get_foo".to_string()));
    }
}
