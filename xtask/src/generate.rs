//! `cargo xtask generate [--check] [--specs DIR --out DIR [--group-by-path]]`: regenerates
//! `generated/src` (and the test fixtures) from `specs/`, or checks that they are current.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Runs `generate` with its arguments (after the word `generate`); `None` when they do not parse.
pub fn main(root: &Path, args: &[&str]) -> Option<ExitCode> {
    let options = parse_args(args)?;
    // Folders named on the command line are the user's, relative to where the command was run (cargo
    // runs xtask there), not to the workspace root.
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    let from_cwd = |dir: String| cwd.join(dir).display().to_string();
    let targets = match (options.specs, options.out) {
        (Some(specs), Some(out)) => vec![Target {
            specs: from_cwd(specs),
            out: from_cwd(out),
            crate_root: true,
            expect_warnings: false,
        }],
        _ => default_targets(),
    };
    let settings = codegen::Settings {
        group_by_path: options.group_by_path,
        ..codegen::Settings::default()
    };
    let mut clean = true;
    for target in &targets {
        match run(
            root,
            target,
            &settings,
            options.check,
            options.deny_warnings,
        ) {
            Ok(target_clean) => clean &= target_clean,
            Err(err) => {
                eprintln!("error: {err}");
                return Some(ExitCode::FAILURE);
            }
        }
    }
    Some(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

struct Options {
    check: bool,
    /// Spec defects the generator would work around are errors.
    deny_warnings: bool,
    specs: Option<String>,
    out: Option<String>,
    /// A description without tags has its operations grouped by their paths.
    group_by_path: bool,
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        check: false,
        deny_warnings: false,
        specs: None,
        out: None,
        group_by_path: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--check" => options.check = true,
            "--deny-warnings" => options.deny_warnings = true,
            "--group-by-path" => options.group_by_path = true,
            "--specs" => options.specs = Some(rest.next()?.to_string()),
            "--out" => options.out = Some(rest.next()?.to_string()),
            _ => return None,
        }
    }
    // Both or neither; grouping only for folders of one's own (the test fixtures are modules of the
    // tests crate, which has no features to put groups behind).
    let folders = options.specs.is_some() == options.out.is_some();
    (folders && (!options.group_by_path || options.specs.is_some())).then_some(options)
}

/// A folder of specs and the folder its code goes to (relative to the workspace root, or absolute).
/// `--specs` and `--out` are made absolute from the current directory.
pub struct Target {
    pub specs: String,
    pub out: String,
    /// Whether the crate root `lib.rs` is written (the test fixtures are modules of the tests crate).
    pub crate_root: bool,
    /// The specs hold defects on purpose (the torture spec): their warnings are counted, not listed.
    pub expect_warnings: bool,
}

pub fn default_targets() -> Vec<Target> {
    vec![
        Target {
            specs: "specs".into(),
            out: "generated/src".into(),
            crate_root: true,
            expect_warnings: false,
        },
        // Specs that exercise the generator's corners; their output is compiled by the tests crate.
        Target {
            specs: "tests/fixtures/specs".into(),
            out: "tests/fixtures/generated".into(),
            crate_root: false,
            expect_warnings: true,
        },
    ]
}

/// Generates (or checks) one target; `Ok(false)` when checking found stale files.
fn run(
    root: &Path,
    target: &Target,
    settings: &codegen::Settings,
    check: bool,
    deny_warnings: bool,
) -> Result<bool, codegen::Error> {
    let started = Instant::now();
    let output = codegen::run_with(&root.join(&target.specs), settings)?;
    let defects = output.warnings.iter().filter(|w| w.is_defect()).count();
    if target.expect_warnings && !deny_warnings {
        if defects > 0 {
            println!(
                "{defects} warnings in {}/, expected: its specs hold defects on purpose",
                target.specs
            );
        }
    } else {
        for warning in &output.warnings {
            eprintln!("{}", warning.line(root));
        }
    }
    let first_defect = output.warnings.iter().find(|w| w.is_defect());
    if let (true, Some(first)) = (deny_warnings, first_defect) {
        return Err(codegen::Error::new(
            &first.file,
            first.location.clone(),
            format!("{} [{}] (--deny-warnings)", first.message, first.name),
        ));
    }
    let mut files = output.files;
    if !target.crate_root {
        files.remove(Path::new("lib.rs"));
    }
    let out_dir = root.join(&target.out);
    let mut outcome = codegen::write::write_or_check(&out_dir, &files, check)?;
    // The tag features: the crate's manifest (or `features.toml`); a module of another crate has none.
    if target.crate_root {
        outcome.changed.extend(codegen::write::write_features(
            &out_dir,
            &output.features,
            check,
        )?);
    }
    let elapsed = started.elapsed();
    let show = |p: &PathBuf| Path::new(&target.out).join(p).display().to_string();
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

#[cfg(test)]
mod tests {
    use super::parse_args;

    #[test]
    fn grouping_by_path_is_for_folders_of_ones_own() {
        let options = parse_args(&["--specs", "a", "--out", "b", "--group-by-path"]).unwrap();
        assert!(options.group_by_path);
        assert!(
            !parse_args(&["--specs", "a", "--out", "b"])
                .unwrap()
                .group_by_path
        );
        // Not for `specs/` and the test fixtures, the default targets.
        assert!(parse_args(&["--group-by-path"]).is_none());
        assert!(parse_args(&["--check", "--group-by-path"]).is_none());
        assert!(parse_args(&["--specs", "a"]).is_none());
    }
}
