//! Which property of an error body is its message, its code, its HTTP status and its title: one rule,
//! used where the server adapter writes the API's error object (`profile`) and where the generated
//! `ErrorBody` impl reads one (`emit::models`). The runtime reads an untyped body (`serde_json::Value`)
//! by the same lists (`runtime::contract`; `tests/tests/error_fields.rs` holds the two together).

/// Property names (lower case, without `_` and `-`) that carry the message, in order of preference.
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
/// … the error code (a string).
pub const CODE: &[&str] = &["code", "kode", "errorcode", "error", "type", "errortype"];
/// … the HTTP status (a number).
pub const STATUS: &[&str] = &[
    "status",
    "statuscode",
    "httpstatus",
    "httpstatuscode",
    "code",
];
/// … a summary.
pub const TITLE: &[&str] = &["title", "summary"];

/// What a property holds, as far as the rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (or a schema without a type, which may be one).
    Text,
    /// An integer or a number.
    Number,
    /// Anything else (an object, a list): never one of the four.
    Other,
}

/// The properties chosen, by their wire names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    pub message: Option<String>,
    pub code: Option<String>,
    pub status: Option<String>,
    pub title: Option<String>,
}

/// A property name as the lists write it: lower case, without `_` and `-`.
pub fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rule: the message first (a text property of [`MESSAGE`]), then the status (a number of
/// [`STATUS`]: an integer `code` is the status, as the petstore's `{code, message}` has it), then the
/// code (a text property of [`CODE`]), then the title; a property is taken once.
pub fn error_fields<'a>(properties: impl IntoIterator<Item = (&'a str, Kind)>) -> ErrorFields {
    let properties: Vec<(&str, Kind)> = properties.into_iter().collect();
    let mut used: Vec<&str> = Vec::new();
    let mut take = |names: &[&str], kind: Kind| -> Option<String> {
        let found = names.iter().find_map(|wanted| {
            properties
                .iter()
                .find(|(name, k)| *k == kind && !used.contains(name) && normalized(name) == *wanted)
        })?;
        used.push(found.0);
        Some(found.0.to_string())
    };
    let message = take(MESSAGE, Kind::Text);
    let status = take(STATUS, Kind::Number);
    let code = take(CODE, Kind::Text);
    let title = take(TITLE, Kind::Text);
    ErrorFields {
        message,
        code,
        status,
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skatteetaten_s_feil_and_the_usual_shapes() {
        let feil = error_fields([
            ("kode", Kind::Text),
            ("melding", Kind::Text),
            ("korrelasjonsid", Kind::Text),
        ]);
        assert_eq!(feil.code.as_deref(), Some("kode"));
        assert_eq!(feil.message.as_deref(), Some("melding"));
        // The petstore's `{code: integer, message}`: the code is the status.
        let petstore = error_fields([("code", Kind::Number), ("message", Kind::Text)]);
        assert_eq!(petstore.status.as_deref(), Some("code"));
        assert_eq!(petstore.code, None);
        // OAuth's `{error, error_description}`: the description is the message, `error` the code.
        let oauth = error_fields([("error", Kind::Text), ("error_description", Kind::Text)]);
        assert_eq!(oauth.message.as_deref(), Some("error_description"));
        assert_eq!(oauth.code.as_deref(), Some("error"));
        // `{error: "text"}` alone: the message.
        let plain = error_fields([("error", Kind::Text)]);
        assert_eq!(plain.message.as_deref(), Some("error"));
        assert_eq!(plain.code, None);
    }
}
