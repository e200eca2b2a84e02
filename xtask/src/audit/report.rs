//! The audit's report: degradations by class (warned, unwarned, the warnings that cover them, the
//! documents with most), unwarned examples to fix, and in the file every degradation, one per line.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use serde_json::Value;

use crate::cases::outcome::{Class as Outcome_, Outcome};
use xtask::fidelity::compare::Class;
use xtask::fidelity::{Audit, Degradation};

/// How many documents and warning names a class lists, and how many unwarned examples the summary shows.
const TOP: usize = 5;
const EXAMPLES_PER_CLASS: usize = 5;

/// What became of one document.
pub struct Document {
    pub path: String,
    /// `audited`, or why not (`error`, `panic`, `crash`, `timeout`, `infra`).
    pub outcome: &'static str,
    pub message: String,
    pub audit: Option<Audit>,
}

impl Document {
    pub fn of(path: &str, outcome: Option<Outcome>) -> Document {
        let outcome =
            outcome.unwrap_or_else(|| Outcome::new(Outcome_::Infra, "no outcome recorded"));
        let audit = (outcome.class == Outcome_::Generated)
            .then(|| outcome.detail.get("audit").and_then(Audit::from_json))
            .flatten();
        let kind = match (outcome.class, &audit) {
            (Outcome_::Generated, Some(_)) => "audited",
            (Outcome_::ErrorLocated | Outcome_::ErrorUnlocated, _) => "error",
            (Outcome_::Panic, _) => "panic",
            (Outcome_::Crash, _) => "crash",
            (Outcome_::Timeout, _) => "timeout",
            _ => "infra",
        };
        let message = match outcome.detail.get("message").and_then(Value::as_str) {
            Some(message) => message.to_string(),
            None => outcome.message.lines().next().unwrap_or("").to_string(),
        };
        Document {
            path: path.to_string(),
            outcome: kind,
            message,
            audit,
        }
    }
}

/// Figures of one class.
#[derive(Default)]
struct Tally<'a> {
    total: usize,
    warned: usize,
    documents: BTreeMap<&'a str, (usize, usize)>,
    names: BTreeMap<&'a str, usize>,
    unwarned: Vec<(&'a str, &'a Degradation)>,
}

/// The summary (printed) and the whole report (the file).
pub fn render(dir: &str, documents: &[Document]) -> (String, String) {
    let mut tallies: BTreeMap<Class, Tally> = BTreeMap::new();
    let (mut sites, mut normalised) = (0, 0);
    let mut not_audited: BTreeMap<&str, usize> = BTreeMap::new();
    for document in documents {
        let Some(audit) = &document.audit else {
            *not_audited.entry(document.outcome).or_default() += 1;
            continue;
        };
        sites += audit.sites;
        normalised += audit.normalised;
        for d in &audit.degradations {
            let tally = tallies.entry(d.class).or_default();
            let warned = !d.warnings.is_empty();
            tally.total += 1;
            tally.warned += usize::from(warned);
            let entry = tally.documents.entry(&document.path).or_default();
            entry.0 += 1;
            entry.1 += usize::from(!warned);
            for name in &d.warnings {
                *tally.names.entry(name).or_default() += 1;
            }
            if !warned {
                tally.unwarned.push((&document.path, d));
            }
        }
    }
    let audited = documents.len() - not_audited.values().sum::<usize>();
    let mut out = String::new();
    let _ = writeln!(out, "Type-fidelity audit of {dir}");
    let reasons: Vec<String> = not_audited
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "documents: {} OpenAPI 3.x, {audited} audited, {} not ({})",
        documents.len(),
        documents.len() - audited,
        if reasons.is_empty() {
            "-".into()
        } else {
            reasons.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "sites judged (parameters, properties, bodies): {sites} ({normalised} read from the loader's normalised document)"
    );
    out.push('\n');
    table(&mut out, &tallies);
    for (class, tally) in &tallies {
        let _ = writeln!(
            out,
            "\n{} ({} total, {} unwarned)",
            class.name(),
            tally.total,
            tally.total - tally.warned
        );
        let names = top(tally.names.iter().map(|(n, c)| (*n, *c)), |(n, c)| {
            format!("{n}×{c}")
        });
        let _ = writeln!(out, "  warned by: {}", or_dash(names));
        let docs = top(tally.documents.iter().map(|(d, c)| (*d, c.0)), |(d, c)| {
            format!("{d} {c} ({} unwarned)", tally.documents[d].1)
        });
        let _ = writeln!(out, "  top documents: {}", or_dash(docs));
    }
    let unwarned: usize = tallies.values().map(|t| t.unwarned.len()).sum();
    let _ = writeln!(
        out,
        "\nunwarned examples (up to {EXAMPLES_PER_CLASS} per class, each from another document where it can; all {unwarned} in the report file):"
    );
    for (class, tally) in &tallies {
        for (path, d) in examples(&tally.unwarned) {
            let _ = writeln!(
                out,
                "  {:<18} {path} {} ({}): {} -> {}",
                class.name(),
                d.pointer,
                d.site,
                d.spec,
                d.rust
            );
        }
    }
    let summary = out.clone();
    let _ = writeln!(out, "\nnot audited:");
    for document in documents.iter().filter(|d| d.audit.is_none()) {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            document.outcome, document.path, document.message
        );
    }
    let _ = writeln!(out, "\nevery degradation: class, warned by (- for none), document, site, pointer, spec type -> Rust type");
    for document in documents {
        for d in document.audit.iter().flat_map(|a| &a.degradations) {
            let warned = if d.warnings.is_empty() {
                "-".into()
            } else {
                d.warnings.join(",")
            };
            let _ = writeln!(
                out,
                "{}\t{warned}\t{}\t{}\t{}\t{} -> {}",
                d.class.name(),
                document.path,
                d.site,
                d.pointer,
                d.spec,
                d.rust
            );
        }
    }
    (summary, out)
}

fn table(out: &mut String, tallies: &BTreeMap<Class, Tally>) {
    let _ = writeln!(
        out,
        "{:<20} {:>8} {:>8} {:>9} {:>10}",
        "class", "total", "warned", "unwarned", "documents"
    );
    let (mut total, mut warned) = (0, 0);
    for class in Class::ALL {
        let (t, w, d) = tallies
            .get(class)
            .map_or((0, 0, 0), |t| (t.total, t.warned, t.documents.len()));
        total += t;
        warned += w;
        let _ = writeln!(
            out,
            "{:<20} {t:>8} {w:>8} {:>9} {d:>10}",
            class.name(),
            t - w
        );
    }
    let _ = writeln!(
        out,
        "{:<20} {total:>8} {warned:>8} {:>9}",
        "all",
        total - warned
    );
}

/// The `TOP` largest counts, shown by `show`.
fn top<'a>(
    counts: impl Iterator<Item = (&'a str, usize)>,
    show: impl Fn((&'a str, usize)) -> String,
) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = counts.collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.into_iter().take(TOP).map(show).collect()
}

fn or_dash(items: Vec<String>) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}

/// Unwarned degradations to show: one per document first, so the examples are varied, then others.
fn examples<'a>(unwarned: &[(&'a str, &'a Degradation)]) -> Vec<(&'a str, &'a Degradation)> {
    let mut seen = HashSet::new();
    let (first, rest): (Vec<_>, Vec<_>) =
        (0..unwarned.len()).partition(|&i| seen.insert(unwarned[i].0));
    (first.into_iter().chain(rest))
        .take(EXAMPLES_PER_CLASS)
        .map(|i| unwarned[i])
        .collect()
}
