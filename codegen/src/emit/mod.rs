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
mod range;
mod rebase;
mod server;
mod server_body;
mod server_roles;
mod string_enum;
mod types;
mod uses;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::model::Model;

/// A file of the generated crate, as tokens, with its path relative to the crate's `src/`.
pub struct EmittedFile {
    pub path: PathBuf,
    /// The file's pieces in order, each with the part of its text the file keeps
    /// (`format::format_file` joins them).
    pub pieces: Vec<(TokenStream, Part)>,
    /// The file's first lines: the generated marker, who made it, from what ([`header`]).
    pub header: String,
}

/// Part of a file: top-level items, made on whichever thread formats them (tokens cannot move between
/// threads). A file is its pieces in order; the first holds its inner attributes.
pub struct Piece<'m> {
    pub make: Box<dyn Fn() -> TokenStream + Send + Sync + 'm>,
    /// The part of the piece's text that is the file's.
    pub part: Part,
}

impl<'m> Piece<'m> {
    /// A piece whose text is the file's whole.
    pub fn new(make: impl Fn() -> TokenStream + Send + Sync + 'm) -> Self {
        Piece {
            make: Box::new(make),
            part: Part::Whole,
        }
    }
}

/// A trait or an impl of many members (an API's trait, the client's impl of it: 11,422 methods for
/// Microsoft Graph) is made and formatted in pieces of [`PIECE_ITEMS`] members, each piece the item
/// with some of its members. So no thread holds the syntax tree of every member at once (Graph's
/// client: 260 MB), and the members spread over the cores. The file keeps of each piece the part that
/// is its own: prettyplease writes an item's members one after another, each alike wherever it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of the piece's text.
    Whole,
    /// All but the last line: the large item's closing brace, the piece's last item.
    Opens,
    /// The members only: not the item's first line (its header, the piece's first item, without
    /// attributes) nor its closing brace.
    Continues,
    /// All but the first line: the members and the item's closing brace.
    Closes,
}

/// The pieces of a file whose last item has `members` members: `make(members, first)` makes the
/// file's items with those members in the large item, and (when `first`) everything before it; the
/// other pieces are the item's header and members only ([`Part`]). One piece when they fit in one.
pub fn member_pieces<'m>(
    members: usize,
    make: impl Fn(std::ops::Range<usize>, bool) -> TokenStream + Send + Sync + 'm,
) -> Vec<Piece<'m>> {
    let make = std::sync::Arc::new(make);
    let starts: Vec<usize> = (0..members.max(1)).step_by(PIECE_ITEMS).collect();
    let last = starts.len() - 1;
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let make = std::sync::Arc::clone(&make);
            let range = start..(start + PIECE_ITEMS).min(members);
            let part = match (i, i == last) {
                (0, true) => Part::Whole,
                (0, false) => Part::Opens,
                (_, false) => Part::Continues,
                (_, true) => Part::Closes,
            };
            Piece {
                make: Box::new(move || make(range.clone(), i == 0)),
                part,
            }
        })
        .collect()
}

/// How many types or operations one piece holds: small enough that a large API's files spread over
/// the cores, large enough that a small one is a few pieces.
pub const PIECE_ITEMS: usize = 64;

/// The pieces of one file, and the modules it declares that are files of their own (a tag feature's
/// module: `models/tag_repos.rs` beside `models.rs`), so that a build without the module's `cfg` does
/// not read them.
pub struct FilePieces<'m> {
    pub pieces: Vec<Piece<'m>>,
    pub modules: Vec<SubModule<'m>>,
}

/// A module of a file, written to a file of its own.
pub struct SubModule<'m> {
    /// The module's name (`tag_repos`): its file is `<parent stem>/<name>.rs`.
    pub name: String,
    pub piece: Piece<'m>,
}

impl<'m> From<Vec<Piece<'m>>> for FilePieces<'m> {
    fn from(pieces: Vec<Piece<'m>>) -> Self {
        FilePieces {
            pieces,
            modules: Vec::new(),
        }
    }
}

/// A file to emit: its path, its header and its pieces.
pub struct FilePlan<'m> {
    pub path: PathBuf,
    /// The file's first lines ([`header`]).
    pub header: String,
    pub pieces: Vec<Piece<'m>>,
}

