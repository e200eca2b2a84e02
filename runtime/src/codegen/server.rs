//! What a generated server adapter's `router` is built of: the [`Operation`] constant and call
//! function of each operation, added to [`Routes`] and served through [`Server`]; the [`Input`] a
//! call function reads the request from, the implementation called through [`invoke`] (a
//! [`Handler`]), and the [`Reply`] the `Responses` derive turns a response into ([`Respond`]).

pub mod events;

pub use crate::server::accept::{accepts, is_json_media_type, negotiate, Format};
pub use crate::server::input::Input;
pub use crate::server::pipeline::{
    invoke, Answer, BodyKind, Call, CallError, Handler, KeyLocation, Operation, Routes, Server,
    Started,
};
pub use crate::server::rejection::Rejection;
pub use crate::server::reply::{Reply, ReplyError, Respond};
