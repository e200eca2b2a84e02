//! A crate that generates its API in `build.rs` (see there) and includes it here, at the crate root,
//! where the generated code finds its modules and `runtime`.
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/skattegen/lib.rs"));
