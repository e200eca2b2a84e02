//! A JSON document read straight into openapiv3's types, faster than openapiv3's own reader and in
//! parts that two cores can share.
//!
//! openapiv3 keeps each object's `x-` extensions with `#[serde(flatten)]`, and serde reads a flattened
//! struct by first copying the whole object into a buffer of its own (`Content`) and then reading the
//! fields from that copy. For the document's root this copies every value of the document before any
//! is read: for Microsoft Graph, 20 MB of text. Here the root and the `paths` object are read field by
//! field, each path item's text is set aside unread ([`RawValue`]), and the path items are read from
//! their text later, in turns that the core which read the document as a value takes part in once it
//! has ([`Root::read_some`]).
//!
//! A path item is read to know that it reads, and not kept: the lowering reads each one again from the
//! document's value when it comes to it ([`crate::load::spec::Spec::path_items`]). Kept, Graph's path
//! items took 236 MB, more than the rest of the document as openapiv3's types and as a JSON value
//! together. The result is the value `serde_json::from_str::<OpenAPI>` gives, with `paths.paths` left
//! empty; a text it would refuse is refused here too, or left to it (`None`).

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use indexmap::IndexMap;
use openapiv3::{
    Components, ExternalDocumentation, Info, OpenAPI, PathItem, ReferenceOr, SecurityRequirement,
    Server, Tag,
};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// How many path items one turn reads: small enough that the two cores finish close together, large
/// enough that taking a turn costs nothing next to reading it.
const TURN: usize = 64;

/// The document's root, read but for the path items, which are [`Paths`] to read.
pub struct Root<'t> {
    openapi: OpenAPI,
    paths: Paths<'t>,
}

/// The path items of a document, each as its text, and those read so far.
struct Paths<'t> {
    /// Every entry of `paths` as written, in order; a key that is neither a path nor an extension is
    /// left out, as openapiv3 leaves it out.
    entries: Vec<(String, &'t RawValue)>,
    /// The first entry no turn has taken yet.
    next: AtomicUsize,
    /// What is read, in order; `None` once an entry could not be read.
    read: Mutex<Option<Read>>,
}

/// The entries read so far. A turn puts its entries in as soon as those before it are in, so that
/// the extensions keep the order they are written in.
#[derive(Default)]
struct Read {
    extensions: IndexMap<String, Value>,
    /// The first entry not in the maps yet.
    done: usize,
    /// Turns read before one that comes earlier, by their first entry.
    waiting: Vec<(usize, Vec<Entry>)>,
}

enum Entry {
    /// A path item that reads (it is not kept: see the module's docs).
    Path,
    Extension(String, Value),
}

impl<'t> Root<'t> {
    /// Reads everything of `text` but the path items; `None` where openapiv3 might read it otherwise
    /// (it is then left to openapiv3's own reader).
    pub fn read(text: &'t str) -> Option<Self> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let root = deserializer.deserialize_map(RootVisitor).ok()?;
        deserializer.end().ok()?;
        Some(root)
    }

    /// Reads turns of path items until none is left, or `stop` is set. Both cores call it; each turn
    /// is read once.
    pub fn read_some(&self, stop: &AtomicBool) {
        let paths = &self.paths;
        while !stop.load(Ordering::Relaxed) {
            let first = paths.next.fetch_add(TURN, Ordering::Relaxed);
            if first >= paths.entries.len() {
                return;
            }
            let end = (first + TURN).min(paths.entries.len());
            let turn: Option<Vec<Entry>> = paths.entries[first..end]
                .iter()
                .map(|(key, text)| {
                    if key.starts_with('/') {
                        serde_json::from_str::<ReferenceOr<PathItem>>(text.get()).ok()?;
                        Some(Entry::Path)
                    } else {
                        let value = serde_json::from_str(text.get()).ok()?;
                        Some(Entry::Extension(key.clone(), value))
                    }
                })
                .collect();
            let Ok(mut read) = paths.read.lock() else {
                return;
            };
            match (turn, read.as_mut()) {
                (Some(turn), Some(done)) => done.add(first, turn),
                // An entry openapiv3 refuses (here, or in another core's turn): the document is left
                // to its own reader, which says where, and nothing more is read here.
                _ => {
                    *read = None;
                    return;
                }
            }
        }
    }

