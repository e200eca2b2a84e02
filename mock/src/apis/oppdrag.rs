//! Innrapportering oppdrag til utenlandske oppdragstakere: submissions are stored per assignment
//! (oppdragsgiver + oppdragsnummer); `innsendingstype` must fit whether the assignment exists (`ny` only
//! for a new one, `endring`/`sletting` only for an existing one: `OAR_1012`). Forsendelser are fetched by
//! id; the mock handles a submission when it receives it, so a stored forsendelse is `behandlet`. The
//! documented example forsendelse is there from the start.

use std::sync::Arc;

use skatteetaten_api::innrapportering_oppdrag::{
    Feilkode, Feilspesifiseringskode, Forsendelse, Forsendelsesstatus, HentForsendelseRequest,
    HentForsendelseResponse, InnrapporteringOppdragApi, Innsendingstype, Kvittering,
    Oppdragsinnsending, SendInnOppdragRequest, SendInnOppdragResponse,
};
use skatteetaten_api::runtime::{Context, Error};

use crate::examples;
use crate::store::{Db, Earlier, Submission};

const MODULE: &str = "innrapportering_oppdrag";
const EXAMPLE: &str =
    "/paths/~1forsendelse~1{forsendelseId}/get/responses/200/content/application~1json/example";

/// Cheap to clone (the database is shared), so a call can move to the blocking pool.
#[derive(Clone)]
pub struct Oppdrag {
    db: Arc<Db>,
}

impl Oppdrag {
    /// The API over `db`, with the documented example forsendelse stored (to be fetched; it is no
    /// assignment a submission finds).
    pub fn new(db: Arc<Db>) -> Result<Self, String> {
        let example: Forsendelse = serde_json::from_value(examples::oppdrag_spec_example(EXAMPLE)?)
            .map_err(|err| format!("the oppdrag example: {err}"))?;
        db.insert(&Submission {
            api: MODULE.into(),
            forsendelse_id: example.forsendelse_id.to_string(),
            dialog_id: example.dialog_id.to_string(),
            organisasjonsnummer: example
                .innsending
                .oppdragsgiver
                .organisasjonsnummer
                .to_string(),
            // Kept apart from the assignments clients report: the spec's own example submission (the same
            // assignment, `innsendingstype: ny`) is accepted by a fresh mock, as it would be by a fresh
            // register, and the documented forsendelse can still be fetched.
            noekkel: format!("eksempel:{}", example.innsending.oppdrag.oppdragsnummer),
            innhold: serde_json::to_string(&example.innsending).map_err(|err| err.to_string())?,
            mottatt: example.mottatt.to_rfc3339(),
            idempotency_key: None,
            kvittering: None,
        })?;
        Ok(Oppdrag { db })
    }

