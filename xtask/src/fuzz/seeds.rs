//! Seeds: the spec folders the fuzzer mutates, and writing a mutated case as a folder of spec folders
//! that `cargo xtask generate --specs` reads as it is.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Where seeds come from, relative to the workspace root: our specs, the fixtures (the torture spec among
/// them) and the minimal cases of past findings, which are the best seeds there are.
pub const SEED_DIRS: &[&str] = &[
    "specs",
    "tests/fixtures/specs",
    "tests/fixtures/fuzz-findings",
];

const SPEC_FILES: &[&str] = &["openapi.yaml", "openapi.yml", "openapi.json"];

/// One spec folder: its document as JSON and its error tables.
pub struct Seed {
    /// `specs/innrapportering-oppdrag`, for the report.
    pub origin: String,
    /// The folder name, which names the module.
    pub folder: String,
    pub spec: Value,
    /// The `*.md` files: name and text.
    pub tables: Vec<(String, String)>,
    /// The name of its OpenAPI document (`openapi.yaml`), where it has one.
    pub spec_file: String,
}

/// The seeds, and the shared folders (`felles`, `hendelser-felles`: error tables, and a spec of
/// `components` only) every case gets next to its spec, so that `x-shared-error-tables` and `$ref`s to
/// `../felles/openapi.yaml` resolve.
pub struct Seeds {
    pub specs: Vec<Seed>,
    pub shared: Vec<Seed>,
}

pub fn load(root: &Path) -> Result<Seeds, String> {
    let mut seeds = Seeds {
        specs: Vec::new(),
        shared: Vec::new(),
    };
    for base in SEED_DIRS {
        let Ok(entries) = fs::read_dir(root.join(base)) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let seed = read_folder(base, &dir)?;
            if seed.spec.is_null() || is_library(&seed.spec) {
                seeds.shared.push(seed);
            } else {
                seeds.specs.push(seed);
            }
        }
    }
    if seeds.specs.is_empty() {
        return Err(format!("no spec folders under {SEED_DIRS:?}"));
    }
    Ok(seeds)
}

/// A spec without paths: types other specs `$ref`, not an API to mutate.
fn is_library(spec: &Value) -> bool {
    spec.get("paths")
        .and_then(Value::as_object)
        .map_or(true, |paths| paths.is_empty())
}

fn read_folder(base: &str, dir: &Path) -> Result<Seed, String> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut seed = Seed {
        origin: format!("{base}/{folder}"),
        folder,
        spec: Value::Null,
        tables: Vec::new(),
        spec_file: String::new(),
    };
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let read = || fs::read_to_string(&file).map_err(|err| format!("{}: {err}", file.display()));
        if SPEC_FILES.contains(&name.as_str()) {
            let text = read()?;
            seed.spec_file = name.clone();
            seed.spec = if name.ends_with(".json") {
                serde_json::from_str(&text).map_err(|err| format!("{}: {err}", file.display()))?
            } else {
                // The project's one YAML function, so seeds read as the generator reads them.
                codegen::load::yaml::yaml_to_json(&text)
                    .map_err(|err| format!("{}: {err}", file.display()))?
            };
        } else if name.ends_with(".md") {
            seed.tables.push((name, read()?));
        }
    }
    Ok(seed)
}

/// Writes a case: `<case>/specs/<folder>/openapi.json` with its tables, and the shared folders (their
/// spec under its own name, which the seeds' `$ref`s use: JSON text, which is YAML too).
pub fn write_case(case: &Path, seed: &Seed, spec: &Value, shared: &[Seed]) -> Result<(), String> {
    let specs = case.join("specs");
    let write = |path: PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|err| format!("{}: {err}", path.display()))
    };
    let text = serde_json::to_string_pretty(spec).map_err(|err| err.to_string())?;
    write(specs.join(&seed.folder).join("openapi.json"), &text)?;
    for (name, table) in &seed.tables {
        write(specs.join(&seed.folder).join(name), table)?;
    }
    for folder in shared {
        if !folder.spec.is_null() {
            let text = serde_json::to_string_pretty(&folder.spec).map_err(|err| err.to_string())?;
            write(specs.join(&folder.folder).join(&folder.spec_file), &text)?;
        }
        for (name, table) in &folder.tables {
            write(specs.join(&folder.folder).join(name), table)?;
        }
    }
    Ok(())
}
