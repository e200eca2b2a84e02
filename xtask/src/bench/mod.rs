//! `cargo xtask bench`: the generator as a user runs it, whole process, on GitHub's REST description, the
//! large APIs of APIs.guru (Microsoft Graph, Stripe, Cloudflare), a synthetic spec at three sizes and each
//! folder of `specs/`; where its time goes, stage by stage (`CODEGEN_TIMINGS`); the `cargo check` of
//! what it writes (all features, no tag, one tag); and, with `--peers`, the same for other OpenAPI →
//! Rust generators. Prints markdown tables and writes them to `target/bench/report.md`. Not a gate:
//! every failure is a row or a message, and it exits 0 once the tables are printed.
//!
//! - [`inputs`]: fetching and laying out the inputs; [`guru`]: those of APIs.guru;
//! - [`measure`]: timing a process, its peak RSS, median, lines of Rust;
//! - [`check`]: the scratch crate and the measured `cargo check`;
//! - [`peers`]: the peer generators, one entry each;
//! - [`report`]: the tables.

mod check;
mod guru;
pub(crate) mod inputs;
mod measure;
mod peers;
mod report;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use check::Features;
use inputs::Input;
use measure::Sample;
use report::{CheckRow, Row, Scaled, OURS};

/// What to run.
#[derive(Debug, PartialEq)]
struct Options {
    runs: usize,
    /// The `cargo check`s of the large inputs' output; empty with `--no-check`.
    checks: Vec<Check>,
    peers: bool,
    /// The inputs; empty: all of them.
    only: Vec<Only>,
    one_tag: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Only {
    Github,
    /// An API of APIs.guru, by its name in [`guru::PUBLIC`].
    Public(&'static str),
    Synthetic,
    Specs,
}

impl Only {
    fn parse(word: &str) -> Option<Only> {
        match word {
            "github" => Some(Only::Github),
            "synthetic" => Some(Only::Synthetic),
            "specs" => Some(Only::Specs),
            _ => guru::public(word).map(|public| Only::Public(public.name)),
        }
    }
}

/// One `cargo check` of a large input's output, in the order they run: the cheap ones first.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Check {
    /// `--no-default-features --features client,server`.
    NoTag,
    /// `--no-default-features --features client,server,FEATURE`.
    OneTag,
    /// `--all-features`, the figure of the generators table.
    All,
}

impl Check {
    fn parse(word: &str) -> Option<Check> {
        match word {
            "none" => Some(Check::NoTag),
            "one" => Some(Check::OneTag),
            "all" => Some(Check::All),
            _ => None,
        }
    }
}

/// Adds the items of `a,b,c` (each word parsed, none empty) to `into`, each once.
fn parse_list<T: Copy + PartialEq>(
    list: &str,
    parse: impl Fn(&str) -> Option<T>,
    into: &mut Vec<T>,
) -> Option<()> {
    for word in list.split(',') {
        let item = parse(word.trim())?;
        if !into.contains(&item) {
            into.push(item);
        }
    }
    Some(())
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        runs: 3,
        checks: vec![Check::NoTag, Check::OneTag, Check::All],
        peers: false,
        only: Vec::new(),
        one_tag: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--runs" => options.runs = rest.next()?.parse().ok().filter(|n| *n > 0)?,
            "--no-check" => options.checks.clear(),
            "--checks" => {
                options.checks.clear();
                parse_list(rest.next()?, Check::parse, &mut options.checks)?;
                // Cheap ones first, whatever order they were named in.
                options.checks.sort_by_key(|c| *c as u8);
            }
            "--peers" => options.peers = true,
            "--only" => parse_list(rest.next()?, Only::parse, &mut options.only)?,
            "--one-tag" => options.one_tag = Some(rest.next()?.to_string()),
            _ => return None,
        }
    }
    Some(options)
}

/// Where this build's artifacts go: `CARGO_TARGET_DIR`, else `<root>/target`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}

