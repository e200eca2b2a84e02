//! The compile check: every case that generated code becomes a crate of a scratch workspace (fuzz:
//! `target/fuzz/compile/`), and one `cargo clippy --all-features -D warnings` per batch judges them all.
//! A case with tag features is judged a second time as a user who builds one tag has it: client and
//! server with one of its tags alone (which one, the case's name decides, so a run covers many), in
//! one more cargo run per batch for all such cases.
//!
//! A case crate is what `generated/` is: the generated `src/` with the features and dependencies of
//! `generated/Cargo.toml`, the runtime crate (`runtime/`) by its absolute path. The scratch
//! workspace takes its `[workspace.*]` tables from the root manifest and its versions from `Cargo.lock`, and
//! all batches share one target dir (fuzz: `target/fuzz-target`), so the dependencies build once.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use super::files::copy_dir;
use super::outcome::{Class, Outcome};

/// Where a tool compiles its cases.
pub struct Scratch<'a> {
    /// The folder of the batch workspaces, emptied first.
    pub workspaces: PathBuf,
    /// The target dir all batches share.
    pub target: PathBuf,
    /// The tool's name, for progress lines and the crates' package names.
    pub tool: &'a str,
}

/// Compiles the generated cases, `batch` crates per cargo run, and records `compiles` or `broken-code`.
pub fn check(
    root: &Path,
    cases: &[PathBuf],
    batch: usize,
    scratch: &Scratch,
) -> Result<(), String> {
    // Cases whose output is byte-for-byte the same are compiled once.
    let mut first_of: HashMap<u64, PathBuf> = HashMap::new();
    let mut copies: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut distinct = Vec::new();
    for case in cases {
        let hash = hash_dir(&case.join("out"));
        match first_of.get(&hash) {
            Some(first) => copies.push((case.clone(), first.clone())),
            None => {
                first_of.insert(hash, case.clone());
                distinct.push(case.clone());
            }
        }
    }
    let _ = fs::remove_dir_all(&scratch.workspaces);
    let total = distinct.len().div_ceil(batch.max(1));
    for (n, chunk) in distinct.chunks(batch.max(1)).enumerate() {
        let dir = scratch.workspaces.join(format!("batch-{n}"));
        eprintln!(
            "{}: compiling batch {}/{total} ({} crates)",
            scratch.tool,
            n + 1,
            chunk.len()
        );
        write_workspace(root, &dir, chunk, scratch.tool)?;
        let errors = clippy(&dir, &scratch.target, &["--workspace", "--all-features"])?;
        // The cases clean with all features that have tags, each with the tag it is built with alone.
        let one_tag: BTreeMap<String, String> = chunk
            .iter()
            .map(|case| case_name(case))
            .filter(|name| !errors.contains_key(name))
            .filter_map(|name| {
                let tag = one_tag(&dir.join(&name), &name)?;
                Some((name, tag))
            })
            .collect();
        let one_tag_errors = if one_tag.is_empty() {
            BTreeMap::new()
        } else {
            clippy(&dir, &scratch.target, &one_tag_args(&one_tag, scratch.tool))?
        };
        for case in chunk {
            let name = case_name(case);
            let tag = one_tag.get(&name);
            let outcome = match (errors.get(&name), one_tag_errors.get(&name), tag) {
                (Some(first), _, _) => first.clone(),
                (None, Some(first), Some(tag)) => {
                    let mut outcome = first.clone();
                    outcome.message =
                        format!("with client, server, {tag} alone: {}", outcome.message);
                    if let Value::Object(detail) = &mut outcome.detail {
                        detail.insert("features".into(), json!(format!("client,server,{tag}")));
                    }
                    outcome
                }
                (None, _, Some(tag)) => Outcome::new(
                    Class::Compiles,
                    format!(
                        "clippy -D warnings, all features and client, server, {tag} alone: clean"
                    ),
                ),
                (None, _, None) => {
                    Outcome::new(Class::Compiles, "clippy -D warnings, all features: clean")
                }
            };
            outcome.write(case)?;
        }
    }
    for (case, first) in copies {
        let mut outcome = Outcome::read(&first).ok_or("lost an outcome")?;
        // Keep the first case's detail (the error code the report groups by), noting the copy.
        match &mut outcome.detail {
            Value::Object(detail) => {
                detail.insert("same code as".into(), json!(case_name(&first)));
            }
            other => *other = json!({ "same code as": case_name(&first) }),
        }
        outcome.write(&case)?;
    }
    Ok(())
}

pub fn case_name(case: &Path) -> String {
    case.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// An io error, with the path it concerns.
fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |err| format!("{}: {err}", path.display())
}

