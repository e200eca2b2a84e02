//! Every operation of `specs/` has client tests (`client_oppslag.rs`, `client_hendelser.rs`,
//! `client_innrapportering.rs`); an operation added to a spec fails this test until it has them. The error
//! statuses need no list: those tests loop over the statuses each operation documents.

mod support;

/// The operations the client tests call, by spec folder.
const COVERED: &[(&str, &[&str])] = &[
    (
        "innrapportering-aandsverk",
        &["hentDokument", "sendInnLeveranse"],
    ),
    (
        "innrapportering-oppdrag",
        &["hentForsendelse", "sendInnOppdrag"],
    ),
    (
        "oppdrag-utenlandske-virksomheter",
        &["hentOppdragUtenlandskeVirksomheter"],
    ),
    (
        "opptjeningsgrunnlag-arbeidsforhold",
        &["hentOpptjeningsgrunnlag"],
    ),
    (
        "opptjeningsgrunnlag-arbeidsforhold-hendelser",
        &["hentHendelser", "hentStartSekvensnummer"],
    ),
    ("underenhet-aordningen", &["hentUnderenhet"]),
    (
        "underenhet-aordningen-hendelser",
        &["hentHendelser", "hentStartSekvensnummer"],
    ),
];

#[test]
fn every_operation_of_every_api_has_client_tests() {
    let documented: Vec<(String, Vec<String>)> = support::documented_operations()
        .iter()
        .map(|(folder, ops)| (folder.clone(), ops.keys().cloned().collect()))
        .collect();
    let covered: Vec<(String, Vec<String>)> = COVERED
        .iter()
        .map(|(folder, ops)| {
            let mut ops: Vec<String> = ops.iter().map(|op| op.to_string()).collect();
            ops.sort();
            (folder.to_string(), ops)
        })
        .collect();
    assert_eq!(covered, documented);
}
