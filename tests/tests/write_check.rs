//! `generate --check` semantics: a current tree is clean; a changed, missing or leftover generated file is
//! named; hand-written files beside generated ones are never touched.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use codegen::format::GENERATED_MARKER;
use codegen::write::write_or_check;

fn files() -> BTreeMap<PathBuf, String> {
    BTreeMap::from([
        (
            PathBuf::from("lib.rs"),
            format!("{GENERATED_MARKER}\npub mod a;\n"),
        ),
        (
            PathBuf::from("a/mod.rs"),
            format!("{GENERATED_MARKER}\npub struct A;\n"),
        ),
    ])
}

#[test]
fn check_names_changed_missing_and_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let written = write_or_check(out, &files(), false).unwrap();
    assert_eq!(written.changed.len(), 2);
    assert!(write_or_check(out, &files(), true).unwrap().is_clean());

    // A hand edit of a generated file, a deleted one, and one no spec produces any more.
    fs::write(out.join("a/mod.rs"), "edited by hand").unwrap();
    fs::remove_file(out.join("lib.rs")).unwrap();
    fs::create_dir_all(out.join("old")).unwrap();
    fs::write(out.join("old/mod.rs"), format!("{GENERATED_MARKER}\n")).unwrap();
    // Hand-written code (no marker) is not ours.
    fs::write(out.join("runtime.rs"), "// hand-written\n").unwrap();
    // Nor is a file shorter than the marker that starts as it does.
    fs::write(out.join("short.rs"), &GENERATED_MARKER[..7]).unwrap();

    let checked = write_or_check(out, &files(), true).unwrap();
    assert!(!checked.is_clean());
    assert_eq!(
        checked.changed,
        vec![PathBuf::from("a/mod.rs"), PathBuf::from("lib.rs")]
    );
    assert_eq!(checked.stale, vec![PathBuf::from("old/mod.rs")]);
    // Checking wrote nothing.
    assert_eq!(
        fs::read_to_string(out.join("a/mod.rs")).unwrap(),
        "edited by hand"
    );

    let fixed = write_or_check(out, &files(), false).unwrap();
    assert_eq!(fixed.stale, vec![PathBuf::from("old/mod.rs")]);
    assert!(!out.join("old").exists());
    assert!(out.join("runtime.rs").exists() && out.join("short.rs").exists());
    assert!(write_or_check(out, &files(), true).unwrap().is_clean());
}
