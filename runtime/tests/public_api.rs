//! The runtime's documented API says one thing per name, and what only the generated code names is
//! in the hidden `codegen` module alone. Read from the runtime's own source (syn) as a module tree,
//! every feature on: the compiler's view of one feature set would miss the others.
//!
//! Issue 21: `invoke`, `Routes`, `Input`, … were public next to `ServerConfig`, and `client::Method`
//! (reqwest's) and `server::Method` (the pipeline's trait) were two meanings of one name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A name a module makes public (`pub` item or `pub use`).
struct Entry {
    name: String,
    /// Where the name leads: `None` for an item defined here, or the re-export's path, absolute
    /// (`crate::…`, or an outside crate's).
    reexport: Option<Vec<String>>,
    /// `#[doc(hidden)]` on the item or the `use`.
    hidden: bool,
}

/// One module of the tree.
struct Module {
    /// In the docs: `pub` from the root down, none of them `#[doc(hidden)]`.
    documented: bool,
    entries: Vec<Entry>,
}

/// The runtime's modules by path (`["crate", "server"]`).
struct Tree {
    modules: BTreeMap<Vec<String>, Module>,
}

fn is_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string() == "hidden")
    })
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string() == "test")
    })
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

impl Tree {
    /// The tree of the crate whose root file is `lib`.
    fn read(lib: &Path) -> Tree {
        let file = parse(lib);
        let dir = lib
            .parent()
            .expect("lib.rs is in a directory")
            .to_path_buf();
        Tree::from_root(&file.items, Some(dir))
    }

    /// The tree of a crate root's items; `dir` is where its `mod name;` files are (`None`: every
    /// module inline).
    fn from_root(items: &[syn::Item], dir: Option<PathBuf>) -> Tree {
        let mut tree = Tree {
            modules: BTreeMap::new(),
        };
        let root = vec!["crate".to_string()];
        tree.modules.insert(
            root.clone(),
            Module {
                documented: true,
                entries: Vec::new(),
            },
        );
        tree.add_items(&root, items, dir.as_deref(), true);
        tree
    }

    fn add_items(
        &mut self,
        path: &[String],
        items: &[syn::Item],
        dir: Option<&Path>,
        documented: bool,
    ) {
        for item in items {
            self.add_item(path, item, dir, documented);
        }
    }

