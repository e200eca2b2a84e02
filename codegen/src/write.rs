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
    // The files just written or found the same are produced: only the others are read for the marker.
    for relative in generated_files(out_dir, |relative| files.contains_key(relative))? {
        if !check {
            let path = out_dir.join(&relative);
            fs::remove_file(&path)
                .map_err(|err| Error::new(&path, "", format!("cannot remove stale file: {err}")))?;
            if let Some(parent) = path.parent() {
                // Only succeeds when the folder is empty, which is what we want.
                let _ = fs::remove_dir(parent);
            }
        }
        outcome.stale.push(relative);
    }
    Ok(outcome)
}

/// Every `.rs` file under `dir` that starts with the generated marker, relative to `dir`, except those
/// `skip` says to leave out (they are not read).
fn generated_files(dir: &Path, skip: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
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
                let Ok(relative) = path.strip_prefix(dir) else {
                    continue;
                };
                if !skip(relative) && starts_with_marker(&path) {
                    out.push(relative.to_path_buf());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether the file at `path` starts with the generated marker: only that many bytes are read.
fn starts_with_marker(path: &Path) -> bool {
    use std::io::Read as _;
    let mut start = Vec::with_capacity(GENERATED_MARKER.len());
    fs::File::open(path)
        .and_then(|file| {
            file.take(GENERATED_MARKER.len() as u64)
                .read_to_end(&mut start)
        })
        .is_ok_and(|_| start == GENERATED_MARKER.as_bytes())
}

/// The first line of the tag features the generator owns in a crate's `[features]` table.
pub const FEATURES_BEGIN: &str =
    "# @generated: the tag features, and `default` enabling them all (begin)";
/// The last line of the tag features block.
pub const FEATURES_END: &str = "# @generated: the tag features (end)";
/// Where the block goes when the output folder's crate has no manifest with the markers (fuzz, sweep and
/// bench outputs): a `[features]` table of its own, beside `lib.rs`.
pub const FEATURES_FILE: &str = "features.toml";

/// The lines from [`FEATURES_BEGIN`] to [`FEATURES_END`]: `default` with every feature, then each
/// feature (see `model::lower::reach`).
pub fn features_block(features: &[String]) -> String {
    let mut out = format!("{FEATURES_BEGIN}\n");
    if features.is_empty() {
        out.push_str("default = []\n");
    } else {
        out.push_str("default = [\n");
        for feature in features {
            out.push_str(&format!("    \"{feature}\",\n"));
        }
        out.push_str("]\n");
    }
    for feature in features {
        out.push_str(&format!("{feature} = []\n"));
    }
    out.push_str(FEATURES_END);
    out.push('\n');
    out
}

/// `manifest` with the lines from [`FEATURES_BEGIN`] to [`FEATURES_END`] replaced by `block`; `None`
/// when it has no such lines.
pub fn replace_features_block(manifest: &str, block: &str) -> Option<String> {
    let begin = manifest.find(FEATURES_BEGIN)?;
    let end = begin + manifest[begin..].find(FEATURES_END)? + FEATURES_END.len();
    let end = if manifest[end..].starts_with('\n') {
        end + 1
    } else {
        end
    };
    Some(format!("{}{block}{}", &manifest[..begin], &manifest[end..]))
}

/// Writes (or with `check` compares) the tag features of a crate whose `src/` is `out_dir`: the block
/// of `Cargo.toml` beside `out_dir` where that manifest has the markers, else `out_dir/features.toml`.
/// `Some(path)` (relative to `out_dir`) when it was written (or differs).
pub fn write_features(out_dir: &Path, features: &[String], check: bool) -> Result<Option<PathBuf>> {
    let block = features_block(features);
    let manifest = out_dir.parent().map(|parent| parent.join("Cargo.toml"));
    let current = manifest.as_ref().and_then(|m| fs::read_to_string(m).ok());
    let (relative, path, wanted, current) = match (
        manifest,
        current
            .as_deref()
            .and_then(|c| replace_features_block(c, &block)),
    ) {
        (Some(manifest), Some(wanted)) => {
            (PathBuf::from("../Cargo.toml"), manifest, wanted, current)
        }
        _ => {
            let path = out_dir.join(FEATURES_FILE);
            let current = fs::read_to_string(&path).ok();
            (
                PathBuf::from(FEATURES_FILE),
                path,
                format!("[features]\n{block}"),
                current,
            )
        }
    };
    if current.as_deref() == Some(wanted.as_str()) {
        return Ok(None);
    }
    if !check {
        fs::create_dir_all(out_dir)
            .map_err(|err| Error::new(out_dir, "", format!("cannot create folder: {err}")))?;
        fs::write(&path, wanted)
            .map_err(|err| Error::new(&path, "", format!("cannot write file: {err}")))?;
    }
    Ok(Some(relative))
}

/// Writes (or with `check` compares) a crate of its own in `crate_dir` holding `output` (generated in the
/// crate layout): `src/`, and `Cargo.toml` with its dependencies and features. A `Cargo.toml` the
/// generator did not write is the user's: only its tag features block is replaced (or the features go
/// to `src/features.toml`).
pub fn write_crate(
    crate_dir: &Path,
    output: &crate::Output,
    package: &crate::manifest::Package,
    check: bool,
) -> Result<Outcome> {
    let src = crate_dir.join("src");
    let mut outcome = write_or_check(&src, &output.files, check)?;
    let manifest_path = crate_dir.join("Cargo.toml");
    let current = fs::read_to_string(&manifest_path).ok();
    let ours = current.as_deref().map_or(true, |text| {
        text.starts_with(crate::manifest::MANIFEST_MARKER)
    });
    if !ours {
        outcome
            .changed
            .extend(write_features(&src, &output.features, check)?);
        return Ok(outcome);
    }
    let wanted = crate::manifest::manifest(package, crate_dir, output);
    if current.as_deref() != Some(wanted.as_str()) {
        outcome.changed.push(PathBuf::from("../Cargo.toml"));
        if !check {
            fs::create_dir_all(crate_dir)
                .map_err(|err| Error::new(crate_dir, "", format!("cannot create folder: {err}")))?;
            fs::write(&manifest_path, wanted).map_err(|err| {
                Error::new(&manifest_path, "", format!("cannot write file: {err}"))
            })?;
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_features_block_is_replaced_between_its_markers_only() {
        let manifest = format!(
            "[features]\n{}client = []\n\n[dependencies]\n",
            features_block(&[])
        );
        assert!(manifest.contains("default = []\n"));
        let block = features_block(&["tag-x-a".into(), "tag-x-b".into()]);
        let updated = replace_features_block(&manifest, &block).unwrap();
        assert_eq!(
            updated,
            format!("[features]\n{block}client = []\n\n[dependencies]\n")
        );
        assert!(updated.contains(
            "default = [\n    \"tag-x-a\",\n    \"tag-x-b\",\n]\ntag-x-a = []\ntag-x-b = []\n"
        ));
        assert_eq!(replace_features_block("[features]\n", &block), None);
    }

    #[test]
    fn without_a_manifest_the_features_are_a_file_beside_lib_rs() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("src");
        let features = ["tag-x-a".to_string()];
        assert_eq!(
            write_features(&out, &features, true).unwrap(),
            Some(PathBuf::from(FEATURES_FILE))
        );
        assert!(!out.join(FEATURES_FILE).exists());
        write_features(&out, &features, false).unwrap();
        assert_eq!(write_features(&out, &features, true).unwrap(), None);
        let text = fs::read_to_string(out.join(FEATURES_FILE)).unwrap();
        assert!(text.starts_with("[features]\n"), "{text}");
        // A manifest with the markers gets the block instead.
        let manifest = tmp.path().join("Cargo.toml");
        fs::write(&manifest, format!("[features]\n{}", features_block(&[]))).unwrap();
        assert_eq!(
            write_features(&out, &features, false).unwrap(),
            Some(PathBuf::from("../Cargo.toml"))
        );
        assert!(fs::read_to_string(&manifest)
            .unwrap()
            .contains("tag-x-a = []"));
    }
}
