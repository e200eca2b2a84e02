//! With `CODEGEN_TIMINGS` set, how long each stage of the pipeline took, on stderr (for `cargo xtask
//! bench` and for finding where the time goes). Without it, a timer costs one environment lookup.

use std::time::Instant;

/// Measures consecutive phases: each [`Timer::phase`] prints the time since the previous one.
pub(crate) struct Timer {
    started: Option<Instant>,
    /// Put before each phase's name, for the stages inside a stage (`load: parse`).
    prefix: &'static str,
}

impl Timer {
    /// A timer for the top-level stages.
    pub(crate) fn from_env() -> Self {
        Self::nested("")
    }

    /// A timer for the steps of one stage, printed as `{prefix}: {step}`.
    pub(crate) fn nested(prefix: &'static str) -> Self {
        Timer {
            started: std::env::var_os("CODEGEN_TIMINGS").map(|_| Instant::now()),
            prefix,
        }
    }

    pub(crate) fn phase(&mut self, name: &str) {
        if let Some(started) = &mut self.started {
            let sep = if self.prefix.is_empty() { "" } else { ": " };
            eprintln!(
                "codegen: {}{sep}{name} {:.1} ms{}",
                self.prefix,
                started.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
            *started = Instant::now();
        }
    }
}

/// The process's resident memory now and at its peak so far, where the system tells (Linux), to see
/// which stage holds the peak.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|rest| rest.trim().to_string())
            .unwrap_or_default()
    };
    format!(" (RSS {}, peak {})", field("VmRSS:"), field("VmHWM:"))
}
