//! What happened to a case, as the worker, the runner and the compile check record it in
//! `<case>/outcome.json`.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

pub const FILE: &str = "outcome.json";

/// How a case ended. The ones that break the generator's promise are findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// An error naming the spec file and a place in it: the promise kept.
    ErrorLocated,
    /// An error without the file or a place (or with a pointer that leads nowhere): a finding.
    ErrorUnlocated,
    /// The generator panicked: a finding.
    Panic,
    /// The worker died (stack overflow, abort) on the case: a finding.
    Crash,
    /// The worker gave no answer on the case within the time a case may take: a finding.
    Timeout,
    /// Code came out; the compile check decides.
    Generated,
    /// The generated code passes clippy with every feature: the promise kept.
    Compiles,
    /// The generated code does not build or warns: a finding.
    BrokenCode,
    /// The fuzzer itself failed on the case (disk, cargo); neither kept nor broken.
    Infra,
}

impl Class {
    pub const ALL: &'static [Class] = &[
        Class::ErrorLocated,
        Class::ErrorUnlocated,
        Class::Panic,
        Class::Crash,
        Class::Timeout,
        Class::Generated,
        Class::Compiles,
        Class::BrokenCode,
        Class::Infra,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::ErrorLocated => "error-located",
            Class::ErrorUnlocated => "error-unlocated",
            Class::Panic => "panic",
            Class::Crash => "crash",
            Class::Timeout => "timeout",
            Class::Generated => "generated",
            Class::Compiles => "compiles",
            Class::BrokenCode => "broken-code",
            Class::Infra => "infra",
        }
    }

    pub fn is_finding(self) -> bool {
        matches!(
            self,
            Class::ErrorUnlocated
                | Class::Panic
                | Class::Crash
                | Class::Timeout
                | Class::BrokenCode
        )
    }

    fn parse(name: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.name() == name)
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub class: Class,
    /// The error, panic message, crash output or first compiler error.
    pub message: String,
    /// Anything else worth keeping (the error's file and pointer).
    pub detail: Value,
}

impl Outcome {
    pub fn new(class: Class, message: impl Into<String>) -> Self {
        Outcome {
            class,
            message: message.into(),
            detail: Value::Null,
        }
    }

    /// A text of the detail (`file`, `location`, `message`, `code`); empty when there is none.
    pub fn detail_str(&self, key: &str) -> &str {
        self.detail.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub fn write(&self, case: &Path) -> Result<(), String> {
        let value =
            json!({ "class": self.class.name(), "message": self.message, "detail": self.detail });
        let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
        let path = case.join(FILE);
        fs::write(&path, text).map_err(|err| format!("{}: {err}", path.display()))
    }

    pub fn read(case: &Path) -> Option<Outcome> {
        let text = fs::read_to_string(case.join(FILE)).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        Some(Outcome {
            class: Class::parse(value.get("class")?.as_str()?)?,
            message: value.get("message")?.as_str()?.to_string(),
            detail: value.get("detail").cloned().unwrap_or(Value::Null),
        })
    }
}
