//! Reads one OpenAPI document (YAML or JSON) into both its raw JSON value and the typed `openapiv3` form.
//! The raw value is kept: errors point into it with JSON pointers, and a few shapes that `openapiv3`
//! reads lossily (an object with `anyOf` of `required` lists and no `type`) are looked up there.
//!
//! Between reading and `openapiv3`, the raw value is normalised once, so both see the same document:
//! a byte-order mark is skipped (`bom`), other files and mapped URLs are copied in (`bundle`), OpenAPI
//! 3.1 is rewritten as 3.0 (`openapi31`) and common defects are repaired (`fixes`), each with a warning
//! where something was worked around. Where `openapiv3` still refuses, `plain` says why in the spec's
//! words, at the deepest place.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::load::document::read_document;
use crate::load::origin::locate;
use crate::load::pointer::json_pointer;
use crate::load::{bom, bundle, direct, fixes, openapi31, plain, splice};
// Named here too, where the model and the tools have always found them (next to `Spec`, which holds
// `Origin`s); they are defined in leaf modules so that the steps of reading share them without
// importing this module, which calls those steps.
pub use crate::load::origin::Origin;
pub use crate::load::pointer::{escape, percent_decode};

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The document in openapiv3's types, but for its path items: `paths.paths` is empty. Every path
    /// item was read (a document where one does not read is refused), and is read again, one at a
    /// time, where it is used ([`Spec::path_items`], [`read_path_item`]): all of Graph's at once took
    /// 236 MB.
    pub openapi: OpenAPI,
    /// The document as the model reads it: after the loader's normalisations (byte-order mark, OpenAPI
    /// 3.1 → 3.0, other files bundled in, missing parameter schemas), the same value `openapi` was read
    /// from, so pointers into it and lookups in it agree with `openapi`.
    pub raw: Value,
    /// What the loader worked around.
    pub warnings: Vec<Warning>,
    /// Where the values the loader moved or copied into `raw` came from (other files, `$defs`).
    pub origins: Vec<Origin>,
}

impl Spec {
    /// The path items, in the document's order, each as its path and its value in `raw`, to be read
    /// with [`read_path_item`]: the entries of `paths` openapiv3 reads as path items.
    pub fn path_items(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.raw
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(path, _)| path.starts_with('/'))
    }

    /// The file and the pointer in it of the value at `pointer` of `raw` (`file` is the spec's), so
    /// errors about a copied value name the file the user wrote it in.
    pub fn locate(&self, file: &Path, pointer: &str) -> (PathBuf, String) {
        locate(&self.origins, file, pointer)
    }
}

/// A path item of [`Spec::path_items`] in openapiv3's types, as openapiv3 read it when the document was
/// loaded; `None` would be a generator bug (a document whose path item does not read is refused).
pub fn read_path_item(value: &Value) -> Option<ReferenceOr<PathItem>> {
    ReferenceOr::<PathItem>::deserialize(value).ok()
}

/// `err`, found at a pointer of the normalised document, at its place in the file it came from.
fn relocate(origins: &[Origin], err: Error) -> Error {
    let (file, location) = locate(origins, &err.file, &err.location);
    Error {
        file,
        location,
        ..err
    }
}

/// The OpenAPI versions the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    /// 3.1, and later 3.x read as 3.1.
    V31,
}

/// Parses the text of `file` (JSON when it ends in `.json`, YAML otherwise). `$ref`s to other files are
/// read from the file's folder, and from other folders of the `specs/` folder it is in (its grandparent).
pub fn parse_spec(file: &Path, text: &str) -> Result<Spec> {
    crate::stack::with_large_stack(|| parse_here(file, text)).unwrap_or_else(|reason| {
        Err(Error::new(
            file,
            "",
            format!("generator bug: reading the spec panicked ({reason}); please report it"),
        ))
    })
}