pub fn main(root: &Path, args: &[&str]) -> Option<ExitCode> {
    let options = parse_args(args)?;
    let target = target_dir(root);
    let bench = target.join("bench");
    let mut bench_run = Bench {
        root,
        bench: bench.clone(),
        options: &options,
        xtask: Err(String::new()),
        notes: Vec::new(),
        checks: Vec::new(),
        stages: Vec::new(),
    };
    bench_run.xtask = build_ours(root, &target);
    if let Err(err) = &bench_run.xtask {
        bench_run.notes.push(format!("ours: {err}"));
    }
    let wants = |only: Only| options.only.is_empty() || options.only.contains(&only);
    let mut generators = Vec::new();
    let mut scaled = Vec::new();
    let mut each = Vec::new();
    if wants(Only::Github) {
        bench_run.github(&mut generators);
    }
    for public in guru::PUBLIC {
        if wants(Only::Public(public.name)) {
            bench_run.public(public, &mut generators);
        }
    }
    if wants(Only::Specs) {
        bench_run.specs(&mut generators, &mut each);
    }
    if wants(Only::Synthetic) {
        bench_run.synthetic(&mut scaled);
    }
    let text = bench_run.report(&generators, &scaled, &each);
    println!("{text}");
    let path = bench.join("report.md");
    match fs::create_dir_all(&bench).and_then(|()| fs::write(&path, &text)) {
        Ok(()) => eprintln!("bench: wrote {}", path.display()),
        Err(err) => eprintln!("bench: cannot write {}: {err}", path.display()),
    }
    Some(ExitCode::SUCCESS)
}

/// Our generator's command line for `input`, writing into `out`.
fn our_args(input: &Input, out: &Path) -> Vec<String> {
    let mut args = vec![
        "generate".to_string(),
        "--specs".into(),
        input.specs.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    if input.group_by_path {
        args.push("--group-by-path".into());
    }
    args
}

/// `cargo build --release -p xtask`, once: our generator is that binary's `generate --specs --out`.
fn build_ours(root: &Path, target: &Path) -> Result<PathBuf, String> {
    eprintln!("bench: cargo build --release -p xtask");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(root)
        .status()
        .map_err(|err| format!("cannot run cargo build: {err}"))?;
    let bin = target.join("release/xtask");
    if status.success() && bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("cargo build --release -p xtask failed ({status})"))
    }
}

struct Bench<'a> {
    root: &'a Path,
    bench: PathBuf,
    options: &'a Options,
    /// Our generator, the release xtask, or why it could not be built.
    xtask: Result<PathBuf, String>,
    /// Messages for the report: what could not be measured, and why.
    notes: Vec<String>,
    /// The `cargo check`s of the large inputs, each feature set a row.
    checks: Vec<CheckRow>,
    /// Per input of the generators table, the milliseconds of each of [`measure::STAGES`].
    stages: Vec<(String, [Option<f64>; measure::STAGES.len()])>,
}

