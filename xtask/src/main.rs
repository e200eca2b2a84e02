//! `cargo xtask generate [--check]`: regenerates `generated/src` from `specs/`, or checks it is current.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          regenerate generated/src from specs/
  generate --check  change nothing; exit 1 and name the stale files if generated/src is out of date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => false,
        ["generate", "--check"] => true,
        ["-h"] | ["--help"] | ["help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    let mut clean = true;
    for target in TARGETS {
        match run(&root, target, check) {
            Ok(target_clean) => clean &= target_clean,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A folder of specs and the folder its code goes to.
struct Target {
    specs: &'static str,
    out: &'static str,
    /// Whether the crate root `lib.rs` is written (the test fixtures are modules of the tests crate).
    crate_root: bool,
}

const TARGETS: &[Target] = &[
    Target {
        specs: "specs",
        out: "generated/src",
        crate_root: true,
    },
    // Specs that exercise the generator's corners; their output is compiled by the tests crate.
    Target {
        specs: "tests/fixtures/specs",
        out: "tests/fixtures/generated",
        crate_root: false,
    },
];

/// Generates (or checks) one target; `Ok(false)` when checking found stale files.
fn run(root: &Path, target: &Target, check: bool) -> Result<bool, codegen::Error> {
    let started = Instant::now();
    let mut files = codegen::generate(&root.join(target.specs))?;
    if !target.crate_root {
        files.remove(Path::new("lib.rs"));
    }
    let outcome = codegen::write::write_or_check(&root.join(target.out), &files, check)?;
    let elapsed = started.elapsed();
    let show = |p: &PathBuf| Path::new(target.out).join(p).display().to_string();
    if check {
        if outcome.is_clean() {
            println!(
                "{} is up to date ({} files, {elapsed:.1?})",
                target.out,
                files.len()
            );
            return Ok(true);
        }
        eprintln!(
            "{} is stale; run `cargo xtask generate` and commit the result:",
            target.out
        );
        for path in &outcome.changed {
            eprintln!("  differs: {}", show(path));
        }
        for path in &outcome.stale {
            eprintln!("  no longer generated: {}", show(path));
        }
        return Ok(false);
    }
    for path in &outcome.changed {
        println!("  wrote {}", show(path));
    }
    for path in &outcome.stale {
        println!("  removed {}", show(path));
    }
    println!(
        "generated {} files from {}/ into {} ({} changed, {} removed) in {elapsed:.1?}",
        files.len(),
        target.specs,
        target.out,
        outcome.changed.len(),
        outcome.stale.len()
    );
    Ok(true)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}