pub fn write_workspace(
    root: &Path,
    dir: &Path,
    cases: &[PathBuf],
    tool: &str,
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    let root_manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(io(root))?;
    let generated_manifest =
        fs::read_to_string(root.join("generated/Cargo.toml")).map_err(io(root))?;
    let members: Vec<String> = cases
        .iter()
        .map(|c| format!("{:?}", case_name(c)))
        .collect();
    fs::write(
        dir.join("Cargo.toml"),
        workspace_manifest(&root_manifest, &members.join(", ")),
    )
    .map_err(io(dir))?;
    // The versions the project builds with (and no registry lookups for new ones).
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(io(dir))?;
    let features_and_deps = generated_manifest
        .find("[features]")
        .map(|i| &generated_manifest[i..])
        .ok_or("generated/Cargo.toml has no [features]")?;
    // The runtime is shared by every case (it builds once), not copied.
    let runtime = root.join("runtime");
    let features_and_deps = features_and_deps.replace(
        "path = \"../runtime\"",
        &format!("path = {:?}", runtime.display().to_string()),
    );
    for case in cases {
        let name = case_name(case);
        let krate = dir.join(&name);
        copy_dir(&case.join("out"), &krate.join("src"))?;
        // The case's own tag features (`features.toml` beside its `lib.rs`), not `generated/`'s.
        let features = fs::read_to_string(case.join("out").join(codegen::write::FEATURES_FILE))
            .ok()
            .and_then(|text| {
                let begin = text.find(codegen::write::FEATURES_BEGIN)?;
                Some(text[begin..].to_string())
            })
            .unwrap_or_else(|| codegen::write::features_block(&[]));
        let features_and_deps =
            codegen::write::replace_features_block(&features_and_deps, &features)
                .ok_or("generated/Cargo.toml has no tag features block")?;
        let manifest = format!(
            "[package]\nname = \"{tool}-{name}\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n{features_and_deps}"
        );
        fs::write(krate.join("Cargo.toml"), manifest).map_err(io(&krate))?;
    }
    Ok(())
}

/// The root manifest with its `[workspace]` table replaced by one listing `members`; the other tables
/// (`[workspace.dependencies]`, profiles) stay, so `serde.workspace = true` means what it means at home.
fn workspace_manifest(root_manifest: &str, members: &str) -> String {
    let mut out = format!("[workspace]\nresolver = \"2\"\nmembers = [{members}]\n");
    let mut in_workspace_table = false;
    for line in root_manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_workspace_table = trimmed == "[workspace]";
        }
        if !in_workspace_table {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The tag feature the case crate at `krate` is also built with alone, if it has two or more: the
/// one its name picks (a hash, so the cases of a run cover first, middle and last tags alike).
fn one_tag(krate: &Path, name: &str) -> Option<String> {
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).ok()?;
    let tags: Vec<&str> = manifest
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.trim()))
        .filter(|key| key.starts_with("tag-"))
        .collect();
    if tags.len() < 2 {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    name.hash(&mut hasher);
    Some(tags[(hasher.finish() % tags.len() as u64) as usize].to_string())
}

/// The cargo arguments that build each case of `one_tag` with the client, the server and its tag
/// only: `-p` each, and `package/feature` for each feature.
fn one_tag_args(one_tag: &BTreeMap<String, String>, tool: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut features = Vec::new();
    for (name, tag) in one_tag {
        let package = format!("{tool}-{name}");
        for feature in ["client", "server", tag] {
            features.push(format!("{package}/{feature}"));
        }
        args.extend(["-p".to_string(), package]);
    }
    args.extend([
        "--no-default-features".to_string(),
        "--features".to_string(),
        features.join(","),
    ]);
    args
}

/// Runs clippy over the batch with `selection` (the packages and features); returns the first error
/// of each case crate that has one.
fn clippy(
    dir: &Path,
    target: &Path,
    selection: &[impl AsRef<std::ffi::OsStr>],
) -> Result<BTreeMap<String, Outcome>, String> {
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("clippy")
        .args(selection)
        .args([
            "--keep-going",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // Each case is checked once: incremental state would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run cargo clippy: {err}"))?;
    let stderr = child.stderr.take();
    // Drain stderr on its own thread so a full pipe cannot stall cargo.
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    // cargo reports canonical manifest paths.
    let dir = dir
        .canonicalize()
        .map_err(|err| format!("{}: {err}", dir.display()))?;
    let mut errors: BTreeMap<String, Outcome> = BTreeMap::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if let Some((case, outcome)) = first_error(&dir, &message) {
                errors.entry(case).or_insert(outcome);
            }
        }
    }
    let status = child.wait().map_err(|err| err.to_string())?;
    let stderr = stderr.join().unwrap_or_default();
    forget_cases(&target.join("debug"));
    if !status.success() && errors.is_empty() {
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "cargo clippy failed in {} without a compiler error of a case:\n{}",
            dir.display(),
            tail.join("\n")
        ));
    }
    Ok(errors)
}

