//! The generator as a library, in the shape of prost-build's `Config`: name the specs and the settings,
//! then generate into `build.rs`'s `OUT_DIR` ([`Config::generate`]), write a crate of its own
//! ([`Config::write_crate`]), or keep the files in memory ([`Config::output`]).
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let warnings = codegen::Config::new()
//!         .spec("openapi/petstore.yaml")
//!         .tag("pets")
//!         .extern_type("#/components/schemas/Money", "::money::Money")
//!         .generate()?;
//!     for warning in warnings {
//!         println!("cargo:warning={warning}");
//!     }
//!     Ok(())
//! }
//! ```
//!
//! and in the crate root (`src/lib.rs`), where the generated code expects its modules and `runtime`:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/skattegen/lib.rs"));
//! ```

use std::path::{Path, PathBuf};

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::load::Input;
use crate::manifest::Package;
use crate::settings::{Layout, Settings};
use crate::write::Outcome;
use crate::Output;

/// The folder under `OUT_DIR` that [`Config::generate`] writes to by default.
pub const OUT_DIR_FOLDER: &str = "skattegen";

/// A run of the generator: its inputs and [`Settings`].
#[derive(Debug, Clone, Default)]
pub struct Config {
    inputs: Vec<Input>,
    /// Tables given before any spec: an error when the run starts (builder methods do not fail).
    orphan_tables: Vec<PathBuf>,
    settings: Settings,
    out_dir: Option<PathBuf>,
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// Adds a spec: an OpenAPI file (YAML or JSON, 3.0 or 3.1), an API folder (`openapi.yaml` and
    /// markdown error tables), or a folder of API folders (`specs/`). Relative paths are relative to
    /// the current directory (a build script's is its crate's folder).
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.inputs.push(Input::new(path));
        self
    }

    /// The markdown error tables in `dir` belong to the spec added last (as a folder's `*.md` files do).
    pub fn tables(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        match self.inputs.last_mut() {
            Some(input) => input.tables.push(dir.into()),
            None => self.orphan_tables.push(dir.into()),
        }
        self
    }

    /// Generates only the operations with this tag (the spec's name, or the tag's feature name), and
    /// the types they reach. Call again for more tags; none: every operation.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.settings.tags.insert(tag.into());
        self
    }

    /// Groups the operations of a description without tags by their paths, each group a tag and a
    /// feature (`/v1/customers/…` → `tag-stripe-customers`); default: not grouped.
    pub fn group_by_path(&mut self, group: bool) -> &mut Self {
        self.settings.group_by_path = group;
        self
    }

    /// Uses the Rust type at `rust_path` for a component schema instead of generating one, as
    /// prost-build's `extern_path`: `schema` is `#/components/schemas/Money` (in every API of the run)
    /// or `petstore#/components/schemas/Money` (in the API named `petstore`). The type must
    /// (de)serialize as the schema says (see [`ExternType`](crate::model::ExternType) for the traits
    /// the generated code uses).
    pub fn extern_type(
        &mut self,
        schema: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> &mut Self {
        self.settings
            .extern_types
            .insert(schema.into(), rust_path.into());
        self
    }

    /// The first sentence of the crate docs (default: one naming the APIs).
    pub fn description(&mut self, text: impl Into<String>) -> &mut Self {
        self.settings.description = Some(text.into());
        self
    }

    /// The module the generated `lib.rs` becomes when it is not the crate root (`crate::api`, for
    /// `pub mod api { include!(…); }`): the generated paths to the runtime and between APIs start there.
    pub fn module_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.settings.module_path = Some(path.into());
        self
    }

    /// What the first line of each file says made it (`skattegen`).
    pub fn generated_by(&mut self, who: impl Into<String>) -> &mut Self {
        self.settings.generated_by = who.into();
        self
    }

    /// How the files are used (default: the `src/` of a crate; [`generate`](Self::generate) always
    /// writes [`Layout::Included`]).
    pub fn layout(&mut self, layout: Layout) -> &mut Self {
        self.settings.layout = layout;
        self
    }

    /// Where [`generate`](Self::generate) writes (default: `$OUT_DIR/skattegen`).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The settings as they stand.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Runs load → model → emit → format: the files in memory, with the warnings and tag features.
    pub fn output(&self) -> Result<Output> {
        if let Some(dir) = self.orphan_tables.first() {
            return Err(Error::new(
                dir,
                "",
                "error tables given before any spec; name the spec they belong to first",
            ));
        }
        let first = self
            .inputs
            .first()
            .map_or(Path::new(""), |i| i.path.as_path());
        crate::guarded(first, || {
            crate::run_loaded(|| crate::load::load_inputs(&self.inputs), &self.settings)
        })
    }

    /// For `build.rs`: writes the files for `include!` into the [out dir](Self::out_dir), tells Cargo
    /// to run the build script again when a spec changes, and returns the warnings (the caller decides
    /// whether to print them as `cargo:warning=`).
    pub fn generate(&self) -> Result<Vec<Warning>> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(|dir| PathBuf::from(dir).join(OUT_DIR_FOLDER))
                .ok_or_else(|| {
                    Error::new(
                        Path::new("OUT_DIR"),
                        "",
                        "OUT_DIR is not set: call generate() from a build script, or set out_dir()",
                    )
                })?,
        };
        let mut included = self.clone();
        included.settings.layout = Layout::Included;
        let output = included.output()?;
        // Cargo gives a build script (and only a build script) `TARGET` beside `OUT_DIR`; its output
        // tells Cargo what it read.
        if std::env::var_os("TARGET").is_some() && std::env::var_os("OUT_DIR").is_some() {
            for input in &self.inputs {
                println!("cargo:rerun-if-changed={}", input.path.display());
                for tables in &input.tables {
                    println!("cargo:rerun-if-changed={}", tables.display());
                }
            }
        }
        crate::write::write_or_check(&out_dir, &output.files, false)?;
        Ok(output.warnings)
    }

    /// Generates and writes (or with `check` compares) a crate of its own in `crate_dir`:
    /// [`write_crate`](crate::write::write_crate) of [`output`](Self::output) in the crate layout.
    pub fn write_crate(
        &self,
        crate_dir: &Path,
        package: &Package,
        check: bool,
    ) -> Result<(Output, Outcome)> {
        let mut own = self.clone();
        own.settings.layout = Layout::Crate;
        let output = own.output()?;
        let outcome = crate::write::write_crate(crate_dir, &output, package, check)?;
        Ok((output, outcome))
    }
}
