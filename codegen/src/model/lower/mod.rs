//! Lowering: loaded folders (spec + tables) → the intermediate model, every Rust name included.
//! Error tables become error enums (`tables`), schemas become named types (`schemas`), paths become
//! operations (`operations`); then passes over the finished API resolve recursive types (`recursion`),
//! decide how the server reads each parameter (`params`) and name every operation's items (`naming`).

mod any_schema;
mod bounds;
#[cfg(test)]
mod bounds_tests;
mod context;
mod dedupe;
mod examples;
#[cfg(test)]
mod extern_tests;
mod externs;
mod form_parts;
#[cfg(test)]
mod form_tests;
mod implied_tag;
mod naming;
mod operations;
mod params;
mod path_groups;
pub mod reach;
mod read_ahead;
mod recursion;
mod schemas;
mod select;
mod streams;
mod tables;
mod xml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::Warning;
use crate::error::{Error, Result};
use crate::hash::HashMap;
use crate::load::tables::TableKind;
use crate::load::LoadedFolder;
use crate::model::names::{snake_name, Namer};
use crate::model::{Api, ExternType, Model, Server, Service, SharedType};
use crate::settings::Settings;

pub(crate) use context::Context;

/// Module names the generated crate uses itself.
const RESERVED_MODULES: &[&str] = &["runtime", "std", "core", "alloc", "serde", "serde_json"];

/// Builds the model of all folders, checking what spans folders (module names, shared tables), with the
/// warnings about defects the generator worked around.
pub fn build_model(folders: &[LoadedFolder]) -> Result<(Model, Vec<Warning>)> {
    build_model_with(folders, &Settings::default())
}

/// [`build_model`] with a run's [`Settings`]: the tags to keep, the extern types, the crate root.
pub fn build_model_with(
    folders: &[LoadedFolder],
    settings: &Settings,
) -> Result<(Model, Vec<Warning>)> {
    crate::stack::with_large_stack(|| build_here(folders, settings)).unwrap_or_else(|reason| {
        Err(Error::new(
            Path::new(""),
            "",
            format!("generator bug: lowering panicked ({reason}); please report it with the spec"),
        ))
    })
}

fn build_here(folders: &[LoadedFolder], settings: &Settings) -> Result<(Model, Vec<Warning>)> {
    let mut modules: BTreeMap<String, &LoadedFolder> = BTreeMap::new();
    let mut namer = Namer::with_reserved(RESERVED_MODULES);
    for folder in folders {
        let module = snake_name(&folder.folder);
        if let Some(other) = modules.get(&module) {
            return Err(Error::new(
                &folder.dir,
                "",
                format!(
                    "folders `{}` and `{}` both become the module `{module}`; rename one",
                    other.folder, folder.folder
                ),
            ));
        }
        modules.insert(namer.unique(module), folder);
    }
    let table_kinds = |module: &str| -> Option<Vec<TableKind>> {
        modules.get(module).map(|f| tables::kinds(&f.tables))
    };
    // The spec of each module, to tell the schemas a spec bundled from another folder of this run.
    let spec_files: HashMap<PathBuf, String> = modules
        .iter()
        .filter_map(|(module, folder)| {
            let file = folder.spec.as_ref()?.file.canonicalize().ok()?;
            Some((file, module.clone()))
        })
        .collect();
    let mut apis = BTreeMap::new();
    let mut found_by_module = BTreeMap::new();
    // Component schema key → Rust name, of each module lowered so far.
    let mut names: HashMap<String, HashMap<String, String>> = HashMap::default();
    let mut roots = BTreeMap::new();
    let extern_settings = externs::settings(folders, settings)?;
    // Component schema key → the Rust type used for it, of each module lowered so far.
    let mut extern_types = BTreeMap::new();
    for module in lowering_order(&modules, &spec_files) {
        let folder = modules[&module];
        let shared = shared_components(&module, folder, &spec_files, &names);
        let inherited = externs::inherited(&module, folder, &spec_files, &extern_types);
        let externs = externs::of_folder(folder, &extern_settings, &inherited)?;
        extern_types.insert(module.clone(), externs.clone());
        let mut found = Vec::new();
        let (api, component_names, reach_roots) = lower_folder(
            &module,
            folder,
            &table_kinds,
            (shared, externs),
            settings,
            &mut found,
        )?;
        names.insert(module.clone(), component_names);
        roots.insert(module.clone(), reach_roots);
        // One defect reached twice (a path item shared by two paths) is one warning.
        let mut seen = crate::hash::HashSet::default();
        found.retain(|w| seen.insert((w.file.clone(), w.location.clone(), w.name)));
        // A note (`tags-from-paths`) is not a defect: only defects are refused.
        let first_defect = found.iter().find(|w| w.is_defect());
        if let (Some(first), Some(spec)) = (first_defect, &folder.spec) {
            if deny_warnings(&spec.spec.raw) {
                return Err(Error::new(
                    &first.file,
                    first.location.clone(),
                    format!(
                        "{} [{}] (`x-deny-warnings` makes warnings errors)",
                        first.message, first.name
                    ),
                ));
            }
        }
        found_by_module.insert(module.clone(), found);
        apis.insert(module, api);
    }
    let apis: Vec<Api> = apis.into_values().collect();
    // A shared folder's schema is lowered in its module and in each API that uses it: one defect there
    // is one warning.
    let mut seen = crate::hash::HashSet::default();
    let mut warnings: Vec<Warning> = found_by_module
        .into_values()
        .flatten()
        .filter(|w| seen.insert((w.file.clone(), w.location.clone(), w.name)))
        .collect();
    let mut timer = crate::timing::Timer::nested("model");
    select::check_tags_found(&apis, folders, settings)?;
    let root = select::root(&apis, settings)?;
    let mut model = Model { apis, root };
    reach::prune(&mut model, &roots, &mut warnings);
    for service in model.apis.iter_mut().filter_map(|api| api.service.as_mut()) {
        crate::model::type_index::renumber(&mut service.types, &mut service.operations);
        service.shadowed = crate::model::own_names::shadowed(&service.types);
    }
    timer.phase("reach");
    for (api, folder) in model.apis.iter().zip(modules.values()) {
        if let (Err((at, message)), Some(spec)) = (
            crate::model::roles::check_overrides(api, &model),
            &folder.spec,
        ) {
            return Err(Error::new(&spec.file, at, message));
        }
    }
    timer.phase("role overrides");
    error_profiles(&mut model, &modules, &mut warnings)?;
    timer.phase("error profiles");
    Ok((model, warnings))
}

