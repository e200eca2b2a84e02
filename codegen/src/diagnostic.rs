//! Warnings: spec defects the generator works around. Each names the file, the place (a JSON pointer)
//! and has a stable name, so a user can look it up and a test can assert it. Errors stay [`crate::Error`].

use std::fmt;
use std::path::{Path, PathBuf};

/// A defect of the input that the generator worked around; the output compiles, but may not be what
/// the spec's authors meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it is in.
    pub file: PathBuf,
    /// Where: a JSON pointer.
    pub location: String,
    /// A stable name of the kind of defect (`ref-cycle-without-type`).
    pub name: &'static str,
    /// What was found and what the generator did about it.
    pub message: String,
    /// A defect worked around, or only information (`unused-schemas`), which `--deny-warnings` and
    /// `x-deny-warnings` let pass.
    pub severity: Severity,
}

/// How much a [`Warning`] asks of the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A defect of the input, worked around.
    Warning,
    /// What the generator did that the user may want to know (`unused-schemas`); not a defect.
    Info,
}

impl Warning {
    pub fn new(
        file: &Path,
        location: impl Into<String>,
        name: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            file: file.to_path_buf(),
            location: location.into(),
            name,
            message: message.into(),
            severity: Severity::Warning,
        }
    }

    /// Information, not a defect (see [`Severity::Info`]).
    pub fn info(
        file: &Path,
        location: impl Into<String>,
        name: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            severity: Severity::Info,
            ..Warning::new(file, location, name, message)
        }
    }

    /// Whether it is a defect (not [`Severity::Info`]).
    pub fn is_defect(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The line a command prints for it: `warning[name] file: at …: …` (`note` for information), the
    /// file relative to `base` where it is below it, as the user wrote it.
    pub fn line(&self, base: &std::path::Path) -> String {
        let mut shown = self.clone();
        if let Ok(relative) = self.file.strip_prefix(base) {
            shown.file = relative.to_path_buf();
        }
        let kind = if self.is_defect() { "warning" } else { "note" };
        format!("{kind}{shown}")
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.name, self.file.display())?;
        if !self.location.is_empty() {
            write!(f, ": at {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}
