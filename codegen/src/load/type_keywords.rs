//! Keywords beside a `type` that does not take them, and bounds an integer cannot hold.
//!
//! `openapiv3` reads a schema as its `type` only when every keyword it knows belongs to that type; one
//! stray keyword and the schema is "any" (`SchemaKind::Any`), which the model can only make text or
//! `serde_json::Value`. Real specs write such keywords all the time: Kubernetes declares its query
//! parameters `{type: boolean, uniqueItems: true}`, OpenAI an int64 `minimum: -9223372036854776000`
//! (below the int64 range), others `format: int32` on an object or `enum: [1, 2]` on a string. Each is
//! repaired here, before `openapiv3` reads the document, so the schema keeps its type, with a warning
//! at the place saying what was left out or changed.
//!
//! A schema that also composes (`allOf`, `oneOf`, `anyOf`, `not`) is left as written: `openapiv3` reads
//! it as "any" and the model reads the composition and the keywords beside it itself
//! (`model/lower/schemas.rs`).

use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::diagnostic::Warning;

/// The types `openapiv3` reads a schema as, by the value of `type`.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

/// The keywords of a schema that `openapiv3` reads for one type or another (the others, such as
/// `description` or `nullable`, it reads beside any type), and whether `ty` takes `key`.
fn takes(ty: &str, key: &str) -> Option<bool> {
    Some(match key {
        "pattern" | "minLength" | "maxLength" => ty == "string",
        "multipleOf" | "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
            matches!(ty, "number" | "integer")
        }
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            ty == "object"
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => ty == "array",
        "format" => matches!(ty, "string" | "number" | "integer"),
        "enum" => matches!(ty, "string" | "number" | "integer" | "boolean"),
        _ => return None,
    })
}

/// Repairs the schema `schema` at `pointer` of `file` in place; `true` when it changed anything.
pub fn repair(
    file: &Path,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> bool {
    let composes = ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|key| schema.contains_key(*key));
    let ty = match schema.get("type") {
        Some(Value::String(ty)) if !composes => ty.clone(),
        _ => return false,
    };
    if ty == "file" {
        // Swagger 2.0's upload type, left in by converters: OpenAPI 3 says `string` with `format: binary`.
        schema.insert("type".to_string(), Value::from("string"));
        schema.insert("format".to_string(), Value::from("binary"));
        warnings.push(Warning::new(
            file,
            format!("{pointer}/type"),
            "swagger-file-type",
            "`type: file` is Swagger 2.0; it is read as OpenAPI 3's `type: string, format: binary` (bytes)",
        ));
        return true;
    }
    if !TYPES.contains(&ty.as_str()) {
        return false;
    }
    let mut changed = stray_keywords(file, pointer, &ty, schema, warnings);
    changed |= enum_values(file, pointer, &ty, schema, warnings);
    if ty == "integer" {
        for key in ["minimum", "maximum"] {
            changed |= integer_bound(file, pointer, key, schema, warnings);
        }
        changed |= integer_multiple(file, pointer, schema, warnings);
    }
    changed
}

