//! `cargo xtask generate --check` as a test: the committed output is what the specs produce, for both
//! targets xtask writes (the list in `xtask/src/generate.rs`, `default_targets`). CI runs the command
//! too; the test makes `cargo test` alone catch a spec edited without regenerating.

use std::path::Path;

use codegen::write::write_or_check;

/// Checks one target; panics naming the stale files.
fn check(specs: &str, out: &str, crate_root: bool) {
    let root = tests::root();
    let output = codegen::run(&root.join(specs)).expect("specs generate");
    let mut files = output.files;
    if !crate_root {
        files.remove(Path::new("lib.rs"));
    }
    let mut outcome = write_or_check(&root.join(out), &files, true).expect("check runs");
    if crate_root {
        // The tag features of the crate's manifest.
        outcome.changed.extend(
            codegen::write::write_features(&root.join(out), &output.features, true)
                .expect("check runs"),
        );
    }
    assert!(
        outcome.is_clean(),
        "{out} is stale; run `cargo xtask generate` and commit the result.\n  differs: {:?}\n  no longer generated: {:?}",
        outcome.changed,
        outcome.stale
    );
}

#[test]
fn generated_crate_is_current() {
    check("specs", "generated/src", true);
}

#[test]
fn generated_fixtures_are_current() {
    check("tests/fixtures/specs", "tests/fixtures/generated", false);
}
