//! Error tables → error enums: the enum of each table and the variant of each code, named here like every
//! other Rust name. `Unknown` (the variant that keeps codes nobody documented) and the variants of the
//! shared tables are reserved first, so a code `UNKNOWN` or `FELLES` gets a name of its own.

use std::path::Path;

use crate::load::tables::{LoadedTable, TableKind};
use crate::model::names::{type_name, variant_name, Namer};
use crate::model::{ErrorEntry, ErrorTable};

/// The variants that hold the codes of the shared tables (`felles` → `Felles`).
pub(crate) fn shared_variants(shared: &[String]) -> Vec<String> {
    let mut names = Namer::with_reserved(&["Unknown"]);
    shared
        .iter()
        .map(|module| names.unique(type_name(module)))
        .collect()
}

/// The tables of a folder, with the names of their enums and variants. A folder with one table of a
/// kind names its enum after the kind (`Feilkode`); with several, after each file too.
pub(crate) fn lower_tables(tables: &[LoadedTable], shared_variants: &[String]) -> Vec<ErrorTable> {
    let mut enums = Namer::new();
    tables
        .iter()
        .map(|table| {
            let several = tables.iter().filter(|t| t.kind == table.kind).count() > 1;
            let name = if several {
                let stem = Path::new(&table.source)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let stem = type_name(&stem);
                format!("{}{}", stem.trim_end_matches('_'), table.kind.enum_name())
            } else {
                table.kind.enum_name().to_string()
            };
            let mut variants = Namer::with_reserved(&["Unknown"]);
            for shared in shared_variants {
                variants.reserve(shared);
            }
            ErrorTable {
                name: enums.unique(name),
                kind: table.kind,
                source: table.source.clone(),
                entries: table
                    .entries
                    .iter()
                    .map(|entry| ErrorEntry {
                        code: entry.code.clone(),
                        variant: variants.unique(variant_name(&entry.code)),
                        status: entry.status,
                        text: entry.text.clone(),
                        cause: entry.cause.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The kinds of tables a folder has.
pub(crate) fn kinds(tables: &[LoadedTable]) -> Vec<TableKind> {
    TableKind::ALL
        .into_iter()
        .filter(|kind| tables.iter().any(|t| t.kind == *kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tables::LoadedEntry;

    fn entry(code: &str) -> LoadedEntry {
        LoadedEntry {
            code: code.to_string(),
            status: Some(400),
            text: "x".to_string(),
            cause: None,
        }
    }

    #[test]
    fn reserved_variants_and_colliding_codes_get_their_own_names() {
        let table = LoadedTable {
            kind: TableKind::Feilkode,
            source: "api/feil.md".to_string(),
            entries: vec![
                entry("UNKNOWN"),
                entry("FELLES"),
                entry("A-1"),
                entry("A_1"),
            ],
        };
        let shared = shared_variants(&["felles".to_string()]);
        let lowered = lower_tables(&[table], &shared);
        let variants: Vec<&str> = lowered[0]
            .entries
            .iter()
            .map(|e| e.variant.as_str())
            .collect();
        assert_eq!(variants, ["Unknown2", "Felles2", "A1", "A1_2"]);
        assert_eq!(lowered[0].name, "Feilkode");
    }
}