    fn add_item(
        &mut self,
        path: &[String],
        item: &syn::Item,
        dir: Option<&Path>,
        documented: bool,
    ) {
        let (attrs, vis, name) = match item {
            syn::Item::Mod(module) => {
                if is_test_only(&module.attrs) {
                    return;
                }
                let name = module.ident.to_string();
                let public = is_pub(&module.vis);
                let hidden = is_hidden(&module.attrs);
                let child: Vec<String> = path.iter().cloned().chain([name.clone()]).collect();
                self.modules.insert(
                    child.clone(),
                    Module {
                        documented: documented && public && !hidden,
                        entries: Vec::new(),
                    },
                );
                let child_dir = dir.map(|dir| dir.join(&name));
                match &module.content {
                    Some((_, items)) => self.add_items(
                        &child,
                        items,
                        child_dir.as_deref(),
                        documented && public && !hidden,
                    ),
                    None => {
                        let dir = dir.expect("a `mod name;` needs the source directory");
                        let file = [
                            dir.join(format!("{name}.rs")),
                            dir.join(&name).join("mod.rs"),
                        ]
                        .into_iter()
                        .find(|file| file.exists())
                        .unwrap_or_else(|| panic!("no file for module {}", child.join("::")));
                        let items = parse(&file).items;
                        self.add_items(
                            &child,
                            &items,
                            child_dir.as_deref(),
                            documented && public && !hidden,
                        );
                    }
                }
                if public {
                    self.entry(path, name, None, hidden);
                }
                return;
            }
            syn::Item::Use(item) => {
                if is_pub(&item.vis) && !is_test_only(&item.attrs) {
                    let hidden = is_hidden(&item.attrs);
                    let mut found = Vec::new();
                    use_names(&item.tree, Vec::new(), &mut found);
                    for (name, written) in found {
                        let target = self.absolute(path, written);
                        self.entry(path, name, Some(target), hidden);
                    }
                }
                return;
            }
            syn::Item::Macro(item) => {
                // `#[macro_export]` puts a macro at the crate root, whatever module defines it.
                if item
                    .attrs
                    .iter()
                    .any(|attr| attr.path().is_ident("macro_export"))
                {
                    let name = item
                        .ident
                        .as_ref()
                        .expect("macro_rules! has a name")
                        .to_string();
                    self.entry(&["crate".to_string()], name, None, is_hidden(&item.attrs));
                }
                return;
            }
            syn::Item::Const(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Enum(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Fn(item) => (&item.attrs, &item.vis, item.sig.ident.to_string()),
            syn::Item::Static(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Struct(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Trait(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Type(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            syn::Item::Union(item) => (&item.attrs, &item.vis, item.ident.to_string()),
            _ => return,
        };
        if is_pub(vis) && !is_test_only(attrs) {
            self.entry(path, name, None, is_hidden(attrs));
        }
    }

    fn entry(
        &mut self,
        path: &[String],
        name: String,
        reexport: Option<Vec<String>>,
        hidden: bool,
    ) {
        let module = self
            .modules
            .get_mut(path)
            .expect("a module is added before its items");
        module.entries.push(Entry {
            name,
            reexport,
            hidden,
        });
    }

    /// A `use` path as written in module `path`, made absolute: `crate::`, `self::`, `super::`, a
    /// child module of `path`, or else an outside crate.
    fn absolute(&self, path: &[String], written: Vec<String>) -> Vec<String> {
        let mut base = path.to_vec();
        let mut rest = written.as_slice();
        match rest.first().map(String::as_str) {
            Some("crate") => return written,
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                let child: Vec<String> = path.iter().cloned().chain([first.to_string()]).collect();
                if !self.modules.contains_key(&child) {
                    return written;
                }
            }
            None => unreachable!("a use path has a segment"),
        }
        base.extend(rest.iter().cloned());
        base
    }

    /// What a path finally names: the path of the item's definition, following re-exports (an
    /// outside crate's path as written).
    fn resolve(&self, target: &[String]) -> String {
        if target.first().map(String::as_str) != Some("crate") {
            return target.join("::");
        }
        let (name, module) = target.split_last().expect("a path has a name");
        let module = self
            .modules
            .get(module)
            .unwrap_or_else(|| panic!("no module for {}", target.join("::")));
        let entry = module
            .entries
            .iter()
            .find(|entry| &entry.name == name)
            .unwrap_or_else(|| panic!("nothing public is named {}", target.join("::")));
        match &entry.reexport {
            Some(next) => self.resolve(next),
            None => target.join("::"),
        }
    }

    /// Each name of the documented API with the items it stands for, and where it is.
    fn documented(&self) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        let mut names: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
        for (path, module) in self.modules.iter().filter(|(_, module)| module.documented) {
            for entry in module.entries.iter().filter(|entry| !entry.hidden) {
                let at: Vec<String> = path.iter().cloned().chain([entry.name.clone()]).collect();
                let target = self.resolve(&at);
                names
                    .entry(entry.name.clone())
                    .or_default()
                    .entry(target)
                    .or_default()
                    .push(at.join("::"));
            }
        }
        names
    }

    /// The items the hidden `crate::codegen` (and its sub-modules) makes public, by name.
    fn codegen(&self) -> BTreeMap<String, String> {
        let codegen = ["crate".to_string(), "codegen".to_string()];
        let mut items = BTreeMap::new();
        for (path, module) in self
            .modules
            .iter()
            .filter(|(path, _)| path.starts_with(&codegen))
        {
            for entry in &module.entries {
                let at: Vec<String> = path.iter().cloned().chain([entry.name.clone()]).collect();
                items.insert(at.join("::"), self.resolve(&at));
            }
        }
        items
    }

    /// What is wrong with the tree: a documented name with two meanings, or an item of `codegen`
    /// that the documented API shows too.
    fn problems(&self) -> Vec<String> {
        let documented = self.documented();
        let mut problems = Vec::new();
        for (name, targets) in &documented {
            if targets.len() > 1 {
                problems.push(format!(
                    "`{name}` means {} things: {targets:?}",
                    targets.len()
                ));
            }
        }
        let shown: BTreeSet<&String> = documented.values().flat_map(BTreeMap::keys).collect();
        for (at, target) in self.codegen() {
            if shown.contains(&target) {
                problems.push(format!("{at} ({target}) is in the documented API too"));
            }
        }
        problems
    }
}

/// The names a `use` tree brings in, with their paths as written.
fn use_names(tree: &syn::UseTree, prefix: Vec<String>, found: &mut Vec<(String, Vec<String>)>) {
    let with = |segment: String| prefix.iter().cloned().chain([segment]).collect::<Vec<_>>();
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, with(path.ident.to_string()), found),
        syn::UseTree::Name(name) if name.ident == "self" => {
            let last = prefix.last().expect("`self` follows a path").clone();
            found.push((last, prefix));
        }
        syn::UseTree::Name(name) => {
            found.push((name.ident.to_string(), with(name.ident.to_string())))
        }
        syn::UseTree::Rename(rename) => {
            found.push((rename.rename.to_string(), with(rename.ident.to_string())))
        }
        syn::UseTree::Glob(_) => panic!(
            "a public glob re-export ({}::*) is not read",
            prefix.join("::")
        ),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_names(tree, prefix.clone(), found);
            }
        }
    }
}

