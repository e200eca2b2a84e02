//! `cargo xtask fuzz`: checks the generator's promise on mutated specs. For any spec the generator either
//! writes code that passes `cargo clippy -D warnings` with every feature, or fails with an error naming
//! the file and the place in it; never a panic, a crash, an unlocated error, or broken code.
//!
//! 1. [`seeds`]: every spec folder of `specs/` and `tests/fixtures/` (with its error tables);
//! 2. [`mutate`]: 1–4 operators per case, aimed at the bug classes generators have had;
//! 3. [`runner`] + [`worker`](crate::cases::worker): generation in a child process,
//!    restarted after a case that crashes it;
//! 4. [`compile`]: the cases that generated, as crates of a scratch workspace,
//!    through clippy;
//! 5. [`report`]: counts per class, the distinct findings and the smallest case of each.

mod mutate;
mod names;
mod report;
mod seeds;
mod sites;

use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::cases::outcome::{Class, Outcome};
use crate::cases::{compile, runner};

struct Options {
    cases: usize,
    seed: u64,
    compile: bool,
    batch: usize,
    /// Only the seeds as they are (a regression check of `tests/fixtures/fuzz-findings`).
    seeds_only: bool,
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        cases: 500,
        seed: 1,
        compile: true,
        batch: 100,
        seeds_only: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--cases" => options.cases = rest.next()?.parse().ok()?,
            "--seed" => options.seed = rest.next()?.parse().ok()?,
            "--batch" => options.batch = rest.next()?.parse().ok().filter(|b| *b > 0)?,
            "--compile" => options.compile = true,
            "--seeds-only" => options.seeds_only = true,
            "--no-compile" => options.compile = false,
            _ => return None,
        }
    }
    Some(options)
}

/// Runs `fuzz` with its arguments; `None` when they do not parse.
pub fn main(root: &Path, args: &[&str]) -> Option<ExitCode> {
    let options = parse_args(args)?;
    Some(match run(root, &options) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    })
}

/// Returns the number of findings.
fn run(root: &Path, options: &Options) -> Result<usize, String> {
    let started = Instant::now();
    let fuzz_dir = root.join("target/fuzz");
    let cases_dir = fuzz_dir.join("cases");
    let _ = fs::remove_dir_all(&cases_dir);
    let seeds = seeds::load(root)?;
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let count = if options.seeds_only {
        seeds.specs.len()
    } else {
        options.cases
    };
    for i in 0..count {
        let case = cases_dir.join(format!("case-{i:04}"));
        // The first cases are the seeds as they are: a seed that fails alone is a finding too.
        let (seed, spec, mutations) = if i < seeds.specs.len() {
            let seed = &seeds.specs[i];
            (
                seed,
                seed.spec.clone(),
                vec!["none (the seed as it is)".to_string()],
            )
        } else {
            let seed = &seeds.specs[rng.usize(..seeds.specs.len())];
            let mut spec = seed.spec.clone();
            let mutations = mutate::mutate(&mut spec, &mut rng);
            (seed, spec, mutations)
        };
        seeds::write_case(&case, seed, &spec, &seeds.shared)?;
        let log = format!("seed: {}\n{}\n", seed.origin, mutations.join("\n"));
        fs::write(case.join("mutations.txt"), log).map_err(|err| err.to_string())?;
    }
    eprintln!(
        "fuzz: {count} cases from {} seeds written to {}",
        seeds.specs.len(),
        cases_dir.display()
    );
    let restarts = runner::run_all(&cases_dir, runner::CASE_TIMEOUT)?;
    eprintln!(
        "fuzz: generation done in {:.1?} ({restarts} worker restarts)",
        started.elapsed()
    );
    let mut case_dirs: Vec<_> = fs::read_dir(&cases_dir)
        .map_err(|err| err.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    case_dirs.sort();
    if options.compile {
        let generated: Vec<_> = case_dirs
            .iter()
            .filter(|c| Outcome::read(c).is_some_and(|o| o.class == Class::Generated))
            .cloned()
            .collect();
        let scratch = compile::Scratch {
            workspaces: fuzz_dir.join("compile"),
            target: root.join("target/fuzz-target"),
            tool: "fuzz",
        };
        compile::check(root, &generated, options.batch, &scratch)?;
    }
    let cases: Vec<report::Case> = case_dirs
        .iter()
        .map(|dir| report::Case {
            outcome: Outcome::read(dir)
                .unwrap_or_else(|| Outcome::new(Class::Infra, "no outcome recorded")),
            spec_bytes: spec_size(dir),
            dir: dir.clone(),
        })
        .collect();
    let summary = report::report(&fuzz_dir, &cases, options.seed)?;
    println!("{}", summary.text);
    eprintln!(
        "fuzz: {} cases in {:.1?}; report in {}",
        summary.cases,
        started.elapsed(),
        fuzz_dir.join("report.txt").display()
    );
    Ok(summary.findings)
}

fn spec_size(case: &Path) -> u64 {
    fs::read_dir(case.join("specs"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| fs::metadata(e.path().join("openapi.json")).ok())
        .map(|m| m.len())
        .sum()
}