fn parse_here(file: &Path, text: &str) -> Result<Spec> {
    let mut timer = crate::timing::Timer::nested("load");
    // A JSON document is also read straight into openapiv3's types (`direct`), on another core while
    // the raw value is read and normalised, and then on this core too. That reading is the one kept
    // when normalising changed nothing (most specs): reading the raw value a second time, which took
    // as long as parsing, is then not needed. YAML is not: it becomes JSON its own way (`yaml_to_json`).
    let is_json = file.extension().is_some_and(|ext| ext == "json");
    let (normalised, direct) = if is_json {
        let root = std::sync::OnceLock::new();
        // Set when the direct reading will not be kept: neither core reads more of it.
        let unwanted = AtomicBool::new(false);
        let read_root = || direct::Root::read(bom::strip(text).0);
        let (normalised, direct) = crate::stack::both(
            || {
                let normalised = normalise(file, text, &mut timer);
                if normalised.as_ref().is_ok_and(|n| n.as_written) {
                    // Waits while the other core reads the root (or reads it, had it not begun).
                    if let Some(root) = root.get_or_init(read_root) {
                        root.read_some(&unwanted);
                    }
                    timer.phase("openapiv3 from the text: path items");
                } else {
                    unwanted.store(true, Ordering::Relaxed);
                }
                normalised
            },
            || {
                let mut timer = crate::timing::Timer::nested("load (other core)");
                if let Some(root) = root.get_or_init(read_root) {
                    timer.phase("openapiv3 from the text: all but the path items");
                    root.read_some(&unwanted);
                    timer.phase("openapiv3 from the text: path items");
                }
            },
        );
        let direct = direct.map(|()| match unwanted.into_inner() {
            true => None,
            false => root.into_inner().flatten().and_then(direct::Root::finish),
        });
        (normalised, direct)
    } else {
        (normalise(file, text, &mut timer), Ok(None))
    };
    let Normalised {
        raw,
        warnings,
        origins,
        version,
        as_written,
        repaired,
    } = normalised?;
    // The repairs of `fixes` change a few values in place (Kubernetes' `uniqueItems` beside a boolean):
    // those entries are read again and put in place of the direct reading's, which is otherwise right.
    let spliced = match direct {
        Ok(Some(mut openapi)) if as_written => {
            splice::entries(&mut openapi, &raw, &repaired).then_some(openapi)
        }
        _ => None,
    };
    let openapi = match spliced {
        Some(openapi) => openapi,
        None => {
            let mut openapi = read_openapi(file, &raw, &origins, version)?;
            // Read, and then read again one at a time where they are used (see `Spec::openapi`).
            openapi.paths.paths = Default::default();
            openapi
        }
    };
    timer.phase("openapiv3");
    Ok(Spec {
        openapi,
        raw,
        warnings,
        origins,
    })
}

/// The document as the loader normalised it.
struct Normalised {
    raw: Value,
    warnings: Vec<Warning>,
    origins: Vec<Origin>,
    version: Version,
    /// Whether `raw` is the document as written but for `repaired`: nothing bundled or rewritten.
    as_written: bool,
    /// The values `fixes` repaired in place (pointers of `raw`).
    repaired: Vec<String>,
}

