//! Snapshots of the generated code, one per API (all its files, in path order). A generator change shows
//! up here as a reviewable diff: run `cargo insta review` (or read the `.snap.new` files) and accept only
//! what you meant.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The generated files of `specs_dir`, grouped by module (the first path component).
fn by_module(specs_dir: &str) -> BTreeMap<String, String> {
    let files = codegen::generate(&tests::root().join(specs_dir)).expect("specs generate");
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for (path, text) in files {
        let module = match path.components().count() {
            1 => "lib".to_string(),
            _ => path
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let entry = modules.entry(module).or_default();
        entry.push_str(&format!("===== {} =====\n", PathBuf::from(&path).display()));
        entry.push_str(&text);
        entry.push('\n');
    }
    modules
}

#[test]
fn generated_code_of_every_api() {
    let modules = by_module("specs");
    // One snapshot per spec folder plus lib.rs; a folder that stops generating fails here.
    assert_eq!(modules.len(), 10, "{:?}", modules.keys());
    for (module, text) in modules {
        insta::assert_snapshot!(module, text);
    }
}

#[test]
fn generated_code_of_the_tricky_spec() {
    for (module, text) in by_module("tests/fixtures/specs") {
        insta::assert_snapshot!(format!("fixture_{module}"), text);
    }
}
