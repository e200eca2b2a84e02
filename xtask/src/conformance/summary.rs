//! What one Schemathesis run found, read off its summary, and the table of all runs.

/// One API's run.
#[derive(Debug, Default)]
pub struct Summary {
    pub folder: String,
    /// Test cases generated.
    pub cases: u64,
    /// Each failed check (`ST201 Schema-violating request accepted`) with how many unique failures.
    pub failures: Vec<(String, u64)>,
    /// Lines of the run's `Errors` section (a spec it could not use, a connection refused, …).
    pub errors: Vec<String>,
    /// Whether the run ended (a summary was printed) before its time ran out.
    pub finished: bool,
}

impl Summary {
    /// Reads Schemathesis's closing summary out of its output.
    pub fn read(folder: &str, output: &str) -> Summary {
        let mut summary = Summary {
            folder: folder.to_string(),
            ..Summary::default()
        };
        let mut section = "";
        for line in output.lines() {
            let trimmed = line.trim();
            if trimmed.contains(" SUMMARY ") {
                summary.finished = true;
            }
            if !line.starts_with(' ') && trimmed.ends_with(':') {
                section = match trimmed {
                    "Failures:" => "failures",
                    "Errors:" => "errors",
                    "Test cases:" => "cases",
                    _ => "",
                };
                continue;
            }
            if !summary.finished {
                continue;
            }
            match section {
                "failures" => {
                    let text = trimmed.trim_start_matches(['❌', ' ']);
                    if let Some((check, count)) = text.rsplit_once(": ") {
                        if let Ok(count) = count.trim().parse() {
                            summary.failures.push((check.to_string(), count));
                        }
                    }
                }
                "errors" if !trimmed.is_empty() => summary.errors.push(trimmed.to_string()),
                "cases" => {
                    if let Some(n) = trimmed
                        .split_once(" generated")
                        .and_then(|(n, _)| n.trim().parse().ok())
                    {
                        summary.cases = n;
                    }
                }
                _ => {}
            }
        }
        summary
    }

    /// The run did not end in time: it counts as failed.
    pub fn timed_out(mut self) -> Summary {
        self.finished = false;
        self
    }

    pub fn passed(&self) -> bool {
        self.finished && self.failures.is_empty() && self.errors.is_empty()
    }
}

/// The table of every API's run.
pub fn table(summaries: &[Summary], max_examples: u32, seed: u64) -> String {
    let mut out = format!(
        "# cargo xtask conformance\n\nSchemathesis against the mock, every check but `positive_data_acceptance`, at most {max_examples} examples per operation, seed {seed}.\n\n| API | cases | failures | result |\n|---|---:|---|---|\n"
    );
    let mut cases = 0;
    let mut failed = 0;
    for s in summaries {
        cases += s.cases;
        let failures: Vec<String> = s
            .failures
            .iter()
            .map(|(check, n)| format!("{check}: {n}"))
            .chain(s.errors.iter().map(|e| format!("error: {e}")))
            .collect();
        let result = if s.passed() {
            "pass"
        } else if !s.finished {
            "did not finish"
        } else {
            "FAIL"
        };
        if !s.passed() {
            failed += 1;
        }
        out.push_str(&format!(
            "| {} | {} | {} | {result} |\n",
            s.folder,
            s.cases,
            if failures.is_empty() {
                "0".to_string()
            } else {
                failures.join("; ")
            }
        ));
    }
    out.push_str(&format!(
        "\n{} APIs, {cases} cases, {failed} with failures\n",
        summaries.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILED: &str = "noise before\n=================================== SUMMARY ====================================\n\nAPI Operations:\n  Selected: 3/3\n  Tested: 3\n\nFailures:\n  ❌ ST201 Schema-violating request accepted: 2\n\nFor more information, run `st explain ST201`.\n\nTest cases:\n  328 generated, 2 found 2 unique failures\n\nSeed: 4242\n";

    #[test]
    fn a_summary_with_failures() {
        let s = Summary::read("petstore", FAILED);
        assert!(s.finished);
        assert_eq!(s.cases, 328);
        assert_eq!(
            s.failures,
            vec![("ST201 Schema-violating request accepted".to_string(), 2)]
        );
        assert!(!s.passed());
    }

    #[test]
    fn a_clean_summary_and_an_unfinished_run() {
        let clean = "=== SUMMARY ===\n\nTest cases:\n  46 generated, 46 passed\n";
        let s = Summary::read("x", clean);
        assert!(s.passed());
        assert_eq!(s.cases, 46);
        assert!(!Summary::read("x", "Test cases:\n  5 generated\n").passed());
        assert!(!Summary::read("x", clean).timed_out().passed());
    }
}
