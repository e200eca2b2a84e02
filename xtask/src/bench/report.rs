//! The tables, as markdown: generators side by side (with ratios peer/ours), the synthetic spec at its
//! sizes (with ratios to 1×), and the spec folders of `specs/` one by one.

use std::fmt::Write;
use std::time::Duration;

use super::check::Features;
use super::measure::Sample;

/// One generator on one input.
pub struct Row {
    pub generator: String,
    pub input: String,
    /// The median run, or why there is none ("panics after 6.6 s: …").
    pub generate: Result<Sample, String>,
    pub lines: Option<usize>,
    /// The measured `cargo check`, or why there is none ("not run (--no-check)", "fails after …").
    pub check: Result<Sample, String>,
}

/// One `cargo check` of our output on one input.
pub struct CheckRow {
    pub input: String,
    /// What was checked; `None` when no feature set could be chosen (no tag to check alone).
    pub features: Option<Features>,
    /// The check, or why there is none.
    pub result: Result<Sample, String>,
}

/// The synthetic spec at one size.
pub struct Scaled {
    pub scale: usize,
    pub schemas: usize,
    pub operations: usize,
    pub row: Row,
}

pub const OURS: &str = "ours";

pub fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

pub fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |k| format!("{} MiB", k.div_ceil(1024)))
}

/// `a / b` as "3.2×", or "–" when either is missing or `b` is zero.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".into(),
    }
}

/// Thousands separated by commas: 123,456.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn time_of(r: &Result<Sample, String>) -> Option<f64> {
    r.as_ref().ok().map(|s| s.wall.as_secs_f64())
}

fn rss_of(r: &Result<Sample, String>) -> Option<f64> {
    r.as_ref().ok().and_then(|s| s.rss_kib).map(|k| k as f64)
}

/// The time cell: the time, or the reason there is none (pipes escaped, as a cell needs).
fn time_cell(r: &Result<Sample, String>, format: fn(Duration) -> String) -> String {
    match r {
        Ok(sample) => format(sample.wall),
        Err(why) => why.replace('|', "\\|"),
    }
}

fn rss_cell(r: &Result<Sample, String>) -> String {
    match r {
        Ok(sample) => mib(sample.rss_kib),
        Err(_) => "–".into(),
    }
}

fn lines_cell(lines: Option<usize>) -> String {
    lines.map_or_else(|| "–".into(), count)
}

/// The generators table; a peer's ratios are to our row of the same input.
pub fn generators(rows: &[Row], runs: usize) -> String {
    let mut out = format!(
        "| generator | input | generate (median of {runs}) | peak RSS | lines of Rust | cargo check (crate alone) | check peak RSS | generate ×ours | RSS ×ours | lines ×ours | check ×ours |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for row in rows {
        let ours = rows
            .iter()
            .find(|r| r.generator == OURS && r.input == row.input);
        let ratios = match ours {
            Some(ours) if row.generator != OURS => [
                ratio(time_of(&row.generate), time_of(&ours.generate)),
                ratio(rss_of(&row.generate), rss_of(&ours.generate)),
                ratio(row.lines.map(|n| n as f64), ours.lines.map(|n| n as f64)),
                ratio(time_of(&row.check), time_of(&ours.check)),
            ],
            _ => ["–".into(), "–".into(), "–".into(), "–".into()],
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.generator,
            row.input,
            time_cell(&row.generate, seconds),
            rss_cell(&row.generate),
            lines_cell(row.lines),
            time_cell(&row.check, seconds),
            rss_cell(&row.check),
            ratios.join(" | ")
        );
    }
    out
}

/// The checks table: one row per input and feature set.
pub fn checks(rows: &[CheckRow]) -> String {
    let mut out =
        "| input | check | cargo check (crate alone) | check peak RSS |\n|---|---|---:|---:|\n"
            .to_string();
    for row in rows {
        let check = match &row.features {
            Some(Features::All) => "all features (`--all-features`)".to_string(),
            Some(Features::NoTag) => {
                "no tag (`--no-default-features --features client,server`)".to_string()
            }
            Some(Features::One(feature)) => {
                format!("one tag (`--no-default-features --features client,server,{feature}`)")
            }
            None => "one tag".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {check} | {} | {} |",
            row.input,
            time_cell(&row.result, seconds),
            rss_cell(&row.result),
        );
    }
    out
}

/// The stages table: per input, the wall time of each stage of the pipeline, then what emit and format
/// spent in each of their steps, summed over the formatting threads (so more than their wall time).
pub fn stages(rows: &[(String, [Option<f64>; super::measure::STAGES.len()])]) -> String {
    let mut out = "| input | load | model | emit and format | emit (threads) | syn's parse (threads) | print (threads) |\n|---|---:|---:|---:|---:|---:|---:|\n".to_string();
    for (input, ms) in rows {
        let cells: Vec<String> = ms
            .iter()
            .map(|ms| match ms {
                None => "–".into(),
                Some(ms) if *ms >= 1000.0 => format!("{:.2} s", ms / 1000.0),
                Some(ms) => format!("{ms:.0} ms"),
            })
            .collect();
        let _ = writeln!(out, "| {input} | {} |", cells.join(" | "));
    }
    out
}

