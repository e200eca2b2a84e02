//! Measuring one process: its wall time (std's clock, around the whole run) and its peak resident set
//! (`ru_maxrss`, as GNU time reports it with `%M`: for `cargo`, the largest of its reaped children, rustc
//! among them). Without `/usr/bin/time` the run is timed alone and the RSS is unknown.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIME: &str = "/usr/bin/time";

/// One run of a command.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub wall: Duration,
    /// Peak RSS in KiB, where `/usr/bin/time` could tell.
    pub rss_kib: Option<u64>,
    /// Whether the command exited 0.
    pub ok: bool,
    /// The last lines of its stderr, to say why when it failed.
    pub stderr_tail: String,
}

/// How the RSS is read, for the report.
pub fn rss_method() -> &'static str {
    if Path::new(TIME).is_file() {
        "peak RSS: ru_maxrss of the child (and its reaped children) via /usr/bin/time -f %M"
    } else {
        "peak RSS: not measured (no /usr/bin/time); wall time by std::time::Instant"
    }
}

/// Runs `program args` in `dir` with `env`, once; `scratch` holds GNU time's output file and the logs.
pub fn run_once(
    program: &Path,
    args: &[String],
    dir: &Path,
    env: &[(&str, String)],
    scratch: &Path,
) -> Result<Sample, String> {
    fs::create_dir_all(scratch).map_err(|err| format!("{}: {err}", scratch.display()))?;
    let time_file = scratch.join("time.txt");
    let log = scratch.join("stderr.txt");
    let _ = fs::remove_file(&time_file);
    let with_time = Path::new(TIME).is_file();
    let mut command = if with_time {
        let mut c = Command::new(TIME);
        c.arg("-f")
            .arg("%e %M")
            .arg("-o")
            .arg(&time_file)
            .arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).map_err(|err| format!("{}: {err}", log.display()))?);
    for (key, value) in env {
        command.env(key, value);
    }
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|err| format!("cannot run {}: {err}", program.display()))?;
    let wall = started.elapsed();
    let rss_kib = fs::read_to_string(&time_file)
        .ok()
        .and_then(|text| parse_time(&text))
        .map(|(_, rss)| rss);
    let stderr = fs::read_to_string(&log).unwrap_or_default();
    Ok(Sample {
        wall,
        rss_kib,
        ok: status.success(),
        stderr_tail: gist(&stderr),
    })
}

/// Runs the command `runs` times; `prepare` is called before each run (to empty the output folder).
/// Stops at the first failure and returns it alone.
pub fn run_n(
    runs: usize,
    mut prepare: impl FnMut() -> Result<(), String>,
    mut once: impl FnMut() -> Result<Sample, String>,
) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        prepare()?;
        let sample = once()?;
        let failed = !sample.ok;
        samples.push(sample);
        if failed {
            break;
        }
    }
    Ok(samples)
}

/// The median sample of a set of successful runs: median wall time, and the largest peak RSS seen.
pub fn summarize(samples: &[Sample]) -> Option<Sample> {
    if samples.is_empty() || samples.iter().any(|s| !s.ok) {
        return None;
    }
    let walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    Some(Sample {
        wall: median(&walls)?,
        rss_kib: samples.iter().filter_map(|s| s.rss_kib).max(),
        ok: true,
        stderr_tail: String::new(),
    })
}

/// The median (the mean of the two middle values for an even count).
pub fn median(values: &[Duration]) -> Option<Duration> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// GNU time's `%e %M` line: elapsed seconds and peak RSS in KiB. It is the last line: a failed command
/// puts "Command exited with non-zero status N" (or "Command terminated by signal N") before it.
pub fn parse_time(text: &str) -> Option<(f64, u64)> {
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut fields = line.split_whitespace();
    let elapsed = fields.next()?.parse().ok()?;
    let rss = fields.next()?.parse().ok()?;
    fields.next().is_none().then_some((elapsed, rss))
}

/// The stages `CODEGEN_TIMINGS` reports, in the order of the stages table: the pipeline's stages
/// (wall time), then the steps of emit and format (summed over the formatting threads).
pub const STAGES: [&str; 6] = [
    "load",
    "model",
    "emit and format",
    "format: emit",
    "format: parse",
    "format: print",
];

/// The milliseconds of each of [`STAGES`] in a run's stderr with `CODEGEN_TIMINGS` set
/// (`codegen: model 729.6 ms (RSS …)`), summed where a stage is reported more than once; `None` for a
/// stage it does not report. The steps inside a stage (`codegen: load: parse …`) are not stages.
pub fn stages(stderr: &str) -> [Option<f64>; STAGES.len()] {
    let mut out = [None; STAGES.len()];
    for line in stderr.lines() {
        let Some((name_and_ms, _)) = line
            .strip_prefix("codegen: ")
            .and_then(|rest| rest.split_once(" ms"))
        else {
            continue;
        };
        let Some((name, ms)) = name_and_ms.rsplit_once(' ') else {
            continue;
        };
        let (Some(i), Ok(ms)) = (STAGES.iter().position(|s| *s == name), ms.parse::<f64>()) else {
            continue;
        };
        *out[i].get_or_insert(0.0) += ms;
    }
    out
}

/// What a failure's stderr says: a panic's first lines (its place and message, not the backtrace after),
/// else its first compiler error (not cargo's "could not compile" summary) and the last lines.
pub fn gist(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    if let Some(at) = lines.iter().position(|l| l.contains("panicked at")) {
        return lines[at..(at + 2).min(lines.len())].join("\n");
    }
    match lines.iter().find(|l| is_first_error(l)) {
        Some(error) => format!("{error}\n{}", tail(stderr, 5)),
        None => tail(stderr, 6),
    }
}

