//! A local mock of every Skatteetaten API in `specs/`, built on the generated server adapters: each API
//! under `/<first label of its production host>/v1`, answering lookups of the documented example
//! identifiers with the example data, storing submissions durably in SQLite, and serving the event feeds
//! from the data it holds. `GET /` lists the APIs.

mod apis;
mod examples;
pub mod maskinporten;
mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use skatteetaten_api::runtime::server::{ServerConfig, SharedSecret, SqliteStore};

pub use examples::aandsverk_innsending;
pub use store::Db;

/// The mock's implementation of each API's trait: what [`Mock::router`] serves over HTTP, to call
/// in-process through the same trait (the submission APIs over the mock's [`Mock::db`]).
pub mod implementations {
    pub use crate::apis::aandsverk::Aandsverk;
    pub use crate::apis::hendelser::Hendelser;
    pub use crate::apis::oppdrag::Oppdrag;
    pub use crate::apis::opptjeningsgrunnlag::Opptjeningsgrunnlag;
    pub use crate::apis::underenhet::Underenheter;
    pub use crate::apis::utenlandske_virksomheter::Virksomheter;
}

/// How the mock is started.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// The SQLite file for submissions and idempotency keys (created if missing).
    pub db: PathBuf,
    /// When set, only this bearer token is accepted; otherwise any well-formed one.
    pub token_key: Option<String>,
}

/// One API the mock serves.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The module of the generated crate.
    pub module: &'static str,
    /// The production base URL; its host's first label names the mock's path prefix.
    pub production_url: &'static str,
}

impl ApiInfo {
    /// The first label of the production host (`oppdragutenlandskevirksomheter`).
    pub fn label(&self) -> &'static str {
        let host = self
            .production_url
            .split_once("://")
            .map_or(self.production_url, |(_, rest)| rest);
        host.split(['.', '/']).next().unwrap_or(host)
    }

    /// The base path of the API on the mock (`/oppdragutenlandskevirksomheter/v1`).
    pub fn base_path(&self) -> String {
        let rest = self
            .production_url
            .split_once("://")
            .map_or(self.production_url, |(_, rest)| rest);
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        format!("/{}{}", self.label(), path.trim_end_matches('/'))
    }
}

use skatteetaten_api as api;

/// Every API, in the order of the generated crate.
pub const APIS: &[ApiInfo] = &[
    ApiInfo {
        module: "innrapportering_aandsverk",
        production_url: api::innrapportering_aandsverk::PRODUCTION_URL,
    },
    ApiInfo {
        module: "innrapportering_oppdrag",
        production_url: api::innrapportering_oppdrag::PRODUCTION_URL,
    },
    ApiInfo {
        module: "oppdrag_utenlandske_virksomheter",
        production_url: api::oppdrag_utenlandske_virksomheter::PRODUCTION_URL,
    },
    ApiInfo {
        module: "opptjeningsgrunnlag_arbeidsforhold",
        production_url: api::opptjeningsgrunnlag_arbeidsforhold::PRODUCTION_URL,
    },
    ApiInfo {
        module: "opptjeningsgrunnlag_arbeidsforhold_hendelser",
        production_url: api::opptjeningsgrunnlag_arbeidsforhold_hendelser::PRODUCTION_URL,
    },
    ApiInfo {
        module: "underenhet_aordningen",
        production_url: api::underenhet_aordningen::PRODUCTION_URL,
    },
    ApiInfo {
        module: "underenhet_aordningen_hendelser",
        production_url: api::underenhet_aordningen_hendelser::PRODUCTION_URL,
    },
];

/// The mock: its data and the adapter settings every API is served with.
#[derive(Clone)]
pub struct Mock {
    db: Arc<Db>,
    server: ServerConfig,
    routers: Router,
}

impl Mock {
    /// Opens the database in `config.db` (seeding the documented examples) and prepares the adapters.
    pub fn open(config: &MockConfig) -> Result<Mock, String> {
        // Checked first: a key no token can match would make every request a 401.
        let tokens = match &config.token_key {
            Some(key) => {
                Some(SharedSecret::new(key.clone()).map_err(|err| format!("--token-key: {err}"))?)
            }
            None => None,
        };
        let db = Db::open(&config.db).map_err(|err| format!("{}: {err}", config.db.display()))?;
        let store = SqliteStore::open(&config.db)
            .map_err(|err| format!("{}: {err}", config.db.display()))?;
        let mut server = ServerConfig::default().with_store(Arc::new(store));
        if let Some(tokens) = tokens {
            server = server.with_tokens(tokens);
        }
        let db = Arc::new(db);
        let routers = routers(&db, &server)?;
        Ok(Mock {
            db,
            server,
            routers,
        })
    }

    /// Changes the adapter settings (body limit, timeout) of every API.
    pub fn with_server_config(
        mut self,
        change: impl FnOnce(ServerConfig) -> ServerConfig,
    ) -> Result<Self, String> {
        self.server = change(self.server);
        self.routers = routers(&self.db, &self.server)?;
        Ok(self)
    }

    /// The data the mock holds.
    pub fn db(&self) -> &Arc<Db> {
        &self.db
    }

    /// Every API under its base path, `GET /` listing them, anything else the shared unknown-URL code.
    pub fn router(&self) -> Router {
        self.routers.clone()
    }
}

fn routers(db: &Arc<Db>, server: &ServerConfig) -> Result<Router, String> {
    let mut router = Router::new().route("/", get(index));
    for info in APIS {
        let api = apis::router(info.module, Arc::clone(db), server.clone())?;
        router = router.nest(&info.base_path(), api);
    }
    // `/` answers GET only; another method there is no endpoint either (the APIs' adapters do the same
    // where an API documents no 405 code), in the shared error body rather than axum's empty 405.
    Ok(router
        .fallback(unknown_url)
        .method_not_allowed_fallback(unknown_url))
}

async fn index() -> Json<serde_json::Value> {
    let apis: Vec<_> = APIS
        .iter()
        .map(|info| {
            json!({
                "api": info.module,
                "basePath": info.base_path(),
                "productionUrl": info.production_url,
            })
        })
        .collect();
    Json(json!({ "apis": apis }))
}

/// A path under no API: the shared `DAS-002` of `felles/feil.md`.
async fn unknown_url(request: axum::extract::Request) -> Response {
    let code = api::felles::Feilkode::Das002;
    let body = json!({
        "kode": code.code(),
        "melding": format!("{} ({})", code.text().unwrap_or_default(), request.uri().path()),
        "korrelasjonsid": skatteetaten_api::runtime::server::korrelasjonsid(),
    });
    (axum::http::StatusCode::NOT_FOUND, Json(body)).into_response()
}
