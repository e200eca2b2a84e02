//! Innrapportering av godtgjøring til opphaver til åndsverk: submissions are checked (income year in path
//! and body alike, year supported), stored, and counted in the receipt; each stored submission is one
//! document, whose id is the forsendelse id, fetched back with `hentDokument`. The documented example
//! submission is there from the start, under the ids of the documented receipt.

use std::ops::RangeInclusive;
use std::sync::Arc;

use skatteetaten_api::innrapportering_aandsverk::{
    Feilkode, Feilspesifiseringskode, HentDokumentRequest, HentDokumentResponse,
    InnrapporteringAandsverkApi, Innsending, Kvittering, Leveransetype, SendInnLeveranseRequest,
    SendInnLeveranseResponse,
};
use skatteetaten_api::runtime::{Context, Error};

use crate::examples;
use crate::store::{Db, Earlier, Submission};

const MODULE: &str = "innrapportering_aandsverk";

/// The income years the mock accepts submissions for (others: `GLD_1027`).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2024..=2026;

/// Cheap to clone (the database is shared), so a call can move to the blocking pool.
#[derive(Clone)]
pub struct Aandsverk {
    db: Arc<Db>,
}

impl Aandsverk {
    /// The API over `db`, with the documented example stored.
    pub fn new(db: Arc<Db>) -> Result<Self, String> {
        let innsending: Innsending = serde_json::from_value(examples::aandsverk_innsending()?)
            .map_err(|err| format!("the åndsverk example: {err}"))?;
        let kvittering: Kvittering = serde_json::from_str(examples::AANDSVERK_KVITTERING)
            .map_err(|err| format!("the åndsverk receipt example: {err}"))?;
        db.insert(&Submission {
            api: MODULE.into(),
            forsendelse_id: kvittering.forsendelse_id.to_string(),
            dialog_id: kvittering.dialog_id.to_string(),
            organisasjonsnummer: innsending
                .leveranse
                .oppgavegiver
                .organisasjonsnummer
                .to_string(),
            noekkel: innsending.leveranse.inntektsaar.to_string(),
            innhold: serde_json::to_string(&innsending).map_err(|err| err.to_string())?,
            mottatt: "2024-12-12T00:00:00+00:00".into(),
            idempotency_key: None,
            kvittering: None,
        })?;
        Ok(Aandsverk { db })
    }