/// Chooses each API's error profile (see [`crate::model::profile`]), once every API is lowered: the
/// roles may come from shared tables.
fn error_profiles(
    model: &mut Model,
    modules: &BTreeMap<String, &LoadedFolder>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut chosen = Vec::new();
    for (api, folder) in model.apis.iter().zip(modules.values()) {
        // No server module without operations: nothing to choose, nothing to warn about.
        let served = api
            .service
            .as_ref()
            .is_some_and(|s| !s.operations.is_empty());
        let (Some(spec), true) = (&folder.spec, served) else {
            chosen.push(Default::default());
            continue;
        };
        let mut found = Vec::new();
        let roles = crate::model::profile::error_profile(
            api,
            model,
            (&spec.file, &spec.spec.raw),
            &mut found,
        );
        let first_defect = found.iter().find(|w| w.is_defect());
        if let (Some(first), true) = (first_defect, deny_warnings(&spec.spec.raw)) {
            return Err(Error::new(
                &first.file,
                first.location.clone(),
                format!(
                    "{} [{}] (`x-deny-warnings` makes warnings errors)",
                    first.message, first.name
                ),
            ));
        }
        warnings.extend(found);
        chosen.push(roles);
    }
    for (api, roles) in model.apis.iter_mut().zip(chosen) {
        api.error_roles = roles;
    }
    Ok(())
}

/// The order to lower the modules in: a module after the modules whose specs its spec bundles schemas
/// from (the shared folders), so their type names are known; otherwise by name. Folders that bundle
/// from each other are lowered by name, and the first one copies the other's schemas.
fn lowering_order(
    modules: &BTreeMap<String, &LoadedFolder>,
    spec_files: &HashMap<PathBuf, String>,
) -> Vec<String> {
    let needs: BTreeMap<&String, BTreeSet<&String>> = modules
        .iter()
        .map(|(module, folder)| {
            let origins = folder.spec.iter().flat_map(|s| &s.spec.origins);
            let from = origins
                .filter_map(|origin| spec_files.get(&origin.file))
                .filter(|owner| *owner != module)
                .collect();
            (module, from)
        })
        .collect();
    let mut order: Vec<String> = Vec::new();
    while order.len() < modules.len() {
        let left = || needs.keys().filter(|m| !order.contains(m));
        let ready = left().find(|m| needs[*m].iter().all(|n| order.contains(n)));
        let next = ready.or_else(|| left().next());
        order.extend(next.map(|m| m.to_string()));
    }
    order
}

/// The component schemas of `folder`'s spec that the loader bundled from the spec of another module of
/// the run, already lowered (`names`): component key → where the type is defined.
fn shared_components(
    module: &str,
    folder: &LoadedFolder,
    spec_files: &HashMap<PathBuf, String>,
    names: &HashMap<String, HashMap<String, String>>,
) -> HashMap<String, SharedType> {
    let component = |pointer: &str| -> Option<String> {
        let key = pointer.strip_prefix("/components/schemas/")?;
        (!key.is_empty() && !key.contains('/'))
            .then(|| crate::load::pointer::unescape(key).into_owned())
    };
    let mut shared = HashMap::default();
    for origin in folder.spec.iter().flat_map(|s| &s.spec.origins) {
        let (Some(key), Some(source)) = (component(&origin.at), component(&origin.source)) else {
            continue;
        };
        let Some(owner) = spec_files.get(&origin.file).filter(|o| *o != module) else {
            continue;
        };
        if let Some(name) = names.get(owner).and_then(|n| n.get(&source)) {
            let name = name.clone();
            let module = owner.clone();
            shared.insert(key, SharedType { module, name });
        }
    }
    shared
}

