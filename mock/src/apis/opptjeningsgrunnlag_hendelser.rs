//! Opptjeningsgrunnlag arbeidsforhold hendelser: the feed of the months the opptjeningsgrunnlag mock
//! holds. A page past the end is `FA-005` ("Ingen hendelser funnet for oppgitt input").

use skatteetaten_api::hendelser_felles::Feilkode as Fa;
use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold_hendelser::server::{
    Api, HentHendelserRequest, HentHendelserResponse, HentStartSekvensnummerRequest,
    HentStartSekvensnummerResponse,
};
use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold_hendelser::{
    Feil, Feilkode, Hendelsesliste, Sekvensnummer,
};
use skatteetaten_api::runtime::server::korrelasjonsid;

use super::feed::{deadline, Event, Feed};

pub struct Hendelser {
    feed: Feed,
}

fn feil(kode: Fa, melding: String) -> Feil {
    Feil {
        kode: Feilkode::HendelserFelles(kode).into(),
        melding,
        korrelasjonsid: korrelasjonsid(),
        feilspesifiseringer: None,
    }
}

impl Hendelser {
    pub fn new() -> Result<Self, String> {
        let held = super::opptjeningsgrunnlag::Opptjeningsgrunnlag::new()?;
        let events = held
            .entries()
            .iter()
            .filter_map(|e| {
                Some(Event {
                    identifikator: e.norsk_identifikator.to_string(),
                    gjelder_periode: e.kalendermaaned.to_string(),
                    registreringstidspunkt: deadline(e.kalendermaaned.as_str())?,
                })
            })
            .collect();
        Ok(Hendelser {
            feed: Feed::new(events),
        })
    }
}

impl Api for Hendelser {
    async fn hent_hendelser(&self, request: HentHendelserRequest) -> HentHendelserResponse {
        match self
            .feed
            .page::<Hendelsesliste>(request.fra_sekvensnummer, request.antall)
        {
            Err(melding) => HentHendelserResponse::BadRequest(feil(Fa::Fa004, melding)),
            Ok(Err(err)) => HentHendelserResponse::InternalServerError(feil(Fa::Fa001, err)),
            Ok(Ok(liste)) if liste.hendelser.is_empty() => HentHendelserResponse::NotFound(feil(
                Fa::Fa005,
                format!(
                    "Ingen hendelser fra sekvensnummer {}",
                    request.fra_sekvensnummer
                ),
            )),
            Ok(Ok(liste)) => HentHendelserResponse::Ok(liste),
        }
    }

    async fn hent_start_sekvensnummer(
        &self,
        request: HentStartSekvensnummerRequest,
    ) -> HentStartSekvensnummerResponse {
        HentStartSekvensnummerResponse::Ok(Sekvensnummer {
            sekvensnummer: self.feed.start(request.dato),
        })
    }
}
