//! Reads Skatteetaten's error tables from markdown, with a real markdown parser, so that a table pasted
//! from the documentation page (or the whole page) works as it is. Tables with other headers are skipped.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::error::{Error, Result};

/// An error table as read: its kind, where it is, and its rows in order. Rust names are given later, by
/// the model.
#[derive(Debug, Clone)]
pub struct LoadedTable {
    pub kind: TableKind,
    /// The markdown file, relative to `specs/` (`innrapportering-aandsverk/feil.md`).
    pub source: String,
    pub entries: Vec<LoadedEntry>,
}

/// One row of an error table.
#[derive(Debug, Clone)]
pub struct LoadedEntry {
    pub code: String,
    pub status: Option<u16>,
    /// Feilområde / Feilmelding.
    pub text: String,
    /// Årsak, where the table has it.
    pub cause: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// `| Feilkode | HTTP Statuskode | Feilområde |`: codes with an HTTP status.
    Feilkode,
    /// `| Feilspesifiseringskode | Feilområde | Årsak |`: codes that refine a Feilkode.
    Feilspesifiseringskode,
}

impl TableKind {
    pub const ALL: [TableKind; 2] = [TableKind::Feilkode, TableKind::Feilspesifiseringskode];

    /// The name of the table's Rust enum when the API has one table of the kind.
    pub fn enum_name(self) -> &'static str {
        match self {
            TableKind::Feilkode => "Feilkode",
            TableKind::Feilspesifiseringskode => "Feilspesifiseringskode",
        }
    }
}

/// A table as it stands in the markdown: header cells and rows of cells, with the line of each row.
struct RawTable {
    line: usize,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// Parses every error table of a markdown document. `source` is how the file is named in messages and docs.
pub fn parse_error_tables(file: &Path, source: &str, text: &str) -> Result<Vec<LoadedTable>> {
    let mut tables = Vec::new();
    for raw in raw_tables(text) {
        if let Some(table) = error_table(file, source, &raw)? {
            tables.push(table);
        }
    }
    Ok(tables)
}

fn raw_tables(text: &str) -> Vec<RawTable> {
    let line_of = |offset: usize| text[..offset].bytes().filter(|&b| b == b'\n').count() + 1;
    let mut tables = Vec::new();
    let mut current: Option<RawTable> = None;
    let mut row: Vec<String> = Vec::new();
    let mut row_line = 0;
    let mut cell: Option<String> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => {
                current = Some(RawTable {
                    line: line_of(range.start),
                    header: Vec::new(),
                    rows: Vec::new(),
                })
            }
            Event::End(TagEnd::Table) => tables.extend(current.take()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row.clear();
                row_line = line_of(range.start);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = current.as_mut() {
                    table.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = current.as_mut() {
                    table.rows.push((row_line, std::mem::take(&mut row)));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap_or_default();
                row.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.push(' ');
                }
            }
            _ => {}
        }
    }
    tables
}

/// The columns of an error table, by position.
struct Columns {
    kind: TableKind,
    code: usize,
    status: Option<usize>,
    text: usize,
    cause: Option<usize>,
}

fn columns(file: &Path, raw: &RawTable) -> Result<Option<Columns>> {
    let find = |names: &[&str]| {
        raw.header
            .iter()
            .position(|h| names.iter().any(|n| h.to_lowercase() == *n))
    };
    let feilkode = find(&["feilkode"]);
    let spesifisering = find(&["feilspesifiseringskode"]);
    let status = find(&[
        "http statuskode",
        "http status",
        "http-statuskode",
        "statuskode",
    ]);
    let text = find(&["feilområde", "feilmelding", "beskrivelse"]);
    let cause = find(&["årsak"]);
    let missing = |what: &str| {
        Error::new(
            file,
            format!("line {}", raw.line),
            format!(
                "error table with columns [{}] has no {what} column",
                raw.header.join(" | ")
            ),
        )
    };
    match (feilkode, spesifisering) {
        (Some(code), _) => Ok(Some(Columns {
            kind: TableKind::Feilkode,
            code,
            status: Some(status.ok_or_else(|| missing("`HTTP Statuskode`"))?),
            text: text.ok_or_else(|| missing("`Feilområde`"))?,
            cause,
        })),
        (None, Some(code)) => Ok(Some(Columns {
            kind: TableKind::Feilspesifiseringskode,
            code,
            status,
            text: text.ok_or_else(|| missing("`Feilområde`"))?,
            cause,
        })),
        (None, None) => Ok(None),
    }
}

fn error_table(file: &Path, source: &str, raw: &RawTable) -> Result<Option<LoadedTable>> {
    let Some(cols) = columns(file, raw)? else {
        return Ok(None);
    };
    let mut entries: Vec<LoadedEntry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &raw.rows {
        let at = format!("line {line}");
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("").trim();
        let code = cell(cols.code);
        if code.is_empty() {
            return Err(Error::new(
                file,
                at,
                "error table row has an empty error code",
            ));
        }
        if code.chars().any(char::is_whitespace) {
            return Err(Error::new(
                file,
                at,
                format!("error code `{code}` contains whitespace"),
            ));
        }
        if let Some(first) = seen.insert(code.to_string(), *line) {
            return Err(Error::new(
                file,
                at,
                format!("error code `{code}` is listed twice (first at line {first})"),
            ));
        }
        let status = match cols.status {
            Some(i) => Some(parse_status(cell(i)).ok_or_else(|| {
                Error::new(
                    file,
                    format!("line {line}"),
                    format!(
                        "error code `{code}` has HTTP status `{}`; expected a number from 100 to 599",
                        cell(i)
                    ),
                )
            })?),
            None => None,
        };
        let text = cell(cols.text);
        if text.is_empty() {
            return Err(Error::new(
                file,
                format!("line {line}"),
                format!("error code `{code}` has no text (Feilområde)"),
            ));
        }
        let cause = cols.cause.map(cell).filter(|c| !c.is_empty());
        entries.push(LoadedEntry {
            code: code.to_string(),
            status,
            text: text.to_string(),
            cause: cause.map(str::to_string),
        });
    }
    if entries.is_empty() {
        return Err(Error::new(
            file,
            format!("line {}", raw.line),
            "error table has no rows",
        ));
    }
    Ok(Some(LoadedTable {
        kind: cols.kind,
        source: source.to_string(),
        entries,
    }))
}

/// Reads `404` or `404 Not Found`.
fn parse_status(cell: &str) -> Option<u16> {
    let digits = cell.split_whitespace().next()?;
    digits.parse().ok().filter(|s| (100..600).contains(s))
}