    /// The document, once every path item is read (by [`Root::read_some`], here or on another core),
    /// with `paths.paths` empty.
    pub fn finish(self) -> Option<OpenAPI> {
        self.read_some(&AtomicBool::new(false));
        let Root { mut openapi, paths } = self;
        let read = paths.read.into_inner().ok()??;
        if read.done != paths.entries.len() {
            return None;
        }
        openapi.paths.extensions = read.extensions;
        Some(openapi)
    }
}

impl Read {
    /// Takes the turn of entries from `first` on, and puts every turn whose entries before it are in
    /// into the maps.
    fn add(&mut self, first: usize, turn: Vec<Entry>) {
        self.waiting.push((first, turn));
        while let Some(next) = self
            .waiting
            .iter()
            .position(|(first, _)| *first == self.done)
        {
            let (_, turn) = self.waiting.swap_remove(next);
            self.done += turn.len();
            for entry in turn {
                // As openapiv3's map does: a key written twice keeps its first place, its last value.
                if let Entry::Extension(key, value) = entry {
                    self.extensions.insert(key, value);
                }
            }
        }
    }
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an OpenAPI document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root<'de>, A::Error> {
        fn once<T, E: de::Error>(
            slot: &mut Option<T>,
            value: T,
            name: &'static str,
        ) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        let mut openapi: Option<String> = None;
        let mut info: Option<Info> = None;
        let mut servers: Option<Vec<Server>> = None;
        let mut paths: Option<Paths<'de>> = None;
        let mut components: Option<Option<Components>> = None;
        let mut security: Option<Option<Vec<SecurityRequirement>>> = None;
        let mut tags: Option<Vec<Tag>> = None;
        let mut external_docs: Option<Option<ExternalDocumentation>> = None;
        let mut extensions = IndexMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "openapi" => once(&mut openapi, map.next_value()?, "openapi")?,
                "info" => once(&mut info, map.next_value()?, "info")?,
                "servers" => once(&mut servers, map.next_value()?, "servers")?,
                "paths" => {
                    let paths_read = Paths {
                        entries: map.next_value::<PathEntries<'de>>()?.0,
                        next: AtomicUsize::new(0),
                        read: Mutex::new(Some(Read::default())),
                    };
                    once(&mut paths, paths_read, "paths")?
                }
                "components" => once(&mut components, map.next_value()?, "components")?,
                "security" => once(&mut security, map.next_value()?, "security")?,
                "tags" => once(&mut tags, map.next_value()?, "tags")?,
                "externalDocs" => once(&mut external_docs, map.next_value()?, "externalDocs")?,
                extension if extension.starts_with("x-") => {
                    let value: Value = map.next_value()?;
                    extensions.insert(key, value);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let openapi = OpenAPI {
            openapi: openapi.ok_or_else(|| de::Error::missing_field("openapi"))?,
            info: info.ok_or_else(|| de::Error::missing_field("info"))?,
            servers: servers.unwrap_or_default(),
            paths: Default::default(),
            components: components.flatten(),
            security: security.flatten(),
            tags: tags.unwrap_or_default(),
            external_docs: external_docs.flatten(),
            extensions,
        };
        Ok(Root {
            openapi,
            paths: paths.ok_or_else(|| de::Error::missing_field("paths"))?,
        })
    }
}

/// The entries of `paths` that openapiv3 keeps (paths and extensions), unread.
struct PathEntries<'t>(Vec<(String, &'t RawValue)>);

