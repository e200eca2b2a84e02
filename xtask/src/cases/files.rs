//! File helpers the stages share.

use std::fs;
use std::path::Path;

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    tree(from, to, &|_| true, &|from, to| {
        fs::copy(from, to).map(|_| ())
    })
}

/// Links the files of `from` that `keep` accepts into `to`, recursively (see [`link`]).
pub fn link_dir(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<(), String> {
    tree(from, to, keep, &link)
}

/// A hard link where it can be made (a sweep's cases need no copy of 400 MB of specs), else a copy.
pub fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

type Put<'a> = &'a dyn Fn(&Path, &Path) -> std::io::Result<()>;

fn tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool, put: Put) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|err| format!("{}: {err}", to.display()))?;
    for entry in fs::read_dir(from)
        .map_err(|err| format!("{}: {err}", from.display()))?
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            tree(&path, &target, keep, put)?;
        } else if keep(&path) {
            put(&path, &target).map_err(|err| format!("{}: {err}", target.display()))?;
        }
    }
    Ok(())
}
