//! `cargo xtask generate [--check]`: regenerates `generated/src` from `specs/`, or checks it is current.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          regenerate generated/src from specs/
  generate --check  change nothing; exit 1 and name the stale files if generated/src is out of date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
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
    let specs = root.join("specs");
    let out = root.join("generated").join("src");
    let started = Instant::now();
    let files = match codegen::generate(&specs) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match codegen::write::write_or_check(&out, &files, check) {
        Ok(outcome) => outcome,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    let show = |p: &PathBuf| Path::new("generated/src").join(p).display().to_string();
    if check {
        if outcome.is_clean() {
            println!("generated/ is up to date ({} files, {elapsed:.1?})", files.len());
            return ExitCode::SUCCESS;
        }
        eprintln!("generated/ is stale; run `cargo xtask generate` and commit the result:");
        for path in &outcome.changed {
            eprintln!("  differs: {}", show(path));
        }
        for path in &outcome.stale {
            eprintln!("  no longer generated: {}", show(path));
        }
        return ExitCode::FAILURE;
    }
    for path in &outcome.changed {
        println!("  wrote {}", show(path));
    }
    for path in &outcome.stale {
        println!("  removed {}", show(path));
    }
    println!(
        "generated {} files from specs/ ({} changed, {} removed) in {elapsed:.1?}",
        files.len(),
        outcome.changed.len(),
        outcome.stale.len()
    );
    ExitCode::SUCCESS
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}