/// The synthetic table: time and lines, each with its ratio to the 1× row.
pub fn synthetic(rows: &[Scaled], runs: usize) -> String {
    let mut out = format!(
        "| size | schemas | operations | generate (median of {runs}) | ×1× | peak RSS | lines of Rust | ×1× |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    let base = rows.iter().find(|r| r.scale == 1);
    for scaled in rows {
        let row = &scaled.row;
        let (time_ratio, lines_ratio) = match base {
            Some(base) => (
                ratio(time_of(&row.generate), time_of(&base.row.generate)),
                ratio(
                    row.lines.map(|n| n as f64),
                    base.row.lines.map(|n| n as f64),
                ),
            ),
            None => ("–".into(), "–".into()),
        };
        let _ = writeln!(
            out,
            "| {}× | {} | {} | {} | {time_ratio} | {} | {} | {lines_ratio} |",
            scaled.scale,
            count(scaled.schemas),
            count(scaled.operations),
            time_cell(&row.generate, seconds),
            rss_cell(&row.generate),
            lines_cell(row.lines),
        );
    }
    out
}

/// The spec folders one by one, in milliseconds.
pub fn specs(rows: &[Row], runs: usize) -> String {
    let mut out = format!(
        "| spec folder (with the shared folders) | generate (median of {runs}) | peak RSS | lines of Rust |\n|---|---:|---:|---:|\n"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.input,
            time_cell(&row.generate, millis),
            rss_cell(&row.generate),
            lines_cell(row.lines),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stages_table_has_a_row_per_input_and_a_dash_for_a_stage_not_reported() {
        let rows = [(
            "Graph".to_string(),
            [
                Some(372.4),
                Some(729.6),
                Some(1849.4),
                Some(1206.3),
                Some(1755.7),
                None,
            ],
        )];
        let table = stages(&rows);
        assert!(
            table.contains("| Graph | 372 ms | 730 ms | 1.85 s | 1.21 s | 1.76 s | – |"),
            "{table}"
        );
        assert_eq!(table.lines().count(), 3, "{table}");
    }

    fn sample(ms: u64, rss: u64) -> Sample {
        Sample {
            wall: Duration::from_millis(ms),
            rss_kib: Some(rss),
            ok: true,
            stderr_tail: String::new(),
        }
    }

    fn row(generator: &str, ms: u64, lines: usize) -> Row {
        Row {
            generator: generator.into(),
            input: "GitHub".into(),
            generate: Ok(sample(ms, 2048)),
            lines: Some(lines),
            check: Err("not run (--no-check)".into()),
        }
    }

    #[test]
    fn numbers_are_formatted_for_reading() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(mib(Some(1025)), "2 MiB");
        assert_eq!(mib(None), "n/a");
        assert_eq!(ratio(Some(3.0), Some(2.0)), "1.50×");
        assert_eq!(ratio(Some(3.0), Some(0.0)), "–");
        assert_eq!(ratio(None, Some(2.0)), "–");
        assert_eq!(seconds(Duration::from_millis(6600)), "6.60 s");
        assert_eq!(millis(Duration::from_micros(12_345)), "12 ms");
    }

    #[test]
    fn a_peer_row_has_its_ratios_to_ours_and_a_failure_is_a_row() {
        let mut failing = row("peer-b", 0, 0);
        failing.generate = Err("generate panics after 6.6 s: a|b".into());
        failing.lines = None;
        let table = generators(
            &[row(OURS, 1000, 100), row("peer-a", 3000, 250), failing],
            3,
        );
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[0].starts_with("| generator | input | generate (median of 3) |"));
        assert_eq!(
            lines[2],
            "| ours | GitHub | 1.00 s | 2 MiB | 100 | not run (--no-check) | – | – | – | – | – |"
        );
        assert_eq!(
            lines[3],
            "| peer-a | GitHub | 3.00 s | 2 MiB | 250 | not run (--no-check) | – | 3.00× | 1.00× | 2.50× | – |"
        );
        assert_eq!(
            lines[4],
            "| peer-b | GitHub | generate panics after 6.6 s: a\\|b | – | – | not run (--no-check) | – | – | – | – | – |"
        );
    }

    #[test]
    fn the_synthetic_table_shows_the_ratio_to_one_times() {
        let scaled = |scale: usize, ms, lines| Scaled {
            scale,
            schemas: 2000 * scale,
            operations: 1000 * scale,
            row: row(OURS, ms, lines),
        };
        let table = synthetic(&[scaled(1, 500, 1000), scaled(2, 1100, 2000)], 1);
        assert!(table.contains("| 1× | 2,000 | 1,000 | 0.50 s | 1.00× | 2 MiB | 1,000 | 1.00× |"));
        assert!(table.contains("| 2× | 4,000 | 2,000 | 1.10 s | 2.20× | 2 MiB | 2,000 | 2.00× |"));
    }

    #[test]
    fn the_checks_table_names_each_feature_set_and_why_one_is_missing() {
        let check = |features, result| CheckRow {
            input: "Graph".into(),
            features,
            result,
        };
        let table = checks(&[
            check(Some(Features::NoTag), Ok(sample(31_000, 3 * 1024 * 1024))),
            check(
                Some(Features::One("tag-graph-users-calendar".into())),
                Ok(sample(45_500, 4096)),
            ),
            check(None, Err("no per-tag features".into())),
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(
            lines[2],
            "| Graph | no tag (`--no-default-features --features client,server`) | 31.00 s | 3072 MiB |"
        );
        assert_eq!(
            lines[3],
            "| Graph | one tag (`--no-default-features --features client,server,tag-graph-users-calendar`) | 45.50 s | 4 MiB |"
        );
        assert_eq!(lines[4], "| Graph | one tag | no per-tag features | – |");
    }

    #[test]
    fn the_specs_table_is_in_milliseconds() {
        let mut r = row(OURS, 42, 7);
        r.input = "felles".into();
        assert!(specs(&[r], 3).contains("| felles | 42 ms | 2 MiB | 7 |"));
    }
}
