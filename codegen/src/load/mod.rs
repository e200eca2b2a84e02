//! Load: finds the API folders under `specs/` and reads each one's OpenAPI document and error tables.

pub mod bom;
pub mod bundle;
pub mod components;
mod direct;
mod document;
pub mod fixes;
pub mod openapi31;
mod origin;
pub mod plain;
pub mod pointer;
pub mod spec;
mod splice;
pub mod tables;
pub mod type_keywords;
pub mod walk;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use document::read_text;
use tables::{LoadedTable, TableKind};

/// One folder of `specs/`, read but not yet lowered.
#[derive(Debug, Clone)]
pub struct LoadedFolder {
    /// The folder's name (`innrapportering-aandsverk`).
    pub folder: String,
    pub dir: PathBuf,
    /// How the generated docs name where the API comes from (`specs/innrapportering-aandsverk`,
    /// `petstore.yaml`): as the user named it, never an absolute path of this machine.
    pub source: String,
    pub spec: Option<LoadedSpec>,
    pub tables: Vec<LoadedTable>,
}

impl LoadedFolder {
    /// The file an error about the API as a whole names: its spec, else its folder.
    pub fn main_file(&self) -> &Path {
        self.spec
            .as_ref()
            .map_or(self.dir.as_path(), |s| s.file.as_path())
    }
}

#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub file: PathBuf,
    pub spec: spec::Spec,
}

/// What the loader worked around in all `folders` (a byte-order mark, OpenAPI 3.1, other files), in
/// folder order.
pub fn warnings(folders: &[LoadedFolder]) -> Vec<Warning> {
    folders
        .iter()
        .filter_map(|folder| folder.spec.as_ref())
        .flat_map(|loaded| loaded.spec.warnings.iter().cloned())
        .collect()
}

const SPEC_FILES: &[&str] = &["openapi.yaml", "openapi.yml", "openapi.json"];

/// Reads every folder of `specs_dir`, sorted by name. Files directly in `specs_dir` (a README) are ignored.
/// The docs name each folder `specs/<folder>`, whatever `specs_dir` is called (a copy in a temporary
/// folder generates the same files).
pub fn load_specs(specs_dir: &Path) -> Result<Vec<LoadedFolder>> {
    load_specs_as(specs_dir, "specs")
}

/// [`load_specs`], the docs naming each folder `<parent>/<folder>`.
fn load_specs_as(specs_dir: &Path, parent: &str) -> Result<Vec<LoadedFolder>> {
    let mut dirs = Vec::new();
    for entry in read_dir(specs_dir)? {
        if entry.is_dir() {
            dirs.push(entry);
        }
    }
    dirs.sort();
    if dirs.is_empty() {
        return Err(Error::new(
            specs_dir,
            "",
            "no API folders found (a folder of one API holds openapi.yaml, .yml or .json, or *.md error tables)",
        ));
    }
    let mut folders = Vec::new();
    for dir in &dirs {
        if !is_shared_files(dir)? {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            folders.push(load_folder_as(dir, &format!("{parent}/{name}"))?);
        }
    }
    Ok(folders)
}

/// The last component of `path` (`specs` for `/work/specs`), for the docs.
fn display_name(path: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// One input of a run, as a user names it: a spec file, an API folder, or a folder of API folders
/// (`specs/`). What it is is decided by looking at it ([`Input::load`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file or folder.
    pub path: PathBuf,
    /// Folders whose markdown error tables belong to this input's API (only for a single API).
    pub tables: Vec<PathBuf>,
}

impl Input {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Input {
            path: path.into(),
            tables: Vec::new(),
        }
    }

    /// Reads the input: a spec file is one API named after the file (`petstore.yaml` → `petstore`, or
    /// the folder of an `openapi.yaml`); a folder with a spec or tables is one API; any other folder
    /// holds one API per subfolder.
    pub fn load(&self) -> Result<Vec<LoadedFolder>> {
        let path = &self.path;
        let meta = fs::metadata(path)
            .map_err(|err| Error::new(path, "", format!("cannot read the spec: {err}")))?;
        let mut folders = if meta.is_file() {
            vec![load_file(path)?]
        } else if is_api_folder(path)? {
            vec![load_folder_as(path, &display_name(path))?]
        } else {
            load_specs_as(path, &display_name(path))?
        };
        if !self.tables.is_empty() {
            let [folder] = folders.as_mut_slice() else {
                return Err(Error::new(
                    path,
                    "",
                    format!(
                        "error tables need one API, and this input holds {}; give each API folder with --spec",
                        folders.len()
                    ),
                ));
            };
            for dir in &self.tables {
                folder.tables.extend(load_tables(dir, &display_name(dir))?);
            }
            check_duplicate_codes(&folder.dir, &folder.tables)?;
        }
        Ok(folders)
    }
}

/// Reads every input, in order; two APIs of one name are an error naming both.
pub fn load_inputs(inputs: &[Input]) -> Result<Vec<LoadedFolder>> {
    if inputs.is_empty() {
        return Err(Error::new(Path::new(""), "", "no spec given"));
    }
    let mut folders: Vec<LoadedFolder> = Vec::new();
    for input in inputs {
        for folder in input.load()? {
            if let Some(other) = folders.iter().find(|f| f.folder == folder.folder) {
                return Err(Error::new(
                    &input.path,
                    "",
                    format!(
                        "two APIs are named `{}` ({} and {}); rename one file or folder",
                        folder.folder, other.source, folder.source
                    ),
                ));
            }
            folders.push(folder);
        }
    }
    folders.sort_by(|a, b| a.folder.cmp(&b.folder));
    Ok(folders)
}

