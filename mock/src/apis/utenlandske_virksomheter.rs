//! Oppdrag utenlandske virksomheter: the documented example organisation is found, any other is
//! `OPPDRAGUTENLANDSKEVIRKSOMHETER-008`.

use skatteetaten_api::oppdrag_utenlandske_virksomheter::{
    Feilkode, HentOppdragUtenlandskeVirksomheterRequest,
    HentOppdragUtenlandskeVirksomheterResponse, OppdragUtenlandskVirksomhet,
    OppdragUtenlandskeVirksomheterApi,
};
use skatteetaten_api::runtime::{Context, Error};

use crate::examples;

/// The mock of `oppdrag-utenlandske-virksomheter`: the documented example organisation.
pub struct Virksomheter {
    known: Vec<OppdragUtenlandskVirksomhet>,
}

impl Virksomheter {
    pub fn new() -> Result<Self, String> {
        let example = serde_json::from_str(examples::OPPDRAG_UTENLANDSK_VIRKSOMHET)
            .map_err(|err| format!("the example of oppdrag-utenlandske-virksomheter: {err}"))?;
        Ok(Virksomheter {
            known: vec![example],
        })
    }
}

impl OppdragUtenlandskeVirksomheterApi for Virksomheter {
    async fn hent_oppdrag_utenlandske_virksomheter(
        &self,
        request: HentOppdragUtenlandskeVirksomheterRequest,
        context: &Context,
    ) -> Result<HentOppdragUtenlandskeVirksomheterResponse, Error> {
        Ok(
            match self
                .known
                .iter()
                .find(|v| v.forespurte_organisasjon == request.organisasjonsnummer)
            {
                Some(found) => HentOppdragUtenlandskeVirksomheterResponse::Ok(found.clone()),
                None => HentOppdragUtenlandskeVirksomheterResponse::NotFound(feil!(
                    context,
                    Feilkode::Oppdragutenlandskevirksomheter008,
                    format!(
                        "Fant ikke angitt organisasjonsnummer {}",
                        request.organisasjonsnummer
                    ),
                )),
            },
        )
    }
}
