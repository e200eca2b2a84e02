//! Every documented error code, of every table of every API, parses to its own variant with the HTTP
//! status and text of its row; serde and `FromStr` use the code string; unknown codes are kept.

use codegen::load::tables::{LoadedTable, TableKind};
use serde_json::json;
use skatteetaten_api as api;

/// The tables of a spec folder, read by the generator's own loader.
fn tables(folder: &str, kind: TableKind) -> LoadedTable {
    let dir = tests::root().join("specs").join(folder);
    let loaded = codegen::load::load_folder(&dir).expect("spec folder loads");
    loaded
        .tables
        .into_iter()
        .find(|t| t.kind == kind)
        .unwrap_or_else(|| panic!("{folder} has no {kind:?} table"))
}

/// Checks one generated enum (`module::Kind`) against the table it was generated from: each row's code
/// is a documented variant with that row's status (a Feilkode) or cause (a Feilspesifiseringskode) and
/// text, and the code survives `FromStr`, `Display` and serde unchanged. The folder and the table kind
/// are read off the path (the module is the folder's name in snake case), so a line cannot check one
/// table and count as another. Gives (folder, kind, rows), as [`tables_of_specs`] lists them.
macro_rules! check_table {
    ($module:ident :: $kind:ident) => {
        check_table!(@table $module, $kind)
    };
    (@table $module:ident, $kind:ident) => {{
        type Enum = api::$module::$kind;
        let folder = stringify!($module).replace('_', "-");
        let table = tables(&folder, TableKind::$kind);
        assert_eq!(Enum::DOCUMENTED.len(), table.entries.len(), "{folder}");
        for entry in &table.entries {
            let code = entry.code.as_str();
            let parsed: Enum = code.parse().unwrap();
            assert_eq!(parsed.code(), code);
            assert_eq!(Enum::from_documented(code), Some(parsed.clone()), "{code}");
            assert_eq!(parsed.text(), Some(entry.text.as_str()), "{code}");
            check_table!(@column $kind, parsed, entry, code);
            assert_eq!(parsed.to_string(), code);
            assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(code));
            assert_eq!(serde_json::from_value::<Enum>(json!(code)).unwrap(), parsed);
            assert!(Enum::DOCUMENTED.contains(&parsed), "{code}");
        }
        (folder, format!("{:?}", TableKind::$kind), table.entries.len())
    }};
    (@column Feilkode, $parsed:ident, $entry:ident, $code:ident) => {
        assert_eq!($parsed.http_status(), $entry.status, "{}", $code);
    };
    (@column Feilspesifiseringskode, $parsed:ident, $entry:ident, $code:ident) => {
        assert_eq!($parsed.cause(), $entry.cause.as_deref(), "{}", $code);
    };
}

#[test]
fn every_documented_code_parses_to_its_variant() {
    // One line per table of specs/; the comparison below fails until a new table has its line.
    let checked = vec![
        check_table!(felles::Feilkode),
        check_table!(hendelser_felles::Feilkode),
        check_table!(oppdrag_utenlandske_virksomheter::Feilkode),
        check_table!(innrapportering_oppdrag::Feilkode),
        check_table!(innrapportering_oppdrag::Feilspesifiseringskode),
        check_table!(opptjeningsgrunnlag_arbeidsforhold::Feilkode),
        check_table!(underenhet_aordningen::Feilkode),
        check_table!(underenhet_aordningen_hendelser::Feilkode),
        check_table!(innrapportering_aandsverk::Feilkode),
        check_table!(innrapportering_aandsverk::Feilspesifiseringskode),
    ];
    let found = tables_of_specs();
    let unchecked: Vec<_> = found.iter().filter(|t| !checked.contains(t)).collect();
    let gone: Vec<_> = checked.iter().filter(|t| !found.contains(t)).collect();
    assert!(
        unchecked.is_empty() && gone.is_empty(),
        "the tables checked here are not those of specs/: add `check_table!(module::Kind)` for each of \
         {unchecked:?} (folder, kind, rows found in specs/); remove the line of each of {gone:?}"
    );
}

/// (folder, kind, rows) of every error table in `specs/`, as the generator's loader reads them.
fn tables_of_specs() -> Vec<(String, String, usize)> {
    tests::spec_lists::error_tables(&tests::root().join("specs"))
}

