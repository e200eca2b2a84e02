//! The lists the tests derive from a specs folder (never written out by hand), as functions of the
//! folder: the suite calls them on `specs/`, and `tests/added_api.rs` on a copy with an API added, so an
//! added API is listed where it applies and skipped, by name, where it does not.

use std::collections::BTreeMap;
use std::path::Path;

/// Operations of the APIs of `specs`: folder → operationId → documented statuses. A folder without
/// operations (a shared folder's types) is not listed. `Err` names a response the tests cannot cover
/// (a `default` or a status range).
pub fn documented_operations(
    specs: &Path,
) -> Result<BTreeMap<String, BTreeMap<String, Vec<u16>>>, String> {
    let folders = codegen::load::load_specs(specs).map_err(|err| err.to_string())?;
    let (model, _) = codegen::model::lower::build_model(&folders).map_err(|err| err.to_string())?;
    let mut out = BTreeMap::new();
    for api in model.apis {
        let Some(service) = api.service else { continue };
        if service.operations.is_empty() {
            continue;
        }
        let mut operations = BTreeMap::new();
        for op in &service.operations {
            let mut statuses = Vec::new();
            for response in &op.responses {
                match response.status {
                    codegen::model::Status::Code(code) => statuses.push(code),
                    other => {
                        return Err(format!(
                            "{} has a response {other:?}; the tests cover exact codes",
                            op.id
                        ))
                    }
                }
            }
            operations.insert(op.id.clone(), statuses);
        }
        out.insert(api.folder, operations);
    }
    Ok(out)
}

/// The folders of `specs`, read by the generator's own loader, with whether their spec has operations.
pub fn spec_folders(specs: &Path) -> Vec<(String, bool)> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let folders = codegen::load::load_specs(specs).expect("specs load");
    folders
        .into_iter()
        .map(|folder| {
            let has_operations = folder.spec.as_ref().is_some_and(|spec| {
                spec.spec
                    .raw
                    .get("paths")
                    .and_then(|paths| paths.as_object())
                    .is_some_and(|paths| {
                        paths
                            .values()
                            .any(|item| METHODS.iter().any(|m| item.get(*m).is_some()))
                    })
            });
            (folder.folder, has_operations)
        })
        .collect()
}

/// (folder, kind, rows) of every error table in `specs`, as the generator's loader reads them.
pub fn error_tables(specs: &Path) -> Vec<(String, String, usize)> {
    let folders = codegen::load::load_specs(specs).expect("specs load");
    let mut out: Vec<_> = folders
        .iter()
        .flat_map(|folder| {
            folder.tables.iter().map(|t| {
                (
                    folder.folder.clone(),
                    format!("{:?}", t.kind),
                    t.entries.len(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

/// The APIs of `documented` that hand-written tests cover (`covered`: folder → operations), and the
/// ones they do not (an API added to `specs/`): those are skipped, by name.
pub fn split_covered<'a>(
    documented: &'a BTreeMap<String, BTreeMap<String, Vec<u16>>>,
    covered: &[(&str, &[&str])],
) -> (Vec<(String, Vec<String>)>, Vec<&'a str>) {
    let mut listed = Vec::new();
    let mut added = Vec::new();
    for (folder, operations) in documented {
        if covered.iter().any(|(c, _)| c == folder) {
            listed.push((folder.clone(), operations.keys().cloned().collect()));
        } else {
            added.push(folder.as_str());
        }
    }
    (listed, added)
}

/// The APIs whose error answers are Skatteetaten's (operations, and error tables of their own or
/// shared): the ones the Skatteetaten error-profile checks apply to.
pub fn apis_with_error_tables(specs: &Path) -> Vec<String> {
    let folders = codegen::load::load_specs(specs).expect("specs load");
    let (model, _) = codegen::model::lower::build_model(&folders).expect("specs lower");
    model
        .apis
        .iter()
        .filter(|a| {
            a.service.as_ref().is_some_and(|s| !s.operations.is_empty())
                && (!a.error_tables.is_empty() || !a.shared_error_tables.is_empty())
        })
        .map(|a| a.folder.clone())
        .collect()
}
