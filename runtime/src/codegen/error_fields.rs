//! Which property of an untyped error body (`serde_json::Value`) is its code and which its message: the
//! rule the generator applies to the error objects it types (`codegen::model::error_fields`), so a body
//! read as JSON shows what the same body read as its generated type shows (and what the server adapter
//! wrote there). The lists are the generator's; `tests/tests/error_fields.rs` holds the two together.

use serde_json::{Map, Value};

/// Property names (lower case, without `_` and `-`) of the message, in order of preference.
pub const MESSAGE: &[&str] = &[
    "message",
    "detail",
    "errordescription",
    "errormessage",
    "description",
    "melding",
    "msg",
    "reason",
    "error",
    "title",
];
/// … of the error code (a string).
pub const CODE: &[&str] = &["code", "kode", "errorcode", "error", "type", "errortype"];
/// … of the HTTP status (a number).
pub const STATUS: &[&str] = &[
    "status",
    "statuscode",
    "httpstatus",
    "httpstatuscode",
    "code",
];

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first property of `names` whose value is text (`number`: a number), not in `used`.
fn find<'a>(
    object: &'a Map<String, Value>,
    names: &[&str],
    number: bool,
    used: &[&str],
) -> Option<&'a str> {
    names.iter().find_map(|wanted| {
        object
            .iter()
            .find(|(key, value)| {
                (if number {
                    value.is_number()
                } else {
                    value.is_string()
                }) && !used.contains(&key.as_str())
                    && normalized(key) == *wanted
            })
            .map(|(key, _)| key.as_str())
    })
}

/// The keys of `object` holding the message and the code (the message first, then the status, then
/// the code, each key taken once).
pub fn message_and_code(object: &Map<String, Value>) -> (Option<&str>, Option<&str>) {
    let message = find(object, MESSAGE, false, &[]);
    let used: Vec<&str> = message.into_iter().collect();
    let status = find(object, STATUS, true, &used);
    let used: Vec<&str> = message.into_iter().chain(status).collect();
    let code = find(object, CODE, false, &used);
    (message, code)
}
