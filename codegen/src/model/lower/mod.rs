//! Lowering: one loaded folder (spec + tables) → one [`Api`] of the intermediate model.
//! Schemas become named types (`schemas`), paths become operations (`operations`), and a last pass boxes
//! fields that would make a type infinitely large (`recursion`).

mod context;
mod operations;
mod recursion;
mod schemas;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::LoadedFolder;
use crate::model::names::snake_name;
use crate::model::{Api, ErrorTable, Model, Server, Service, TableKind};

pub(crate) use context::Context;

/// Builds the model of all folders, checking what spans folders (module names, shared tables).
pub fn build_model(folders: &[LoadedFolder]) -> Result<Model> {
    let mut modules: BTreeMap<String, &LoadedFolder> = BTreeMap::new();
    for folder in folders {
        let module = snake_name(&folder.folder);
        if let Some(other) = modules.insert(module.clone(), folder) {
            return Err(Error::new(
                &folder.dir,
                "",
                format!(
                    "folders `{}` and `{}` both become the module `{module}`; rename one",
                    other.folder, folder.folder
                ),
            ));
        }
    }
    let table_kinds = |module: &str| -> Option<Vec<TableKind>> {
        modules
            .get(module)
            .map(|f| f.tables.iter().map(|t| t.kind).collect())
    };
    let mut apis = Vec::new();
    for (module, folder) in &modules {
        apis.push(lower_folder(module, folder, &table_kinds)?);
    }
    let model = Model { apis };
    for (api, folder) in model.apis.iter().zip(modules.values()) {
        if let (Err((at, message)), Some(spec)) = (
            crate::model::roles::check_overrides(api, &model),
            &folder.spec,
        ) {
            return Err(Error::new(&spec.file, at, message));
        }
    }
    Ok(model)
}

fn lower_folder(
    module: &str,
    folder: &LoadedFolder,
    table_kinds: &dyn Fn(&str) -> Option<Vec<TableKind>>,
) -> Result<Api> {
    let mut shared_error_tables = Vec::new();
    let mut error_role_overrides = Vec::new();
    let mut service = None;
    if let Some(loaded) = &folder.spec {
        let file = loaded.file.as_path();
        let spec = &loaded.spec;
        error_role_overrides = crate::model::roles::read_overrides(&spec.raw)
            .map_err(|(at, message)| Error::new(file, at, message))?;
        for (i, name) in shared_tables(file, &spec.raw)?.into_iter().enumerate() {
            let shared = snake_name(&name);
            match table_kinds(&shared) {
                Some(kinds) if !kinds.is_empty() => shared_error_tables.push(shared),
                _ => {
                    return Err(Error::new(
                        file,
                        format!("/info/x-shared-error-tables/{i}"),
                        format!("no folder `{name}` with error tables under specs/"),
                    ))
                }
            }
        }
        let mut code_tables: Vec<String> = folder.tables.iter().map(|t| t.name.clone()).collect();
        for shared in &shared_error_tables {
            for kind in table_kinds(shared).unwrap_or_default() {
                code_tables.push(kind.enum_name().to_string());
            }
        }
        let mut cx = Context::new(file, spec, code_tables);
        schemas::lower_components(&mut cx)?;
        let operations = operations::lower_operations(&mut cx)?;
        let mut types = cx.into_types();
        recursion::box_recursive_fields(&mut types);
        let info = &spec.openapi.info;
        service = Some(Service {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            servers: servers(spec),
            scopes: operations::all_scopes(spec, &operations),
            types,
            operations,
        });
    }
    Ok(Api {
        module: module.to_string(),
        folder: folder.folder.clone(),
        service,
        error_tables: folder.tables.clone(),
        shared_error_tables,
        error_role_overrides,
    })
}

fn shared_tables(file: &Path, raw: &Value) -> Result<Vec<String>> {
    let Some(value) = raw.pointer("/info/x-shared-error-tables") else {
        return Ok(Vec::new());
    };
    let list = value.as_array().ok_or_else(|| {
        Error::new(
            file,
            "/info/x-shared-error-tables",
            "expected a list of folder names",
        )
    })?;
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                Error::new(
                    file,
                    format!("/info/x-shared-error-tables/{i}"),
                    "expected a folder name",
                )
            })
        })
        .collect()
}

fn servers(spec: &crate::load::spec::Spec) -> Vec<Server> {
    spec.openapi
        .servers
        .iter()
        .map(|server| {
            let mut url = server.url.clone();
            for (name, var) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            let url = url.trim_end_matches('/').to_string();
            let environment = server
                .extensions
                .get("x-environment")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| guess_environment(&url, server.description.as_deref()));
            Server {
                url,
                description: server.description.clone(),
                environment,
            }
        })
        .collect()
}

fn guess_environment(url: &str, description: Option<&str>) -> Option<String> {
    let text = format!("{url} {}", description.unwrap_or_default()).to_lowercase();
    if text.contains("test") {
        Some("test".into())
    } else if text.contains("prod") {
        Some("production".into())
    } else {
        None
    }
}

/// The error tables of a folder, with enum names made unique when a folder has two tables of a kind.
pub fn name_tables(tables: &mut [ErrorTable]) {
    for kind in [TableKind::Feilkode, TableKind::Feilspesifiseringskode] {
        let count = tables.iter().filter(|t| t.kind == kind).count();
        if count > 1 {
            for table in tables.iter_mut().filter(|t| t.kind == kind) {
                let stem = Path::new(&table.source)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                table.name = format!(
                    "{}{}",
                    crate::model::names::type_name(&stem),
                    kind.enum_name()
                );
            }
        }
    }
}
