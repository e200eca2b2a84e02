//! Runs the worker over a folder of cases, restarting it after a case that crashed or hung it, and
//! records that case's outcome itself (the worker could not).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use super::outcome::{Class, Outcome};

/// How long one case may take before it counts as hung (the real specs generate in well under a second).
pub const CASE_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs every case of `cases` that has no outcome yet, allowing each `timeout`; returns how many times
/// the worker was restarted.
pub fn run_all(cases: &Path, timeout: Duration) -> Result<usize, String> {
    let exe =
        std::env::current_exe().map_err(|err| format!("cannot find own executable: {err}"))?;
    let mut restarts = 0;
    loop {
        let stderr_log = cases.join(format!("worker-{restarts}.stderr"));
        let stderr = fs::File::create(&stderr_log).map_err(|err| err.to_string())?;
        let mut child = Command::new(&exe)
            .arg(super::worker::COMMAND)
            .arg(cases)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|err| format!("cannot start the worker: {err}"))?;
        let lines = read_lines(&mut child);
        let (current, ended) = follow(&lines, &mut child, timeout);
        let status = child.wait().map_err(|err| err.to_string())?;
        let Some(case) = current else {
            if status.success() {
                return Ok(restarts);
            }
            return Err(format!(
                "the worker failed outside any case ({status}); see {}",
                stderr_log.display()
            ));
        };
        let tail = tail(&fs::read_to_string(&stderr_log).unwrap_or_default());
        let outcome = match ended {
            Ended::Exited => Outcome::new(Class::Crash, format!("worker died ({status}): {tail}")),
            Ended::Hung => {
                Outcome::new(Class::Timeout, format!("no answer in {timeout:?}; killed"))
            }
        };
        outcome.write(&cases.join(&case))?;
        restarts += 1;
    }
}

enum Ended {
    Exited,
    Hung,
}

/// Follows the worker's announcements until it exits or a case hangs; returns the case it was in.
fn follow(
    lines: &Receiver<String>,
    child: &mut Child,
    timeout: Duration,
) -> (Option<String>, Ended) {
    let mut current = None;
    loop {
        match lines.recv_timeout(timeout) {
            Ok(line) => {
                if let Some(case) = line.strip_prefix("start ") {
                    current = Some(case.to_string());
                } else if line.starts_with("done ") {
                    current = None;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return (current, Ended::Exited),
            Err(RecvTimeoutError::Timeout) => {
                // The worker is ours; end it by its handle.
                let _ = child.kill();
                return (current, Ended::Hung);
            }
        }
    }
}

/// The worker's stdout, line by line, from a thread (so the parent can wait with a timeout).
fn read_lines(child: &mut Child) -> Receiver<String> {
    let (send, receive) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
    }
    receive
}

/// The last lines of the worker's stderr: what the runtime said when it died (`has overflowed its stack`).
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}
