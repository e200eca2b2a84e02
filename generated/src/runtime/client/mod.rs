//! The HTTP machinery of the generated clients (feature `client`).
//!
//! Each API module has a `client` module with a trait of its operations and a [`Client`](crate::oppdrag_utenlandske_virksomheter::client::Client)
//! implementing it over [`Transport`]. The transport sends `Authorization: Bearer <token>` from your
//! [`TokenSource`] and `Accept` explicitly, keeps at most 5 calls in flight (configurable), and retries
//! transport failures and 5xx answers with backoff — but only for `GET`s and for submissions with an
//! idempotency key, which keep the same key on every try.
//!
//! ```no_run
//! use skatteetaten_api::oppdrag_utenlandske_virksomheter::client::{
//!     Client, OppdragUtenlandskeVirksomheterApi,
//! };
//! use skatteetaten_api::oppdrag_utenlandske_virksomheter::Organisasjonsnummer;
//! use skatteetaten_api::runtime::client::{Error, StaticToken};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // The token comes from Maskinporten, for the scope `oppdrag_utenlandske_virksomheter::SCOPE`.
//! let client = Client::test(StaticToken::new("<maskinporten-token>"))?;
//! let org = Organisasjonsnummer::new("974761076")?;
//! match client.hent_oppdrag_utenlandske_virksomheter(&org, None).await {
//!     Ok(svar) => println!("{} aktive oppdrag", svar.oppdrag.antall_aktive_oppdrag_som_arbeidsgiver),
//!     Err(Error::Api(feil)) => println!(
//!         "HTTP {}: {} {} (korrelasjonsid {})",
//!         feil.status, feil.body.kode, feil.body.melding, feil.body.korrelasjonsid
//!     ),
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```

mod config;
mod error;
mod request;
mod response;
mod token;
mod transport;

pub use config::{Backoff, ClientConfig};
pub use error::{ApiError, BuildError, DecodeError, Error, RequestError, TransportError};
pub use request::Request;
pub use reqwest::Method;
pub use response::Response;
pub use token::{BoxFuture, StaticToken, Token, TokenError, TokenSource};
pub use transport::Transport;
