//! The report: counts per class, the distinct findings (grouped by a signature of their message) with
//! the smallest case of each copied to `target/fuzz/findings/<class>-<n>/` for reproduction.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cases::compile::case_name;
use crate::cases::files::copy_dir;
use crate::cases::outcome::{Class, Outcome};
use crate::cases::signature::blank;

pub struct Case {
    pub dir: PathBuf,
    pub outcome: Outcome,
    /// Size of the mutated spec, to pick the smallest case of a finding.
    pub spec_bytes: u64,
}

pub struct Summary {
    pub cases: usize,
    pub findings: usize,
    pub text: String,
}

/// Counts, groups and writes the findings; returns the printed report.
pub fn report(fuzz_dir: &Path, cases: &[Case], seed: u64) -> Result<Summary, String> {
    let mut counts: BTreeMap<Class, usize> = BTreeMap::new();
    let mut groups: BTreeMap<(Class, String), Vec<&Case>> = BTreeMap::new();
    for case in cases {
        *counts.entry(case.outcome.class).or_default() += 1;
        if case.outcome.class.is_finding() {
            groups
                .entry((case.outcome.class, signature(&case.outcome)))
                .or_default()
                .push(case);
        }
    }
    let findings_dir = fuzz_dir.join("findings");
    let _ = fs::remove_dir_all(&findings_dir);
    let mut text = format!(
        "fuzz report (seed {seed}, {} cases)\n\noutcomes:\n",
        cases.len()
    );
    for class in Class::ALL {
        if let Some(n) = counts.get(class) {
            let mark = if class.is_finding() {
                "  <- finding"
            } else {
                ""
            };
            let _ = writeln!(text, "  {:<16} {n:>5}{mark}", class.name());
        }
    }
    let _ = writeln!(text, "\ndistinct findings: {}", groups.len());
    let mut numbers: BTreeMap<Class, usize> = BTreeMap::new();
    for ((class, signature), members) in &groups {
        let n = numbers.entry(*class).or_default();
        *n += 1;
        let smallest = members
            .iter()
            .min_by_key(|c| c.spec_bytes)
            .ok_or("empty group")?;
        let target = findings_dir.join(format!("{}-{n}", class.name()));
        save_finding(smallest, &target)?;
        let _ = writeln!(
            text,
            "\n[{}-{n}] {} case(s), smallest {} ({} bytes)\n  signature: {signature}\n  mutations: {}\n  reproduce: cargo xtask generate --specs {} --out /tmp/fuzz-out\n  {}",
            class.name(),
            members.len(),
            case_name(&smallest.dir),
            smallest.spec_bytes,
            mutations(&smallest.dir).join("; "),
            target.join("specs").display(),
            indent(&smallest.outcome.message),
        );
    }
    let findings: usize = groups.values().map(Vec::len).sum();
    let located = counts.get(&Class::ErrorLocated).copied().unwrap_or(0);
    let clean = counts.get(&Class::Compiles).copied().unwrap_or(0);
    let _ = writeln!(
        text,
        "\nfuzz: {} cases, {located} located errors, {clean} compiled clean, {findings} findings",
        cases.len()
    );
    fs::write(fuzz_dir.join("report.txt"), &text).map_err(|err| err.to_string())?;
    Ok(Summary {
        cases: cases.len(),
        findings,
        text,
    })
}

/// The case's mutations, as the fuzzer wrote them.
pub fn mutations(case: &Path) -> Vec<String> {
    fs::read_to_string(case.join("mutations.txt"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

fn save_finding(case: &Case, target: &Path) -> Result<(), String> {
    copy_dir(&case.dir.join("specs"), &target.join("specs"))?;
    let text = format!(
        "{}\n\nmutations:\n{}\n\n{}\n",
        case.outcome.class.name(),
        mutations(&case.dir).join("\n"),
        case.outcome.message
    );
    fs::write(target.join("finding.txt"), text).map_err(|err| err.to_string())
}

/// What makes two findings the same bug: the message with names, numbers and the case's paths blanked
/// out; for panics the source location; for compiler errors the error code too.
pub fn signature(outcome: &Outcome) -> String {
    match outcome.class {
        Class::Panic => {
            // "panicked at codegen/src/x.rs:12:5:\nmessage"
            let mut lines = outcome.message.lines();
            let at = lines
                .next()
                .unwrap_or("")
                .trim_start_matches("panicked at ");
            let at = at.rsplit_once(':').map_or(at, |(a, _)| a);
            let at = at.rsplit_once(':').map_or(at, |(a, _)| a);
            format!("{at} {}", blank(lines.next().unwrap_or("")))
        }
        Class::Crash if outcome.message.contains("overflowed its stack") => "stack overflow".into(),
        Class::Timeout => "hang".into(),
        Class::BrokenCode => format!(
            "{} {}",
            outcome.detail_str("code"),
            blank(outcome.detail_str("message"))
        ),
        _ => blank(without_place(outcome)),
    }
}

/// The error's message without the `<file>: at <location>: ` the error's `Display` puts first.
fn without_place(outcome: &Outcome) -> &str {
    let text = outcome.message.as_str();
    let file = outcome.detail.get("file").and_then(|f| f.as_str());
    let location = outcome.detail.get("location").and_then(|l| l.as_str());
    let Some(rest) = file.and_then(|f| text.strip_prefix(f)) else {
        return text;
    };
    let rest = match location.filter(|l| !l.is_empty()) {
        Some(l) => rest.strip_prefix(&format!(": at {l}")).unwrap_or(rest),
        None => rest,
    };
    rest.strip_prefix(": ").unwrap_or(rest)
}

fn indent(text: &str) -> String {
    text.lines().take(12).collect::<Vec<_>>().join("\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bug_one_signature() {
        let a = Outcome::new(
            Class::ErrorUnlocated,
            "x/case-0001/specs/a/openapi.json: schema `Foo` has 3 parents",
        );
        let b = Outcome::new(
            Class::ErrorUnlocated,
            "x/case-0002/specs/b/openapi.json: schema `Bar` has 12 parents",
        );
        assert_eq!(signature(&a), signature(&b));
        let p = Outcome::new(
            Class::Panic,
            "panicked at codegen/src/model/x.rs:12:5:\nindex 3 out of range",
        );
        assert_eq!(
            signature(&p),
            "codegen/src/model/x.rs:12 index # out of range"
        );
    }
}
