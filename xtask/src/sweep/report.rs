//! The sweep's report: a table of outcomes and error classes with an example of each (printed), and one
//! line per document in `target/sweep/report.txt`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::find::Version;

/// One document and what became of it.
pub struct Entry {
    /// Relative to the directory swept.
    pub path: String,
    pub version: Version,
    /// `generated`, `error`, `panic`, `crash`, `timeout`, `infra`, or `skipped`.
    pub outcome: &'static str,
    /// The error class, the panic's place, the warning count.
    pub class: String,
    /// Where in the document (a JSON pointer), if the generator said.
    pub location: String,
    /// The message (first line), or the warnings' names.
    pub message: String,
    pub warnings: Vec<String>,
    /// `compiles` or `broken-code` with its class and first error, for the compile sample.
    pub compiled: Option<Compiled>,
}

pub struct Compiled {
    pub clean: bool,
    pub class: String,
    pub message: String,
}

/// The outcomes of generation, in the order of the table.
const OUTCOMES: &[&str] = &["generated", "error", "panic", "crash", "timeout", "infra"];

/// The summary that is printed, and the full report (summary and one line per document).
pub fn render(source: &str, entries: &[Entry], sample_seed: Option<u64>) -> (String, String) {
    let mut text = String::new();
    let versions = |v: Version| entries.iter().filter(|e| e.version == v).count();
    let (v30, v31) = (versions(Version::V30), versions(Version::V31));
    let _ = writeln!(
        text,
        "sweep of {source}\n{} documents: {v30} OpenAPI 3.0, {v31} OpenAPI 3.1, {} Swagger 2.0 (skipped), {} other versions (skipped)\n",
        entries.len(),
        versions(Version::Swagger2),
        versions(Version::OtherOpenApi),
    );
    let swept: Vec<&Entry> = entries.iter().filter(|e| e.outcome != "skipped").collect();
    let count = |outcome: &str| swept.iter().filter(|e| e.outcome == outcome).count();
    let _ = writeln!(text, "{:<10} {:>6} {:>7}", "outcome", "count", "%");
    for outcome in OUTCOMES {
        let n = count(outcome);
        if n > 0 || *outcome != "infra" {
            let _ = writeln!(
                text,
                "{outcome:<10} {n:>6} {:>6.1}%",
                percent(n, swept.len())
            );
        }
    }
    let _ = writeln!(text, "{:<10} {:>6}", "total", swept.len());
    warnings(&mut text, &swept);
    for outcome in &OUTCOMES[1..] {
        let members: Vec<&Entry> = swept
            .iter()
            .copied()
            .filter(|e| e.outcome == *outcome)
            .collect();
        if !members.is_empty() {
            let _ = writeln!(text, "\n{outcome} by class (count, example):");
            groups(&mut text, &members, |e| (&e.class, &e.location, &e.message));
        }
    }
    let sampled: Vec<&Entry> = swept
        .iter()
        .copied()
        .filter(|e| e.compiled.is_some())
        .collect();
    let clean = sampled
        .iter()
        .filter(|e| e.compiled.as_ref().is_some_and(|c| c.clean))
        .count();
    if let Some(seed) = sample_seed {
        let _ = writeln!(
            text,
            "\ncompile sample (seed {seed}): {} of {} generated documents: {clean} compile, {} broken-code",
            sampled.len(),
            count("generated"),
            sampled.len() - clean
        );
        let broken: Vec<&Entry> = sampled
            .iter()
            .copied()
            .filter(|e| e.compiled.as_ref().is_some_and(|c| !c.clean))
            .collect();
        if !broken.is_empty() {
            let _ = writeln!(text, "broken-code by first error (count, example):");
            groups(&mut text, &broken, |e| {
                let c = e.compiled.as_ref().expect("sampled");
                (&c.class, "", &c.message)
            });
        }
    }
    let _ = write!(
        text,
        "\nsweep: {} OpenAPI 3.x documents, {} generated ({:.1}%), {} errors, {} panics, {} crashes, {} timeouts",
        swept.len(),
        count("generated"),
        percent(count("generated"), swept.len()),
        count("error"),
        count("panic"),
        count("crash"),
        count("timeout"),
    );
    if sample_seed.is_some() {
        let _ = write!(text, "; compile sample: {clean} of {} clean", sampled.len());
    }
    text.push('\n');
    let mut full = format!("{text}\npath\toutcome\tclass\tlocation\tmessage\n");
    for e in entries {
        let (outcome, class, message) = match &e.compiled {
            Some(c) if c.clean => ("compiles", e.class.as_str(), e.message.as_str()),
            Some(c) => ("broken-code", c.class.as_str(), c.message.as_str()),
            None => (e.outcome, e.class.as_str(), e.message.as_str()),
        };
        let _ = writeln!(
            full,
            "{}\t{outcome}\t{class}\t{}\t{message}",
            e.path, e.location
        );
    }
    (text, full)
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// The warnings of the documents that generated, by name.
fn warnings(text: &mut String, swept: &[&Entry]) {
    let mut by_name: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in swept {
        let mut seen: Vec<&str> = Vec::new();
        for name in &e.warnings {
            let counts = by_name.entry(name).or_default();
            counts.0 += 1;
            if !seen.contains(&name.as_str()) {
                seen.push(name);
                counts.1 += 1;
            }
        }
    }
    if by_name.is_empty() {
        return;
    }
    let with = swept.iter().filter(|e| !e.warnings.is_empty()).count();
    let total: usize = by_name.values().map(|(n, _)| n).sum();
    let _ = writeln!(
        text,
        "\nwarnings: {total} in {with} generated documents (name: warnings, documents):"
    );
    let mut names: Vec<_> = by_name.into_iter().collect();
    names.sort_by_key(|(_, counts)| std::cmp::Reverse(*counts));
    for (name, (n, docs)) in names {
        let _ = writeln!(text, "  {name}: {n}, {docs}");
    }
}

/// Members grouped by their class, largest group first, each with its first member as the example.
fn groups<'a>(
    text: &mut String,
    members: &[&'a Entry],
    key: impl Fn(&'a Entry) -> (&'a str, &'a str, &'a str),
) {
    let mut by_class: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for e in members {
        by_class.entry(key(e).0).or_default().push(e);
    }
    let mut classes: Vec<_> = by_class.into_iter().collect();
    classes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (class, members) in classes {
        let (_, location, message) = key(members[0]);
        let at = if location.is_empty() {
            String::new()
        } else {
            format!(" at {location}")
        };
        let _ = writeln!(
            text,
            "  {:>5}  {class}\n         e.g. {}{at}: {}",
            members.len(),
            members[0].path,
            shorten(message)
        );
    }
}

fn shorten(message: &str) -> String {
    let line = message.lines().next().unwrap_or("");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}
