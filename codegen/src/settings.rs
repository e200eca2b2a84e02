//! What a user can choose about a run, beside its specs: which operations, which types come from
//! elsewhere, and how the output is used. Decided here once and carried as data: the model holds what
//! the lowering made of them ([`Model::root`](crate::model::Model::root)), the emitters read that.

use std::collections::{BTreeMap, BTreeSet};

/// The settings of a run. `Settings::default()` is what `cargo xtask generate` uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Only the operations with at least one of these tags (the spec's tag name, or its feature name
    /// without the `tag-<module>-` prefix; `untagged`: those without a tag), and the types they reach.
    /// Empty: every operation.
    pub tags: BTreeSet<String>,
    /// Component schemas not generated but taken from existing Rust code, as prost-build's
    /// `extern_path`: the schema (`#/components/schemas/Money` in every API, or
    /// `petstore#/components/schemas/Money` in one) → the Rust path used instead (`::money::Money`).
    /// A schema's own `x-rust-type` extension says the same in the spec; a setting wins over it. A
    /// schema a spec bundles from another folder of the run follows that folder's mapping. What the
    /// type must implement: [`ExternType`](crate::model::ExternType).
    pub extern_types: BTreeMap<String, String>,
    /// How the output is used.
    pub layout: Layout,
    /// The first sentence of the crate's docs; `None`: one naming the APIs the run holds.
    pub description: Option<String>,
    /// What the first line of every file says made it (`cargo xtask generate`, `skattegen`).
    pub generated_by: String,
    /// The module the generated `lib.rs` becomes, when it is not the crate root: `crate::api` for
    /// `pub mod api { include!(…); }` or `#[path = "generated/lib.rs"] pub mod api;`. `None`: the crate
    /// root.
    pub module_path: Option<String>,
    /// Whether the model keeps each response's documented examples (`Response::examples`): a mock
    /// answers with them; the emitters do not read them, so generating does not pay for them.
    pub examples: bool,
    /// Whether a description without tags has its operations grouped by their paths, each group a
    /// tag (`/v1/customers/…` → `customers`: see `model::lower::path_groups`). Off: every operation
    /// of such a description is compiled in every build, and a note says what grouping would make.
    pub group_by_path: bool,
}

impl Settings {
    /// The name [`generated_by`](Self::generated_by) has when none is set.
    pub const DEFAULT_GENERATOR: &'static str = "`cargo xtask generate`";

    /// [`generated_by`](Self::generated_by), or the default.
    pub fn generator(&self) -> &str {
        if self.generated_by.is_empty() {
            Self::DEFAULT_GENERATOR
        } else {
            &self.generated_by
        }
    }
}

/// How the generated files are used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// `src/` of a crate of its own: `lib.rs` is the crate root, with the crate's docs and attributes.
    #[default]
    Crate,
    /// Files included into another crate's root with `include!` (from `build.rs`'s `OUT_DIR`): the
    /// entry file has no inner attributes or inner docs, which `include!` refuses.
    Included,
}
