//! Underenhet fra A-ordningen hendelser: the feed of the months the underenhet mock holds. The API has no
//! code for an empty page, so a page past the end is an empty list.

use skatteetaten_api::runtime::server::korrelasjonsid;
use skatteetaten_api::underenhet_aordningen_hendelser::server::{
    Api, HentHendelserRequest, HentHendelserResponse, HentStartSekvensnummerRequest,
    HentStartSekvensnummerResponse,
};
use skatteetaten_api::underenhet_aordningen_hendelser::{
    Feil, Feilkode, Hendelsesliste, Sekvensnummer,
};

use super::feed::{deadline, Event, Feed};

pub struct Hendelser {
    feed: Feed,
}

fn feil(kode: Feilkode, melding: String) -> Feil {
    Feil {
        kode: kode.into(),
        melding,
        korrelasjonsid: korrelasjonsid(),
        feilspesifiseringer: None,
    }
}

impl Hendelser {
    pub fn new() -> Result<Self, String> {
        let held = super::underenhet::Underenheter::new()?;
        let events = held
            .known()
            .iter()
            .flat_map(|u| {
                u.periode_og_opplysningspliktig.iter().filter_map(|p| {
                    let registrert = match p.oppsummeringstidspunkt {
                        Some(t) => t.and_utc().fixed_offset(),
                        None => deadline(p.kalendermaaned.as_str())?,
                    };
                    Some(Event {
                        identifikator: u.norsk_identifikator.to_string(),
                        gjelder_periode: p.kalendermaaned.to_string(),
                        registreringstidspunkt: registrert,
                    })
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
            Err(melding) => HentHendelserResponse::BadRequest(feil(Feilkode::Ufa006, melding)),
            Ok(Err(err)) => HentHendelserResponse::InternalServerError(feil(Feilkode::Ufa001, err)),
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
