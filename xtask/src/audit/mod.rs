//! `cargo xtask audit`: the type-fidelity audit (see [`crate::cases`]' worker and `xtask::fidelity`)
//! of every OpenAPI 3.x document of APIs.guru, or of GitHub's description. Not run by CI: a measurement
//! of what the generated types lose against the specs, not a gate.
//!
//! The documents are found and written as cases as the sweep does ([`crate::sweep`]), each marked to be
//! audited (load and model only, no code), run by the crash-safe worker, and the [`report`] adds them up.

mod report;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::bench::inputs;
use crate::cases::outcome::Outcome;
use crate::cases::runner;
use crate::sweep::{fetch, find, write};
use find::{Document, Version};
use xtask::fidelity;

struct Options {
    /// An unpacked directory to audit instead of the npm package.
    dir: Option<PathBuf>,
    version: String,
    /// GitHub's description (npm `@octokit/openapi`, as the bench fetches it) instead of APIs.guru.
    github: bool,
    timeout: Duration,
    /// Only the first N documents (by path).
    limit: Option<usize>,
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        dir: None,
        version: fetch::VERSION.to_string(),
        github: false,
        timeout: Duration::from_secs(180),
        limit: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--dir" => options.dir = Some(PathBuf::from(rest.next()?)),
            "--version" => options.version = (*rest.next()?).to_string(),
            "--github" => options.github = true,
            "--timeout" => options.timeout = Duration::from_secs(rest.next()?.parse().ok()?),
            "--limit" => options.limit = Some(rest.next()?.parse().ok()?),
            _ => return None,
        }
    }
    Some(options)
}

/// Runs `audit` with its arguments; `None` when they do not parse.
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
    let (name, dir, mut documents) = if options.github {
        let input = inputs::github(&root.join("target/bench"))?;
        // `<inputs>/github/github/openapi.json`, one document.
        let document = Document {
            path: "github/openapi.json".into(),
            version: Version::V30,
        };
        ("github", input.specs, vec![document])
    } else {
        let dir = match &options.dir {
            Some(dir) => dir.clone(),
            None => fetch::fetch(&root.join("target/sweep"), &options.version)?,
        };
        let documents = find::documents(&dir)?;
        ("apis-guru", dir, documents)
    };
    documents.retain(|d| matches!(d.version, Version::V30 | Version::V31));
    if let Some(limit) = options.limit {
        documents.truncate(limit);
    }
    let out = root.join("target/audit").join(name);
    let cases_dir = out.join("cases");
    let cases = write_cases(&dir, &documents, &cases_dir)?;
    eprintln!(
        "audit: {} OpenAPI 3.x documents under {}, written as cases to {}",
        documents.len(),
        dir.display(),
        cases_dir.display()
    );
    let restarts = runner::run_all(&cases_dir, options.timeout)?;
    eprintln!(
        "audit: documents audited in {:.1?} ({restarts} worker restarts)",
        started.elapsed()
    );
    let results: Vec<report::Document> = documents
        .iter()
        .zip(&cases)
        .map(|(document, case)| report::Document::of(&document.path, Outcome::read(case)))
        .collect();
    let (summary, full) = report::render(&dir.display().to_string(), &results);
    let path = out.join("report.txt");
    fs::write(&path, full).map_err(|err| format!("{}: {err}", path.display()))?;
    println!("{summary}");
    eprintln!(
        "audit: done in {:.1?}; every degradation in {}",
        started.elapsed(),
        path.display()
    );
    Ok(())
}

/// Writes each document as a case marked to be audited; returns the cases, in the documents' order.
fn write_cases(
    dir: &Path,
    documents: &[Document],
    cases_dir: &Path,
) -> Result<Vec<PathBuf>, String> {
    let _ = fs::remove_dir_all(cases_dir);
    let mut cases = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let case = cases_dir.join(format!("case-{i:04}"));
        write::write_case(dir, document, &case)?;
        fs::write(case.join(fidelity::MARKER), "")
            .map_err(|err| format!("{}: {err}", case.display()))?;
        cases.push(case);
    }
    Ok(cases)
}
