//! Finds the workspace the command acts on, at run time.
//!
//! Not from the compiled-in `CARGO_MANIFEST_DIR`: with a shared `CARGO_TARGET_DIR` one xtask binary serves
//! several clones, and a second clone's `cargo xtask generate` then acted on the first clone's specs.

use std::path::{Path, PathBuf};

/// The first folder at or above `start` whose `Cargo.toml` has a `[workspace]` table.
pub fn find_root(start: &Path) -> Result<PathBuf, String> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        if has_workspace_table(&text) {
            return Ok(dir.to_path_buf());
        }
    }
    Err(format!(
        "no Cargo.toml with a [workspace] table at or above {}; run cargo xtask inside the workspace",
        start.display()
    ))
}

/// The workspace root for the current directory (cargo runs xtask in the directory it was called from).
pub fn current_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|err| format!("no current directory: {err}"))?;
    find_root(&cwd)
}

/// Whether a manifest has the table `[workspace]` itself (not only `[workspace.package]` and the like,
/// which a member cannot have anyway, but a line check must not be fooled by them).
fn has_workspace_table(manifest: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.split('#').next().unwrap_or("").trim();
        line.strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|name| name.trim() == "workspace")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_up_past_member_manifests_to_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("clone");
        let member = root.join("xtask/src");
        fs::create_dir_all(&member).unwrap();
        fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n\n[workspace.package]\nedition = \"2021\"\n",
        )
        .unwrap();
        fs::write(
            root.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\nedition.workspace = true\n",
        )
        .unwrap();
        assert_eq!(find_root(&member).unwrap(), root);
        assert_eq!(find_root(&root).unwrap(), root);
    }

    #[test]
    fn a_folder_outside_any_workspace_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let lone = dir.path().join("lone");
        fs::create_dir_all(&lone).unwrap();
        // A package manifest alone is not a workspace.
        fs::write(lone.join("Cargo.toml"), "[package]\nname = \"lone\"\n").unwrap();
        let err = find_root(&lone).unwrap_err();
        assert!(err.contains("[workspace]"), "{err}");
    }

    #[test]
    fn only_the_workspace_table_counts() {
        assert!(has_workspace_table("[workspace]\nmembers = []\n"));
        assert!(has_workspace_table("[ workspace ] # the root\n"));
        assert!(!has_workspace_table(
            "[workspace.package]\nedition = \"2021\"\n"
        ));
        assert!(!has_workspace_table("[package]\nworkspace = \"..\"\n"));
    }
}
