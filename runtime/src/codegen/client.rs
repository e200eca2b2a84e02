//! What a generated client's operations build and read: the [`Request`] each call fills in and sends
//! through the user's `Transport`, and the `Response` its response enum decodes ([`Decode`]).

pub mod events;

pub use crate::client::request::Request;
pub use crate::client::response::Decode;
/// The HTTP method of a [`Request`] (reqwest's).
pub use reqwest::Method;
