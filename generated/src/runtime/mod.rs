//! Hand-written support code the generated modules use (not generated).
//!
//! Only [`ConstraintError`] and [`check_string`] are always here; the client and server support live
//! behind their features.

use std::fmt;

mod open_enum;
pub use open_enum::open_enum;
pub mod tagged;

/// serde, for the `open_enum!` expansions (so the caller need not name it).
#[doc(hidden)]
pub use serde as __serde;

#[cfg(feature = "client")]
pub mod client;

/// A value that does not meet the constraints of its type in the spec (pattern, length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    /// The Rust type the value was meant for.
    pub type_name: &'static str,
    /// The value as given.
    pub value: String,
    /// What it breaks.
    pub reason: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: {:?} {}",
            self.type_name, self.value, self.reason
        )
    }
}

impl std::error::Error for ConstraintError {}

/// Checks a string against the constraints of a constrained-string type. Lengths count characters
/// (as JSON Schema does), not bytes.
pub fn check_string(
    type_name: &'static str,
    value: &str,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&regex::Regex>,
) -> Result<(), ConstraintError> {
    let fail = |reason: String| ConstraintError {
        type_name,
        value: value.to_string(),
        reason,
    };
    let length = value.chars().count();
    if let Some(min) = min_length {
        if length < min {
            return Err(fail(format!(
                "is {length} characters long; at least {min} required"
            )));
        }
    }
    if let Some(max) = max_length {
        if length > max {
            return Err(fail(format!(
                "is {length} characters long; at most {max} allowed"
            )));
        }
    }
    if let Some(pattern) = pattern {
        if !pattern.is_match(value) {
            return Err(fail(format!(
                "does not match the pattern `{}`",
                pattern.as_str()
            )));
        }
    }
    Ok(())
}

#[cfg(feature = "server")]
pub mod server;
