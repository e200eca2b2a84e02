//! Where the values that the loader copied into a spec came from (another file, another place of the
//! spec), so that errors and warnings about a copied value name the file and place the user wrote it in.
//! A leaf: the steps that copy values (`bundle`, `openapi31`) and `spec`, which relocates errors, share it.

use std::path::{Path, PathBuf};

/// A value of `raw` that the loader copied from elsewhere: from another file (bundled `$ref`s) or from
/// another place of the spec (3.1 `$defs`).
#[derive(Debug, Clone)]
pub struct Origin {
    /// Its pointer in `raw`.
    pub at: String,
    /// The file it came from.
    pub file: PathBuf,
    /// Its pointer there.
    pub source: String,
}

/// The file and the pointer in it of the value at `pointer` of the normalised document (`file` is the
/// spec's): [`Spec::locate`](super::spec::Spec::locate) before there is a `Spec`.
pub(crate) fn locate(origins: &[Origin], file: &Path, pointer: &str) -> (PathBuf, String) {
    let inside = |origin: &&Origin| {
        pointer
            .strip_prefix(origin.at.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    match origins.iter().filter(inside).max_by_key(|o| o.at.len()) {
        Some(origin) => (
            origin.file.clone(),
            format!("{}{}", origin.source, &pointer[origin.at.len()..]),
        ),
        None => (file.to_path_buf(), pointer.to_string()),
    }
}