/// Emits every file of the generated crate's `src/` for `model`, on this thread.
pub fn emit(model: &Model) -> Vec<EmittedFile> {
    plan(model)
        .into_iter()
        .map(|file| EmittedFile {
            pieces: file
                .pieces
                .iter()
                .map(|piece| ((piece.make)(), piece.part))
                .collect(),
            path: file.path,
            header: file.header,
        })
        .collect()
}

/// What the first line of every generated file starts with; the writer removes only files that carry
/// it (an API folder removed from `specs/`).
pub const GENERATED_MARKER: &str = "// @generated by ";

/// The marker line of a file: who made it and from what (`source`: a spec, or the folder of them).
pub fn header(model: &Model, source: Option<&str>) -> String {
    let from = source.map(|s| format!(" from {s}")).unwrap_or_default();
    format!(
        "{GENERATED_MARKER}{}{from}. Do not edit; change the spec and regenerate.\n\n",
        model.root.generated_by
    )
}

/// Who made the crate and from what (`skattegen from petstore.yaml`), as `lib.rs`'s header says.
pub fn made_by(model: &Model) -> String {
    match crate_source(model) {
        Some(source) => format!("{} from {source}", model.root.generated_by),
        None => model.root.generated_by.clone(),
    }
}

/// What the crate root comes from: the one API's source, or the folder every API's source is in
/// (`specs/`).
fn crate_source(model: &Model) -> Option<String> {
    if let [api] = model.apis.as_slice() {
        return Some(api.source.clone());
    }
    let first = |source: &str| source.split_once('/').map(|(dir, _)| dir.to_string());
    let dir = first(&model.apis.first()?.source)?;
    model
        .apis
        .iter()
        .all(|api| first(&api.source).as_deref() == Some(dir.as_str()))
        .then(|| format!("{dir}/"))
}

/// Every file of the generated crate's `src/` for `model`, as pieces still to be made.
pub fn plan<'m>(model: &'m Model) -> Vec<FilePlan<'m>> {
    let mut files: Vec<FilePlan<'m>> = vec![FilePlan {
        path: PathBuf::from("lib.rs"),
        pieces: vec![Piece::new(move || module::lib_file(model))],
        header: header(model, crate_source(model).as_deref()),
    }];
    let mut error_bodies = error_bodies(model);
    for api in &model.apis {
        let dir = PathBuf::from(&api.module);
        let api_header = header(model, Some(&api.source));
        let mut push = |name: &str, file: FilePieces<'m>| {
            // `models.rs` declares `mod tag_repos;`, which is `models/tag_repos.rs`.
            let stem = name.trim_end_matches(".rs");
            for module in file.modules {
                files.push(FilePlan {
                    path: dir.join(stem).join(format!("{}.rs", module.name)),
                    pieces: vec![module.piece],
                    header: api_header.clone(),
                });
            }
            files.push(FilePlan {
                path: dir.join(name),
                pieces: file.pieces,
                header: api_header.clone(),
            })
        };
        let has_errors = errors::has_errors_file(api, model);
        if has_errors {
            push(
                "errors.rs",
                vec![Piece::new(move || errors::errors_file(api, model))].into(),
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
                push("client.rs", client::client_file(service).into());
                features.push(("client", "client"));
            }
        }
        if let Some(file) = server::server_file(api) {
            push("server.rs", file);
            features.push(("server", "server"));
        }
        push(
            "mod.rs",
            vec![Piece::new(move || {
                module::api_mod_file(api, has_errors, &features)
            })]
            .into(),
        );
    }
    if model.root.module_path != "crate" {
        for file in &mut files {
            file.pieces = std::mem::take(&mut file.pieces)
                .into_iter()
                .map(|Piece { make, part }| Piece {
                    // Tokens stay on the thread that makes them: the root is parsed there.
                    make: Box::new(move || {
                        let path = &model.root.module_path;
                        let root: TokenStream =
                            path.parse().unwrap_or_else(|_| quote::quote!(crate));
                        rebase::rebase(make(), &root, path)
                    }),
                    part,
                })
                .collect();
        }
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
                let Some(crate::model::TypeRef::Named(id)) =
                    response.content.as_ref().map(|c| &c.ty)
                else {
                    continue;
                };
                let Some(def) = service.type_def(*id) else {
                    continue;
                };
                match &def.shared {
                    Some(shared) => out
                        .entry(shared.module.as_str())
                        .or_default()
                        .insert(shared.name.clone()),
                    None => out
                        .entry(api.module.as_str())
                        .or_default()
                        .insert(def.name.clone()),
                };
            }
        }
    }
    out
}
