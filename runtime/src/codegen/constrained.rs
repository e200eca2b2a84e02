//! The check behind each generated constrained string's `new`.

use crate::ConstraintError;

/// Checks a string against the constraints of a constrained-string type. Lengths count characters
/// (as JSON Schema does), not bytes. The pattern is an ECMA-262 regular expression, as OpenAPI's are, and
/// may match anywhere in the value (JSON Schema patterns are not anchored; specs anchor with `^…$`).
pub fn check_string(
    type_name: &'static str,
    value: &str,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&regress::Regex>,
) -> Result<(), ConstraintError> {
    let fail = |reason: String| ConstraintError {
        type_name,
        value: value.to_string(),
        reason,
    };
    // The length rule is the one the plain strings' checks use.
    let length = super::check::Length {
        min: min_length,
        max: max_length,
    };
    length
        .check_str(value)
        .map_err(|error| fail(error.reason()))?;
    if let Some(pattern) = pattern {
        if pattern.find(value).is_none() {
            return Err(fail(format!(
                "does not match the pattern of the type (`{type_name}::PATTERN`)"
            )));
        }
    }
    Ok(())
}
