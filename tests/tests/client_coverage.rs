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
    // The hand-written client tests are of Skatteetaten's APIs. An API added to `specs/` (a petstore,
    // say) is not theirs: its generated client is compiled and snapshotted like every other, and it is
    // skipped here, said on the test's output. Every operation of a covered API must have its tests.
    let (documented, added) =
        tests::spec_lists::split_covered(support::documented_operations(), COVERED);
    for folder in &added {
        eprintln!("client_coverage: `specs/{folder}` has no hand-written client tests (not one of Skatteetaten's APIs); skipped");
    }
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
