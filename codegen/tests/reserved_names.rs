//! The generated code's own names ([`codegen::model::reserved`]) against what it emits: every item of
//! its own in a scope the spec's names share (the client's inherent methods, the server module's
//! statics and functions, the API module's constants) is in the table, and an operation or
//! environment that asks for one of those names gets another one (`new_2`), so neither hides the
//! other. Read back from the emitted files with syn, so an item added to an emitter without a line
//! in the table fails here.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use codegen::model::reserved;

/// A spec whose operations and environments ask for every reserved name.
fn spec() -> String {
    let names = [
        "new",
        "withBaseUrl",
        "withHttpClient",
        "fromTransport",
        "transport",
        "router",
        "errorRoles",
        "errorShape",
        "add",
        "servers",
        "scope",
        "scopes",
    ];
    let mut paths = String::new();
    for (i, name) in names.iter().enumerate() {
        // Two tags, so the server has tag modules with their `add`.
        let tag = if i % 2 == 0 { "a" } else { "b" };
        paths.push_str(&format!(
            "  /p{i}:\n    get:\n      operationId: {name}\n      tags: [{tag}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers:\n  - {{url: 'https://a.example', x-environment: new}}\n  - {{url: 'https://b.example', x-environment: transport}}\n  - {{url: 'https://c.example', x-environment: servers}}\nsecurity: [{{m: [one:scope]}}]\ncomponents:\n  securitySchemes:\n    m: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://t.example', scopes: {{'one:scope': x}}}}}}}}\npaths:\n{paths}"
    )
}

fn generated() -> std::collections::BTreeMap<std::path::PathBuf, String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("api");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("openapi.yaml"), spec()).unwrap();
    codegen::generate(tmp.path()).expect("generates")
}

fn file(files: &std::collections::BTreeMap<std::path::PathBuf, String>, name: &str) -> syn::File {
    let (_, text) = files
        .iter()
        .find(|(path, _)| path.ends_with(Path::new("api").join(name)))
        .unwrap_or_else(|| panic!("no api/{name} among {:?}", files.keys()));
    syn::parse_file(text).expect("parses")
}

fn fn_names(items: &[syn::ImplItem]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_clients_own_methods_are_the_table_and_hide_no_operation() {
    let files = generated();
    let client = file(&files, "client.rs");
    let (mut inherent, mut operations) = (BTreeSet::new(), BTreeSet::new());
    for item in &client.items {
        if let syn::Item::Impl(block) = item {
            match block.trait_ {
                None => inherent.extend(fn_names(&block.items)),
                Some(_) => operations.extend(fn_names(&block.items)),
            }
        }
    }
    // The environments' constructors are the model's names (`new` asked for, `new_2` given).
    let constructors: BTreeSet<String> =
        ["new_2", "transport_2", "servers"].map(String::from).into();
    let own: BTreeSet<String> = inherent.difference(&constructors).cloned().collect();
    let table: BTreeSet<String> = reserved::client::ALL
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(own, table, "the client's own methods are the table's");
    assert!(
        inherent.is_disjoint(&operations),
        "an operation's method is hidden by an inherent one: {:?}",
        inherent.intersection(&operations).collect::<Vec<_>>()
    );
    // The operation asking for `new` gets a name of its own (`new_3`: the constructor took `new_2`).
    for name in reserved::client::ALL {
        assert!(
            operations
                .iter()
                .any(|op| op.starts_with(&format!("{name}_"))),
            "the operation asking for `{name}` gets a name of its own: {operations:?}"
        );
    }
}

/// The names of the statics, consts and functions of `items`, and of the modules inside.
fn value_names(items: &[syn::Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => out.push(f.sig.ident.to_string()),
            syn::Item::Static(s) => out.push(s.ident.to_string()),
            syn::Item::Const(c) => out.push(c.ident.to_string()),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    value_names(inner, out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_servers_own_items_are_the_table_and_take_no_operations_name() {
    let files = generated();
    let server = file(&files, "server.rs");
    let mut names = Vec::new();
    value_names(&server.items, &mut names);
    // The tag modules `server.rs` declares are files of their own (`server/tag_a.rs`).
    let tag_files: Vec<&String> = files
        .iter()
        .filter(|(path, _)| {
            path.parent()
                .is_some_and(|dir| dir.ends_with(Path::new("api/server")))
        })
        .map(|(_, text)| text)
        .collect();
    assert_eq!(tag_files.len(), 2, "the two tags' modules");
    for text in tag_files {
        value_names(&syn::parse_file(text).expect("parses").items, &mut names);
    }
    // An operation's items: its descriptor (`SHOUTY_CASE`, ending the name it was given) and its
    // call function (`call_…`).
    let (operations, own): (Vec<&String>, Vec<&String>) = names.iter().partition(|name| {
        name.starts_with("call_")
            || (name.contains(|c: char| c.is_ascii_uppercase()) && {
                let table = reserved::server::ALL;
                !table.contains(&name.as_str())
            })
    });
    let own: BTreeSet<&str> = own.into_iter().map(String::as_str).collect();
    let table: BTreeSet<&str> = reserved::server::ALL.iter().copied().collect();
    assert_eq!(own, table, "the server's own items are the table's");
    for name in ["ERROR_ROLES_2", "ERROR_SHAPE_2", "call_router", "call_add"] {
        assert!(
            operations.iter().any(|op| *op == name),
            "{name} among {operations:?}"
        );
    }
}

#[test]
fn the_modules_own_constants_are_the_table_and_the_servers_take_others() {
    let files = generated();
    let module = file(&files, "mod.rs");
    let mut names = Vec::new();
    value_names(&module.items, &mut names);
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "no constant twice: {names:?}");
    let own: BTreeSet<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|name| !name.ends_with("_URL"))
        .collect();
    let table: BTreeSet<&str> = reserved::module::ALL.iter().copied().collect();
    assert_eq!(own, table, "the module's own constants are the table's");
}
