//! A local mock of every Skatteetaten API in `specs/`, built on the generated server adapters: each API
//! under `/<first label of its production host>/v1`, answering lookups of the documented example
//! identifiers with the example data, storing submissions durably in SQLite, and serving the event feeds
//! from the data it holds. The other APIs of a specs folder ([`Mock::with_specs`]) are served from their
//! specs alone, as Stoplight Prism serves them: documented examples, requests checked against the spec
//! (see [`spec_apis`]). `GET /` lists the APIs.
//!
//! Why the mock depends on the generator (`skatteetaten-codegen`), and all of it: [`spec_apis`] serves
//! any spec from the generator's loader and model (its operations, types, error roles, examples), so
//! that it reads a spec exactly as the generated code was made from it; and the one example of the
//! built-in APIs that is in a spec rather than a fixture (`examples`) is read from the spec text by the
//! generator's YAML reader, so that it reads as the generator reads it. That example cannot go through
//! the model as [`spec_apis`]' do: the spec is compiled into the binary, and its `$ref`s to
//! `../felles` can only be bundled from a `specs/` folder on disk, which the built-in APIs do not need.
//! Linking the generator without its emitters (a cargo feature) was weighed and not done: it would
//! spare an isolated `cargo build -p skatteetaten-mock` six of the 236 crates it compiles (prettyplease,
//! pathdiff, regex and its three) and the emitting fifth of the generator, about 40 s of one core; but
//! the workspace builds (the tests, xtask, CI) need the emitters, and cargo compiles the generator once
//! with the features of all its users, so they would save nothing and gain a feature to keep building.

mod apis;
mod examples;
pub mod maskinporten;
pub mod spec_apis;
mod store;

use std::path::{Path, PathBuf};
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
    spec_apis: Arc<Vec<spec_apis::SpecApi>>,
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
        let spec_apis = Arc::new(Vec::new());
        let routers = routers(&db, &server, &spec_apis)?;
        Ok(Mock {
            db,
            server,
            spec_apis,
            routers,
        })
    }

    /// Changes the adapter settings (body limit, timeout) of every API.
    pub fn with_server_config(
        mut self,
        change: impl FnOnce(ServerConfig) -> ServerConfig,
    ) -> Result<Self, String> {
        self.server = change(self.server);
        self.routers = routers(&self.db, &self.server, &self.spec_apis)?;
        Ok(self)
    }

    /// Also serves the APIs of the specs folder `dir` that have no hand-written behaviour here (every
    /// folder with operations but the seven of [`APIS`]), from their specs alone: see [`spec_apis`].
    /// `Err`: a spec the generator cannot read, said with its file and place.
    pub fn with_specs(mut self, dir: &Path) -> Result<Self, String> {
        let hand_written: Vec<&str> = APIS.iter().map(|info| info.module).collect();
        let taken: Vec<&str> = APIS.iter().map(|info| info.label()).collect();
        let apis = spec_apis::load(dir, &hand_written, &taken)
            .map_err(|err| format!("--specs {}: {err}", dir.display()))?;
        self.spec_apis = Arc::new(apis);
        self.routers = routers(&self.db, &self.server, &self.spec_apis)?;
        Ok(self)
    }

    /// The APIs served from their specs alone ([`Mock::with_specs`]).
    pub fn spec_apis(&self) -> &[spec_apis::SpecApi] {
        &self.spec_apis
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

fn routers(
    db: &Arc<Db>,
    server: &ServerConfig,
    spec_apis: &Arc<Vec<spec_apis::SpecApi>>,
) -> Result<Router, String> {
    let listed = Arc::clone(spec_apis);
    let mut router = Router::new().route("/", get(move || index(Arc::clone(&listed))));
    for info in APIS {
        let api = apis::router(info.module, Arc::clone(db), server.clone())?;
        router = router.nest(&info.base_path(), api);
    }
    // `/` answers GET only; another method there is no endpoint either (the APIs' adapters do the same
    // where an API documents no 405 code), in the shared error body rather than axum's empty 405.
    // A path under no hand-written API is an API's served from its spec, or no endpoint.
    let spec_apis = Arc::clone(spec_apis);
    let fallback = move |request: axum::extract::Request| {
        let spec_apis = Arc::clone(&spec_apis);
        async move {
            let path = request.uri().path().to_string();
            for api in spec_apis.iter() {
                if let Some(rest) = api.strip(&path) {
                    return spec_apis::answer(api, request, rest).await;
                }
            }
            unknown_url(request).await
        }
    };
    Ok(router
        .fallback(fallback)
        .method_not_allowed_fallback(unknown_url))
}

async fn index(spec_apis: Arc<Vec<spec_apis::SpecApi>>) -> Json<serde_json::Value> {
    let mut apis: Vec<_> = APIS
        .iter()
        .map(|info| {
            json!({
                "api": info.module,
                "basePath": info.base_path(),
                "productionUrl": info.production_url,
                "served": "stateful",
            })
        })
        .collect();
    apis.extend(spec_apis.iter().map(|api| {
        json!({
            "api": api.module,
            "title": api.title,
            "basePath": api.base_path,
            "productionUrl": api.server_url,
            "served": "examples only",
        })
    }));
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