/// Reads `text` into a JSON value and normalises it: byte-order mark, version, other files bundled in,
/// OpenAPI 3.1 rewritten as 3.0, common defects repaired.
fn normalise(file: &Path, text: &str, timer: &mut crate::timing::Timer) -> Result<Normalised> {
    let mut warnings = Vec::new();
    let mut raw = read_document(file, text, &mut warnings)?;
    timer.phase("parse");
    // A version that is not text (`openapi: 3.1` in YAML) is rewritten as text.
    let version_is_text = raw.get("openapi").is_some_and(Value::is_string);
    let version = check_version(file, &mut raw, &mut warnings)?;
    let bundled = bundle::needs_bundling(&raw);
    let mut origins = if bundled {
        bundle::bundle(file, &mut raw, &mut warnings)?
    } else {
        Vec::new()
    };
    timer.phase("bundle");
    if version == Version::V31 {
        // `$defs` moved out of a copied value came from that value's file.
        let moved = openapi31::normalise(file, &mut raw, &mut warnings)
            .map_err(|err| relocate(&origins, err))?;
        let moved: Vec<Origin> = moved
            .into_iter()
            .map(|origin| {
                let (file, source) = locate(&origins, &origin.file, &origin.source);
                Origin {
                    file,
                    source,
                    ..origin
                }
            })
            .collect();
        origins.extend(moved);
    }
    // Whatever warned before the repairs changed the document as a whole (a byte-order mark, a newer
    // 3.x); the repairs say where they changed it.
    let as_written = warnings.is_empty() && version_is_text && !bundled && version == Version::V30;
    let repaired =
        fixes::normalise(file, &mut raw, &mut warnings).map_err(|err| relocate(&origins, err))?;
    timer.phase("3.1 and fixes");
    // The rewrites above warn at pointers of `raw`; a copied value's are in the file it came from.
    for warning in warnings.iter_mut().filter(|w| w.file == file) {
        (warning.file, warning.location) = locate(&origins, file, &warning.location);
    }
    Ok(Normalised {
        raw,
        warnings,
        origins,
        version,
        as_written,
        repaired,
    })
}

/// The normalised document `raw` as openapiv3's types. The fast way first; only a document that does not
/// fit is read again, tracking the path, to say where.
fn read_openapi(file: &Path, raw: &Value, origins: &[Origin], version: Version) -> Result<OpenAPI> {
    let openapi: OpenAPI = match OpenAPI::deserialize(raw) {
        Ok(openapi) => Ok(openapi),
        Err(_) => serde_path_to_error::deserialize(raw),
    }
    .map_err(|err| {
        let pointer = match json_pointer(err.path()) {
            root if root.is_empty() => "/".to_string(),
            pointer => pointer,
        };
        let (pointer, message) =
            refine(raw, &pointer).unwrap_or((pointer, err.inner().to_string()));
        let (pointer, message) = plain::explain(raw, &pointer, &message);
        let (file, pointer) = locate(origins, file, &pointer);
        let version = match version {
            Version::V30 => "3.0",
            Version::V31 => "3.1",
        };
        Error::new(
            &file,
            pointer,
            format!("not a valid OpenAPI {version} document: {message}"),
        )
    })?;
    Ok(openapi)
}

fn check_version(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<Version> {
    if !raw.is_object() {
        return Err(Error::new(
            file,
            "",
            "the document is not an object of OpenAPI fields (`openapi`, `info`, `paths`, …)",
        ));
    }
    if raw.get("swagger").is_some() {
        return Err(Error::new(
            file,
            "/swagger",
            "this is a Swagger 2.0 document; this generator reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)",
        ));
    }
    // `openapi: 3.1` unquoted is a number in YAML.
    let version = match raw.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(Error::new(
                file,
                "/openapi",
                "`openapi` should be a version string such as `3.0.3`",
            ))
        }
        None => {
            return Err(Error::new(
                file,
                "/openapi",
                "missing `openapi: 3.0.x` field; is this an OpenAPI document?",
            ))
        }
    };
    let mut parts = version.split('.');
    let (major, minor) = (parts.next(), parts.next());
    let found = match (major, minor) {
        (Some("3"), Some("0")) => Version::V30,
        (Some("3"), Some("1")) => Version::V31,
        (Some("3"), Some(minor)) if minor.parse::<u32>().is_ok_and(|m| m > 1) => {
            warnings.push(Warning::new(
                file,
                "/openapi",
                "openapi-version",
                format!("OpenAPI version {version} is newer than this generator knows (3.0 and 3.1); it is read as 3.1"),
            ));
            Version::V31
        }
        _ => {
            return Err(Error::new(
                file,
                "/openapi",
                format!("OpenAPI version {version} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"),
            ))
        }
    };
    if let Some(field) = raw.get_mut("openapi") {
        *field = Value::String(version);
    }
    Ok(found)
}

