//! `cargo check` of a generated crate, the crate alone: its dependencies are built first by a check
//! that is not measured (with `src/lib.rs` emptied for it, so the crate itself is not checked twice),
//! then `src/lib.rs` is put back and the second check is measured (wall time, and the peak RSS over
//! cargo's reaped children, rustc among them). `CARGO_INCREMENTAL=0`: the crate is
//! checked from scratch each time, as a user's first build or CI sees it.
//!
//! Our output becomes a crate as a fuzz case does ([`crate::cases::compile::write_workspace`]): the
//! features and dependencies of `generated/Cargo.toml`, the runtime by its absolute path, the project's
//! `Cargo.lock`. A peer's crate is checked where it was written, made a workspace of its own.

use std::fs;
use std::path::{Path, PathBuf};

use super::measure::{self, Sample};
use crate::cases::compile::write_workspace;

/// What is checked: all features; the client and the server with no tag feature
/// (`--no-default-features --features client,server`: what every tag shares); or one tag feature with
/// the client and the server (`--no-default-features --features client,server,F`).
#[derive(Clone, Debug, PartialEq)]
pub enum Features {
    All,
    NoTag,
    One(String),
}

impl Features {
    pub fn args(&self) -> Vec<String> {
        match self {
            Features::All => vec!["--all-features".into()],
            Features::NoTag => vec![
                "--no-default-features".into(),
                "--features".into(),
                "client,server".into(),
            ],
            Features::One(feature) => vec![
                "--no-default-features".into(),
                "--features".into(),
                format!("client,server,{feature}"),
            ],
        }
    }
}

/// Lays out our output (`<case>/out`, a `src/` folder) as the crate `bench-<case>` of the workspace
/// `<check>/<case>/`; returns the workspace folder.
pub fn scratch_ours(root: &Path, check: &Path, case: &Path) -> Result<PathBuf, String> {
    let name = crate::cases::compile::case_name(case);
    let dir = check.join(&name);
    let _ = fs::remove_dir_all(&dir);
    write_workspace(root, &dir, &[case.to_path_buf()], "bench")?;
    Ok(dir)
}

/// Makes a peer's crate a workspace of its own (else cargo takes it for a stray member of ours).
pub fn own_workspace(krate: &Path) -> Result<(), String> {
    let manifest = krate.join("Cargo.toml");
    let text =
        fs::read_to_string(&manifest).map_err(|err| format!("{}: {err}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        fs::write(&manifest, format!("{text}\n[workspace]\n"))
            .map_err(|err| format!("{}: {err}", manifest.display()))?;
    }
    Ok(())
}

/// Checks the workspace at `dir` (its one crate's `src/lib.rs` at `lib`) with `features`, in the target
/// dir `target`: once unmeasured with `lib` empty, once measured with `lib` back. `Err` says why it failed.
pub fn measure(
    dir: &Path,
    lib: &Path,
    target: &Path,
    features: &Features,
    scratch: &Path,
) -> Result<Sample, String> {
    let mut args = vec!["check".to_string(), "--quiet".to_string()];
    args.extend(features.args());
    let env = [
        ("CARGO_TARGET_DIR", target.display().to_string()),
        ("CARGO_INCREMENTAL", "0".to_string()),
    ];
    let cargo = PathBuf::from(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    eprintln!(
        "bench: cargo check {} in {} (dependencies first)",
        features.args().join(" "),
        dir.display()
    );
    let text = fs::read(lib).map_err(|err| format!("{}: {err}", lib.display()))?;
    fs::write(lib, "").map_err(|err| format!("{}: {err}", lib.display()))?;
    let warm = measure::run_once(&cargo, &args, dir, &env, scratch);
    // Put back (which also makes it newer than the check's fingerprint) whatever the warm-up did.
    fs::write(lib, text).map_err(|err| format!("{}: {err}", lib.display()))?;
    let warm = warm?;
    if !warm.ok {
        return Err(failure("cargo check (dependencies)", &warm));
    }
    let sample = measure::run_once(&cargo, &args, dir, &env, scratch)?;
    if !sample.ok {
        return Err(failure("cargo check", &sample));
    }
    Ok(sample)
}

/// `fails after 6.6 s: <last line>`, or `panics after …` when the stderr shows a panic.
pub fn failure(what: &str, sample: &Sample) -> String {
    let lines: Vec<&str> = sample.stderr_tail.lines().collect();
    let panic = lines.iter().position(|l| l.contains("panicked at"));
    let verb = if panic.is_some() { "panics" } else { "fails" };
    // A panic's message is the line after its place (`panicked at src/x.rs:1:1:`), when there is one.
    let last = match panic {
        Some(at) => lines.get(at + 1).unwrap_or(&lines[at]),
        None => lines
            .iter()
            .find(|l| measure::is_first_error(l))
            .or(lines.last())
            .unwrap_or(&""),
    }
    .trim();
    let last: String = last.chars().take(100).collect();
    format!(
        "{what} {verb} after {:.1} s{}",
        sample.wall.as_secs_f64(),
        if last.is_empty() {
            String::new()
        } else {
            format!(": {last}")
        }
    )
}

/// The features of `generated/Cargo.toml` that name one tag (`tag-…`), as the per-tag feature sets.
pub fn tag_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_features = trimmed == "[features]";
            continue;
        }
        if let (true, Some((name, _))) = (in_features, trimmed.split_once('=')) {
            let name = name.trim();
            if name.starts_with("tag-") {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn per_tag_features_are_read_from_the_features_table_only() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = []\nclient = []\ntag-repos = []\n# a comment\ntag-issues = [\"client\"]\n\n[dependencies]\ntag-nothing = \"1\"\n";
        assert_eq!(tag_features(manifest), ["tag-repos", "tag-issues"]);
        assert!(tag_features("[features]\nclient = []\n").is_empty());
    }

    #[test]
    fn a_failure_names_a_panic_and_the_last_error_line() {
        let sample = |tail: &str| Sample {
            wall: Duration::from_millis(6600),
            rss_kib: None,
            ok: false,
            stderr_tail: tail.into(),
        };
        assert_eq!(
            failure(
                "generate",
                &sample("thread 'main' panicked at src/x.rs:1:1:\nboom")
            ),
            "generate panics after 6.6 s: boom"
        );
        assert_eq!(
            failure(
                "cargo check",
                &sample("error[E0425]: cannot find x\n  --> a.rs")
            ),
            "cargo check fails after 6.6 s: error[E0425]: cannot find x"
        );
        assert_eq!(
            failure("generate", &sample("")),
            "generate fails after 6.6 s"
        );
    }

    #[test]
    fn feature_arguments() {
        assert_eq!(Features::All.args(), ["--all-features"]);
        assert_eq!(
            Features::NoTag.args(),
            ["--no-default-features", "--features", "client,server"]
        );
        assert_eq!(
            Features::One("tag-repos".into()).args(),
            [
                "--no-default-features",
                "--features",
                "client,server,tag-repos"
            ]
        );
    }
}
