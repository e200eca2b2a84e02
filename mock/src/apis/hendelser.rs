//! The two event feeds (hendelser), one type serving both APIs: the feed of the months the
//! opptjeningsgrunnlag mock holds, and the feed of the months the underenhet mock holds. The feeds
//! differ only in what a page past the end is: opptjeningsgrunnlag has a code for it (`FA-005`, "Ingen
//! hendelser funnet for oppgitt input"); underenhet has none, so its page past the end is an empty list.

use skatteetaten_api::hendelser_felles::Feilkode as Fa;
use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold_hendelser as opptjening;
use skatteetaten_api::runtime::{Context, Error};
use skatteetaten_api::underenhet_aordningen_hendelser as underenhet;

use super::feed::{deadline, Event, Feed};

/// An event feed over the data of one of the mock's APIs.
pub struct Hendelser {
    feed: Feed,
}

impl Hendelser {
    /// The feed of `opptjeningsgrunnlag-arbeidsforhold-hendelser`.
    pub fn opptjeningsgrunnlag() -> Result<Self, String> {
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

    /// The feed of `underenhet-aordningen-hendelser`: a month's event is registered at its summary
    /// time, or at the a-melding deadline when it has none.
    pub fn underenhet() -> Result<Self, String> {
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

impl opptjening::OpptjeningsgrunnlagArbeidsforholdHendelserApi for Hendelser {
    async fn hent_hendelser(
        &self,
        request: opptjening::HentHendelserRequest,
        context: &Context,
    ) -> Result<opptjening::HentHendelserResponse, Error> {
        use opptjening::{Feilkode, HentHendelserResponse as R};
        let liste: opptjening::Hendelsesliste =
            self.feed.page(request.fra_sekvensnummer, request.antall)?;
        Ok(if liste.hendelser.is_empty() {
            let melding = format!(
                "Ingen hendelser fra sekvensnummer {}",
                request.fra_sekvensnummer
            );
            R::NotFound(feil!(
                context,
                Feilkode::HendelserFelles(Fa::Fa005),
                melding
            ))
        } else {
            R::Ok(liste)
        })
    }

    async fn hent_start_sekvensnummer(
        &self,
        request: opptjening::HentStartSekvensnummerRequest,
        _context: &Context,
    ) -> Result<opptjening::HentStartSekvensnummerResponse, Error> {
        Ok(opptjening::HentStartSekvensnummerResponse::Ok(
            opptjening::Sekvensnummer {
                sekvensnummer: self.feed.start(request.dato),
            },
        ))
    }
}

impl underenhet::UnderenhetAordningenHendelserApi for Hendelser {
    async fn hent_hendelser(
        &self,
        request: underenhet::HentHendelserRequest,
        _context: &Context,
    ) -> Result<underenhet::HentHendelserResponse, Error> {
        Ok(underenhet::HentHendelserResponse::Ok(
            self.feed.page(request.fra_sekvensnummer, request.antall)?,
        ))
    }

    async fn hent_start_sekvensnummer(
        &self,
        request: underenhet::HentStartSekvensnummerRequest,
        _context: &Context,
    ) -> Result<underenhet::HentStartSekvensnummerResponse, Error> {
        Ok(underenhet::HentStartSekvensnummerResponse::Ok(
            underenhet::Sekvensnummer {
                sekvensnummer: self.feed.start(request.dato),
            },
        ))
    }
}
