//! Cases: what the fuzzer and the sweep share. A case is a folder holding `specs/` (a folder of spec
//! folders, as `cargo xtask generate --specs` reads it) and, once judged, `outcome.json`.
//!
//! - [`runner`] + [`worker`]: generation in a child process, restarted after a case that crashes or hangs
//!   it, so the case is named and the run goes on;
//! - [`compile`]: the cases that generated, as crates of scratch workspaces, through clippy;
//! - [`signature`]: messages with what varies blanked out, to group them;
//! - [`outcome`]: what happened to a case, on disk so every stage (and a rerun) can read it.

pub mod compile;
pub mod files;
pub mod outcome;
pub mod runner;
pub mod signature;
pub mod worker;