    fn receive(
        &self,
        request: SendInnOppdragRequest,
        context: &Context,
    ) -> Result<SendInnOppdragResponse, String> {
        let innsending = &request.body;
        let key = request.idempotency_key.to_string();
        let innhold = serde_json::to_string(innsending).map_err(|err| err.to_string())?;
        // A retry after a crash that kept the submission but not the adapter's reply: answer the
        // stored receipt (before the `innsendingstype` check, which the stored submission would fail).
        match self.db.earlier(MODULE, &key, &innhold)? {
            Earlier::Same(kvittering) => {
                return serde_json::from_str(&kvittering)
                    .map(SendInnOppdragResponse::Ok)
                    .map_err(|err| format!("a stored receipt is unreadable: {err}"))
            }
            Earlier::Different => {
                return Ok(SendInnOppdragResponse::Conflict(feil!(
                    context,
                    Feilkode::Oar007,
                    format!("Idempotensnøkkelen {key} er brukt tidligere med et annet innhold"),
                )))
            }
            Earlier::None => {}
        }
        let organisasjonsnummer = innsending.oppdragsgiver.organisasjonsnummer.to_string();
        let oppdragsnummer = innsending.oppdrag.oppdragsnummer.clone();
        let previous = self
            .db
            .latest(MODULE, &organisasjonsnummer, &oppdragsnummer)?;
        let exists = match &previous {
            None => false,
            Some(previous) => {
                let stored: Oppdragsinnsending = serde_json::from_str(&previous.innhold)
                    .map_err(|err| format!("a stored submission is unreadable: {err}"))?;
                stored.innsendingstype != Innsendingstype::Sletting
            }
        };
        let fits = match &innsending.innsendingstype {
            Innsendingstype::Ny => !exists,
            Innsendingstype::Endring | Innsendingstype::Sletting => exists,
            Innsendingstype::Unknown(value) => {
                return Ok(SendInnOppdragResponse::BadRequest(feil!(
                    context,
                    Feilkode::Oar005,
                    Some(Feilspesifiseringskode::Oar1007),
                    format!("Ukjent innsendingstype `{value}`"),
                )))
            }
        };
        if !fits {
            let state = if exists {
                "finnes allerede"
            } else {
                "finnes ikke"
            };
            return Ok(SendInnOppdragResponse::BadRequest(feil!(
                context,
                Feilkode::Oar005,
                Some(Feilspesifiseringskode::Oar1012),
                format!(
                    "Innsendingstype `{}` passer ikke: oppdraget {oppdragsnummer} {state}",
                    innsending.innsendingstype
                ),
            )));
        }
        // One dialog per assignment.
        let dialog_id = match &previous {
            Some(previous) => previous
                .dialog_id
                .parse()
                .map_err(|_| "a stored dialog id is not a UUID")?,
            None => super::new_id(),
        };
        let forsendelse_id = super::new_id();
        let kvittering = Kvittering {
            dialog_id,
            forsendelse_id,
            oppdragsnummer: Some(oppdragsnummer.clone()),
            innsendingstype: Some(innsending.innsendingstype.clone()),
        };
        self.db.insert(&Submission {
            api: MODULE.into(),
            forsendelse_id: forsendelse_id.to_string(),
            dialog_id: dialog_id.to_string(),
            organisasjonsnummer,
            noekkel: oppdragsnummer,
            innhold,
            mottatt: super::now().to_rfc3339(),
            idempotency_key: Some(key),
            kvittering: Some(serde_json::to_string(&kvittering).map_err(|err| err.to_string())?),
        })?;
        Ok(SendInnOppdragResponse::Ok(kvittering))
    }

    fn forsendelse(
        &self,
        request: HentForsendelseRequest,
        context: &Context,
    ) -> Result<HentForsendelseResponse, String> {
        let id = request.forsendelse_id.to_string();
        let Some(submission) = self.db.get(MODULE, &id)? else {
            return Ok(HentForsendelseResponse::NotFound(feil!(
                context,
                Feilkode::Oar008,
                Some(Feilspesifiseringskode::Oar1010),
                format!("Det finnes ingen forsendelse med ID {id}"),
            )));
        };
        let unreadable =
            |err: &dyn std::fmt::Display| format!("a stored submission is unreadable: {err}");
        Ok(HentForsendelseResponse::Ok(Forsendelse {
            forsendelse_id: request.forsendelse_id,
            dialog_id: submission
                .dialog_id
                .parse()
                .map_err(|err| unreadable(&err))?,
            status: Forsendelsesstatus::Behandlet,
            mottatt: chrono::DateTime::parse_from_rfc3339(&submission.mottatt)
                .map_err(|err| unreadable(&err))?,
            innsending: serde_json::from_str(&submission.innhold)
                .map_err(|err| unreadable(&err))?,
        }))
    }
}

impl InnrapporteringOppdragApi for Oppdrag {
    async fn send_inn_oppdrag(
        &self,
        request: SendInnOppdragRequest,
        context: &Context,
    ) -> Result<SendInnOppdragResponse, Error> {
        let (this, context) = (self.clone(), context.clone());
        super::blocking(move || this.receive(request, &context))
            .await
            .map_err(super::failed)
    }

    async fn hent_forsendelse(
        &self,
        request: HentForsendelseRequest,
        context: &Context,
    ) -> Result<HentForsendelseResponse, Error> {
        let (this, context) = (self.clone(), context.clone());
        super::blocking(move || this.forsendelse(request, &context))
            .await
            .map_err(super::failed)
    }
}
