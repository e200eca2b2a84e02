//! `$ref`s to other files, bundled into the one document the model reads. Real specs split their
//! schemas into files (`./schemas/x.yaml`, `../shared/common.yaml#/Problem`) and point to published
//! ones (Zalando's Problem). The model resolves only local `#/...` references, so every value another
//! file provides is copied into `components` of the spec (a schema under `components/schemas/<name>`,
//! a parameter under `components/parameters/<name>`, …; a path item in place), with a deterministic key
//! that does not clash, and the `$ref` is pointed to the copy. The `$ref`s inside a copy are relative to
//! its own file and are followed the same way, so files that refer to each other (A → B → A) are copied
//! once each. Nothing is fetched from the network:
//!
//! - a relative path is read from the disk, but only below the `specs/` folder (the spec folder's
//!   parent), so `../../../etc/passwd` is refused;
//! - a URL is read from the local file that `refs.yaml` in the spec folder maps it to (the document URL,
//!   without `#...`, or a prefix ending in `/`, → a path relative to the spec folder). A URL it does not
//!   map makes the schema any JSON value, with the warning `unresolved-url-ref`; where the `$ref` is not
//!   a schema (a parameter, a response), that is an error.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::load::components::{self, unique_key};
use crate::load::document::{read_document, read_text};
use crate::load::origin::Origin;
use crate::load::pointer::{escape, percent_decode};
use crate::load::walk::{nodes, Node};

/// The file, in the spec folder, that maps URLs to local files.
pub const REF_MAP_FILE: &str = "refs.yaml";

/// More files than this behind one spec is an error (a generated maze, not a spec).
const MAX_FILES: usize = 1_000;
/// A path item `$ref` to a `$ref` to … more often than this is a cycle.
const MAX_PATH_ITEM_STEPS: usize = 16;
/// More values copied than this is an error.
const MAX_COPIES: usize = 100_000;

/// Copies what the `$ref`s of `raw` (the spec `file`) to other files name into `raw`.
/// Returns where each copy came from.
pub fn bundle(file: &Path, raw: &mut Value, warnings: &mut Vec<Warning>) -> Result<Vec<Origin>> {
    if !needs_bundling(raw) {
        return Ok(Vec::new());
    }
    let main = canonical(file, file, "")?;
    let folder = main.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = folder
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(folder.clone());
    let mut bundler = Bundler {
        shown_main: file.to_path_buf(),
        main,
        folder,
        root,
        ref_map: None,
        docs: HashMap::new(),
        copies: HashMap::new(),
        queue: VecDeque::new(),
        copied: 0,
        inlined: HashMap::new(),
        warnings,
    };
    let region = Region {
        file: bundler.main.clone(),
        source: String::new(),
        dest: String::new(),
        kind: Node::Root,
    };
    bundler.rewrite(raw, &region)?;
    let mut origins = Vec::new();
    while let Some(region) = bundler.queue.pop_front() {
        bundler.rewrite(raw, &region)?;
        origins.push(Origin {
            at: region.dest,
            file: region.file,
            source: region.source,
        });
    }
    Ok(origins)
}

/// Whether a `$ref` or a discriminator mapping of `raw` names another file: without one, [`bundle`]
/// leaves `raw` as it is.
pub fn needs_bundling(raw: &Value) -> bool {
    // Most specs are one file: a plain scan of the values finds no `$ref` (or mapping) outside it, and
    // the walk below, which builds a pointer for every node, is not needed.
    if !mentions_other_files(raw) {
        return false;
    }
    refs(raw, "", Node::Root)
        .into_iter()
        .map(|(_, _, reference)| reference)
        .chain(mappings(raw, "", Node::Root).into_iter().map(|(_, r)| r))
        .any(|reference| !reference.starts_with('#'))
}

