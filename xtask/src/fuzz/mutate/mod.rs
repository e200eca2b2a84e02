//! Mutation operators, each aimed at a class of generator bug. An operator changes the spec in place and
//! says what it did, or returns `None` when the spec has nothing it can act on (then another is tried).

mod names;
mod noise;
mod operations;
mod schemas;

use serde_json::Value;

/// An operator: mutate `spec`, describe the change.
pub type Operator = fn(&mut Value, &mut fastrand::Rng) -> Option<String>;

/// Every operator, by name.
pub const OPERATORS: &[(&str, Operator)] = &[
    ("rename-schema", names::rename_schema),
    ("colliding-schema", names::add_colliding_schema),
    ("rename-property", names::rename_property),
    ("colliding-property", names::add_colliding_property),
    ("rename-operation-id", names::rename_operation_id),
    ("duplicate-operation-id", names::duplicate_operation_id),
    ("call-x-next-to-x", names::call_x_next_to_x),
    ("enum-value", names::awkward_enum_value),
    ("text", noise::inject_text),
    ("delete-key", noise::delete_key),
    ("unicode-key", noise::unicode_key),
    ("self-ref", schemas::self_reference),
    ("ref-cycle", schemas::ref_cycle),
    ("nullable", schemas::toggle_nullable),
    ("required", schemas::toggle_required),
    ("discriminator", schemas::add_discriminator),
    ("date-pattern", schemas::date_with_pattern),
    ("deep-nesting", schemas::deep_nesting),
    ("swap-type", schemas::swap_type),
    ("exactly-one-of", schemas::exactly_one_of),
    ("only-default", operations::only_default_response),
    ("many-query-params", operations::many_query_params),
    ("path-param-cycle", operations::path_param_cycle),
    ("twin-path-template", operations::twin_path_template),
    ("form-body", operations::form_body),
    ("stream-response", operations::stream_response),
    ("xml-beside-json", operations::xml_beside_json),
];

/// Applies 1–4 operators to `spec`; returns what was done, one line per operator.
pub fn mutate(spec: &mut Value, rng: &mut fastrand::Rng) -> Vec<String> {
    let wanted = rng.usize(1..=4);
    let mut done = Vec::new();
    // An operator may not apply to this spec; a bounded number of tries keeps the loop finite.
    for _ in 0..wanted * 10 {
        if done.len() == wanted {
            break;
        }
        let (name, operator) = OPERATORS[rng.usize(..OPERATORS.len())];
        if let Some(what) = operator(spec, rng) {
            done.push(format!("{name}: {what}"));
        }
    }
    done
}

/// A random element of `items`.
fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.usize(..items.len())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A small spec with something for every operator: operations with parameters, named schemas with
    /// properties, an enum, texts.
    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "T", "version": "1", "description": "d" },
            "paths": {
                "/a/{id}": { "get": {
                    "operationId": "getFoo",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": { "description": "OK", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Foo" } } } } }
                } },
                "/b": { "post": {
                    "operationId": "lagre",
                    "responses": { "204": { "description": "OK" } }
                } }
            },
            "components": { "schemas": {
                "Foo": { "type": "object", "required": ["navn"], "properties": {
                    "navn": { "type": "string", "description": "n" },
                    "status": { "$ref": "#/components/schemas/Status" } } },
                "Status": { "type": "string", "enum": ["A", "B"] }
            } }
        })
    }

    #[test]
    fn every_operator_finds_something_to_do() {
        for (name, operator) in OPERATORS {
            let applied = (0..50).any(|seed| {
                let mut spec = spec();
                operator(&mut spec, &mut fastrand::Rng::with_seed(seed)).is_some()
            });
            assert!(applied, "{name} never applied");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_case() {
        for seed in 0..20 {
            let (mut a, mut b) = (spec(), spec());
            let done_a = mutate(&mut a, &mut fastrand::Rng::with_seed(seed));
            let done_b = mutate(&mut b, &mut fastrand::Rng::with_seed(seed));
            assert_eq!(done_a, done_b);
            assert_eq!(a, b);
            assert!(!done_a.is_empty());
        }
    }

    #[test]
    fn renaming_a_schema_renames_its_references() {
        let mut spec = spec();
        crate::fuzz::sites::rename_refs(&mut spec, "Status", "Self");
        let text = spec.to_string();
        assert!(text.contains("#/components/schemas/Self"));
        assert!(!text.contains("#/components/schemas/Status"));
    }
}
