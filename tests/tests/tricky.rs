//! The generated code of `tests/fixtures/specs/tricky-api` compiles (it is part of this crate) and keeps
//! wire names, Norwegian letters, keywords, collisions, unions, allOf and recursion straight.

use serde_json::json;
use tests::assert_round_trip;
use tests::tricky_api::{Eier, Kjoeretoey, NoSkatteetatenTing, Saertype, Utvidet};

#[test]
fn recursive_type_with_awkward_names_round_trips() {
    let value = json!({
        "id": "0193b5cd-cb85-7320-bd8c-6c78c88dc8af",
        "type": "særskilt",
        "self": true,
        "målt": "2024-01-02T03:04:05+01:00",
        "fooBar": 1,
        "foo_bar": 2,
        "barn": [{"id": "0193b5cd-cbce-7dbd-b188-1437db673767", "type": "1a", "målt": "2024-01-02T03:04:05Z"}],
        "forelder": {"id": "0193b5cd-cbce-7dbd-b188-1437db673767", "type": "Self", "målt": "2024-01-02T03:04:05Z"},
        "eier": {"organisasjon": "974761076"},
        "kjøretøy": {"hjul": 4},
        "utvidet": {"opprettet": "2024-05-17", "kommentar": "allOf"},
        "egenskaper": {"a": "b"},
        "fritt": [1, "to", {"tre": 3}]
    });
    let ting: NoSkatteetatenTing = assert_round_trip(&value);
    assert_eq!(ting.type_, Saertype::Saerskilt);
    assert_eq!(ting.self_, Some(true));
    assert_eq!((ting.foo_bar, ting.foo_bar_2), (Some(1), Some(2)));
    assert_eq!(ting.barn.as_ref().unwrap()[0].type_, Saertype::V1a);
    assert_eq!(ting.forelder.as_ref().unwrap().type_, Saertype::Self_);
    assert!(matches!(ting.kjoeretoey, Some(Kjoeretoey::Bil(ref bil)) if bil.hjul == 4));
    assert_eq!(
        ting.utvidet,
        Some(Utvidet {
            opprettet: chrono::NaiveDate::from_ymd_opt(2024, 5, 17).unwrap(),
            kommentar: Some("allOf".into())
        })
    );
}

#[test]
fn union_picks_the_matching_shape() {
    assert!(matches!(
        serde_json::from_value::<Kjoeretoey>(json!({"lengde": 7.5})).unwrap(),
        Kjoeretoey::Baat(_)
    ));
    assert!(matches!(
        serde_json::from_value::<Kjoeretoey>(json!("sykkel")).unwrap(),
        Kjoeretoey::String(_)
    ));
}

#[test]
fn any_of_required_keeps_the_properties() {
    let eier: Eier = assert_round_trip(&json!({"person": "Ola"}));
    assert_eq!(eier.person.as_deref(), Some("Ola"));
    // The inline pattern became a validated type.
    assert!(serde_json::from_value::<Eier>(json!({"organisasjon": "12"})).is_err());
}

#[test]
fn inline_enums_with_the_same_values_are_one_type_named_by_its_values() {
    // `Ting.status` and `no.skatteetaten.Ting.tilstand` are two places with nothing in their names in
    // common: the one enum is named after its values, not after the first place, and a value of one
    // place is a value of the other.
    use tests::tricky_api::{AktivOrPassiv, NoSkatteetatenTing, Ting};
    let ting: Ting = assert_round_trip(&json!({"navn": "x", "status": "passiv"}));
    assert_eq!(ting.status, Some(AktivOrPassiv::Passiv));
    // The other place has the same type (this does not compile otherwise).
    fn tilstand(ting: &NoSkatteetatenTing) -> &Option<AktivOrPassiv> {
        &ting.tilstand
    }
    let _ = tilstand;
}

#[test]
fn decimals_are_exact_and_numbers_on_the_wire() {
    use tests::tricky_api::LagTingBodyDetaljer;
    let value = json!({"beløp": 0.1, "satser": [14.1, 0.3], "vekt": 2.5});
    let detaljer: LagTingBodyDetaljer = assert_round_trip(&value);
    let beloep = detaljer.beloep.unwrap();
    // 0.1 + 0.2 is 0.3 exactly, as money must add up.
    assert_eq!(
        beloep + "0.2".parse::<rust_decimal::Decimal>().unwrap(),
        detaljer.satser.as_ref().unwrap()[1]
    );
}

#[test]
fn a_ref_into_a_part_of_a_component_is_that_type() {
    use tests::tricky_api::{Node, NodeInner};
    let value = json!({"inner": {"verdi": "a", "next": {"verdi": "b", "next": {}}}});
    let node: Node = assert_round_trip(&value);
    let next: &NodeInner = node.inner.as_ref().unwrap().next.as_deref().unwrap();
    assert_eq!(next.verdi.as_deref(), Some("b"));
}