/// A compiler's or tool's error line, not cargo's summary of them.
pub fn is_first_error(line: &str) -> bool {
    line.starts_with("error")
        && !line.starts_with("error: could not compile")
        && !line.starts_with("error: aborting")
}

/// The last `n` non-empty lines of a text.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Lines of all `.rs` files under `dir` (recursively), and their count.
pub fn rust_lines(dir: &Path) -> (usize, usize) {
    let mut files = Vec::new();
    rs_files(dir, &mut files);
    let lines = files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .map(|text| count_lines(&text))
        .sum();
    (lines, files.len())
}

/// Lines as `wc -l` would count them, plus a last line without its newline.
pub fn count_lines(text: &str) -> usize {
    text.lines().count()
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            // A peer's crate may hold a target dir of its own (ploidy --check); it is not output.
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stages_are_read_from_codegen_timings_and_the_steps_inside_them_are_not() {
        let stderr = "codegen: load: parse 133.4 ms (RSS 1 kB, peak 2 kB)\n\
            codegen: load (other core): openapiv3 from the text: path items 205.5 ms (RSS 1 kB, peak 2 kB)\n\
            codegen: load 372.4 ms (RSS 449128 kB, peak 503432 kB)\n\
            codegen: model: operations 403.4 ms (RSS 1 kB, peak 2 kB)\n\
            codegen: model 729.6 ms (RSS 1 kB, peak 2 kB)\n\
            codegen: format: emit 1206.3 ms (summed over threads)\n\
            codegen: format: parse 1755.7 ms (summed over threads)\n\
            codegen: format: threads finished 7.5 ms apart\n\
            codegen: emit and format 1849.4 ms (RSS 1 kB, peak 2 kB)\n\
            generated 1567 files from graph in 3.1s\n";
        assert_eq!(
            stages(stderr),
            [
                Some(372.4),
                Some(729.6),
                Some(1849.4),
                Some(1206.3),
                Some(1755.7),
                None
            ]
        );
        // Two runs of the pipeline (two calls of the library) add up.
        let twice = "codegen: model 1.5 ms (RSS)\ncodegen: model 2.5 ms (RSS)\n";
        assert_eq!(stages(twice)[1], Some(4.0));
    }

    #[test]
    fn gnu_time_output_parses_also_after_a_failure_line() {
        assert_eq!(parse_time("1.23 45678\n"), Some((1.23, 45678)));
        assert_eq!(
            parse_time("Command exited with non-zero status 101\n6.60 812000\n"),
            Some((6.6, 812000))
        );
        assert_eq!(
            parse_time("Command terminated by signal 9\n0.50 100\n\n"),
            Some((0.5, 100))
        );
        assert_eq!(parse_time(""), None);
        assert_eq!(parse_time("Command exited with non-zero status 1\n"), None);
        assert_eq!(parse_time("1.0 2 3\n"), None);
    }

    #[test]
    fn the_median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[ms(5)]), Some(ms(5)));
        assert_eq!(median(&[ms(9), ms(1), ms(5)]), Some(ms(5)));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(10)]), Some(ms(3)));
    }

    #[test]
    fn a_failed_run_has_no_summary_and_the_rss_is_the_largest() {
        let sample = |ms, rss, ok| Sample {
            wall: Duration::from_millis(ms),
            rss_kib: rss,
            ok,
            stderr_tail: String::new(),
        };
        let summary = summarize(&[
            sample(30, Some(10), true),
            sample(10, Some(30), true),
            sample(20, None, true),
        ])
        .unwrap();
        assert_eq!(summary.wall, Duration::from_millis(20));
        assert_eq!(summary.rss_kib, Some(30));
        assert_eq!(
            summarize(&[sample(10, None, true), sample(10, None, false)]),
            None
        );
        assert_eq!(summarize(&[]), None);
    }

    #[test]
    fn lines_are_counted_in_rust_files_only_and_not_in_a_target_dir() {
        assert_eq!(count_lines(""), 0);
        assert_eq!(count_lines("a\nb\n"), 2);
        assert_eq!(count_lines("a\nb"), 2);
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/api")).unwrap();
        fs::create_dir_all(dir.path().join("target/debug")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), "pub mod api;\n").unwrap();
        fs::write(
            dir.path().join("src/api/mod.rs"),
            "//! x\n\npub struct A;\n",
        )
        .unwrap();
        fs::write(dir.path().join("Cargo.toml"), "[package]\n").unwrap();
        fs::write(dir.path().join("target/debug/build.rs"), "fn main() {}\n").unwrap();
        assert_eq!(rust_lines(dir.path()), (4, 2));
    }

    #[test]
    fn a_panic_is_its_place_and_message_not_its_backtrace() {
        let stderr = "Generating\n\nthread 'main' (1) panicked at src/method.rs:2057:23:\nnot yet implemented: 2\nstack backtrace:\n   0: x\n   1: y\n";
        assert_eq!(
            gist(stderr),
            "thread 'main' (1) panicked at src/method.rs:2057:23:\nnot yet implemented: 2"
        );
        assert_eq!(gist("a\nb\n"), "a\nb");
        let cargo = "error[E0609]: no field `0`\n --> x.rs\nerror: could not compile `out` (lib) due to 4 previous errors\n";
        assert!(gist(cargo).starts_with("error[E0609]: no field `0`\n"));
    }

    #[test]
    fn the_tail_keeps_the_last_non_empty_lines() {
        assert_eq!(tail("a\n\nb\nc\n\n", 2), "b\nc");
        assert_eq!(tail("a\n", 5), "a");
    }
}