/// Whether any `$ref`, or any value of a discriminator's `mapping`, anywhere in `doc` (examples too: a
/// false alarm only costs the full walk) names something outside the document.
fn mentions_other_files(doc: &Value) -> bool {
    let outside = |value: &Value| value.as_str().is_some_and(|r| !r.starts_with('#'));
    let mut stack = vec![doc];
    while let Some(value) = stack.pop() {
        match value {
            // One look at each key, not a lookup (a hash) of `$ref` and `mapping` in every object:
            // Graph's 20 MB took 32 ms so.
            Value::Object(map) => {
                for (key, value) in map {
                    let other_file = match (key.as_str(), value) {
                        ("$ref", _) => outside(value),
                        ("mapping", Value::Object(mapping)) => mapping.values().any(outside),
                        _ => false,
                    };
                    if other_file {
                        return true;
                    }
                    stack.push(value);
                }
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    false
}

/// A part of the document whose `$ref`s are relative to `file`: the value at `source` of `file`, copied
/// to `dest` of the spec.
struct Region {
    file: PathBuf,
    source: String,
    dest: String,
    kind: Node,
}

/// Where a `$ref` leads.
enum Target {
    /// A pointer into the spec (after copying, if needed).
    Local(String),
    /// A URL that no local file stands for.
    Unmapped,
    /// A path item, copied in place of the `$ref`.
    Inlined,
}

struct Bundler<'w> {
    /// The spec as its path was given (for messages).
    shown_main: PathBuf,
    /// The spec, canonical.
    main: PathBuf,
    /// The spec's folder, canonical.
    folder: PathBuf,
    /// The `specs/` folder: no file outside it is read.
    root: PathBuf,
    ref_map: Option<RefMap>,
    /// Other files read so far (canonical path → document).
    docs: HashMap<PathBuf, Value>,
    /// (file, pointer in it, components section) → pointer of its copy in the spec.
    copies: HashMap<(PathBuf, String, &'static str), String>,
    queue: VecDeque<Region>,
    /// Values copied so far (path items, copied each time, included).
    copied: usize,
    /// Path item pointer → how many `$ref`s have been followed there.
    inlined: HashMap<String, usize>,
    warnings: &'w mut Vec<Warning>,
}

impl Bundler<'_> {
    /// How a file is named in messages.
    fn shown(&self, file: &Path) -> PathBuf {
        if file == self.main {
            self.shown_main.clone()
        } else {
            file.to_path_buf()
        }
    }

    /// Points every `$ref` of `region` that is not local to the spec to a local copy.
    fn rewrite(&mut self, raw: &mut Value, region: &Region) -> Result<()> {
        let in_main = region.file == self.main;
        for (pointer, kind, reference) in refs(raw, &region.dest, region.kind) {
            if in_main && reference.starts_with('#') {
                continue;
            }
            let at = format!(
                "{}{}",
                region.source,
                pointer.strip_prefix(&region.dest).unwrap_or(&pointer)
            );
            let target = self.resolve(raw, &region.file, &at, &reference, kind, &pointer)?;
            let Some(node) = raw.pointer_mut(&pointer) else {
                continue;
            };
            match target {
                Target::Inlined => {}
                Target::Local(local) => node["$ref"] = Value::String(format!("#{local}")),
                Target::Unmapped => {
                    let mut any = json!({});
                    if let Some(description) = node.get("description") {
                        any["description"] = description.clone();
                    }
                    *node = any;
                    self.warnings.push(Warning::new(
                        &self.shown(&region.file),
                        at,
                        "unresolved-url-ref",
                        format!("$ref `{reference}` is a URL, and {REF_MAP_FILE} in the spec folder does not map it to a local file; the schema is any JSON value"),
                    ));
                }
            }
        }
        // A discriminator's `mapping` names schemas by reference too, relative to the same file.
        for (pointer, reference) in mappings(raw, &region.dest, region.kind) {
            if in_main && reference.starts_with('#') {
                continue;
            }
            let at = format!(
                "{}{}",
                region.source,
                pointer.strip_prefix(&region.dest).unwrap_or(&pointer)
            );
            let target =
                self.resolve(raw, &region.file, &at, &reference, Node::Schema, &pointer)?;
            if let (Target::Local(local), Some(entry)) = (target, raw.pointer_mut(&pointer)) {
                *entry = Value::String(format!("#{local}"));
            }
        }
        Ok(())
    }

    /// Resolves `reference`, found at `at` of `from` (at `dest` of the spec), where a `kind` is expected.
    fn resolve(
        &mut self,
        raw: &mut Value,
        from: &Path,
        at: &str,
        reference: &str,
        kind: Node,
        dest: &str,
    ) -> Result<Target> {
        let shown = self.shown(from);
        let error = |message: String| Error::new(&shown, at, message);
        let (document, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(error(format!(
                "$ref `{reference}`: only JSON pointers (`#/...`) are supported after `#`, not anchors"
            )));
        }
        let file = if document.is_empty() {
            from.to_path_buf()
        } else if is_url(document) {
            match self.map_url(document)? {
                Some(file) => file,
                None if kind == Node::Schema => return Ok(Target::Unmapped),
                None => {
                    return Err(error(format!(
                        "$ref `{reference}` is a URL; map it to a local file in {REF_MAP_FILE} in the spec folder (only schemas may be left unresolved)"
                    )))
                }
            }
        } else {
            let base = from.parent().unwrap_or(Path::new(""));
            base.join(percent_decode(document))
        };
        let file = canonical(&file, &shown, at)
            .map_err(|err| error(format!("$ref `{reference}`: {}", err.message)))?;
        if !file.starts_with(&self.root) {
            return Err(error(format!(
                "$ref `{reference}` names a file outside the specs folder ({}); only files below it are read",
                self.root.display()
            )));
        }
        if file == self.main {
            return Ok(Target::Local(fragment));
        }
        let section = match (kind, kind.section()) {
            (_, Some(section)) => section,
            (Node::PathItem, None) => "",
            _ => {
                return Err(error(format!(
                    "$ref `{reference}` to another file is not supported here"
                )))
            }
        };
        let key = (file.clone(), fragment.clone(), section);
        if let Some(local) = self.copies.get(&key) {
            return Ok(Target::Local(local.clone()));
        }
        let value = self.document(&file, from, at)?;
        let Some(value) = value.pointer(&fragment).cloned() else {
            return Err(error(format!(
                "$ref `{reference}` points to nothing in {} (dangling reference)",
                file.display()
            )));
        };
        self.copied += 1;
        if self.copied > MAX_COPIES {
            return Err(error(format!(
                "more than {MAX_COPIES} values are bundled from other files"
            )));
        }
        let region = if kind == Node::PathItem {
            // Paths cannot `$ref` into `components` in 3.0: the path item is copied in place. A copy
            // that is itself a `$ref` is followed again, a few times, not around a cycle.
            let steps = self.inlined.entry(dest.to_string()).or_default();
            *steps += 1;
            if *steps > MAX_PATH_ITEM_STEPS {
                return Err(error(format!(
                    "$ref `{reference}`: path item $refs go around in a cycle"
                )));
            }
            if let Some(node) = raw.pointer_mut(dest) {
                *node = value;
            }
            Region {
                file,
                source: fragment,
                dest: dest.to_string(),
                kind,
            }
        } else {
            let map = components::section(raw, section);
            let name = copy_name(&file, &fragment);
            let name = unique_key(map, &name);
            map.insert(name.clone(), value);
            let local = format!("/components/{section}/{}", escape(&name));
            self.copies.insert(key, local.clone());
            Region {
                file,
                source: fragment,
                dest: local,
                kind,
            }
        };
        let target = if kind == Node::PathItem {
            Target::Inlined
        } else {
            Target::Local(region.dest.clone())
        };
        self.queue.push_back(region);
        Ok(target)
    }

    /// The document of another file, read once.
    fn document(&mut self, file: &Path, from: &Path, at: &str) -> Result<&Value> {
        if !self.docs.contains_key(file) {
            if self.docs.len() >= MAX_FILES {
                return Err(Error::new(
                    &self.shown(from),
                    at,
                    format!("more than {MAX_FILES} files are referred to"),
                ));
            }
            let text = read_text(file).map_err(|err| {
                Error::new(
                    &self.shown(from),
                    at,
                    format!("cannot read {}: {}", file.display(), err.message),
                )
            })?;
            let doc = read_document(file, &text, self.warnings)?;
            self.docs.insert(file.to_path_buf(), doc);
        }
        Ok(&self.docs[file])
    }

    /// The local file `refs.yaml` maps the URL `document` to, if any.
    fn map_url(&mut self, document: &str) -> Result<Option<PathBuf>> {
        if self.ref_map.is_none() {
            self.ref_map = Some(RefMap::read(&self.folder, self.warnings)?);
        }
        let map = self.ref_map.as_ref().map(|m| &m.entries);
        let found = map.into_iter().flatten().find_map(|(url, path)| {
            if document == url {
                Some(self.folder.join(path))
            } else if url.ends_with('/') {
                let rest = document.strip_prefix(url.as_str())?;
                Some(self.folder.join(path).join(rest))
            } else {
                None
            }
        });
        Ok(found)
    }
}

/// The key a copy is given (before clashes are resolved): the last segment of its pointer (`Problem` of
/// `#/Problem`), the file's name for a whole file (`adresse` of `./schemas/adresse.json`), or both when
/// the segment is not a name (`felles_0` of `felles.yaml#/allOf/0`).
fn copy_name(file: &Path, fragment: &str) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match fragment.rsplit('/').next() {
        Some(last) if last.chars().any(char::is_alphabetic) => {
            super::pointer::unescape(last).into_owned()
        }
        Some(last) if !last.is_empty() => format!("{stem}_{last}"),
        _ => stem,
    }
}

/// `refs.yaml`: URL → local file, relative to the spec folder.
struct RefMap {
    /// Longest URL first, so the most specific prefix wins.
    entries: Vec<(String, String)>,
}

impl RefMap {
    fn read(folder: &Path, warnings: &mut Vec<Warning>) -> Result<RefMap> {
        let file = folder.join(REF_MAP_FILE);
        let Ok(text) = std::fs::read_to_string(&file) else {
            return Ok(RefMap {
                entries: Vec::new(),
            });
        };
        let value = read_document(&file, &text, warnings)?;
        let Value::Object(map) = value else {
            return Err(Error::new(
                &file,
                "",
                "expected a map from URL to a file path relative to this folder",
            ));
        };
        let mut entries = Vec::new();
        for (url, path) in map {
            let Value::String(path) = path else {
                return Err(Error::new(
                    &file,
                    format!("/{}", escape(&url)),
                    "expected a file path relative to this folder",
                ));
            };
            entries.push((url.split('#').next().unwrap_or_default().to_string(), path));
        }
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(RefMap { entries })
    }
}

/// Every `$ref` below `start` (of kind `kind`): its pointer, the kind of value expected there, the text.
fn refs(raw: &Value, start: &str, kind: Node) -> Vec<(String, Node, String)> {
    nodes(raw, start, kind)
        .into_iter()
        .filter_map(|(pointer, kind)| {
            let reference = raw.pointer(&pointer)?.get("$ref")?.as_str()?.to_string();
            Some((pointer, kind, reference))
        })
        .collect()
}

/// Every discriminator `mapping` value below `start` that is a reference (not a bare schema name): its
/// pointer and text.
fn mappings(raw: &Value, start: &str, kind: Node) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (pointer, kind) in nodes(raw, start, kind) {
        if kind != Node::Schema {
            continue;
        }
        let mapping = raw
            .pointer(&pointer)
            .and_then(|schema| schema.get("discriminator")?.get("mapping")?.as_object());
        for (key, value) in mapping.into_iter().flatten() {
            let Some(reference) = value.as_str() else {
                continue;
            };
            if reference.contains(['#', '/']) || is_document(reference) {
                out.push((
                    format!("{pointer}/discriminator/mapping/{}", escape(key)),
                    reference.to_string(),
                ));
            }
        }
    }
    out
}

