//! `skattegen`: the generator from any directory. `skattegen generate` writes a crate of its own (its
//! `Cargo.toml` and `src/`) from OpenAPI specs and error tables, through the same library as
//! `cargo xtask generate` (`codegen::Config`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use codegen::{Config, Package, RuntimeSource};

/// See the workspace's `Cargo.toml`: the generator spends much of its time allocating (Graph: 5.1 s with
/// glibc's allocator, 3.2 s with this one).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Typed Rust code from OpenAPI specs: models, error enums, an HTTP client and a server adapter.
#[derive(Parser)]
#[command(name = "skattegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes (or with --check compares) a crate generated from the specs.
    Generate(Generate),
}

#[derive(Args)]
struct Generate {
    /// An OpenAPI document (YAML or JSON, 3.0 or 3.1), an API folder (openapi.yaml and *.md error
    /// tables) or a folder of API folders. Repeat for more APIs.
    #[arg(long = "spec", value_name = "FILE_OR_DIR", required = true)]
    specs: Vec<PathBuf>,
    /// A folder of markdown error tables (Skatteetaten's format) for the one API given with --spec.
    #[arg(long = "tables", value_name = "DIR")]
    tables: Vec<PathBuf>,
    /// The crate's folder: its Cargo.toml and src/ are written there.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The crate's package name (default: the --out folder's name).
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
    /// Take the runtime crate from this folder (a checkout's runtime/). Default: the runtime beside
    /// the sources skattegen was installed from, if they are still there; else --runtime-version.
    #[arg(long, value_name = "DIR", conflicts_with = "runtime_version")]
    runtime_path: Option<PathBuf>,
    /// Take the runtime crate from a registry, at this version.
    #[arg(long, value_name = "VER")]
    runtime_version: Option<String>,
    /// Only the operations with this tag (and the types they reach); `untagged`: those without a
    /// tag. Repeat for more.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A description without tags: group its operations by the first segment of their paths, each
    /// group a tag and a feature (`/v1/customers/…` → `tag-stripe-customers`).
    #[arg(long)]
    group_by_path: bool,
    /// Use an existing Rust type for a schema instead of generating one:
    /// `'#/components/schemas/Money=::money::Money'`. Repeat for more.
    #[arg(long = "extern-type", value_name = "SCHEMA=PATH")]
    extern_types: Vec<String>,
    /// Compare instead of writing: exit 1 when the crate is not what the specs generate.
    #[arg(long)]
    check: bool,
    /// Spec defects the generator would work around are errors.
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => match generate(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// The runtime a crate takes when none is named: the checkout skattegen was built from, if present.
fn default_runtime() -> RuntimeSource {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    match checkout.join("Cargo.toml").is_file() {
        true => RuntimeSource::Path(checkout.canonicalize().unwrap_or(checkout)),
        false => RuntimeSource::Version(codegen::manifest::RUNTIME_VERSION.to_string()),
    }
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, not starting with a digit.
fn check_package_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match valid {
        true => Ok(()),
        false => Err(format!(
            "`{name}` is not a Cargo package name (ASCII letters, digits, `-` and `_`, not starting with a digit); give one with --name"
        )),
    }
}

/// `Ok(false)`: checking found the crate stale.
fn generate(args: &Generate) -> Result<bool, String> {
    let started = Instant::now();
    let name = match &args.name {
        Some(name) => name.clone(),
        None => std::path::absolute(&args.out)
            .ok()
            .and_then(|out| out.file_name().map(|n| n.to_string_lossy().into_owned()))
            .ok_or("the --out folder has no name to take the crate's from; give --name")?,
    };
    check_package_name(&name)?;
    if !args.tables.is_empty() && args.specs.len() != 1 {
        return Err(
            "--tables belongs to one API: give it with one --spec (or put each API's tables in its folder)"
                .into(),
        );
    }
    let mut config = Config::new();
    for spec in &args.specs {
        config.spec(spec);
    }
    for tables in &args.tables {
        config.tables(tables);
    }
    for tag in &args.tags {
        config.tag(tag);
    }
    config.group_by_path(args.group_by_path);
    for mapping in &args.extern_types {
        let (schema, path) = mapping.split_once('=').ok_or_else(|| {
            format!("--extern-type `{mapping}`: write it as SCHEMA=PATH ('#/components/schemas/Money=::money::Money')")
        })?;
        config.extern_type(schema.trim(), path.trim());
    }
    config.generated_by("skattegen");
    let runtime = match (&args.runtime_path, &args.runtime_version) {
        (Some(path), _) => {
            if !path.join("Cargo.toml").is_file() {
                return Err(format!(
                    "--runtime-path {}: no Cargo.toml there; name the runtime/ folder of a checkout",
                    path.display()
                ));
            }
            RuntimeSource::Path(path.clone())
        }
        (None, Some(version)) => RuntimeSource::Version(version.clone()),
        (None, None) => default_runtime(),
    };
    let output = config.output().map_err(|err| err.to_string())?;
    let cwd = std::env::current_dir().unwrap_or_default();
    for warning in &output.warnings {
        eprintln!("{}", warning.line(&cwd));
    }
    let defects = output.warnings.iter().filter(|w| w.is_defect()).count();
    if args.deny_warnings && defects > 0 {
        return Err(format!(
            "{defects} warnings, and --deny-warnings makes them errors"
        ));
    }
    let package = Package {
        name: name.clone(),
        version: "0.1.0".into(),
        runtime: runtime.clone(),
    };
    let outcome = codegen::write::write_crate(&args.out, &output, &package, args.check)
        .map_err(|err| err.to_string())?;
    let shown = |path: &PathBuf| {
        let path = match path.strip_prefix("..") {
            Ok(manifest) => args.out.join(manifest),
            Err(_) => args.out.join("src").join(path),
        };
        path.display().to_string()
    };
    let elapsed = started.elapsed();
    if args.check {
        if outcome.is_clean() {
            println!(
                "{} is up to date ({} files, {elapsed:.1?})",
                args.out.display(),
                output.files.len()
            );
            return Ok(true);
        }
        eprintln!(
            "{} is stale; run the same skattegen generate without --check:",
            args.out.display()
        );
        for path in &outcome.changed {
            eprintln!("  differs: {}", shown(path));
        }
        for path in &outcome.stale {
            eprintln!("  no longer generated: {}", shown(path));
        }
        return Ok(false);
    }
    for path in &outcome.changed {
        println!("  wrote {}", shown(path));
    }
    for path in &outcome.stale {
        println!("  removed {}", shown(path));
    }
    let runtime = match &runtime {
        RuntimeSource::Path(path) => format!("the runtime at {}", path.display()),
        RuntimeSource::Version(version) => format!("skatteetaten-runtime {version}"),
    };
    println!(
        "generated the crate `{name}` ({} files, {} changed) in {} in {elapsed:.1?}, with {runtime}",
        output.files.len() + 1,
        outcome.changed.len(),
        args.out.display(),
    );
    println!(
        "next: cd {} && cargo build --features client,server",
        args.out.display()
    );
    if let Some(workspace) = enclosing_workspace(&args.out) {
        println!(
            "note: {} is inside the workspace {}: add the folder to its `members` (or its `exclude`), \
             or Cargo refuses to build it",
            args.out.display(),
            workspace.display()
        );
    }
    Ok(true)
}

/// The folder above `out` whose `Cargo.toml` has a `[workspace]` table: Cargo builds a package below it
/// only as one of its members.
fn enclosing_workspace(out: &Path) -> Option<PathBuf> {
    let out = out.canonicalize().ok()?;
    out.ancestors().skip(1).find_map(|dir| {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let is_workspace = manifest
            .lines()
            .any(|line| line.split('#').next().unwrap_or("").trim() == "[workspace]");
        is_workspace.then(|| dir.to_path_buf())
    })
}