impl Bench<'_> {
    fn github(&mut self, rows: &mut Vec<Row>) {
        let input = match inputs::github(&self.bench) {
            Ok(input) => input,
            Err(err) => {
                self.notes.push(format!("GitHub input: {err}"));
                return;
            }
        };
        rows.push(self.ours(&input, "github", self.checked()));
        self.stages(&input, "github");
        if self.options.peers {
            for peer in peers::PEERS {
                rows.push(self.peer(peer, &input));
            }
        }
    }

    /// Whether the large inputs' output is checked at all.
    fn checked(&self) -> bool {
        !self.options.checks.is_empty()
    }

    fn public(&mut self, public: &guru::Public, rows: &mut Vec<Row>) {
        let input = match guru::input(self.root, &self.bench, public) {
            Ok(input) => input,
            Err(err) => {
                self.notes.push(format!("{} input: {err}", public.name));
                return;
            }
        };
        rows.push(self.ours(&input, public.name, self.checked()));
        self.stages(&input, public.name);
        if self.options.peers {
            for peer in peers::PEERS {
                rows.push(self.peer(peer, &input));
            }
        }
    }

    fn specs(&mut self, rows: &mut Vec<Row>, each: &mut Vec<Row>) {
        let (all, folders) = match inputs::skatteetaten(self.root, &self.bench) {
            Ok(found) => found,
            Err(err) => {
                self.notes.push(format!("specs/: {err}"));
                return;
            }
        };
        rows.push(self.ours(&all, "specs", self.checked()));
        self.stages(&all, "specs");
        for folder in &folders {
            each.push(self.ours(folder, &format!("spec-{}", folder.name), false));
        }
    }

    fn synthetic(&mut self, rows: &mut Vec<Scaled>) {
        for &scale in inputs::SCALES {
            match inputs::synthetic(&self.bench, scale) {
                Ok((input, schemas, operations)) => rows.push(Scaled {
                    scale,
                    schemas,
                    operations,
                    row: self.ours(&input, &format!("synthetic-{scale}x"), false),
                }),
                Err(err) => self.notes.push(format!("synthetic {scale}×: {err}")),
            }
        }
    }

    /// Our generator on one input: `xtask generate --specs <input> --out <case>/out`, N times; then,
    /// when `check`, the `cargo check` of its output.
    fn ours(&mut self, input: &Input, case: &str, check: bool) -> Row {
        let case = self.bench.join("out").join(case);
        let out = case.join("out");
        let mut row = Row {
            generator: OURS.into(),
            input: input.name.clone(),
            generate: Err("not run".into()),
            lines: None,
            check: Err(if check {
                "not run"
            } else {
                "not run (--no-check)"
            }
            .into()),
        };
        let xtask = match &self.xtask {
            Ok(xtask) => xtask.clone(),
            Err(_) => {
                row.generate = Err("not built".into());
                return row;
            }
        };
        eprintln!("bench: ours on {}", input.name);
        let args = our_args(input, &out);
        row.generate = self.generate(&xtask, &args, &out, &case);
        if row.generate.is_err() {
            return row;
        }
        row.lines = Some(measure::rust_lines(&out).0);
        if check {
            row.check = self.check_ours(input, &case);
        }
        row
    }

    /// One more run of ours on `input` (into the folder [`Bench::ours`] wrote), with `CODEGEN_TIMINGS`:
    /// the time of each stage of the pipeline, a row of the stages table. Nothing when ours did not
    /// run or the run fails (the generators table says why).
    fn stages(&mut self, input: &Input, case: &str) {
        let Ok(xtask) = &self.xtask else {
            return;
        };
        let case = self.bench.join("out").join(case);
        let args = our_args(input, &case.join("out"));
        let scratch = case.join("stages");
        let env = [("CODEGEN_TIMINGS", "1".to_string())];
        match measure::run_once(xtask, &args, self.root, &env, &scratch) {
            Ok(sample) if sample.ok => {
                let stderr = fs::read_to_string(scratch.join("stderr.txt")).unwrap_or_default();
                self.stages
                    .push((input.name.clone(), measure::stages(&stderr)));
            }
            Ok(_) | Err(_) => {}
        }
    }

    /// Runs a generator N times (its output folder emptied before each), and summarizes.
    fn generate(
        &self,
        program: &Path,
        args: &[String],
        out: &Path,
        scratch: &Path,
    ) -> Result<Sample, String> {
        let samples = measure::run_n(
            self.options.runs,
            || {
                let _ = fs::remove_dir_all(out);
                fs::create_dir_all(scratch).map_err(|err| format!("{}: {err}", scratch.display()))
            },
            || {
                // A panic's backtrace would only add to a failing run's time.
                let env = [("RUST_BACKTRACE", "0".to_string())];
                measure::run_once(program, args, self.root, &env, &scratch.join("log"))
            },
        )?;
        match samples.iter().find(|s| !s.ok) {
            Some(failed) => Err(check::failure("generate", failed)),
            None => measure::summarize(&samples).ok_or_else(|| "no run".into()),
        }
    }

    /// The checks asked for, each a row of the checks table; returns the all-features one, the figure
    /// of the generators table.
    fn check_ours(&mut self, input: &Input, case: &Path) -> Result<Sample, String> {
        let check_dir = self.bench.join("check");
        let dir = check::scratch_ours(self.root, &check_dir, case)?;
        let name = crate::cases::compile::case_name(case);
        let lib = dir.join(&name).join("src/lib.rs");
        let target = self.bench.join("check-target");
        let scratch = self.bench.join("log");
        // The check crate's manifest: `generated/Cargo.toml`'s, with the tag features of this output.
        let manifest = fs::read_to_string(dir.join(&name).join("Cargo.toml")).unwrap_or_default();
        let tags = check::tag_features(&manifest);
        let mut all = Err("not run (--checks without all)".to_string());
        for kind in self.options.checks.clone() {
            let features = match kind {
                Check::All => Ok(Features::All),
                Check::NoTag => Ok(Features::NoTag),
                Check::OneTag => self.one_tag(input, &tags).map(Features::One),
            };
            let result = features
                .as_ref()
                .map_err(String::clone)
                .and_then(|features| check::measure(&dir, &lib, &target, features, &scratch));
            if kind == Check::All {
                all = result.clone();
            }
            self.checks.push(CheckRow {
                input: input.name.clone(),
                features: features.ok(),
                result,
            });
        }
        all
    }

    /// The tag feature of the one-tag check: `--one-tag`, else the input's own, else its first; `Err`
    /// says why there is none.
    fn one_tag(&self, input: &Input, tags: &[String]) -> Result<String, String> {
        let chosen = self
            .options
            .one_tag
            .clone()
            .or_else(|| input.one_tag.clone());
        match chosen {
            Some(feature) if tags.contains(&feature) => Ok(feature),
            Some(feature) => Err(format!("no feature {feature} in its manifest")),
            None => tags.first().cloned().ok_or_else(|| {
                "no per-tag features (its operations have one tag or none; name a feature with --one-tag FEATURE)".into()
            }),
        }
    }

    /// A peer on one input (GitHub's description, an API of APIs.guru): installed if missing, run N
    /// times, its crate checked.
    fn peer(&mut self, peer: &peers::Peer, input: &Input) -> Row {
        let mut row = Row {
            generator: peer.name.into(),
            input: input.name.clone(),
            generate: Err("not run".into()),
            lines: None,
            check: Err(if !self.checked() {
                "not run (--no-check)"
            } else if !self.options.checks.contains(&Check::All) {
                "not run (--checks without all)"
            } else if peer.writes_crate {
                "not run"
            } else {
                "no crate (writes a module)"
            }
            .into()),
        };
        let Some(document) = &input.document else {
            row.generate = Err("no single document to give it".into());
            return row;
        };
        let peers_dir = self.bench.join("peers");
        let bin = match peer.install(&peers_dir) {
            Ok(bin) => bin,
            Err(err) => {
                row.generate = Err(err);
                return row;
            }
        };
        eprintln!("bench: {} on {}", peer.name, input.name);
        let case = peers_dir.join("out").join(peer.name);
        let out = case.join("out");
        let args = peer.command(document, &out);
        row.generate = self.generate(&bin, &args, &out, &case);
        if row.generate.is_err() {
            return row;
        }
        row.lines = Some(measure::rust_lines(&out).0);
        // A peer's crate has none of our feature sets: only its all-features check compares.
        if self.options.checks.contains(&Check::All) && peer.writes_crate {
            row.check = check::own_workspace(&out).and_then(|()| {
                check::measure(
                    &out,
                    &out.join("src/lib.rs"),
                    &peers_dir.join("check-target"),
                    &Features::All,
                    &case.join("log"),
                )
            });
        }
        row
    }

    fn report(&self, generators: &[Row], scaled: &[Scaled], each: &[Row]) -> String {
        let runs = self.options.runs;
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let mut text = format!(
            "# cargo xtask bench\n\nWhole process, {runs} run(s) each, median wall time (std::time::Instant); {}. \
             Lines of Rust: all lines of the `.rs` files written. cargo check: the generated crate alone \
             (dependencies built first by an unmeasured check with `src/lib.rs` emptied), `--all-features` \
             in the generators table and each feature set asked for in the checks table, \
             CARGO_INCREMENTAL=0, one run; its RSS is rustc's (the largest of cargo's children). \
             {cores} cores; times are noisy on a shared machine.\n\n",
            measure::rss_method()
        );
        if !generators.is_empty() {
            text.push_str("## Generators\n\n");
            text.push_str(&report::generators(generators, runs));
            text.push('\n');
        }
        if !self.stages.is_empty() {
            text.push_str(
                "## Where ours spends its time (one more run, with `CODEGEN_TIMINGS`)\n\n",
            );
            text.push_str(&report::stages(&self.stages));
            text.push('\n');
        }
        if !self.checks.is_empty() {
            text.push_str("## cargo check of the output, by feature set\n\n");
            text.push_str(&report::checks(&self.checks));
            text.push('\n');
        }
        if !scaled.is_empty() {
            text.push_str("## Synthetic spec (2,000 schemas + 1,000 operations at 1×)\n\n");
            text.push_str(&report::synthetic(scaled, runs));
            text.push('\n');
        }
        if !each.is_empty() {
            text.push_str("## Skatteetaten specs, one folder at a time\n\n");
            text.push_str(&report::specs(each, runs));
            text.push('\n');
        }
        if !self.notes.is_empty() {
            text.push_str("## Notes\n\n");
            for note in &self.notes {
                text.push_str(&format!("- {note}\n"));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_with_their_defaults() {
        let options = parse_args(&[]).unwrap();
        assert_eq!(
            options,
            Options {
                runs: 3,
                checks: vec![Check::NoTag, Check::OneTag, Check::All],
                peers: false,
                only: Vec::new(),
                one_tag: None
            }
        );
        let options = parse_args(&[
            "--runs",
            "1",
            "--no-check",
            "--peers",
            "--only",
            "github",
            "--one-tag",
            "tag-repos",
        ])
        .unwrap();
        assert_eq!(options.runs, 1);
        assert!(options.checks.is_empty() && options.peers);
        assert_eq!(options.only, [Only::Github]);
        assert_eq!(options.one_tag.as_deref(), Some("tag-repos"));
    }

    #[test]
    fn inputs_are_a_list_or_a_repeated_flag() {
        let options = parse_args(&["--only", "graph,stripe", "--only", "cloudflare"]).unwrap();
        assert_eq!(
            options.only,
            [
                Only::Public("graph"),
                Only::Public("stripe"),
                Only::Public("cloudflare")
            ]
        );
        let options = parse_args(&["--only", "specs", "--only", "synthetic,specs"]).unwrap();
        assert_eq!(options.only, [Only::Specs, Only::Synthetic]);
    }

    #[test]
    fn checks_are_chosen_and_run_cheapest_first() {
        let options = parse_args(&["--checks", "all,none"]).unwrap();
        assert_eq!(options.checks, [Check::NoTag, Check::All]);
        let options = parse_args(&["--checks", "one"]).unwrap();
        assert_eq!(options.checks, [Check::OneTag]);
        // The last of --no-check and --checks wins.
        let options = parse_args(&["--no-check", "--checks", "none,one"]).unwrap();
        assert_eq!(options.checks, [Check::NoTag, Check::OneTag]);
        let options = parse_args(&["--checks", "all", "--no-check"]).unwrap();
        assert!(options.checks.is_empty());
    }

    #[test]
    fn bad_options_are_refused() {
        assert!(parse_args(&["--runs", "0"]).is_none());
        assert!(parse_args(&["--runs"]).is_none());
        assert!(parse_args(&["--only", "everything"]).is_none());
        assert!(parse_args(&["--only", "graph,"]).is_none());
        assert!(parse_args(&["--only"]).is_none());
        assert!(parse_args(&["--checks", "some"]).is_none());
        assert!(parse_args(&["--checks", ""]).is_none());
        assert!(parse_args(&["--checks"]).is_none());
        assert!(parse_args(&["--fast"]).is_none());
    }
}
