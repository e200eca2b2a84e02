//! The worker: the child process (`xtask case-worker <cases>`) that runs the generator on each case, so that a stack overflow or an
//! abort kills only the worker and the parent can name the case (the last one the worker announced).
//!
//! Protocol on stdout, one line each: `start <case>` before a case, `done <case>` after its outcome is
//! written to `<case>/outcome.json`. Cases that already have an outcome are skipped, so a restarted worker
//! picks up after the case that crashed it. The generated files go to `<case>/out/`, unless the case has a
//! file [`NO_OUTPUT`]: a sweep generates thousands of APIs and compiles a few, and gigabytes of code it
//! never reads would fill a shared disk. A case with the file [`crate::fidelity::MARKER`] is not
//! generated but audited (load and model only): its outcome's detail holds the audit. A case with the
//! file [`GROUP_BY_PATH`] is generated with `Settings::group_by_path`.

use std::fs;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use serde_json::json;

use super::outcome::{Class, Outcome};

/// A case with this file is generated for its outcome alone; its files are not written.
pub const NO_OUTPUT: &str = "no-output";

/// A case with this file is generated with its operations grouped by path where it has no tags
/// (`cargo xtask sweep --group-by-path`).
pub const GROUP_BY_PATH: &str = "group-by-path";

/// The subcommand that runs the worker.
pub const COMMAND: &str = "case-worker";

/// The message of the last panic, recorded by the hook (the payload alone has no location).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

pub fn main(cases: &Path) -> ExitCode {
    panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    let Ok(mut dirs) = list_cases(cases) else {
        eprintln!("{COMMAND}: cannot read {}", cases.display());
        return ExitCode::from(2);
    };
    dirs.sort();
    let mut stdout = std::io::stdout();
    for case in dirs {
        if case.join(super::outcome::FILE).exists() {
            continue;
        }
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let _ = writeln!(stdout, "start {name}");
        let _ = stdout.flush();
        let outcome = run_case(&case);
        if let Err(err) = outcome.write(&case) {
            eprintln!("{COMMAND}: {err}");
            return ExitCode::from(2);
        }
        let _ = writeln!(stdout, "done {name}");
        let _ = stdout.flush();
    }
    ExitCode::SUCCESS
}

fn list_cases(cases: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(fs::read_dir(cases)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("specs").is_dir())
        .collect())
}

/// Generates one case in this process (on the main thread, with the stack `cargo xtask generate` has).
fn run_case(case: &Path) -> Outcome {
    let specs = case.join("specs");
    // A panic of this case only: `codegen::run` turns a panic of its thread into an error, and the hook
    // is what still has the place it happened.
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = None;
    }
    let last_panic = || LAST_PANIC.lock().ok().and_then(|mut last| last.take());
    if case.join(crate::fidelity::MARKER).exists() {
        return match panic::catch_unwind(|| crate::fidelity::audit_specs(&specs)) {
            Ok(Ok((audit, warnings))) => {
                let mut outcome = Outcome::new(Class::Generated, "audited");
                outcome.detail = json!({ "warnings": warnings, "audit": audit.to_json() });
                outcome
            }
            Ok(Err(err)) => error_outcome(&err, &specs, last_panic()),
            Err(_) => Outcome::new(
                Class::Panic,
                last_panic().unwrap_or_else(|| "panic without a message".into()),
            ),
        };
    }
    let settings = codegen::Settings {
        group_by_path: case.join(GROUP_BY_PATH).exists(),
        ..codegen::Settings::default()
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| codegen::run_with(&specs, &settings)));
    match result {
        Ok(Ok(output)) => {
            let out = case.join("out");
            let write = !case.join(NO_OUTPUT).exists();
            for (path, text) in output.files.iter().filter(|_| write) {
                let path = out.join(path);
                if let Some(parent) = path.parent() {
                    let _ = fs::create_dir_all(parent);
                }
                if let Err(err) = fs::write(&path, text) {
                    return Outcome::new(Class::Infra, format!("{}: {err}", path.display()));
                }
            }
            if write {
                if let Err(err) = codegen::write::write_features(&out, &output.features, false) {
                    return Outcome::new(Class::Infra, err.to_string());
                }
            }
            let mut outcome =
                Outcome::new(Class::Generated, format!("{} files", output.files.len()));
            let warnings: Vec<&str> = output
                .warnings
                .iter()
                .filter(|w| w.is_defect())
                .map(|w| w.name)
                .collect();
            outcome.detail = json!({ "warnings": warnings });
            outcome
        }
        Ok(Err(err)) => error_outcome(&err, &specs, last_panic()),
        Err(_) => Outcome::new(
            Class::Panic,
            last_panic().unwrap_or_else(|| "panic without a message".into()),
        ),
    }
}

/// The outcome of a generator's error: a panic it turned into an error (`last_panic`), or an error
/// located or not.
fn error_outcome(err: &codegen::Error, specs: &Path, last_panic: Option<String>) -> Outcome {
    if let Some(message) = last_panic {
        return Outcome::new(Class::Panic, message);
    }
    let class = if is_located(err, specs) {
        Class::ErrorLocated
    } else {
        Class::ErrorUnlocated
    };
    let mut outcome = Outcome::new(class, err.to_string());
    outcome.detail = json!({ "file": err.file, "location": err.location, "message": err.message });
    outcome
}

/// The promise: an error names the spec file (or error table) and a place in it. A place is a line of a
/// table, or a JSON pointer to a node of the document or to a missing member of one (`/info/title` when
/// the title is missing names the place well).
fn is_located(err: &codegen::Error, specs: &Path) -> bool {
    if !err.file.starts_with(specs) || !err.file.is_file() {
        return false;
    }
    let location = err.location.as_str();
    if location.starts_with("line ") {
        return true;
    }
    if !location.starts_with('/') {
        return false;
    }
    // A pointer into a JSON spec (which is what cases are written as) must lead somewhere.
    let is_json = err.file.extension().is_some_and(|e| e == "json");
    !is_json
        || fs::read_to_string(&err.file)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            // `/` is how the generator names the document itself (RFC 6901 spells it ``).
            .is_some_and(|spec| {
                location == "/"
                    || spec.pointer(location).is_some()
                    || parent_exists(&spec, location)
            })
}

fn parent_exists(spec: &serde_json::Value, pointer: &str) -> bool {
    pointer
        .rsplit_once('/')
        .is_some_and(|(parent, _)| spec.pointer(parent).is_some_and(|p| p.is_object()))
}
