//! Opptjeningsgrunnlag arbeidsforhold: the documented example's months for its identifier; a period
//! without data is `OAF-007`, a period before [`super::DELETED_BEFORE`] is deleted (`OAF-009`), an unknown
//! rettighetspakke or a period that ends before it starts is `OAF-006`.

use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::server::{
    Api, HentOpptjeningsgrunnlagRequest, HentOpptjeningsgrunnlagResponse,
};
use skatteetaten_api::opptjeningsgrunnlag_arbeidsforhold::{
    Feil, Feilkode, InntektsmottakerOgArbeidsgiver, OpptjeningsgrunnlagArbeidsforhold,
    Rettighetspakke,
};
use skatteetaten_api::runtime::server::korrelasjonsid;

use crate::examples;

pub struct Opptjeningsgrunnlag {
    entries: Vec<InntektsmottakerOgArbeidsgiver>,
}

fn feil(kode: Feilkode, melding: String) -> Feil {
    Feil {
        kode: kode.into(),
        melding,
        korrelasjonsid: korrelasjonsid(),
        feilspesifiseringer: None,
    }
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

impl Api for Opptjeningsgrunnlag {
    async fn hent_opptjeningsgrunnlag(
        &self,
        request: HentOpptjeningsgrunnlagRequest,
    ) -> HentOpptjeningsgrunnlagResponse {
        use HentOpptjeningsgrunnlagResponse as R;
        if let Rettighetspakke::Unknown(value) = &request.rettighetspakke {
            return R::BadRequest(feil(
                Feilkode::Oaf006,
                format!("Ukjent rettighetspakke `{value}`"),
            ));
        }
        let (fra, til) = (request.fra_og_med.as_str(), request.til_og_med.as_str());
        if fra > til {
            return R::BadRequest(feil(
                Feilkode::Oaf006,
                format!("fraOgMed ({fra}) er etter tilOgMed ({til})"),
            ));
        }
        if til < super::DELETED_BEFORE {
            return R::NotAcceptable(feil(
                Feilkode::Oaf009,
                format!(
                    "Opplysninger om arbeidsforhold før {} er slettet",
                    super::DELETED_BEFORE
                ),
            ));
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
            return R::NotFound(feil(
                Feilkode::Oaf007,
                format!(
                    "Fant ikke opplysninger om arbeidsforhold for {} i perioden {fra}–{til}",
                    request.norsk_identifikator
                ),
            ));
        }
        R::Ok(OpptjeningsgrunnlagArbeidsforhold {
            inntektsmottaker_og_arbeidsgiver: found,
        })
    }
}