fn parse(file: &Path) -> syn::File {
    let text =
        std::fs::read_to_string(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

fn runtime() -> Tree {
    Tree::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
}

fn inline(source: &str) -> Tree {
    let file = syn::parse_file(source).expect("the example parses");
    Tree::from_root(&file.items, None)
}

#[test]
fn the_documented_api_has_one_meaning_per_name_and_no_codegen_item() {
    let problems = runtime().problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_plumbing_of_generated_code_is_in_the_hidden_module() {
    let tree = runtime();
    let codegen = tree.codegen();
    let documented = tree.documented();
    // What issue 21 names, and the client's counterparts: under `codegen`, and no documented name.
    for name in [
        "server::invoke",
        "server::Answer",
        "server::Started",
        "server::Call",
        "server::Routes",
        "server::Input",
        "server::Handler",
        "server::Operation",
        "server::Respond",
        "client::Request",
        "client::Method",
        "client::Decode",
        "Deserialize",
        "Serialize",
        "Responses",
        "OpenEnum",
        "check_string",
    ] {
        let at = format!("crate::codegen::{name}");
        assert!(codegen.contains_key(&at), "{at} is missing");
        let short = name.rsplit("::").next().expect("a name");
        assert!(
            !documented.contains_key(short),
            "`{short}` is documented: {:?}",
            documented[short]
        );
    }
    let codegen = &tree.modules[&vec!["crate".to_string(), "codegen".to_string()]];
    assert!(!codegen.documented, "`codegen` is hidden from the docs");
}

#[test]
fn what_a_user_calls_stays_documented() {
    let documented = runtime().documented();
    for name in [
        "ServerConfig",
        "serve",
        "ClientConfig",
        "Transport",
        "TokenSource",
        "ApiError",
        "Context",
        "ErrorRoles",
        "Response",
    ] {
        assert!(documented.contains_key(name), "`{name}` is not documented");
    }
}

#[test]
fn two_meanings_of_one_name_are_found() {
    // The shape of issue 21: the server's trait and reqwest's re-export, both `Method`.
    let tree = inline(
        "pub mod client { pub use reqwest::Method; pub use crate::Context; }
         pub mod server { pub trait Method {} pub use super::Context; }
         pub struct Context;",
    );
    let problems = tree.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("`Method` means 2 things"),
        "{problems:#?}"
    );
}

#[test]
fn a_codegen_item_that_is_documented_too_is_found() {
    let tree = inline(
        "pub mod server { mod pipeline { pub fn invoke() {} } pub use pipeline::invoke; }
         #[doc(hidden)] pub mod codegen { pub use crate::server::invoke; }",
    );
    assert_eq!(
        tree.problems(),
        ["crate::codegen::invoke (crate::server::pipeline::invoke) is in the documented API too"]
    );
}

#[test]
fn hidden_items_and_modules_are_not_documented() {
    let tree = inline(
        "pub mod client { pub struct Method; }
         #[doc(hidden)] pub mod codegen { pub struct Method; }
         #[doc(hidden)] pub use client::Method as OtherMethod;
         mod private { pub struct Method; }",
    );
    assert!(tree.problems().is_empty(), "{:#?}", tree.problems());
    assert_eq!(
        tree.documented()["Method"].keys().collect::<Vec<_>>(),
        ["crate::client::Method"]
    );
}
