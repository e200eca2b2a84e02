//! Emit: the intermediate model → token streams, one per output file. Nothing here formats or writes.

mod cfg;
mod client;
mod docs;
mod errors;
mod length;
mod models;
mod module;
mod operations;
mod own_names;
mod server;
mod server_body;
mod server_roles;
mod string_enum;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::model::Model;

/// A file of the generated crate, as tokens, with its path relative to the crate's `src/`.
pub struct EmittedFile {
    pub path: PathBuf,
    pub tokens: TokenStream,
    /// The spec folder it comes from, for the header (`None` for `lib.rs`).
    pub source: Option<String>,
}

/// Part of a file: top-level items, made on whichever thread formats them (tokens cannot move between
/// threads). A file is its pieces in order; the first holds its inner attributes.
pub type Piece<'m> = Box<dyn Fn() -> TokenStream + Send + Sync + 'm>;

/// How many types or operations one piece holds: small enough that a large API's files spread over
/// the cores, large enough that a small one is a few pieces.
pub const PIECE_ITEMS: usize = 64;

/// A file to emit: its path, its source folder and its pieces.
pub struct FilePlan<'m> {
    pub path: PathBuf,
    /// The spec folder it comes from, for the header (`None` for `lib.rs`).
    pub source: Option<String>,
    pub pieces: Vec<Piece<'m>>,
}

/// Emits every file of the generated crate's `src/` for `model`, on this thread.
pub fn emit(model: &Model) -> Vec<EmittedFile> {
    plan(model)
        .into_iter()
        .map(|file| EmittedFile {
            tokens: file.pieces.iter().map(|piece| piece()).collect(),
            path: file.path,
            source: file.source,
        })
        .collect()
}

/// Every file of the generated crate's `src/` for `model`, as pieces still to be made.
pub fn plan<'m>(model: &'m Model) -> Vec<FilePlan<'m>> {
    let mut files: Vec<FilePlan<'m>> = vec![FilePlan {
        path: PathBuf::from("lib.rs"),
        pieces: vec![Box::new(move || module::lib_file(model))],
        source: None,
    }];
    let mut error_bodies = error_bodies(model);
    for api in &model.apis {
        let dir = PathBuf::from(&api.module);
        let source = Some(api.folder.clone());
        let mut push = |name: &str, pieces: Vec<Piece<'m>>| {
            files.push(FilePlan {
                path: dir.join(name),
                pieces,
                source: source.clone(),
            })
        };
        let has_errors = errors::has_errors_file(api, model);
        if has_errors {
            push(
                "errors.rs",
                vec![Box::new(move || errors::errors_file(api, model))],
            );
        }
        let mut features: Vec<(&str, &str)> = Vec::new();
        // A spec without operations (a shared folder's `components` only) is a library of types: no
        // client (and `server_file` makes no server).
        let has_operations = api
            .service
            .as_ref()
            .is_some_and(|service| !service.operations.is_empty());
        if let Some(service) = &api.service {
            if models::has_own_types(service) {
                let bodies = error_bodies.remove(api.module.as_str()).unwrap_or_default();
                push(
                    "models.rs",
                    models::models_file(&api.module, service, bodies),
                );
            }
            if has_operations {
                push(
                    "operations.rs",
                    operations::operations_file(&api.module, service),
                );
                push(
                    "client.rs",
                    vec![Box::new(move || client::client_file(api, service))],
                );
                features.push(("client", "client"));
            }
        }
        if let Some(pieces) = server::server_file(api, model) {
            push("server.rs", pieces);
            features.push(("server", "server"));
        }
        push(
            "mod.rs",
            vec![Box::new(move || {
                module::api_mod_file(api, has_errors, &features)
            })],
        );
    }
    files
}

/// The types an operation answers an error with, by the module that defines them: a shared type
/// (`felles::Feil`) is the error body of operations of other modules.
fn error_bodies(model: &Model) -> BTreeMap<&str, BTreeSet<String>> {
    let mut out: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for api in &model.apis {
        let Some(service) = &api.service else {
            continue;
        };
        for op in &service.operations {
            for response in op.responses.iter().filter(|r| !r.success) {
                let Some(crate::model::TypeRef::Named(name)) =
                    response.content.as_ref().map(|c| &c.ty)
                else {
                    continue;
                };
                let def = service.types.iter().find(|t| &t.name == name);
                match def.and_then(|def| def.shared.as_ref()) {
                    Some(shared) => out
                        .entry(shared.module.as_str())
                        .or_default()
                        .insert(shared.name.clone()),
                    None => out
                        .entry(api.module.as_str())
                        .or_default()
                        .insert(name.clone()),
                };
            }
        }
    }
    out
}
