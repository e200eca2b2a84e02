//! Values that must survive exactly: amounts as exact JSON numbers (`runtime::decimal`), ECMA-262
//! patterns, and text with bidi control characters (generated from `tests/fixtures/specs/tricky-api`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tests::tricky_api::{
    BeloepEllerTekst, Feilkode, LagTingBodyDetaljer, Passord, Regnskap, RegnskapMerknad, Siffer,
};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// Reads `text` into `T` and writes it back with serde_json's own (de)serializer; the text must come
/// back byte for byte.
fn assert_exact<T: Serialize + for<'de> Deserialize<'de>>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|err| panic!("{text}: {err}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    value
}

#[test]
fn amounts_beyond_f64_round_trip_exactly() {
    let regnskap: Regnskap = assert_exact(r#"{"sum":12345678901234567.89}"#);
    assert_eq!(regnskap.sum, dec("12345678901234567.89"));
    let regnskap: Regnskap = assert_exact(r#"{"sum":0.1}"#);
    assert_eq!(regnskap.sum + dec("0.2"), dec("0.3"));
    // The scale is kept: `1.50` is not written as `1.5`.
    assert_exact::<Regnskap>(r#"{"sum":1.50}"#);
    assert_exact::<Regnskap>(r#"{"sum":-0.05}"#);
    // An amount has no negative zero: `-0.00` is read as zero (scale kept) and written `0.00`.
    let zero: Regnskap = serde_json::from_str(r#"{"sum":-0.00}"#).unwrap();
    assert!(zero.sum.is_zero());
    assert_eq!(serde_json::to_string(&zero).unwrap(), r#"{"sum":0.00}"#);
    assert_exact::<Regnskap>(r#"{"sum":-7922816251426433759354395033}"#);
}

#[test]
fn every_shape_of_decimal_field_round_trips_exactly() {
    let text = r#"{"sum":1,"valgfritt":99999999999999999.99,"poster":[0.1,12345678901234567.89,-3],"perKonto":{"1920":0.30,"3000":-12345678901234567.89},"tabell":[[1.1,2.2],[],[33333333333333333.33]]}"#;
    let regnskap: Regnskap = assert_exact(text);
    assert_eq!(regnskap.valgfritt, Some(dec("99999999999999999.99")));
    assert_eq!(
        regnskap.poster.as_deref(),
        Some(&[dec("0.1"), dec("12345678901234567.89"), dec("-3")][..])
    );
    let per_konto = regnskap.per_konto.as_ref().unwrap();
    assert_eq!(per_konto["3000"], dec("-12345678901234567.89"));
    assert_eq!(
        regnskap.tabell.as_ref().unwrap()[2],
        [dec("33333333333333333.33")]
    );
    // Absent options stay absent; `null` reads as absent.
    let empty: Regnskap = serde_json::from_str(r#"{"sum":5,"valgfritt":null}"#).unwrap();
    assert_eq!(empty.valgfritt, None);
    assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"sum":5}"#);
}

#[test]
fn exponents_are_read_exactly_and_written_plainly() {
    // `1e2` is a valid JSON number for 100; the amount is exact, and written without an exponent.
    let regnskap: Regnskap =
        serde_json::from_str(r#"{"sum":1e2,"poster":[1.5E-3,-2e+1]}"#).unwrap();
    assert_eq!(regnskap.sum, dec("100"));
    assert_eq!(
        serde_json::to_string(&regnskap).unwrap(),
        r#"{"sum":100,"poster":[0.0015,-20]}"#
    );
}

#[test]
fn what_is_not_an_amount_is_refused() {
    for text in [
        r#"{"sum":true}"#,
        r#"{"sum":{"a":1}}"#,
        r#"{"sum":[1]}"#,
        r#"{"sum":"tolv"}"#,
        // More digits than a Decimal holds: refused, not rounded.
        r#"{"sum":1234567890123456789012345678901}"#,
        r#"{"sum":0.12345678901234567890123456789}"#,
    ] {
        assert!(serde_json::from_str::<Regnskap>(text).is_err(), "{text}");
    }
    // An amount sent as a string is read (some APIs do), and written as a number.
    let regnskap: Regnskap = serde_json::from_str(r#"{"sum":"12.30"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&regnskap).unwrap(),
        r#"{"sum":12.30}"#
    );
}

#[test]
fn decimals_read_from_a_value_and_through_path_tracking() {
    // `serde_json::Value` already holds an f64, so this is as exact as the f64 (fine for short amounts).
    let regnskap: Regnskap = serde_json::from_value(json!({"sum": 0.1, "poster": [14.1]})).unwrap();
    assert_eq!(
        (regnskap.sum, regnskap.poster.unwrap()[0]),
        (dec("0.1"), dec("14.1"))
    );
    // The server adapter reads bodies through serde_path_to_error: still exact, and errors have paths.
    let text = r#"{"sum":12345678901234567.89,"poster":[1,"x"]}"#;
    let mut de = serde_json::Deserializer::from_str(text);
    let err = serde_path_to_error::deserialize::<_, Regnskap>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "poster[1]");
    let mut de = serde_json::Deserializer::from_str(r#"{"sum":12345678901234567.89}"#);
    let regnskap: Regnskap = serde_path_to_error::deserialize(&mut de).unwrap();
    assert_eq!(regnskap.sum, dec("12345678901234567.89"));
}

#[test]
fn union_variants_with_decimals_work() {
    // serde buffers untagged enums, so the number is read as serde_json buffered it.
    let union: BeloepEllerTekst = serde_json::from_str("12.5").unwrap();
    assert_eq!(union, BeloepEllerTekst::Decimal(dec("12.5")));
    assert_eq!(serde_json::to_string(&union).unwrap(), "12.5");
    let union: BeloepEllerTekst = serde_json::from_str(r#""ukjent""#).unwrap();
    assert_eq!(union, BeloepEllerTekst::String("ukjent".into()));
    let exact = BeloepEllerTekst::Decimal(dec("12345678901234567.89"));
    assert_eq!(
        serde_json::to_string(&exact).unwrap(),
        "12345678901234567.89"
    );
    let regnskap: Regnskap = assert_exact(r#"{"sum":1,"beloepEllerTekst":7.25}"#);
    assert_eq!(
        regnskap.beloep_eller_tekst,
        Some(BeloepEllerTekst::Decimal(dec("7.25")))
    );
}

#[test]
fn the_existing_decimal_fields_are_exact() {
    let detaljer: LagTingBodyDetaljer =
        assert_exact(r#"{"beløp":12345678901234567.89,"satser":[14.1,0.3]}"#);
    assert_eq!(detaljer.beloep, Some(dec("12345678901234567.89")));
}

/// Nothing turns on a global feature: serde_json's `Value` keeps numbers as f64 (no
/// `arbitrary_precision`), and rust_decimal's own serde writes strings (no `serde-float`).
#[test]
fn no_global_number_behaviour_changes() {
    let value: Value = serde_json::from_str("12345678901234567.89").unwrap();
    assert!(value.is_f64());
    assert_ne!(value.to_string(), "12345678901234567.89");
    assert_eq!(serde_json::to_string(&dec("0.1")).unwrap(), r#""0.1""#);
    let map: BTreeMap<String, Decimal> = serde_json::from_str(r#"{"a":"1.10"}"#).unwrap();
    assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":"1.10"}"#);
}

#[test]
fn ecma_digit_class_is_ascii_only() {
    assert!(Siffer::new("123").is_ok());
    // Arabic-Indic digits are Unicode digits (`\d` in Rust's regex with unicode-perl), not ECMA `\d`.
    let err = Siffer::new("١٢٣").unwrap_err();
    assert!(err.reason.contains("Siffer::PATTERN"), "{err}");
    assert!(serde_json::from_str::<Siffer>(r#""١٢٣""#).is_err());
    assert!(Siffer::new("12a").is_err());
}

#[test]
fn lookahead_patterns_are_enforced() {
    assert!(Passord::new("hemmelig1").is_ok());
    assert!(Passord::new("hemmelig").is_err(), "no digit");
    assert!(Passord::new("12345678").is_err(), "no small letter");
    assert!(Passord::new("kort1").is_err(), "too short");
}

#[test]
fn bidi_controls_survive_in_values() {
    let regnskap: Regnskap =
        serde_json::from_value(json!({"sum": 1, "merknad\u{202E}": "snudd\u{202E}"})).unwrap();
    assert_eq!(regnskap.merknad, Some(RegnskapMerknad::Snudd));
    assert_eq!(RegnskapMerknad::Merket.as_str(), "merket\u{200F}\u{061C}");
    let back = serde_json::to_value(&regnskap).unwrap();
    assert_eq!(back["merknad\u{202E}"], "snudd\u{202E}");
    assert_eq!(
        Feilkode::Trk003.text(),
        Some("Snudd tekst: \u{202E}abc\u{202C} og \u{2066}isolert\u{2069}.")
    );
}
