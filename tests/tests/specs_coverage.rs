//! Checks that grow with `specs/` instead of counting it: every folder of `specs/` becomes a module of the
//! generated crate, and the mock serves only APIs that `specs/` has. Adding an API folder needs no edit
//! here or anywhere else; a folder that stops generating fails.

use std::collections::BTreeSet;

/// The folders of `specs/`, with whether their spec has operations (`tests::spec_lists`).
fn spec_folders() -> Vec<(String, bool)> {
    tests::spec_lists::spec_folders(&tests::root().join("specs"))
}

/// The module of a folder, as `specs/README.md` documents it (`innrapportering-aandsverk` →
/// `innrapportering_aandsverk`).
fn module(folder: &str) -> String {
    folder.replace('-', "_")
}

#[test]
fn every_spec_folder_becomes_a_module_of_the_generated_crate() {
    let files = codegen::generate(&tests::root().join("specs")).expect("specs generate");
    let generated: BTreeSet<String> = files
        .keys()
        .filter(|path| path.components().count() > 1)
        .filter_map(|path| path.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = spec_folders().iter().map(|(f, _)| module(f)).collect();
    assert_eq!(generated, expected);
    let lib = &files[std::path::Path::new("lib.rs")];
    for module in &expected {
        assert!(
            lib.contains(&format!("pub mod {module};")),
            "lib.rs lacks {module}"
        );
    }
}

#[test]
fn the_mock_serves_only_apis_of_specs() {
    // A new API folder must not break the suite before the mock has an implementation of it (the mock
    // adds behaviour, not the other way round); an API the mock serves must still be in `specs/`.
    let served: BTreeSet<&str> = skatteetaten_mock::APIS.iter().map(|a| a.module).collect();
    let with_operations: Vec<String> = spec_folders()
        .into_iter()
        .filter(|(_, ops)| *ops)
        .map(|(folder, _)| module(&folder))
        .collect();
    let known: BTreeSet<&str> = with_operations.iter().map(String::as_str).collect();
    assert!(!served.is_empty());
    assert!(
        served.is_subset(&known),
        "the mock serves APIs that specs/ no longer has: {:?}",
        served.difference(&known).collect::<Vec<_>>()
    );
}
