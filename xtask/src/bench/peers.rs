//! The peer generators `--peers` compares with, installed from crates.io into `target/bench/peers/`
//! (`cargo install --locked --root`, its build in `target/bench/peers/build`) when missing.
//!
//! Adding a peer is adding one entry to [`PEERS`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One peer: its name in the table, its crate, its binary, and its command line, where `{spec}` is the
/// OpenAPI document and `{out}` the folder it writes to (which does not exist before the run).
pub struct Peer {
    pub name: &'static str,
    pub krate: &'static str,
    pub bin: &'static str,
    pub args: &'static [&'static str],
    /// Whether `{out}` is a crate (a `Cargo.toml` and `src/`) that `cargo check` can build.
    pub writes_crate: bool,
}

pub const PEERS: &[Peer] = &[
    Peer {
        name: "progenitor",
        krate: "cargo-progenitor",
        bin: "cargo-progenitor",
        args: &[
            "progenitor",
            "-i",
            "{spec}",
            "-o",
            "{out}",
            "-n",
            "peer-progenitor",
            "-v",
            "0.1.0",
        ],
        writes_crate: true,
    },
    Peer {
        name: "oas3-gen",
        krate: "oas3-gen",
        bin: "oas3-gen",
        args: &[
            "generate",
            "client-mod",
            "-i",
            "{spec}",
            "-o",
            "{out}",
            "--workspace",
        ],
        writes_crate: true,
    },
    Peer {
        name: "ploidy",
        krate: "ploidy",
        bin: "ploidy",
        args: &["generate", "rust", "{spec}", "-o", "{out}"],
        writes_crate: true,
    },
    Peer {
        name: "openapi-to-rust",
        krate: "openapi-to-rust",
        bin: "openapi-to-rust",
        // Writes `{types,client,mod}.rs` and the dependencies they need as a list: a module, no crate.
        args: &["generate", "{spec}", "--output-dir", "{out}"],
        writes_crate: false,
    },
];

impl Peer {
    /// The command line with `{spec}` and `{out}` filled in.
    pub fn command(&self, spec: &Path, out: &Path) -> Vec<String> {
        fill(self.args, spec, out)
    }

    /// The installed binary, installing it first when it is missing.
    pub fn install(&self, peers: &Path) -> Result<PathBuf, String> {
        let bin = peers.join("bin").join(self.bin);
        if bin.is_file() {
            return Ok(bin);
        }
        eprintln!(
            "bench: cargo install --locked --root {} {} (once; this takes minutes)",
            peers.display(),
            self.krate
        );
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args(["install", "--locked", "--quiet", "--root"])
            .arg(peers)
            .arg(self.krate)
            .env("CARGO_TARGET_DIR", peers.join("build"))
            .stdin(Stdio::null())
            .output()
            .map_err(|err| format!("cannot run cargo install: {err}"))?;
        if !output.status.success() || !bin.is_file() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("no binary installed");
            return Err(format!("cargo install {} fails: {last}", self.krate));
        }
        Ok(bin)
    }
}

fn fill(args: &[&str], spec: &Path, out: &Path) -> Vec<String> {
    args.iter()
        .map(|arg| {
            arg.replace("{spec}", &spec.display().to_string())
                .replace("{out}", &out.display().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_template_is_filled_in() {
        let args = fill(
            &["generate", "-i", "{spec}", "--out={out}"],
            Path::new("/a/openapi.json"),
            Path::new("/b"),
        );
        assert_eq!(args, ["generate", "-i", "/a/openapi.json", "--out=/b"]);
    }

    #[test]
    fn every_peer_names_its_input_and_output() {
        for peer in PEERS {
            assert!(
                peer.args.iter().any(|a| a.contains("{spec}")),
                "{}",
                peer.name
            );
            assert!(
                peer.args.iter().any(|a| a.contains("{out}")),
                "{}",
                peer.name
            );
        }
    }
}
