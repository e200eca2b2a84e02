//! What of the run's [`Settings`] the lowering decides: which operations the selected tags keep, and
//! the crate root's description.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Error, Result};
use crate::load::LoadedFolder;
use crate::model::lower::reach::{tag_feature, tag_feature_prefix, UNTAGGED};
use crate::model::{Api, Operation, Root};
use crate::settings::Settings;

/// Whether `selected` (a spec's tag name, the tag's feature name, or the feature without its
/// `tag-<module>-` prefix) names `tag` of `module`.
fn names(selected: &str, module: &str, tag: &str) -> bool {
    let feature = tag_feature(module, tag);
    selected == tag
        || selected == feature
        || feature.strip_prefix(&tag_feature_prefix(module)) == Some(selected)
}

/// Whether `selected` names a tag of `op` of `module`; an operation without a tag is selected as
/// [`UNTAGGED`], the name of its feature.
fn selects(selected: &str, module: &str, op: &Operation) -> bool {
    if op.tags.is_empty() {
        return names(selected, module, UNTAGGED);
    }
    op.tags.iter().any(|tag| names(selected, module, tag))
}

/// Keeps the operations with a selected tag (all of them when none is selected).
pub(super) fn keep_selected_tags(
    module: &str,
    operations: &mut Vec<Operation>,
    selected: &BTreeSet<String>,
) {
    if selected.is_empty() {
        return;
    }
    operations.retain(|op| selected.iter().any(|s| selects(s, module, op)));
}

/// A selected tag no operation of the run has is an error naming the tags there are: a typo must not
/// generate an empty crate.
pub(super) fn check_tags_found(
    apis: &[Api],
    folders: &[LoadedFolder],
    settings: &Settings,
) -> Result<()> {
    let found = |selected: &str| {
        apis.iter().any(|api| {
            api.service.as_ref().is_some_and(|service| {
                service
                    .operations
                    .iter()
                    .any(|op| selects(selected, &api.module, op))
            })
        })
    };
    let Some(missing) = settings.tags.iter().find(|s| !found(s)) else {
        return Ok(());
    };
    // The tags of every operation (the selection removed the others, so read them from the specs).
    let mut all: BTreeSet<String> = BTreeSet::new();
    for folder in folders.iter().filter_map(|f| f.spec.as_ref()) {
        for (_, value) in folder.spec.path_items() {
            let item = crate::load::spec::read_path_item(value);
            if let Some(item) = item.as_ref().and_then(|item| item.as_item()) {
                for (_, op) in item.iter() {
                    all.extend(op.tags.iter().cloned());
                }
            }
        }
    }
    let file = folders
        .first()
        .map_or(Path::new(""), LoadedFolder::main_file);
    let mut known: Vec<&str> = all.iter().map(String::as_str).collect();
    let more = known.len().saturating_sub(30);
    known.truncate(30);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(Error::new(
        file,
        "",
        format!(
            "no operation has the tag `{missing}`; the specs' tags are: {}{more}",
            if known.is_empty() {
                "(none)".to_string()
            } else {
                known.join(", ")
            }
        ),
    ))
}

/// The module path of the generated root: `crate`, or a path from it (`crate::api`); anything else is an
/// error naming the setting.
fn module_path(settings: &Settings) -> Result<String> {
    let Some(path) = &settings.module_path else {
        return Ok("crate".to_string());
    };
    let parsed: std::result::Result<syn::Path, _> = syn::parse_str(path);
    let ok = parsed.is_ok_and(|p| {
        p.leading_colon.is_none()
            && p.segments.first().is_some_and(|s| s.ident == "crate")
            && p.segments.iter().all(|s| s.arguments.is_none())
    });
    if !ok {
        return Err(Error::new(
            Path::new("module_path"),
            "",
            format!("`{path}` is not a module path from the crate root (write `crate::api`)"),
        ));
    }
    // As the rebased tokens print it, so doc links and paths read the same.
    Ok(path
        .split("::")
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("::"))
}

/// The crate root: the layout asked for, and a description naming the APIs of the run.
pub(super) fn root(apis: &[Api], settings: &Settings) -> Result<Root> {
    let services: Vec<(&Api, &crate::model::Service)> = apis
        .iter()
        .filter_map(|api| api.service.as_ref().map(|s| (api, s)))
        .collect();
    let description = settings.description.clone().unwrap_or_else(|| match services.as_slice() {
        [(api, service)] => format!(
            "Typed models, error codes, a client and a server for {} (version {}), generated from `{}`.",
            service.title, service.version, api.source
        ),
        _ => "Typed models, error codes, clients and servers for the APIs below, generated from their OpenAPI documents."
            .to_string(),
    });
    Ok(Root {
        layout: settings.layout,
        description,
        generated_by: settings.generator().to_string(),
        module_path: module_path(settings)?,
    })
}
