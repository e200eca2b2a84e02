//! Underenhet fra A-ordningen: the documented example's months for its organisation; a period without
//! data is `UFA-007`, a period before [`super::DELETED_BEFORE`] is deleted (`UFA-009`, 410), an unknown
//! rettighetspakke or a period that ends before it starts is `UFA-006`.

use skatteetaten_api::runtime::{Context, Error};
use skatteetaten_api::underenhet_aordningen::{
    Feilkode, HentUnderenhetRequest, HentUnderenhetResponse, Rettighetspakke, Underenhet,
    UnderenhetAordningenApi,
};

use crate::examples;

/// The mock of `underenhet-aordningen`: the documented example's underenhet.
pub struct Underenheter {
    known: Vec<Underenhet>,
}

impl Underenheter {
    pub fn new() -> Result<Self, String> {
        let example = serde_json::from_str(examples::UNDERENHET)
            .map_err(|err| format!("the example of underenhet-aordningen: {err}"))?;
        Ok(Underenheter {
            known: vec![example],
        })
    }

    /// What the mock holds, for the event feed.
    pub fn known(&self) -> &[Underenhet] {
        &self.known
    }
}

impl UnderenhetAordningenApi for Underenheter {
    async fn hent_underenhet(
        &self,
        request: HentUnderenhetRequest,
        context: &Context,
    ) -> Result<HentUnderenhetResponse, Error> {
        use HentUnderenhetResponse as R;
        if let Rettighetspakke::Unknown(value) = &request.rettighetspakke {
            return Ok(R::BadRequest(feil!(
                context,
                Feilkode::Ufa006,
                format!("Ukjent rettighetspakke `{value}`"),
            )));
        }
        let (fra, til) = (request.fra_og_med.as_str(), request.til_og_med.as_str());
        if fra > til {
            return Ok(R::BadRequest(feil!(
                context,
                Feilkode::Ufa006,
                format!("fraOgMed ({fra}) er etter tilOgMed ({til})"),
            )));
        }
        if til < super::DELETED_BEFORE {
            return Ok(R::Gone(feil!(
                context,
                Feilkode::Ufa009,
                format!(
                    "Opplysninger om underenhet før {} er slettet",
                    super::DELETED_BEFORE
                ),
            )));
        }
        let found = self.known.iter().find_map(|u| {
            let periods: Vec<_> = u
                .periode_og_opplysningspliktig
                .iter()
                .filter(|p| (fra..=til).contains(&p.kalendermaaned.as_str()))
                .cloned()
                .collect();
            (u.norsk_identifikator == request.norsk_identifikator && !periods.is_empty()).then(
                || Underenhet {
                    norsk_identifikator: u.norsk_identifikator.clone(),
                    periode_og_opplysningspliktig: periods,
                },
            )
        });
        Ok(match found {
            Some(found) => R::Ok(found),
            None => R::NotFound(feil!(
                context,
                Feilkode::Ufa007,
                format!(
                    "Fant ikke opplysninger om underenhet {} i perioden {fra}–{til}",
                    request.norsk_identifikator
                ),
            )),
        })
    }
}