/// Leaves out the keywords `ty` does not take (`uniqueItems` beside `type: boolean`).
fn stray_keywords(
    file: &Path,
    pointer: &str,
    ty: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> bool {
    let stray: Vec<String> = schema
        .keys()
        .filter(|key| takes(ty, key) == Some(false))
        .cloned()
        .collect();
    // A `required: true` of Swagger 2.0 style on a property is no list of names either.
    let bad_required = ty == "object" && schema.get("required").is_some_and(|r| !r.is_array());
    for key in &stray {
        schema.remove(key);
    }
    if bad_required {
        schema.remove("required");
        warnings.push(Warning::new(
            file,
            format!("{pointer}/required"),
            "keyword-not-for-type",
            "`required` of an object schema is a list of property names; this one is not, so it is left out",
        ));
    }
    if stray.is_empty() {
        return bad_required;
    }
    let list = stray
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (them, say) = if stray.len() == 1 {
        ("it", "does")
    } else {
        ("they", "do")
    };
    warnings.push(Warning::new(
        file,
        pointer,
        "keyword-not-for-type",
        format!(
            "{list} {say} not apply to `type: {ty}`; {them} {} left out and the schema is read as {} {ty}",
            if stray.len() == 1 { "is" } else { "are" },
            if ty.starts_with(['a', 'i', 'o']) { "an" } else { "a" },
        ),
    ));
    true
}

/// Makes every `enum` value one of the type's: a number or boolean in a string enum becomes its text
/// (`1` → `"1"`, as the wire carries it in a string); an enum with values the type cannot hold is
/// left out (any value of the type is then accepted).
fn enum_values(
    file: &Path,
    pointer: &str,
    ty: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> bool {
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return false;
    };
    let fits = |value: &Value| {
        value.is_null()
            || match ty {
                "string" => value.is_string(),
                "number" => value.is_number(),
                "integer" => value.is_i64(),
                "boolean" => value.is_boolean(),
                _ => true,
            }
    };
    if values.iter().all(fits) {
        return false;
    }
    let at = format!("{pointer}/enum");
    if ty == "string" && values.iter().all(|v| !v.is_array() && !v.is_object()) {
        for value in values.iter_mut().filter(|v| !v.is_null() && !v.is_string()) {
            *value = Value::String(value.to_string());
        }
        warnings.push(Warning::new(
            file,
            at,
            "enum-value-not-of-type",
            "values of this string enum are not strings; each is read as its JSON text (`1` as \"1\")",
        ));
    } else {
        schema.remove("enum");
        warnings.push(Warning::new(
            file,
            at,
            "enum-value-not-of-type",
            format!("values of this enum are not of its `type: {ty}`; the enum is left out, and any {ty} is accepted"),
        ));
    }
    true
}

/// An integer's `minimum`/`maximum` as an int64: a bound beyond the int64 range is the end of the range,
/// a fraction is rounded inwards (`minimum: 0.5` → 1). A whole number written with a fraction (`1.0`)
/// is taken as it is, without a warning.
fn integer_bound(
    file: &Path,
    pointer: &str,
    key: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> bool {
    let Some(Value::Number(bound)) = schema.get(key) else {
        return false;
    };
    if bound.is_i64() {
        return false;
    }
    let written = bound.to_string();
    let (value, why) = match (bound.as_u64(), bound.as_f64()) {
        (Some(_), _) => (i64::MAX, Some("above the int64 range")),
        (None, Some(float)) => {
            let rounded = if key == "minimum" {
                float.ceil()
            } else {
                float.floor()
            };
            // `i64::MIN as f64` is exactly -2^63; `i64::MAX as f64` rounds up to 2^63, which no i64 is.
            if rounded < i64::MIN as f64 {
                (i64::MIN, Some("below the int64 range"))
            } else if rounded >= i64::MAX as f64 {
                (i64::MAX, Some("above the int64 range"))
            } else if rounded == i64::MIN as f64 && written != i64::MIN.to_string() {
                // `-9223372036854776000` is -2^63 as a double, but not as written.
                (i64::MIN, Some("below the int64 range"))
            } else if rounded != float {
                (rounded as i64, Some("not a whole number"))
            } else {
                (rounded as i64, None)
            }
        }
        (None, None) => return false,
    };
    schema.insert(key.to_string(), Value::Number(Number::from(value)));
    if let Some(why) = why {
        warnings.push(Warning::new(
            file,
            format!("{pointer}/{key}"),
            "bound-out-of-range",
            format!("`{key}: {written}` of an integer is {why}; it is read as {value}"),
        ));
    }
    true
}

/// An integer's `multipleOf` that is no whole number above zero says nothing an integer can meet
/// exactly: it is left out.
fn integer_multiple(
    file: &Path,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> bool {
    let Some(Value::Number(multiple)) = schema.get("multipleOf") else {
        return false;
    };
    if multiple.is_i64() {
        return false;
    }
    if let Some(whole) = multiple
        .as_f64()
        .filter(|f| f.fract() == 0.0 && *f >= 1.0 && *f < i64::MAX as f64)
    {
        schema.insert("multipleOf".to_string(), Value::from(whole as i64));
        return true;
    }
    let written = multiple.to_string();
    schema.remove("multipleOf");
    warnings.push(Warning::new(
        file,
        format!("{pointer}/multipleOf"),
        "bound-out-of-range",
        format!("`multipleOf: {written}` of an integer is not a whole number of the int64 range; it is left out"),
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(schema: Value) -> (Value, Vec<String>) {
        let Value::Object(mut map) = schema.clone() else {
            panic!("an object")
        };
        let mut warnings = Vec::new();
        let changed = repair(Path::new("spec.json"), "/s", &mut map, &mut warnings);
        let after = Value::Object(map);
        // `changed` is what tells the loader that the document is no longer as written.
        assert_eq!(changed, after != schema, "{schema} -> {after}");
        let names: Vec<String> = warnings
            .iter()
            .map(|w| format!("{} {}: {}", w.name, w.location, w.message))
            .collect();
        (after, names)
    }

    fn reads_as_type(schema: &Value) -> bool {
        let schema: openapiv3::Schema = serde_json::from_value(schema.clone()).unwrap();
        matches!(schema.schema_kind, openapiv3::SchemaKind::Type(_))
    }

    #[test]
    fn a_stray_keyword_is_left_out_with_a_warning() {
        let (schema, warnings) = repaired(json!({"type": "boolean", "uniqueItems": true}));
        assert_eq!(schema, json!({"type": "boolean"}));
        assert!(reads_as_type(&schema));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with(
                "keyword-not-for-type /s: `uniqueItems` does not apply to `type: boolean`"
            ),
            "{warnings:?}"
        );
        let (schema, _) = repaired(json!({"type": "object", "format": "int32", "properties": {}}));
        assert!(reads_as_type(&schema));
    }

    #[test]
    fn what_openapiv3_reads_is_not_touched() {
        for schema in [
            json!({"type": "integer", "format": "int64", "minimum": -5, "maximum": 9}),
            json!({"type": "string", "maxLength": 5, "enum": ["a", null]}),
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}),
            json!({"type": "object", "oneOf": [{"$ref": "#/x"}], "uniqueItems": true}),
            json!({"type": "array", "items": {}, "uniqueItems": true}),
        ] {
            let (after, warnings) = repaired(schema.clone());
            assert_eq!(after, schema);
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn an_int64_bound_outside_its_range_is_the_end_of_the_range() {
        // OpenAI's `CreateChatCompletionRequest.seed`.
        let (schema, warnings) = repaired(json!({"type": "integer", "format": "int64",
            "minimum": -9223372036854776000.0, "maximum": 9223372036854776000.0}));
        assert_eq!(schema["minimum"], json!(i64::MIN));
        assert_eq!(schema["maximum"], json!(i64::MAX));
        assert!(reads_as_type(&schema));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("below the int64 range"),
            "{warnings:?}"
        );
        let (schema, warnings) =
            repaired(json!({"type": "integer", "maximum": 18446744073709551615u64}));
        assert_eq!(schema["maximum"], json!(i64::MAX));
        assert!(warnings[0].contains("above the int64 range"));
    }

    #[test]
    fn fractions_of_integer_bounds_round_inwards_and_whole_ones_pass_quietly() {
        let (schema, warnings) = repaired(
            json!({"type": "integer", "minimum": 0.5, "maximum": 10.0, "multipleOf": 2.0}),
        );
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": 1, "maximum": 10, "multipleOf": 2})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("not a whole number"));
        let (schema, warnings) = repaired(json!({"type": "integer", "multipleOf": 0.01}));
        assert_eq!(schema, json!({"type": "integer"}));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn enum_values_of_another_type() {
        let (schema, warnings) = repaired(json!({"type": "string", "enum": [1, "b", true, null]}));
        assert_eq!(schema["enum"], json!(["1", "b", "true", null]));
        assert!(reads_as_type(&schema));
        assert_eq!(warnings.len(), 1);
        let (schema, warnings) = repaired(json!({"type": "integer", "enum": ["1", 2]}));
        assert_eq!(schema, json!({"type": "integer"}));
        assert!(warnings[0].contains("left out"));
    }

    #[test]
    fn swagger_file_type_is_binary() {
        let (schema, warnings) = repaired(json!({"type": "file"}));
        assert_eq!(schema, json!({"type": "string", "format": "binary"}));
        assert!(warnings[0].starts_with("swagger-file-type"));
    }
}
