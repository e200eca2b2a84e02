//! Which operation of a spec answers a request: its path matched against each operation's path template
//! (`/pets/{petId}`, `/files/{name}.json`), the most concrete template winning (`/pets/mine` over
//! `/pets/{petId}`, as OpenAPI asks), then the method.

use codegen::load::spec::percent_decode;
use codegen::model::{HttpMethod, Operation, PathSegment, PathTemplate};

/// The path parameters' values: wire name, decoded text.
pub type Values = Vec<(String, String)>;

/// What a request's method and path find among the operations.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The operation at this index, with the path parameters' values (wire name, decoded text).
    Operation(usize, Values),
    /// The path is an operation's, the method none's: the methods it has (for `Allow`).
    WrongMethod(Vec<HttpMethod>),
    /// No template matches the path.
    Nothing,
}

/// The operation of `operations` that answers `method` on `path` (relative to the API's base path).
pub fn find(operations: &[Operation], method: &str, path: &str) -> Found {
    let path = if path.is_empty() { "/" } else { path };
    // The most concrete match so far: its rank, its index, its parameters' values.
    let mut best: Option<(Vec<u8>, usize, Values)> = None;
    let mut allowed: Vec<HttpMethod> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let Some(values) = match_template(&op.path, path) else {
            continue;
        };
        if !allowed.contains(&op.method) {
            allowed.push(op.method);
        }
        if !op.method.as_str().eq_ignore_ascii_case(method) {
            continue;
        }
        let rank = concreteness(&op.path);
        // The first of equally concrete templates wins (the generator's adapters serve it too).
        if best.as_ref().map_or(true, |(r, _, _)| rank > *r) {
            best = Some((rank, index, values));
        }
    }
    match best {
        Some((_, index, values)) => Found::Operation(index, values),
        None if allowed.is_empty() => Found::Nothing,
        None => {
            allowed.sort();
            Found::WrongMethod(allowed)
        }
    }
}

/// Per segment of the template: 2 all literal, 1 literal and parameters, 0 a parameter alone. Compared
/// in order, the higher is the more concrete template.
fn concreteness(template: &PathTemplate) -> Vec<u8> {
    template
        .raw
        .split('/')
        .map(
            |segment| match PathTemplate::parse(segment).map(|t| t.segments) {
                Ok(pieces) if pieces.iter().all(|p| matches!(p, PathSegment::Literal(_))) => 2,
                Ok(pieces) if pieces.len() == 1 => 0,
                _ => 1,
            },
        )
        .collect()
}

/// The path parameters' values when `path` matches `template` segment by segment; `None` otherwise.
pub fn match_template(template: &PathTemplate, path: &str) -> Option<Values> {
    let wanted: Vec<&str> = template.raw.split('/').collect();
    let given: Vec<&str> = path.split('/').collect();
    if wanted.len() != given.len() {
        return None;
    }
    let mut values = Vec::new();
    for (pattern, text) in wanted.iter().zip(given) {
        let pieces = PathTemplate::parse(pattern).ok()?.segments;
        match_segment(&pieces, text, &mut values)?;
    }
    Some(values)
}

/// Matches one segment of the path against the pieces of one segment of the template: a parameter takes
/// the text up to the next literal piece (at least one character), the last one the rest.
fn match_segment(
    pieces: &[PathSegment],
    text: &str,
    values: &mut Vec<(String, String)>,
) -> Option<()> {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty().then_some(());
    };
    match first {
        PathSegment::Literal(literal) => {
            match_segment(rest, text.strip_prefix(literal.as_str())?, values)
        }
        PathSegment::Param(name) => {
            let end = match rest.first() {
                Some(PathSegment::Literal(next)) => {
                    let first = text.chars().next()?.len_utf8();
                    text[first..].find(next.as_str())? + first
                }
                // Two parameters side by side (`{a}{b}`) cannot be told apart: the first takes one
                // character, as good a guess as any.
                Some(PathSegment::Param(_)) => text.chars().next()?.len_utf8(),
                None => text.len(),
            };
            if end == 0 {
                return None;
            }
            values.push((name.clone(), percent_decode(&text[..end])));
            match_segment(rest, &text[end..], values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: HttpMethod, path: &str) -> Operation {
        Operation {
            id: format!("{method} {path}"),
            ..Operation::new(method, PathTemplate::parse(path).unwrap())
        }
    }

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn templates_match_segment_by_segment_with_decoded_values() {
        let pets = PathTemplate::parse("/pets/{petId}").unwrap();
        assert_eq!(
            match_template(&pets, "/pets/a%20b"),
            Some(values(&[("petId", "a b")]))
        );
        assert_eq!(match_template(&pets, "/pets"), None);
        assert_eq!(match_template(&pets, "/pets/"), None, "an empty value");
        assert_eq!(match_template(&pets, "/pets/1/toys"), None);
        let file = PathTemplate::parse("/files/{name}.{ext}").unwrap();
        assert_eq!(
            match_template(&file, "/files/report.tar.gz"),
            Some(values(&[("name", "report"), ("ext", "tar.gz")]))
        );
        assert_eq!(match_template(&file, "/files/.gz"), None);
    }

    #[test]
    fn the_most_concrete_template_wins_then_the_method_decides() {
        let ops = vec![
            op(HttpMethod::Get, "/pets/{petId}"),
            op(HttpMethod::Get, "/pets/mine"),
            op(HttpMethod::Delete, "/pets/{petId}"),
            op(HttpMethod::Post, "/pets"),
        ];
        assert_eq!(find(&ops, "GET", "/pets/mine"), Found::Operation(1, vec![]));
        assert_eq!(
            find(&ops, "GET", "/pets/7"),
            Found::Operation(0, values(&[("petId", "7")]))
        );
        assert_eq!(
            find(&ops, "DELETE", "/pets/mine"),
            Found::Operation(2, values(&[("petId", "mine")]))
        );
        assert_eq!(
            find(&ops, "PUT", "/pets/7"),
            Found::WrongMethod(vec![HttpMethod::Get, HttpMethod::Delete])
        );
        assert_eq!(
            find(&ops, "GET", "/pets"),
            Found::WrongMethod(vec![HttpMethod::Post])
        );
        assert_eq!(find(&ops, "GET", "/owners"), Found::Nothing);
    }
}
