//! The generator: OpenAPI 3.0 specs and Skatteetaten's error tables in, a Rust crate out.
//!
//! The pipeline, one module per stage, each usable alone:
//!
//! 1. [`load`]: read each folder of `specs/` (its OpenAPI document and markdown error tables);
//! 2. [`model`]: lower them into one intermediate model (types, operations, error tables);
//! 3. [`emit`]: turn the model into token streams, one per file;
//! 4. [`format`](mod@format): parse-check with syn and print with prettyplease;
//! 5. [`write`](mod@write): write the files, or check that they are up to date.

pub mod emit;
pub mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Error, Result};

/// Runs load → model → emit → format for a `specs/` folder and returns the generated crate's `src/`
/// files, path relative to `src/` → content.
pub fn generate(specs_dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let folders = load::load_specs(specs_dir)?;
    let model = model::lower::build_model(&folders)?;
    let mut out = BTreeMap::new();
    for file in emit::emit(&model) {
        let text = format::format_file(&file)?;
        out.insert(file.path, text);
    }
    Ok(out)
}
