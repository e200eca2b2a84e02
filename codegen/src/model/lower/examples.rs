//! The documented examples of a response's body: what a mock serving the spec answers with (the
//! emitters do not read them). Read best-effort: an example that cannot be read (a dangling `$ref`, an
//! `externalValue` only) is left out rather than failing the generator, which never needed it.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr};
use serde_json::Value;

use super::Context;
use crate::load::spec::escape;
use crate::model::Example;

/// The examples of the media type `media_type` of `content` (a response's, at `at`): its `examples` by
/// key, else its `example` (named `example`), else the `example` of its schema, following `$ref`s
/// (named `schema`).
pub(crate) fn response_examples(
    cx: &Context,
    content: &IndexMap<String, MediaType>,
    media_type: &str,
    at: &str,
) -> Vec<Example> {
    let Some(media) = content.get(media_type) else {
        return Vec::new();
    };
    let media_at = format!("{at}/content/{}", escape(media_type));
    let mut examples = Vec::new();
    for (name, example) in &media.examples {
        let at = format!("{media_at}/examples/{}", escape(name));
        let Ok((example, _)) = cx.component(example, &at) else {
            continue;
        };
        if let Some(value) = &example.value {
            examples.push(Example {
                name: name.clone(),
                summary: example.summary.clone(),
                value: value.clone(),
            });
        }
    }
    if !examples.is_empty() {
        return examples;
    }
    if let Some(value) = &media.example {
        return vec![Example {
            name: "example".to_string(),
            summary: None,
            value: value.clone(),
        }];
    }
    let Some(schema) = &media.schema else {
        return Vec::new();
    };
    schema_example(cx, schema, &format!("{media_at}/schema"))
        .map(|value| {
            vec![Example {
                name: "schema".to_string(),
                summary: None,
                value,
            }]
        })
        .unwrap_or_default()
}

/// The `example` of the schema at `at`, through its `$ref`s.
fn schema_example(
    cx: &Context,
    schema: &ReferenceOr<openapiv3::Schema>,
    at: &str,
) -> Option<Value> {
    let mut pointer = at.to_string();
    if let ReferenceOr::Item(schema) = schema {
        return schema.schema_data.example.clone();
    }
    for _ in 0..16 {
        let value = cx.raw(&pointer)?;
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => pointer = cx.local_pointer(reference, &pointer).ok()?,
            None => return value.get("example").cloned(),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::load::spec::parse_spec;
    use crate::load::{LoadedFolder, LoadedSpec};
    use crate::model::lower::build_model_with;
    use crate::Settings;
    use std::path::{Path, PathBuf};

    fn examples_of(yaml: &str) -> Vec<(String, serde_json::Value)> {
        let file = Path::new("specs/x/openapi.yaml");
        let spec = parse_spec(file, yaml).expect("the spec parses");
        let folder = LoadedFolder {
            folder: "x".to_string(),
            dir: PathBuf::from("specs/x"),
            source: "specs/x".to_string(),
            spec: Some(LoadedSpec {
                file: file.to_path_buf(),
                spec,
            }),
            tables: Vec::new(),
        };
        let settings = Settings {
            examples: true,
            ..Default::default()
        };
        let (model, _) =
            build_model_with(std::slice::from_ref(&folder), &settings).expect("the model builds");
        // Without the setting, generating does not keep them.
        let (plain, _) = crate::model::lower::build_model(&[folder]).expect("the model builds");
        let plain = plain.apis[0].service.as_ref().unwrap();
        assert!(plain.operations[0].responses[0].examples.is_empty());
        let service = model.apis[0].service.as_ref().unwrap();
        service.operations[0].responses[0]
            .examples
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n";

    #[test]
    fn named_examples_come_in_order_through_refs() {
        let yaml = format!(
            "{HEAD}              schema: {{type: object}}\n              examples:\n                one: {{value: {{n: 1}}}}\n                two: {{$ref: '#/components/examples/Two'}}\ncomponents:\n  examples:\n    Two: {{summary: second, value: {{n: 2}}}}\n"
        );
        assert_eq!(
            examples_of(&yaml),
            vec![
                ("one".to_string(), serde_json::json!({"n": 1})),
                ("two".to_string(), serde_json::json!({"n": 2}))
            ]
        );
    }

    #[test]
    fn a_single_example_then_the_schemas() {
        let single = format!(
            "{HEAD}              schema: {{type: object}}\n              example: {{n: 1}}\n"
        );
        assert_eq!(
            examples_of(&single),
            vec![("example".to_string(), serde_json::json!({"n": 1}))]
        );
        let schema = format!("{HEAD}              schema: {{$ref: '#/components/schemas/S'}}\ncomponents:\n  schemas:\n    S: {{type: object, example: {{n: 3}}}}\n");
        assert_eq!(
            examples_of(&schema),
            vec![("schema".to_string(), serde_json::json!({"n": 3}))]
        );
        let none = format!("{HEAD}              schema: {{type: object}}\n");
        assert!(examples_of(&none).is_empty());
    }
}
