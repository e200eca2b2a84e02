//! The published crates (runtime-macros, runtime, codegen) stay publishable together: exactly they are
//! publishable, and each of their path dependencies carries the version of the crate it points to.
//!
//! Cargo itself rejects a path dependency whose version requirement the crate's version does not meet
//! (`0.2.0` beside a `0.1.0` crate fails every build), but not one that is merely behind: after
//! runtime-macros becomes 0.1.1, `version = "0.1.0"` still resolves here, and the published runtime
//! would then accept the older macros it no longer works with. So the requirement must name the
//! current version exactly.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The packages meant for crates.io; every other member keeps `publish = false`.
const PUBLISHED: [&str; 3] = [
    "skatteetaten-codegen",
    "skatteetaten-runtime",
    "skatteetaten-runtime-macros",
];

/// `cargo metadata` of the workspace (members only: nothing is resolved or fetched).
fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(tests::root())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// A package is publishable unless its `publish` is an empty list (`publish = false`).
fn publishable(package: &Value) -> bool {
    !matches!(package["publish"].as_array(), Some(registries) if registries.is_empty())
}

/// The names of the publishable packages, sorted.
fn publishable_names(metadata: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = packages(metadata)
        .iter()
        .filter(|package| publishable(package))
        .map(|package| package["name"].as_str().expect("a package has a name"))
        .collect();
    names.sort_unstable();
    names
}

fn packages(metadata: &Value) -> &[Value] {
    metadata["packages"]
        .as_array()
        .expect("metadata lists packages")
}

/// What is wrong with the path dependencies of the publishable packages, one line each.
fn drift(metadata: &Value) -> Vec<String> {
    let packages = packages(metadata);
    // A path dependency names the folder of the crate's manifest.
    let at = |dir: &str| {
        packages.iter().find(|package| {
            let manifest = package["manifest_path"].as_str().unwrap_or_default();
            Path::new(manifest).parent() == Some(Path::new(dir))
        })
    };
    let mut problems = Vec::new();
    for package in packages.iter().filter(|package| publishable(package)) {
        let name = package["name"].as_str().unwrap_or_default();
        let deps = package["dependencies"].as_array().into_iter().flatten();
        for dep in deps {
            let Some(path) = dep["path"].as_str() else {
                continue;
            };
            let dep_name = dep["name"].as_str().unwrap_or_default();
            let req = dep["req"].as_str().unwrap_or_default();
            // A dev-dependency without a version is left out of the package by cargo; one with a
            // version is kept, and then must be right too.
            if dep["kind"].as_str() == Some("dev") && req == "*" {
                continue;
            }
            let Some(target) = at(path) else {
                problems.push(format!("{name}: {dep_name} points to {path}, no member"));
                continue;
            };
            if !publishable(target) {
                problems.push(format!(
                    "{name}: depends on {dep_name}, which is not published"
                ));
            }
            let version = target["version"].as_str().unwrap_or_default();
            if req != format!("^{version}") {
                problems.push(format!(
                    "{name}: {dep_name} (path {path}) requires {req}, but {dep_name} is {version}; write version = \"{version}\""
                ));
            }
        }
    }
    problems
}

#[test]
fn only_the_runtime_and_the_generator_are_publishable() {
    assert_eq!(publishable_names(&metadata()), PUBLISHED);
}

#[test]
fn path_dependencies_name_the_version_they_point_to() {
    let metadata = metadata();
    let problems = drift(&metadata);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check has something to look at: the runtime's dependency on its macros.
    let runtime = packages(&metadata)
        .iter()
        .find(|package| package["name"] == "skatteetaten-runtime")
        .expect("the runtime is a member");
    assert!(runtime["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .any(|dep| dep["name"] == "skatteetaten-runtime-macros" && dep["path"].is_string()));
}

/// The check itself, on metadata of the shape cargo prints: a version left behind, a missing one, and
/// a published crate depending on an unpublished one are each reported.
#[test]
fn drift_is_reported() {
    let metadata = serde_json::json!({
        "packages": [
            {
                "name": "macros", "version": "0.1.1", "publish": null,
                "manifest_path": "/w/macros/Cargo.toml", "dependencies": [],
            },
            {
                "name": "internal", "version": "0.1.0", "publish": [],
                "manifest_path": "/w/internal/Cargo.toml", "dependencies": [],
            },
            {
                "name": "runtime", "version": "0.1.0", "publish": null,
                "manifest_path": "/w/runtime/Cargo.toml",
                "dependencies": [
                    {"name": "macros", "req": "^0.1.0", "kind": null, "path": "/w/macros"},
                    {"name": "internal", "req": "^0.1.0", "kind": null, "path": "/w/internal"},
                    {"name": "macros", "req": "*", "kind": "build", "path": "/w/macros"},
                    {"name": "internal", "req": "*", "kind": "dev", "path": "/w/internal"},
                    {"name": "serde", "req": "^1", "kind": null},
                ],
            },
        ]
    });
    assert_eq!(
        drift(&metadata),
        [
            "runtime: macros (path /w/macros) requires ^0.1.0, but macros is 0.1.1; write version = \"0.1.1\"",
            "runtime: depends on internal, which is not published",
            "runtime: macros (path /w/macros) requires *, but macros is 0.1.1; write version = \"0.1.1\"",
        ]
    );
    assert_eq!(publishable_names(&metadata), ["macros", "runtime"]);
}
