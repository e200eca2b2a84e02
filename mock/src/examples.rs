//! The documented examples the mock serves: the fixtures copied from Skatteetaten's pages
//! (`tests/fixtures/examples`) and the examples in the specs, compiled into the binary.

use serde_json::Value;

/// "Eksempel på innsending" of the åndsverk API, as documented.
const AANDSVERK_INNSENDING: &str =
    include_str!("../../tests/fixtures/examples/innrapportering-aandsverk/Innsending.json");
/// "Eksempel på respons" of the åndsverk API: the receipt of the example submission.
pub const AANDSVERK_KVITTERING: &str =
    include_str!("../../tests/fixtures/examples/innrapportering-aandsverk/Kvittering.json");
/// The example of Oppdrag utenlandske virksomheter API.
pub const OPPDRAG_UTENLANDSK_VIRKSOMHET: &str = include_str!(
    "../../tests/fixtures/examples/oppdrag-utenlandske-virksomheter/OppdragUtenlandskVirksomhet.json"
);
/// The example of Opptjeningsgrunnlag arbeidsforhold API.
pub const OPPTJENINGSGRUNNLAG: &str = include_str!(
    "../../tests/fixtures/examples/opptjeningsgrunnlag-arbeidsforhold/OpptjeningsgrunnlagArbeidsforhold.json"
);
/// The example of Underenhet fra A-ordningen API.
pub const UNDERENHET: &str =
    include_str!("../../tests/fixtures/examples/underenhet-aordningen/Underenhet.json");
/// The spec of the oppdrag API, whose examples (request body, receipt, forsendelse) are the only ones.
const OPPDRAG_SPEC: &str = include_str!("../../specs/innrapportering-oppdrag/openapi.yaml");

/// The example at `pointer` (a JSON pointer) of the oppdrag spec.
pub fn oppdrag_spec_example(pointer: &str) -> Result<Value, String> {
    // YAML is read only through the generator's one YAML function, so the example has the values the
    // loader reads; not through the model, which would have to bundle the spec's `../felles`
    // references from disk (see the crate's docs).
    let spec: Value = codegen::load::yaml::yaml_to_json(OPPDRAG_SPEC)
        .map_err(|err| format!("the oppdrag spec: {err}"))?;
    spec.pointer(pointer)
        .cloned()
        .ok_or_else(|| format!("the oppdrag spec has no example at {pointer}"))
}

/// "Eksempel på innsending" of the åndsverk API, with the page's one error repaired: the third
/// `organisasjonsnummer` is written as a number (`310646180`) where the schema (and the other two) have a
/// string of nine digits.
pub fn aandsverk_innsending() -> Result<Value, String> {
    let mut value: Value = serde_json::from_str(AANDSVERK_INNSENDING)
        .map_err(|err| format!("the åndsverk example is not JSON: {err}"))?;
    repair_numbers(&mut value, "organisasjonsnummer");
    Ok(value)
}

/// Turns numbers under the key `key` into strings, everywhere in `value`.
fn repair_numbers(value: &mut Value, key: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == key && v.is_number() {
                    *v = Value::String(v.to_string());
                } else {
                    repair_numbers(v, key);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| repair_numbers(v, key)),
        _ => {}
    }
}