impl<'de> de::Deserialize<'de> for PathEntries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = PathEntries<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a map of paths")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PathEntries<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key.starts_with('/') || key.starts_with("x-") {
                        entries.push((key, map.next_value::<&'de RawValue>()?));
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(PathEntries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Reads `text` as `parse_here` does, with the path items in turns on two threads.
    fn read_directly(text: &str) -> Option<OpenAPI> {
        let root = Root::read(text)?;
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| root.read_some(&stop));
            root.read_some(&stop);
        });
        root.finish()
    }

    /// openapiv3's own reading, with the path items left out as the direct reading leaves them out
    /// once it has read them.
    fn read_by_openapiv3(text: &str) -> Option<OpenAPI> {
        let mut openapi: OpenAPI = serde_json::from_str(text).ok()?;
        openapi.paths.paths.clear();
        Some(openapi)
    }

    #[test]
    fn every_json_document_here_reads_as_openapiv3_reads_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut documents = Vec::new();
        for dir in ["specs", "tests/fixtures"] {
            collect_json(&root.join(dir), &mut documents);
        }
        assert!(documents.len() >= 10, "found {documents:?}");
        for document in documents {
            let text = std::fs::read_to_string(&document).unwrap();
            let expected = read_by_openapiv3(&text);
            assert_eq!(read_directly(&text), expected, "{}", document.display());
        }
    }

    fn collect_json(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_json(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                out.push(path);
            }
        }
    }

    /// A document of many paths (more than one turn), each shape of entry openapiv3 keeps or drops.
    fn many_paths(extra: &str) -> String {
        let paths: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    r#""/items/{i}": {{"get": {{"operationId": "get{i}", "responses": {{"200": {{"description": "ok"}}}}}}, "x-item": {i}}}"#
                )
            })
            .collect();
        format!(
            r##"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1", "x-info": true}},
                "x-root": {{"a": [1, 2.5, null]}}, "unknown": {{"ignored": 1}},
                "components": {{"schemas": {{"A": {{"type": "object", "x-a": 1}}}}}},
                "paths": {{{}, "x-paths": "kept", "other": "dropped", "/ref": {{"$ref": "#/paths/~1items~10"}}{extra}}}}}"##,
            paths.join(", ")
        )
    }

    #[test]
    fn paths_extensions_and_unknown_keys_read_as_openapiv3_reads_them() {
        let text = many_paths("");
        let expected = read_by_openapiv3(&text).expect("openapiv3 reads it");
        let read = read_directly(&text).expect("read directly");
        assert_eq!(read, expected);
        assert!(read.paths.paths.is_empty(), "read, not kept");
        assert_eq!(read.paths.extensions.len(), 1);
        assert_eq!(read.extensions.len(), 1);
    }

    #[test]
    fn what_openapiv3_refuses_is_refused() {
        // A path item openapiv3 cannot read, a root field written twice, no `paths`, not an object,
        // text after the document.
        for text in [
            many_paths(r#", "/bad": {"get": {"responses": 5}}"#),
            r#"{"openapi": "3.0.3", "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#.to_string(),
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}"#.to_string(),
            "[]".to_string(),
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}} x"#.to_string(),
        ] {
            assert_eq!(read_by_openapiv3(&text), None, "{text}");
            assert_eq!(read_directly(&text), None, "{text}");
        }
    }

    #[test]
    fn a_stopped_reading_is_not_finished_with_a_part_missing() {
        let text = many_paths("");
        let root = Root::read(&text).unwrap();
        root.read_some(&AtomicBool::new(true));
        // `finish` reads the turns nobody took.
        assert_eq!(root.finish(), read_by_openapiv3(&text));
    }

    #[test]
    fn turns_read_out_of_order_are_put_in_the_order_written() {
        // Path items and extensions in turn: the extensions keep their order.
        let turn = |first: usize, len: usize| -> Vec<Entry> {
            (first..first + len)
                .map(|i| match i % 2 {
                    0 => Entry::Path,
                    _ => Entry::Extension(format!("x-{i}"), Value::from(i)),
                })
                .collect()
        };
        let mut read = Read::default();
        read.add(TURN, turn(TURN, 3));
        assert!(
            read.extensions.is_empty(),
            "a later turn waits for the one before it"
        );
        read.add(0, turn(0, TURN));
        let keys: Vec<String> = (0..TURN + 3)
            .filter(|i| i % 2 == 1)
            .map(|i| format!("x-{i}"))
            .collect();
        assert_eq!(read.extensions.keys().cloned().collect::<Vec<_>>(), keys);
        assert_eq!(read.done, TURN + 3);
    }
}
