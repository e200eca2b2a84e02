//! Writing each document as a case of its own: `<cases>/case-NNNN/specs/<folder>/openapi.<ext>`, with
//! `source.txt` naming the document, so the worker generates it alone and the report can name it.

use std::fs;
use std::path::Path;

use super::find::{has_relative_refs, Document};
use crate::cases::files::{link, link_dir};

/// The file beside `specs/` that names the document.
pub const SOURCE: &str = "source.txt";

pub fn write_case(dir: &Path, document: &Document, case: &Path) -> Result<(), String> {
    let source = dir.join(&document.path);
    let folder = case.join("specs").join(folder_name(&document.path));
    fs::create_dir_all(&folder).map_err(|err| format!("{}: {err}", folder.display()))?;
    let text = fs::read_to_string(&source).map_err(|err| format!("{}: {err}", source.display()))?;
    // A document that `$ref`s sibling files needs them next to it, under their own names; the markdown
    // files stay out, as the generator would read them as error tables.
    if has_relative_refs(&text) {
        if let Some(parent) = source.parent() {
            let spec = |p: &Path| {
                p.extension()
                    .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            };
            link_dir(parent, &folder, &spec)?;
        }
    }
    let extension = source
        .extension()
        .map_or("json".into(), |e| e.to_string_lossy().into_owned());
    let target = folder.join(format!("openapi.{extension}"));
    link(&source, &target).map_err(|err| format!("{}: {err}", target.display()))?;
    fs::write(case.join(SOURCE), &document.path).map_err(|err| format!("{}: {err}", case.display()))
}

/// The spec folder's name, which becomes the generated module's: the document's path in kebab case
/// (`api/amazonaws.com/acm.json` → `api-amazonaws-com-acm`), as Skatteetaten names its folders, so that
/// what the sweep measures is the documents and not how their file names turn into Rust.
pub fn folder_name(path: &str) -> String {
    let stem = path
        .rsplit_once('.')
        .filter(|(_, ext)| !ext.contains('/'))
        .map_or(path, |(stem, _)| stem);
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name = name.trim_end_matches('-').to_string();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert_str(0, "api-");
    }
    name.truncate(60);
    name.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_kebab_case_and_start_with_a_letter() {
        assert_eq!(
            folder_name("api/amazonaws.com/acm.json"),
            "api-amazonaws-com-acm"
        );
        assert_eq!(folder_name("1forge.com.json"), "api-1forge-com");
        assert_eq!(
            folder_name("APIs/x.org/v1.2/openapi.yaml"),
            "apis-x-org-v1-2-openapi"
        );
        assert_eq!(
            folder_name("api/hubapi.com/business units.json"),
            "api-hubapi-com-business-units"
        );
        assert!(folder_name(&"a".repeat(100)).len() <= 60);
    }
}
