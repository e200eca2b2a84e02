//! The generator: OpenAPI 3.0 specs and Skatteetaten's error tables in, a Rust crate out.
//!
//! The pipeline, one module per stage, each usable alone:
//!
//! 1. [`load`]: read each folder of `specs/` (its OpenAPI document and markdown error tables);
//! 2. [`model`]: lower them into one intermediate model (types, operations, error tables);
//! 3. [`emit`]: turn the model into token streams, one per file;
//! 4. [`format`](mod@format): parse-check with syn and print with prettyplease;
//! 5. [`write`](mod@write): write the files, or check that they are up to date.

mod config;
pub mod diagnostic;
pub mod emit;
pub mod error;
pub mod format;
mod hash;
pub mod load;
pub mod manifest;
pub mod model;
pub mod settings;
pub mod stack;
mod timing;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::{Config, OUT_DIR_FOLDER};
pub use diagnostic::Warning;
pub use error::{Error, Result};
pub use manifest::{Package, RuntimeSource};
pub use settings::{Layout, Settings};

/// What a run of the generator produced.
#[derive(Debug, Default)]
pub struct Output {
    /// The generated crate's `src/` files, path relative to `src/` → content.
    pub files: BTreeMap<PathBuf, String>,
    /// Defects of the specs the generator worked around, and notes (`unused-schemas`).
    pub warnings: Vec<Warning>,
    /// The Cargo features of the APIs' tags (`tag-github-repos`), sorted: the generated crate's
    /// `[features]` ([`write::write_features`]).
    pub features: Vec<String>,
    /// The first sentence of the crate docs (the model's [`Root`](model::Root)), for a manifest.
    pub description: String,
    /// What made the files and from what (`skattegen from petstore.yaml`), for a manifest's first line.
    pub generated_from: String,
}

/// Runs load → model → emit → format for a `specs/` folder, with the default [`Settings`] (what
/// `cargo xtask generate` does). [`Config`] names other inputs and settings.
pub fn run(specs_dir: &Path) -> Result<Output> {
    run_with(specs_dir, &Settings::default())
}

/// [`run`] with other [`Settings`].
pub fn run_with(specs_dir: &Path, settings: &Settings) -> Result<Output> {
    guarded(specs_dir, || {
        run_loaded(|| load::load_specs(specs_dir), settings)
    })
}

/// Runs `work` on a large stack; a panic is a generator bug reported at `file`, never a crash.
pub(crate) fn guarded<T: Send>(file: &Path, work: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    stack::with_large_stack(work).unwrap_or_else(|reason| {
        Err(Error::new(
            file,
            "",
            format!("generator bug: it panicked ({reason}); please report it with the spec"),
        ))
    })
}

/// load (by `load`) → model → emit → format.
pub(crate) fn run_loaded(
    load: impl FnOnce() -> Result<Vec<load::LoadedFolder>>,
    settings: &Settings,
) -> Result<Output> {
    let mut timer = timing::Timer::from_env();
    let folders = load()?;
    timer.phase("load");
    let (model, model_warnings) = model::lower::build_model_with(&folders, settings)?;
    timer.phase("model");
    let mut warnings = load::warnings(&folders);
    warnings.extend(model_warnings);
    // The documents (as JSON and as openapiv3's types) are not needed past the model: their memory is
    // the formatting's. This thread frees them while the other threads start formatting: it made the
    // JSON value, so freeing it is quickest here, and the memory is reused here.
    let features: std::collections::BTreeSet<String> = model
        .apis
        .iter()
        .filter_map(|api| api.service.as_ref())
        .flat_map(|service| service.features.iter().cloned())
        .collect();
    let description = model.root.description.clone();
    let generated_from = emit::made_by(&model);
    let plans = emit::plan(&model);
    let files = format::format_all_after(&plans, move || drop(folders))?;
    timer.phase("emit and format");
    Ok(Output {
        files,
        warnings,
        features: features.into_iter().collect(),
        description,
        generated_from,
    })
}

/// [`run`], keeping only the files (for callers that do not report warnings).
pub fn generate(specs_dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    run(specs_dir).map(|output| output.files)
}
