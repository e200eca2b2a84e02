//! Snapshots of the generated fixture code, one per file (`fixture__tricky_api__models.rs`). A generator
//! change shows up here as a reviewable diff of the file it changed: run `cargo insta review` (or read the
//! `.snap.new` files) and accept only what you meant.
//!
//! The output of `specs/` has no snapshots: `generated/` is that output, committed, and
//! `generate --check` (in CI and in `generate_check.rs`) fails when it is stale, so a change there is
//! already a reviewable diff of the real files.

use std::path::Path;

/// The snapshot name of a generated file: its path with `/` as `__` (`tricky_api/models.rs` →
/// `fixture__tricky_api__models.rs`).
fn snapshot_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("fixture__{}", parts.join("__"))
}

#[test]
fn generated_code_of_every_fixture_file() {
    let files =
        codegen::generate(&tests::root().join("tests/fixtures/specs")).expect("fixtures generate");
    let mut count = 0;
    for (path, text) in files {
        // The fixtures are modules of the tests crate; xtask does not write their crate root either.
        if path == Path::new("lib.rs") {
            continue;
        }
        insta::assert_snapshot!(snapshot_name(&path), text);
        count += 1;
    }
    assert!(count > 0, "tests/fixtures/specs generated no files");
}