/// `openapiv3` reads `paths` and `responses` through `#[serde(flatten)]`, which hides where inside them
/// an error is. This re-reads the parts one by one to find the deepest pointer.
fn refine(raw: &Value, pointer: &str) -> Option<(String, String)> {
    if pointer != "/paths" {
        return None;
    }
    for (path, item) in raw.get("paths")?.as_object()? {
        let at = format!("/paths/{}", escape(path));
        let Err(err) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) else {
            continue;
        };
        let inner = json_pointer(err.path());
        let mut found = (format!("{at}{inner}"), err.inner().to_string());
        // An operation's `responses` is flattened too: look at each response.
        let segments: Vec<&str> = inner.trim_start_matches('/').split('/').collect();
        if let [method, "responses"] = segments.as_slice() {
            let responses = item.get(*method)?.get("responses")?.as_object()?;
            for (status, response) in responses {
                if response.get("$ref").is_some() {
                    continue;
                }
                let result = serde_path_to_error::deserialize::<_, openapiv3::Response>(response);
                if let Err(err) = result {
                    found = (
                        format!(
                            "{at}/{method}/responses/{}{}",
                            escape(status),
                            json_pointer(err.path())
                        ),
                        err.inner().to_string(),
                    );
                    break;
                }
            }
        }
        return Some(found);
    }
    None
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;

    /// The path items as `Spec::path_items` and `read_path_item` give them.
    fn path_items(spec: &Spec) -> IndexMap<String, ReferenceOr<PathItem>> {
        spec.path_items()
            .map(|(path, value)| (path.clone(), read_path_item(value).expect("reads")))
            .collect()
    }

    /// openapiv3's reading of the whole document the loader made.
    fn openapiv3_paths(spec: &Spec) -> IndexMap<String, ReferenceOr<PathItem>> {
        OpenAPI::deserialize(&spec.raw).expect("reads").paths.paths
    }

    #[test]
    fn the_path_items_read_one_at_a_time_are_openapiv3s_of_the_whole_document() {
        // On a large stack, as the generator reads them: a fixture nests as deep as the parsers allow.
        crate::stack::with_large_stack(every_document_read_one_item_at_a_time).unwrap();
    }

    fn every_document_read_one_item_at_a_time() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["specs", "tests/fixtures"] {
            collect(&root.join(dir), &mut files);
        }
        let mut with_paths = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Some fixtures are refused on purpose.
            let Ok(spec) = parse_spec(&file, &text) else {
                continue;
            };
            assert!(spec.openapi.paths.paths.is_empty(), "{}", file.display());
            let expected = openapiv3_paths(&spec);
            with_paths += usize::from(!expected.is_empty());
            assert_eq!(path_items(&spec), expected, "{}", file.display());
        }
        assert!(with_paths >= 10, "{with_paths} documents with paths");
    }

    #[test]
    fn a_path_written_twice_keeps_its_first_place_and_its_last_value() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"summary": "first"}, "x-b": 1, "/b": {}, "/a": {"summary": "again"}}}"#;
        let spec = parse_spec(Path::new("specs/x/openapi.json"), text).expect("parses");
        let items = path_items(&spec);
        assert_eq!(items.keys().collect::<Vec<_>>(), ["/a", "/b"]);
        assert_eq!(
            items["/a"]
                .as_item()
                .and_then(|item| item.summary.as_deref()),
            Some("again")
        );
        assert_eq!(items, openapiv3_paths(&spec));
        assert_eq!(spec.openapi.paths.extensions.len(), 1);
    }

    fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
            {
                out.push(path);
            }
        }
    }
}