/// Whether `dir` is one API's folder (it has a spec or an error table) rather than a folder of them.
fn is_api_folder(dir: &Path) -> Result<bool> {
    Ok(read_dir(dir)?.iter().any(|f| {
        f.is_file()
            && (f.extension().is_some_and(|e| e == "md")
                || f.file_name()
                    .is_some_and(|n| SPEC_FILES.iter().any(|s| n == *s)))
    }))
}

/// One spec file given by itself: the API is named after the file, or after its folder when the file
/// has the conventional name (`petstore/openapi.yaml`).
fn load_file(file: &Path) -> Result<LoadedFolder> {
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let conventional = SPEC_FILES.contains(&file_name.as_str());
    let (folder, source) = if conventional {
        let folder = display_name(&dir);
        let source = format!("{folder}/{file_name}");
        (folder, source)
    } else {
        let stem = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (stem, file_name)
    };
    let text = read_text(file)?;
    Ok(LoadedFolder {
        folder,
        dir,
        source,
        spec: Some(LoadedSpec {
            file: file.to_path_buf(),
            spec: spec::parse_spec(file, &text)?,
        }),
        tables: Vec::new(),
    })
}

/// The error tables of every markdown file in `dir`, each named `<prefix>/<file>` in docs.
fn load_tables(dir: &Path, prefix: &str) -> Result<Vec<LoadedTable>> {
    let mut files = read_dir(dir)?;
    files.sort();
    let mut tables = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let text = read_text(file)?;
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let source = format!("{prefix}/{name}");
        tables.extend(tables::parse_error_tables(file, &source, &text)?);
    }
    Ok(tables)
}

/// A folder with neither an OpenAPI document nor an error table, but with YAML or JSON files: schemas
/// and other values that specs refer to with `$ref: ../shared/x.yaml`, not an API. A file that looks
/// like a misnamed spec (`openapi:` or `swagger:` at the top) makes it an API folder, so the user hears
/// that its spec is not found.
fn is_shared_files(dir: &Path) -> Result<bool> {
    let files = read_dir(dir)?;
    let has_ext =
        |f: &PathBuf, exts: &[&str]| f.extension().is_some_and(|e| exts.iter().any(|x| e == *x));
    if files.iter().any(|f| {
        has_ext(f, &["md"])
            || f.file_name()
                .is_some_and(|n| SPEC_FILES.iter().any(|s| n == *s))
    }) {
        return Ok(false);
    }
    let mut shared = false;
    for file in files
        .iter()
        .filter(|f| has_ext(f, &["yaml", "yml", "json"]))
    {
        let text = read_text(file)?;
        let looks_like_spec = text.lines().any(|line| {
            let line = line.trim_start_matches(['\u{feff}', '{', ' ']);
            ["openapi", "swagger", "\"openapi\"", "\"swagger\""]
                .iter()
                .any(|key| {
                    line.starts_with(&format!("{key}:")) || line.starts_with(&format!("{key} :"))
                })
        });
        if looks_like_spec {
            return Ok(false);
        }
        shared = true;
    }
    Ok(shared)
}

/// Reads one API folder: its OpenAPI document (if any) and all its markdown error tables. The docs name
/// it `specs/<folder>`.
pub fn load_folder(dir: &Path) -> Result<LoadedFolder> {
    let folder = dir.file_name().unwrap_or_default().to_string_lossy();
    load_folder_as(dir, &format!("specs/{folder}"))
}

/// [`load_folder`], the docs naming the folder `source`.
fn load_folder_as(dir: &Path, source: &str) -> Result<LoadedFolder> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files = {
        let mut files = read_dir(dir)?;
        files.sort();
        files
    };
    let spec_files: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| SPEC_FILES.iter().any(|s| n == *s))
        })
        .collect();
    if spec_files.len() > 1 {
        return Err(Error::new(
            dir,
            "",
            "more than one OpenAPI document (openapi.yaml/.yml/.json); keep one",
        ));
    }
    let spec = match spec_files.first() {
        Some(file) => {
            let text = read_text(file)?;
            Some(LoadedSpec {
                file: (*file).clone(),
                spec: spec::parse_spec(file, &text)?,
            })
        }
        None => None,
    };
    let tables = load_tables(dir, source)?;
    check_duplicate_codes(dir, &tables)?;
    if spec.is_none() && tables.is_empty() {
        let misnamed = files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
            .filter_map(|f| f.file_name())
            .map(|n| format!(" (found `{}`: the OpenAPI document must be named openapi.yaml, openapi.yml or openapi.json)", n.to_string_lossy()))
            .next()
            .unwrap_or_default();
        return Err(Error::new(
            dir,
            "",
            format!("folder has neither an OpenAPI document (openapi.yaml/.yml/.json) nor an error table (*.md){misnamed}"),
        ));
    }
    Ok(LoadedFolder {
        source: source.to_string(),
        folder,
        dir: dir.to_path_buf(),
        spec,
        tables,
    })
}

/// The same code in two tables of one kind would make two variants claim one code.
fn check_duplicate_codes(dir: &Path, tables: &[LoadedTable]) -> Result<()> {
    let mut seen: std::collections::HashMap<(&str, TableKind), &str> =
        std::collections::HashMap::new();
    for table in tables {
        for entry in &table.entries {
            if let Some(other) = seen.insert((&entry.code, table.kind), &table.source) {
                return Err(Error::new(
                    dir,
                    "",
                    format!(
                        "error code `{}` is listed in both {other} and {}",
                        entry.code, table.source
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir)
        .map_err(|err| Error::new(dir, "", format!("cannot read folder: {err}")))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|err| Error::new(dir, "", format!("cannot read folder: {err}")))?;
        out.push(entry.path());
    }
    Ok(out)
}
