//! Opptjeningsgrunnlag arbeidsforhold: the documented example's months for its identifier; a period
//! without data is `OAF-007`, a period before [`super::DELETED_BEFORE`] is deleted (`OAF-009`), an unknown
//! rettighetspakke or a period that ends before it starts is `OAF-006`.

use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::{
    Feilkode, HentOpptjeningsgrunnlagRequest, HentOpptjeningsgrunnlagResponse,
    InntektsmottakerOgArbeidsgiver, OpptjeningsgrunnlagArbeidsforhold,
    OpptjeningsgrunnlagArbeidsforholdApi, Rettighetspakke,
};
use skatteetaten_api::runtime::{Context, Error};

use crate::examples;

/// The mock of `opptjeningsgrunnlag-arbeidsforhold`: the documented example's entries.
pub struct Opptjeningsgrunnlag {
    entries: Vec<InntektsmottakerOgArbeidsgiver>,
}

impl Opptjeningsgrunnlag {
    pub fn new() -> Result<Self, String> {
        let example: OpptjeningsgrunnlagArbeidsforhold =
            serde_json::from_str(examples::OPPTJENINGSGRUNNLAG).map_err(|err| {
                format!("the example of opptjeningsgrunnlag-arbeidsforhold: {err}")
            })?;
        Ok(Opptjeningsgrunnlag {
            entries: example.inntektsmottaker_og_arbeidsgiver,
        })
    }

    /// What the mock holds, for the event feed.
    pub fn entries(&self) -> &[InntektsmottakerOgArbeidsgiver] {
        &self.entries
    }
}

impl OpptjeningsgrunnlagArbeidsforholdApi for Opptjeningsgrunnlag {
    async fn hent_opptjeningsgrunnlag(
        &self,
        request: HentOpptjeningsgrunnlagRequest,
        context: &Context,
    ) -> Result<HentOpptjeningsgrunnlagResponse, Error> {
        use HentOpptjeningsgrunnlagResponse as R;
        if let Rettighetspakke::Unknown(value) = &request.rettighetspakke {
            return Ok(R::BadRequest(feil!(
                context,
                Feilkode::Oaf006,
                format!("Ukjent rettighetspakke `{value}`"),
            )));
        }
        let (fra, til) = (request.fra_og_med.as_str(), request.til_og_med.as_str());
        if fra > til {
            return Ok(R::BadRequest(feil!(
                context,
                Feilkode::Oaf006,
                format!("fraOgMed ({fra}) er etter tilOgMed ({til})"),
            )));
        }
        if til < super::DELETED_BEFORE {
            return Ok(R::NotAcceptable(feil!(
                context,
                Feilkode::Oaf009,
                format!(
                    "Opplysninger om arbeidsforhold før {} er slettet",
                    super::DELETED_BEFORE
                ),
            )));
        }
        let found: Vec<_> = self
            .entries
            .iter()
            .filter(|e| {
                e.norsk_identifikator == request.norsk_identifikator
                    && (fra..=til).contains(&e.kalendermaaned.as_str())
            })
            .cloned()
            .collect();
        if found.is_empty() {
            return Ok(R::NotFound(feil!(
                context,
                Feilkode::Oaf007,
                format!(
                    "Fant ikke opplysninger om arbeidsforhold for {} i perioden {fra}–{til}",
                    request.norsk_identifikator
                ),
            )));
        }
        Ok(R::Ok(OpptjeningsgrunnlagArbeidsforhold {
            inntektsmottaker_og_arbeidsgiver: found,
        }))
    }
}
