//! Types of the shared spec folders (`specs/felles`, `specs/hendelser-felles`) are generated once: every
//! API that `$ref`s them re-exports the one type, so a value of one API is a value of another.

use skatteetaten_api as api;

/// Takes the type under the name of another API than the value was made with; compiles only if both
/// names are the same type.
fn innrapportering_oppdrag_orgnr(
    orgnr: api::innrapportering_oppdrag::Organisasjonsnummer,
) -> api::innrapportering_oppdrag::Organisasjonsnummer {
    orgnr
}

fn innrapportering_oppdrag_feil(
    feil: api::innrapportering_oppdrag::Feil,
) -> api::innrapportering_oppdrag::Feil {
    feil
}

#[test]
fn organisasjonsnummer_of_one_api_is_that_of_another() {
    let orgnr = api::underenhet_aordningen::Organisasjonsnummer::new("314928660").unwrap();
    let same = innrapportering_oppdrag_orgnr(orgnr.clone());
    assert_eq!(same, orgnr);
    let defined: api::felles::Organisasjonsnummer = same;
    let _: api::oppdrag_utenlandske_virksomheter::Organisasjonsnummer = defined.clone();
    let _: api::opptjeningsgrunnlag_arbeidsforhold::Organisasjonsnummer = defined.clone();
    let _: api::innrapportering_aandsverk::Organisasjonsnummer = defined;
    // Still checked, wherever it is named from.
    assert!(api::innrapportering_oppdrag::Organisasjonsnummer::new("31492866").is_err());
}

#[test]
fn feil_of_one_api_is_that_of_another() {
    let feil = api::underenhet_aordningen::Feil {
        kode: api::underenhet_aordningen::Feilkode::Ufa007.into(),
        melding: "Fant ikke".into(),
        korrelasjonsid: "13a865f5-28f9-47db-9abd-ab78977c79fe".into(),
        feilspesifiseringer: None,
    };
    let same = innrapportering_oppdrag_feil(feil.clone());
    assert_eq!(same, feil);
    let _: api::felles::Feil = same.clone();
    let _: api::underenhet_aordningen_hendelser::Feil = same.clone();
    let _: api::opptjeningsgrunnlag_arbeidsforhold_hendelser::Feil = same;
    let _: api::innrapportering_aandsverk::Feilspesifisering =
        api::innrapportering_oppdrag::Feilspesifisering {
            feilspesifiseringskode: "OAR_1012".into(),
            melding: None,
            sti: None,
            angitt_verdi: None,
        };
}

#[test]
fn each_api_reads_the_shared_code_with_its_own_table() {
    use api::underenhet_aordningen::Feilkode;
    let feil: api::felles::Feil = serde_json::from_value(serde_json::json!({
        "kode": "UFA-009", "melding": "Slettet", "korrelasjonsid": "x"
    }))
    .unwrap();
    // Compared with, and read as, the API's own codes.
    assert_eq!(feil.kode, Feilkode::Ufa009);
    assert_eq!(Feilkode::Ufa009, feil.kode);
    assert_eq!(Feilkode::from(feil.kode.as_str()).http_status(), Some(410));
    // Another API's table does not know the code, and keeps it.
    let other = api::innrapportering_oppdrag::Feilkode::from(feil.kode.as_str());
    assert_eq!(
        other,
        api::innrapportering_oppdrag::Feilkode::Unknown("UFA-009".into())
    );
    // The common DAS codes are in every API's table.
    let das = Feilkode::from("DAS-008");
    assert_eq!(das, Feilkode::Felles(api::felles::Feilkode::Das008));
    assert_eq!(String::from(das), "DAS-008");
}

#[test]
fn event_feed_types_are_shared_by_both_feeds() {
    let hendelsetype = api::hendelser_felles::Hendelsetype::Ny;
    let _: api::underenhet_aordningen_hendelser::Hendelsetype = hendelsetype.clone();
    let _: api::opptjeningsgrunnlag_arbeidsforhold_hendelser::Hendelsetype = hendelsetype;
    let start = api::underenhet_aordningen_hendelser::Sekvensnummer { sekvensnummer: 21 };
    let _: api::opptjeningsgrunnlag_arbeidsforhold_hendelser::Sekvensnummer = start;
}
