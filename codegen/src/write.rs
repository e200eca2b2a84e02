//! Write: puts the formatted files in place, or, in check mode, reports which differ. Files that carry the
//! generated marker but are no longer produced (an API folder was removed) are deleted or reported stale.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::format::GENERATED_MARKER;

/// What `write_or_check` found or did, per file relative to the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Written (generate) or differing (check).
    pub changed: Vec<PathBuf>,
    /// Generated earlier but no longer produced: removed (generate) or to be removed (check).
    pub stale: Vec<PathBuf>,
    pub unchanged: usize,
}

impl Outcome {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Writes `files` (path relative to `out_dir` → content) into `out_dir`, or with `check` only compares.
pub fn write_or_check(
    out_dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    check: bool,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for (relative, content) in files {
        let path = out_dir.join(relative);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(content.as_str()) {
            outcome.unchanged += 1;
            continue;
        }
        outcome.changed.push(relative.clone());
        if !check {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|err| {
                    Error::new(parent, "", format!("cannot create folder: {err}"))
                })?;
            }
            fs::write(&path, content)
                .map_err(|err| Error::new(&path, "", format!("cannot write file: {err}")))?;
        }
    }
    for relative in generated_files(out_dir)? {
        if !files.contains_key(&relative) {
            if !check {
                let path = out_dir.join(&relative);
                fs::remove_file(&path).map_err(|err| {
                    Error::new(&path, "", format!("cannot remove stale file: {err}"))
                })?;
                if let Some(parent) = path.parent() {
                    // Only succeeds when the folder is empty, which is what we want.
                    let _ = fs::remove_dir(parent);
                }
            }
            outcome.stale.push(relative);
        }
    }
    Ok(outcome)
}

/// Every `.rs` file under `dir` that starts with the generated marker, relative to `dir`.
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                if text.starts_with(GENERATED_MARKER) {
                    if let Ok(relative) = path.strip_prefix(dir) {
                        out.push(relative.to_path_buf());
                    }
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