/// Rows read off the documentation pages by hand, independent of the table parser.
#[test]
fn spot_checks_against_the_pages() {
    use api::innrapportering_aandsverk::{Feilkode as Gld, Feilspesifiseringskode as GldSpes};
    use api::innrapportering_oppdrag::Feilkode as Oar;
    assert_eq!(Oar::Oar001.http_status(), Some(403));
    assert_eq!(Oar::Oar002.http_status(), Some(401));
    assert_eq!(
        Oar::Oar007.text(),
        Some("Idempotensnøkkel er benyttet tidligere")
    );
    assert_eq!(Gld::Gld019.http_status(), Some(409));
    assert_eq!(
        Gld::Gld004.text(),
        Some("Feil i forbindelse med autentisesring")
    );
    assert_eq!(
        GldSpes::Gld1050.cause(),
        Some("Det finnes ikke noe dokument med gitt id på angitt forsendelse")
    );
    assert_eq!(GldSpes::Gld1053.cause(), None);
    assert_eq!(
        api::underenhet_aordningen::Feilkode::Ufa009.http_status(),
        Some(410)
    );
    assert_eq!(
        api::opptjeningsgrunnlag_arbeidsforhold::Feilkode::Oaf009.http_status(),
        Some(406)
    );
    assert_eq!(api::felles::Feilkode::Das008.http_status(), Some(403));
    assert_eq!(
        api::hendelser_felles::Feilkode::Fa005.http_status(),
        Some(404)
    );
}

#[test]
fn shared_codes_parse_through_the_api_enum() {
    use api::oppdrag_utenlandske_virksomheter::Feilkode;
    let code: Feilkode = "DAS-001".parse().unwrap();
    assert_eq!(code, Feilkode::Felles(api::felles::Feilkode::Das001));
    assert_eq!(code.http_status(), Some(500));
    assert_eq!(code.code(), "DAS-001");
    assert_eq!(serde_json::to_value(&code).unwrap(), json!("DAS-001"));

    // The FA feed codes are shared by the Opptjeningsgrunnlag feed, which has no table of its own.
    use api::opptjeningsgrunnlag_arbeidsforhold_hendelser::Feilkode as Feed;
    let code: Feed = "FA-005".parse().unwrap();
    assert_eq!(
        code,
        Feed::HendelserFelles(api::hendelser_felles::Feilkode::Fa005)
    );
    assert_eq!(code.http_status(), Some(404));
    assert_eq!(
        "DAS-002".parse::<Feed>().unwrap(),
        Feed::Felles(api::felles::Feilkode::Das002)
    );
}

#[test]
fn unknown_codes_are_kept() {
    use api::innrapportering_aandsverk::{Feil, Feilkode};
    let body = json!({"kode": "GLD_999", "melding": "Ny feil", "korrelasjonsid": "abc"});
    let feil: Feil = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(feil.kode, Feilkode::Unknown("GLD_999".into()));
    assert_eq!(Feilkode::from(feil.kode.as_str()).http_status(), None);
    assert_eq!(Feilkode::from_documented("GLD_999"), None);
    assert_eq!(serde_json::to_value(&feil).unwrap(), body);
}

#[test]
fn typed_error_body_of_feil_md() {
    use api::innrapportering_oppdrag::{Feil, Feilkode, Feilspesifiseringskode};
    let body = json!({
        "kode": "OAR_005",
        "melding": "Feil i forbindelse med validering av payload",
        "korrelasjonsid": "13a865f5-28f9-47db-9abd-ab78977c79fe",
        "feilspesifiseringer": [{"feilspesifiseringskode": "OAR_1012", "melding": "Oppdraget finnes ikke", "sti": "innsendingstype", "angittVerdi": "endring"}]
    });
    let feil: Feil = tests::assert_round_trip(&body);
    assert_eq!(feil.kode, Feilkode::Oar005);
    let spes = &feil.feilspesifiseringer.as_ref().unwrap()[0];
    assert_eq!(spes.feilspesifiseringskode, Feilspesifiseringskode::Oar1012);
    assert_eq!(spes.angitt_verdi.as_deref(), Some("endring"));
}
