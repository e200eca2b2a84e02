//! Reading one file of a spec: its text (UTF-8, with UTF-16 named as such) and that text as a JSON value
//! (JSON or YAML, without a byte-order mark). A leaf shared by the folder reader (`load`), the spec reader
//! (`spec`) and the files that `$ref`s name (`bundle`).

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::load::bom;
use crate::load::yaml::yaml_to_json;

/// The text of `file`, which must be UTF-8; UTF-16 (what some Windows tools save) is named as such.
pub(crate) fn read_text(file: &Path) -> Result<String> {
    let bytes =
        fs::read(file).map_err(|err| Error::new(file, "", format!("cannot read file: {err}")))?;
    String::from_utf8(bytes).map_err(|err| {
        let message = match bom::utf16(err.as_bytes()) {
            Some(order) => format!("the file is UTF-16 ({order}); save it as UTF-8"),
            None => format!("the file is not UTF-8 text: {}", err.utf8_error()),
        };
        Error::new(file, "", message)
    })
}

/// Reads one JSON or YAML document (a spec, or a file a `$ref` names) into a JSON value, without a
/// leading byte-order mark.
pub(crate) fn read_document(file: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<Value> {
    let (text, had_bom) = bom::strip(text);
    if had_bom {
        warnings.push(Warning::new(
            file,
            "",
            "byte-order-mark",
            "the file starts with a UTF-8 byte-order mark (U+FEFF); it was ignored, but JSON does not allow it and some tools choke on it: save the file without it",
        ));
    }
    let is_json = file.extension().is_some_and(|ext| ext == "json");
    if is_json {
        serde_json::from_str(text).map_err(|err| {
            Error::new(
                file,
                format!("line {}, column {}", err.line(), err.column()),
                format!("invalid JSON: {err}"),
            )
        })
    } else {
        yaml_to_json(text).map_err(|msg| Error::new(file, "", msg))
    }
}