/// `cat.yaml`: a mapping value naming a file, not a schema.
fn is_document(reference: &str) -> bool {
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| reference.ends_with(ext))
}

/// `https://…`, `urn:…`: a scheme of two letters or more (one letter is a Windows drive).
fn is_url(document: &str) -> bool {
    let Some((scheme, _)) = document.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The canonical path of `file`, an error (in `from`, at `at`) when it does not exist.
fn canonical(file: &Path, from: &Path, at: &str) -> Result<PathBuf> {
    file.canonicalize().map_err(|err| {
        Error::new(
            from,
            at,
            format!("cannot find the file {}: {err}", file.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/x.yaml"));
        assert!(is_url("urn:x"));
        assert!(!is_url("C:/x.yaml"));
        assert!(!is_url("./schemas/x.yaml"));
    }

    #[test]
    fn copies_are_named_after_their_pointer_or_file() {
        let file = Path::new("/specs/api/schemas/felles.yaml");
        assert_eq!(copy_name(file, "/components/schemas/Problem"), "Problem");
        assert_eq!(copy_name(file, "/a~1b"), "a/b");
        assert_eq!(copy_name(file, "/allOf/0"), "felles_0");
        assert_eq!(copy_name(file, ""), "felles");
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/paths/~1x~1%7Bid%7D"), "/paths/~1x~1{id}");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("my%20file.yaml"), "my file.yaml");
        assert_eq!(percent_decode("/x;%20charset=utf-8"), "/x; charset=utf-8");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn a_reference_or_mapping_to_another_file_is_seen_wherever_it_is() {
        use serde_json::json;
        let deep = |value: Value| json!({"paths": {"/a": {"get": {"responses": {"200": value}}}}});
        assert!(!mentions_other_files(&json!({"openapi": "3.0.3"})));
        assert!(!mentions_other_files(&deep(
            json!({"$ref": "#/components/responses/A"})
        )));
        assert!(mentions_other_files(&deep(
            json!({"$ref": "common.yaml#/A"})
        )));
        assert!(mentions_other_files(&deep(
            json!([{"a": 1}, {"$ref": "b.json"}])
        )));
        let mapping = |target: &str| deep(json!({"discriminator": {"mapping": {"a": target}}}));
        assert!(!mentions_other_files(&mapping("#/components/schemas/A")));
        assert!(mentions_other_files(&mapping("other.yaml#/A")));
        // A property named `$ref` or `mapping` (a schema, not a string or a map of strings) is looked
        // inside like any value.
        let property = |name: &str, inner: Value| deep(json!({"properties": {name: inner}}));
        assert!(!mentions_other_files(&property(
            "$ref",
            json!({"type": "string"})
        )));
        assert!(mentions_other_files(&property(
            "$ref",
            json!({"$ref": "x.yaml"})
        )));
        assert!(mentions_other_files(&property(
            "mapping",
            json!({"items": {"$ref": "x.yaml"}})
        )));
    }
}