/// Removes what the case crates left in the shared target dir (a run of 1,000 cases would fill a
/// disk). The dependencies, the runtime among them, stay, built once.
fn forget_cases(debug: &Path) {
    for folder in ["deps", ".fingerprint", "build", "incremental"] {
        let Ok(entries) = fs::read_dir(debug.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let name = name.trim_start_matches("lib");
            // Case crates are `<tool>-<case>` (`fuzz-case-0001`, `sweep-...`); dependencies are not.
            if ["fuzz_", "fuzz-", "sweep_", "sweep-"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
            {
                let path = entry.path();
                let _ = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
            }
        }
    }
}

/// A compiler error of a case crate (`-D warnings` makes warnings errors), as an outcome.
fn first_error(dir: &Path, message: &Value) -> Option<(String, Outcome)> {
    if message.get("reason")?.as_str()? != "compiler-message" {
        return None;
    }
    let manifest = Path::new(message.get("manifest_path")?.as_str()?);
    let krate = manifest.parent()?;
    if krate.parent()? != dir {
        return None;
    }
    let diagnostic = message.get("message")?;
    if diagnostic.get("level")?.as_str()? != "error" {
        return None;
    }
    let text = diagnostic.get("message")?.as_str()?.to_string();
    if text.starts_with("aborting due to") {
        return None;
    }
    let code = diagnostic
        .pointer("/code/code")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let rendered = diagnostic
        .get("rendered")
        .and_then(Value::as_str)
        .unwrap_or(&text);
    let rendered: Vec<&str> = rendered.lines().take(16).collect();
    let mut outcome = Outcome::new(Class::BrokenCode, rendered.join("\n"));
    outcome.detail = json!({ "code": code, "message": text });
    Some((case_name(krate), outcome))
}

fn hash_dir(dir: &Path) -> u64 {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files);
    files.sort();
    let mut hasher = DefaultHasher::new();
    for (path, text) in files {
        path.hash(&mut hasher);
        text.hash(&mut hasher);
    }
    hasher.finish()
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(base, &path, out);
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(base), fs::read(&path)) {
            out.push((rel.to_path_buf(), bytes));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_with_tags_is_also_built_with_one_of_them_alone() {
        let dir = std::env::temp_dir().join(format!("xtask-one-tag-{}", std::process::id()));
        let manifest = |tags: &[&str]| {
            let block = codegen::write::features_block(
                &tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            );
            format!("[package]\nname = \"x\"\n\n[features]\n{block}\nclient = []\nserver = []\n")
        };
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("Cargo.toml"), manifest(&["tag-x-a"])).unwrap();
        assert_eq!(one_tag(&dir, "case-0001"), None);
        fs::write(
            dir.join("Cargo.toml"),
            manifest(&["tag-x-a", "tag-x-b", "tag-x-c"]),
        )
        .unwrap();
        let picked: std::collections::BTreeSet<String> = (0..40)
            .filter_map(|n| one_tag(&dir, &format!("case-{n:04}")))
            .collect();
        // Every tag is some case's, and never anything else.
        assert_eq!(
            picked.into_iter().collect::<Vec<_>>(),
            ["tag-x-a", "tag-x-b", "tag-x-c"]
        );
        let _ = fs::remove_dir_all(&dir);

        let one: BTreeMap<String, String> = [
            ("case-0001".to_string(), "tag-x-a".to_string()),
            ("case-0002".to_string(), "tag-y-b".to_string()),
        ]
        .into();
        assert_eq!(
            one_tag_args(&one, "fuzz").join(" "),
            "-p fuzz-case-0001 -p fuzz-case-0002 --no-default-features --features \
             fuzz-case-0001/client,fuzz-case-0001/server,fuzz-case-0001/tag-x-a,\
             fuzz-case-0002/client,fuzz-case-0002/server,fuzz-case-0002/tag-y-b"
        );
    }

    #[test]
    fn the_scratch_manifest_keeps_the_shared_tables_and_lists_its_own_members() {
        let root = "[workspace]\nresolver = \"2\"\nmembers = [\"a\"]\n\n[workspace.dependencies]\nserde = \"1\"\n\n[profile.dev]\ndebug = 0\n";
        let out = workspace_manifest(root, "\"case-0001\"");
        assert!(out.starts_with("[workspace]\nresolver = \"2\"\nmembers = [\"case-0001\"]\n"));
        assert!(!out.contains("\"a\""));
        assert!(out.contains("[workspace.dependencies]\nserde = \"1\""));
        assert!(out.contains("[profile.dev]"));
    }
}