    fn receive(
        &self,
        request: SendInnLeveranseRequest,
        context: &Context,
    ) -> Result<SendInnLeveranseResponse, String> {
        let leveranse = &request.body.leveranse;
        let key = request.idempotency_key.to_string();
        let innhold = serde_json::to_string(&request.body).map_err(|err| err.to_string())?;
        // A retry after a crash that kept the submission but not the adapter's reply: answer the
        // stored receipt, never store it twice. A stored submission's path year was its body's, so the
        // same body at another year is another request under the key (as the adapter judges it).
        match self.db.earlier(MODULE, &key, &innhold)? {
            Earlier::Same(kvittering) if leveranse.inntektsaar == request.inntektsaar => {
                return serde_json::from_str(&kvittering)
                    .map(SendInnLeveranseResponse::Ok)
                    .map_err(|err| format!("a stored receipt is unreadable: {err}"))
            }
            Earlier::Same(_) | Earlier::Different => {
                return Ok(SendInnLeveranseResponse::Conflict(feil!(
                    context,
                    Feilkode::Gld019,
                    format!("Idempotensnøkkelen {key} er brukt tidligere med et annet innhold"),
                )))
            }
            Earlier::None => {}
        }
        if leveranse.inntektsaar != request.inntektsaar {
            return Ok(SendInnLeveranseResponse::BadRequest(feil!(
                context,
                Feilkode::Gld010,
                Some(Feilspesifiseringskode::Gld1052),
                format!(
                    "Inntektsår i path ({}) og i innsending ({}) er ulike",
                    request.inntektsaar, leveranse.inntektsaar
                ),
            )));
        }
        if !SUPPORTED_YEARS.contains(&request.inntektsaar) {
            return Ok(SendInnLeveranseResponse::BadRequest(feil!(
                context,
                Feilkode::Gld010,
                Some(Feilspesifiseringskode::Gld1027),
                format!("Inntektsår {} er ikke støttet", request.inntektsaar),
            )));
        }
        let organisasjonsnummer = leveranse.oppgavegiver.organisasjonsnummer.to_string();
        let noekkel = leveranse.inntektsaar.to_string();
        // One dialog per income year and organisation: a new submission joins the existing one.
        let dialog_id = match self.db.latest(MODULE, &organisasjonsnummer, &noekkel)? {
            Some(previous) => previous
                .dialog_id
                .parse()
                .map_err(|_| "a stored dialog id is not a UUID")?,
            None => super::new_id(),
        };
        let forsendelse_id = super::new_id();
        let antall = i32::try_from(leveranse.oppgave.len()).unwrap_or(i32::MAX);
        let sletting = leveranse.leveransetype == Leveransetype::Sletting;
        let kvittering = Kvittering {
            dialog_id,
            forsendelse_id,
            oppgavegivers_leveranse_referanse: leveranse.oppgavegivers_leveranse_referanse.clone(),
            antall_sletteoppgaver: if sletting { antall } else { 0 },
            antall_oppgaver: if sletting { 0 } else { antall },
        };
        self.db.insert(&Submission {
            api: MODULE.into(),
            forsendelse_id: forsendelse_id.to_string(),
            dialog_id: dialog_id.to_string(),
            organisasjonsnummer,
            noekkel,
            innhold,
            mottatt: super::now().to_rfc3339(),
            idempotency_key: Some(key),
            kvittering: Some(serde_json::to_string(&kvittering).map_err(|err| err.to_string())?),
        })?;
        Ok(SendInnLeveranseResponse::Ok(kvittering))
    }

    fn document(
        &self,
        request: HentDokumentRequest,
        context: &Context,
    ) -> Result<HentDokumentResponse, String> {
        let organisasjonsnummer = request.organisasjonsnummer.to_string();
        let inntektsaar = request.inntektsaar.to_string();
        if self
            .db
            .latest(MODULE, &organisasjonsnummer, &inntektsaar)?
            .is_none()
        {
            return Ok(HentDokumentResponse::NotFound(feil!(
                    context,
                Feilkode::Gld021,
                Some(Feilspesifiseringskode::Gld1054),
                format!("Det finnes ingen dialog for inntektsår {inntektsaar} og organisasjonsnummer {organisasjonsnummer}"),
            )));
        }
        let forsendelse_id = request.forsendelse_id.to_string();
        let found = self.db.get(MODULE, &forsendelse_id)?.filter(|s| {
            s.organisasjonsnummer == organisasjonsnummer
                && s.noekkel == inntektsaar
                && request.dokument_id == s.forsendelse_id
        });
        match found {
            Some(submission) => serde_json::from_str(&submission.innhold)
                .map(HentDokumentResponse::Ok)
                .map_err(|err| format!("a stored submission is unreadable: {err}")),
            None => Ok(HentDokumentResponse::NotFound(feil!(
                context,
                Feilkode::Gld021,
                Some(Feilspesifiseringskode::Gld1050),
                format!(
                    "Finner ikke dokumentet {} på forsendelsen {forsendelse_id}",
                    request.dokument_id
                ),
            ))),
        }
    }
}

impl InnrapporteringAandsverkApi for Aandsverk {
    async fn send_inn_leveranse(
        &self,
        request: SendInnLeveranseRequest,
        context: &Context,
    ) -> Result<SendInnLeveranseResponse, Error> {
        let (this, context) = (self.clone(), context.clone());
        super::blocking(move || this.receive(request, &context))
            .await
            .map_err(super::failed)
    }

    async fn hent_dokument(
        &self,
        request: HentDokumentRequest,
        context: &Context,
    ) -> Result<HentDokumentResponse, Error> {
        let (this, context) = (self.clone(), context.clone());
        super::blocking(move || this.document(request, &context))
            .await
            .map_err(super::failed)
    }
}
