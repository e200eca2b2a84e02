//! One implementation of each generated API trait. Each is served over HTTP by the API's generated
//! router, and can be called in-process through the same trait a client user codes against.

/// Skatteetaten's error body (`felles::Feil`, one type for every API): the API's code, the message
/// and the call's correlation id; with a `Feilspesifiseringskode`, for the APIs that specify errors
/// further (pass `None` for none).
macro_rules! feil {
    ($context:expr, $kode:expr, $melding:expr $(,)?) => {
        feil!($context, $kode, None::<String>, $melding)
    };
    ($context:expr, $kode:expr, $spec:expr, $melding:expr $(,)?) => {{
        let melding: String = $melding;
        skatteetaten_api::felles::Feil {
            kode: $kode.into(),
            korrelasjonsid: $crate::apis::korrelasjonsid($context),
            feilspesifiseringer: $spec.map(|kode| {
                vec![skatteetaten_api::felles::Feilspesifisering {
                    feilspesifiseringskode: kode.into(),
                    melding: Some(melding.clone()),
                    sti: None,
                    angitt_verdi: None,
                }]
            }),
            melding,
        }
    }};
}

pub(crate) mod aandsverk;
mod feed;
pub(crate) mod hendelser;
pub(crate) mod oppdrag;
pub(crate) mod opptjeningsgrunnlag;
pub(crate) mod underenhet;
pub(crate) mod utenlandske_virksomheter;

use std::sync::Arc;

use axum::Router;
use skatteetaten_api::runtime::server::ServerConfig;
use skatteetaten_api::runtime::{Context, Error};

use crate::store::Db;

/// The router of the API `module` (a module of [`crate::APIS`]).
pub fn router(module: &str, db: Arc<Db>, config: ServerConfig) -> Result<Router, String> {
    use skatteetaten_api as api;
    Ok(match module {
        "innrapportering_aandsverk" => {
            api::innrapportering_aandsverk::server::router(aandsverk::Aandsverk::new(db)?, config)
        }
        "innrapportering_oppdrag" => {
            api::innrapportering_oppdrag::server::router(oppdrag::Oppdrag::new(db)?, config)
        }
        "oppdrag_utenlandske_virksomheter" => {
            api::oppdrag_utenlandske_virksomheter::server::router(
                utenlandske_virksomheter::Virksomheter::new()?,
                config,
            )
        }
        "opptjeningsgrunnlag_arbeidsforhold" => {
            api::opptjeningsgrunnlag_arbeidsforhold::server::router(
                opptjeningsgrunnlag::Opptjeningsgrunnlag::new()?,
                config,
            )
        }
        "opptjeningsgrunnlag_arbeidsforhold_hendelser" => {
            api::opptjeningsgrunnlag_arbeidsforhold_hendelser::server::router(
                hendelser::Hendelser::opptjeningsgrunnlag()?,
                config,
            )
        }
        "underenhet_aordningen" => {
            api::underenhet_aordningen::server::router(underenhet::Underenheter::new()?, config)
        }
        "underenhet_aordningen_hendelser" => api::underenhet_aordningen_hendelser::server::router(
            hendelser::Hendelser::underenhet()?,
            config,
        ),
        other => return Err(format!("the mock has no implementation of `{other}`")),
    })
}

/// Runs `work`, which goes to SQLite, on Tokio's blocking pool rather than a worker thread: a slow disk
/// must not stall the other requests served by that thread. A panic in it is an error, not a crash.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| format!("the database task failed: {err}"))?
}

/// The call's correlation id (the one the client sent, or the adapter's), for an error body.
fn korrelasjonsid(context: &Context) -> String {
    context
        .correlation_id
        .clone()
        .unwrap_or_else(skatteetaten_api::runtime::server::korrelasjonsid)
}

/// An error of the mock itself (its database): the adapter answers it with the API's
/// unexpected-error code.
fn failed(err: String) -> Error {
    Error::implementation(err)
}

/// A fresh id (dialog, forsendelse).
fn new_id() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}

/// The time now, with offset.
fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

/// The mock's rule for deleted data: periods that end before this month are deleted (OAF-009, UFA-009).
pub const DELETED_BEFORE: &str = "2015-01";
