//! What of `cargo xtask` the workspace's tests use too: the cases of the fuzzer and the sweep, and how
//! a generated `src/` becomes a crate of a scratch workspace (`cases::compile::write_workspace`), which
//! the bench and `tests/tag_features.rs` build on as well; and the type-fidelity audit of a specs folder
//! (`fidelity`), which the cases' worker runs. The commands are the binary's (`main.rs`).

pub mod cases;
pub mod fidelity;