fn lower_folder(
    module: &str,
    folder: &LoadedFolder,
    table_kinds: &dyn Fn(&str) -> Option<Vec<TableKind>>,
    (shared, externs): (HashMap<String, SharedType>, HashMap<String, ExternType>),
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> Result<(Api, HashMap<String, String>, reach::Roots)> {
    let mut shared_error_tables = Vec::new();
    let mut error_role_overrides = Vec::new();
    if let Some(loaded) = &folder.spec {
        let file = loaded.file.as_path();
        error_role_overrides = crate::model::roles::read_overrides(&loaded.spec.raw)
            .map_err(|(at, message)| Error::new(file, at, message))?;
        for (i, name) in shared_tables(file, &loaded.spec.raw)?
            .into_iter()
            .enumerate()
        {
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
    }
    let shared_variants = tables::shared_variants(&shared_error_tables);
    let error_tables = tables::lower_tables(&folder.tables, &shared_variants);
    let mut service = None;
    let mut component_names = HashMap::default();
    let mut roots = reach::Roots::default();
    if let Some(loaded) = &folder.spec {
        let file = loaded.file.as_path();
        let spec = &loaded.spec;
        // The error enums the module will have: its own tables', and one per kind only shared tables have.
        let mut code_tables: Vec<String> = error_tables.iter().map(|t| t.name.clone()).collect();
        for shared in &shared_error_tables {
            for kind in table_kinds(shared).unwrap_or_default() {
                if !error_tables.iter().any(|t| t.kind == kind) {
                    code_tables.push(kind.enum_name().to_string());
                }
            }
        }
        code_tables.dedup();
        let mut module_types = code_tables.clone();
        let mut timer = crate::timing::Timer::nested("model");
        let mut cx = Context::new(file, spec, code_tables);
        cx.shared = shared;
        cx.externs = externs;
        cx.keep_examples = settings.examples;
        schemas::lower_components(&mut cx)?;
        timer.phase("components");
        let mut operations = operations::lower_operations(&mut cx)?;
        // Before tags are selected: a group is selected by name as a tag is.
        if let Some(groups) = path_groups::path_groups(&operations) {
            warnings.push(groups.note(file, module, settings));
            if settings.group_by_path {
                groups.apply(&mut operations);
            }
        }
        // Before reachability is computed: a type only unselected operations reach is not generated.
        select::keep_selected_tags(module, &mut operations, &settings.tags);
        timer.phase("operations");
        component_names = cx.component_names().clone();
        let pointers: Vec<(String, String)> = operations
            .iter()
            .map(|op| {
                let item = op.pointer.rsplit_once('/').map_or("", |(item, _)| item);
                (op.pointer.clone(), item.to_string())
            })
            .collect();
        roots = reach::roots(
            file.to_path_buf(),
            spec,
            (&cx.component_ids(), &cx.externs),
            &pointers,
        );
        let (mut types, found) = cx.into_parts();
        warnings.extend(found);
        dedupe::merge_identical(&mut types, &mut operations, &module_types);
        timer.phase("dedupe");
        recursion::resolve(&mut types, file, warnings);
        timer.phase("recursion");
        params::classify(&types, &mut operations, file, warnings);
        form_parts::decide(&mut types, &mut operations);
        let mut servers = servers(spec);
        module_types.extend(types.iter().map(|t| t.name.clone()));
        let client_trait = naming::name_servers(module, &mut servers, &module_types);
        naming::name_operations(&mut operations, &servers, &client_trait, &module_types);
        timer.phase("params and naming");
        let info = &spec.openapi.info;
        service = Some(Service {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            servers,
            scopes: operations::all_scopes(spec, &operations),
            types,
            operations,
            client_trait,
            // Set once every module is lowered (`reach`).
            features: Vec::new(),
            shadowed: Default::default(),
        });
    }
    let api = Api {
        module: module.to_string(),
        folder: folder.folder.clone(),
        source: folder.source.clone(),
        service,
        error_tables,
        shared_error_tables,
        shared_variants,
        error_role_overrides,
        error_roles: Default::default(),
    };
    Ok((api, component_names, roots))
}

/// `info.x-deny-warnings: true`: the spec's authors want its defects refused, not worked around.
fn deny_warnings(raw: &Value) -> bool {
    raw.pointer("/info/x-deny-warnings")
        .and_then(Value::as_bool)
        == Some(true)
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
                // Named by `naming::name_servers`.
                constant: None,
                constructor: None,
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

#[cfg(test)]
mod tests;

/// An operation `GET path` with nothing else, for tests of the passes over operations.
#[cfg(test)]
fn test_operation(path: &str) -> crate::model::Operation {
    use crate::model::{HttpMethod, Operation, PathTemplate};
    Operation::new(
        HttpMethod::Get,
        PathTemplate::parse(path).expect("a valid path"),
    )
}
