//! Checks a request the way its operation in the model says: required parameters present, each
//! parameter's text of its type, and a JSON body of the body's type (required properties, the types of
//! values, enums, string lengths and patterns). Each problem names where it is.

use std::collections::HashMap;

use codegen::model::{
    ExternShape, Field, Number, ParamLocation, Parameter, Primitive, Range, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use serde_json::Value;
use skatteetaten_runtime::codegen::check::{self, Length};

/// The named types of an API, by the id references hold.
pub type Types = HashMap<TypeId, TypeDef>;

/// What is wrong with a request, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The parameter (`query parameter `limit``) or the JSON pointer in the body (`/tag`).
    pub at: String,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The values a request gives its parameters, by location.
#[derive(Debug, Default)]
pub struct Given {
    pub path: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
}

impl Given {
    fn values(&self, param: &Parameter) -> Vec<&str> {
        let (list, case_blind) = match param.location {
            ParamLocation::Path => (&self.path, false),
            ParamLocation::Query => (&self.query, false),
            ParamLocation::Header => (&self.headers, true),
            ParamLocation::Cookie => (&self.cookies, false),
        };
        list.iter()
            .filter(|(name, _)| {
                if case_blind {
                    name.eq_ignore_ascii_case(&param.wire)
                } else {
                    *name == param.wire
                }
            })
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// Headers OpenAPI says a parameter cannot describe: the request's own `Accept`, `Content-Type` and
/// `Authorization` are never checked against such a declaration.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Checks every parameter of `params` against what the request gives.
pub fn parameters(params: &[Parameter], given: &Given, types: &Types) -> Result<(), Problem> {
    for param in params {
        if param.location == ParamLocation::Header
            && IGNORED_HEADERS.contains(&param.wire.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let at = format!("{} parameter `{}`", location(param.location), param.wire);
        let values = given.values(param);
        if values.is_empty() {
            if param.required {
                return Err(Problem {
                    at,
                    message: "missing (it is required)".to_string(),
                });
            }
            continue;
        }
        let (item, texts): (&TypeRef, Vec<&str>) = match resolve(&param.ty, types) {
            // A list is its key repeated (`tag=a&tag=b`), or one value of commas (`tag=a,b`).
            TypeRef::Array(item) if values.len() == 1 => (item, values[0].split(',').collect()),
            TypeRef::Array(item) => (item, values),
            _ => (&param.ty, values[..1].to_vec()),
        };
        for text in texts {
            text_of_type(item, text, types).map_err(|message| Problem {
                at: at.clone(),
                message,
            })?;
        }
    }
    Ok(())
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// An alias's target (through aliases and newtypes), or the type itself.
fn resolve<'a>(ty: &'a TypeRef, types: &'a Types) -> &'a TypeRef {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(id) => match types.get(id).map(|def| &def.kind) {
                Some(TypeKind::Alias { target } | TypeKind::Newtype { target, .. }) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Whether `text` is a value of `ty` written as text (a parameter, or a JSON string of a format).
fn text_of_type(ty: &TypeRef, text: &str, types: &Types) -> Result<(), String> {
    match resolve(ty, types) {
        TypeRef::Primitive(primitive) => primitive_text(*primitive, text),
        TypeRef::BoundedString(length) => within(text, length.min, length.max),
        TypeRef::BoundedNumber(primitive, range) => {
            primitive_text(*primitive, text)?;
            in_range(*primitive, *range, text)
        }
        TypeRef::Named(id) => match types.get(id) {
            Some(def) => text_of_kind(&def.kind, text),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Whether `text` is a value of a named type of text (a string enum, a constrained string).
fn text_of_kind(kind: &TypeKind, text: &str) -> Result<(), String> {
    let quoted = || format!("`{text}`");
    match kind {
        TypeKind::StringEnum { variants } => {
            if variants.iter().any(|v| v.wire == text) {
                return Ok(());
            }
            let allowed: Vec<String> = variants.iter().map(|v| format!("`{}`", v.wire)).collect();
            Err(format!("{} is not one of {}", quoted(), allowed.join(", ")))
        }
        TypeKind::ConstrainedString {
            pattern,
            min_length,
            max_length,
        } => {
            within(text, *min_length, *max_length)?;
            // A pattern that is no ECMA-262 expression is not checked (the generator warns).
            if let Some(Ok(regex)) = pattern.as_deref().map(regress::Regex::new) {
                if regex.find(text).is_none() {
                    return Err(format!(
                        "{} does not match the pattern `{}`",
                        quoted(),
                        pattern.as_deref().unwrap_or_default()
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Whether `text` is within the length bounds, by the runtime's rule (the one the generated server
/// adapters check).
fn within(text: &str, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    Length { min, max }
        .check_str(text)
        .map_err(|error| format!("`{text}` {}", error.reason()))
}

/// Whether the number written `text` (of `primitive`, already checked) is in `range`, by the runtime's
/// rule (the one the generated server adapters check).
fn in_range(primitive: Primitive, range: Range, text: &str) -> Result<(), String> {
    // The model's range as the runtime's, its bounds as numbers of the type checked.
    fn rule<N>(range: Range, value: fn(Number) -> N) -> check::Range<N> {
        let bound = |b: Option<codegen::model::Bound>| {
            b.map(|b| check::Bound {
                value: value(b.value),
                exclusive: b.exclusive,
            })
        };
        check::Range {
            min: bound(range.min),
            max: bound(range.max),
        }
    }
    let reason = match primitive {
        Primitive::I32 | Primitive::I64 => {
            let number = text
                .parse::<i64>()
                .map_err(|_| format!("`{text}` is no integer"))?;
            rule(range, Number::as_i64)
                .check_number(number)
                .map_err(|error| error.reason())
        }
        _ => {
            let number = text
                .parse::<f64>()
                .map_err(|_| format!("`{text}` is no number"))?;
            rule(range, Number::as_f64)
                .check_number(number)
                .map_err(|error| error.reason())
        }
    };
    reason.map_err(|reason| format!("`{text}` {reason}"))
}

/// Whether `text` is a value of `primitive`.
fn primitive_text(primitive: Primitive, text: &str) -> Result<(), String> {
    let ok = match primitive {
        Primitive::I32 => text.parse::<i32>().is_ok(),
        Primitive::I64 => text.parse::<i64>().is_ok(),
        Primitive::F32 | Primitive::F64 | Primitive::Decimal => {
            text.parse::<f64>().is_ok_and(f64::is_finite)
        }
        Primitive::Bool => matches!(text, "true" | "false"),
        Primitive::Date => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Primitive::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        Primitive::LocalDateTime => {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        }
        Primitive::Uuid => uuid::Uuid::parse_str(text).is_ok(),
        Primitive::String | Primitive::Bytes | Primitive::File => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{text}` is not {}", describe(primitive)))
    }
}

fn describe(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::I32 => "an integer (int32)",
        Primitive::I64 => "an integer (int64)",
        Primitive::F32 | Primitive::F64 | Primitive::Decimal => "a number",
        Primitive::Bool => "a boolean (`true` or `false`)",
        Primitive::Date => "a date (YYYY-MM-DD)",
        Primitive::DateTime => "a date-time (RFC 3339)",
        Primitive::LocalDateTime => "a date-time without offset",
        Primitive::Uuid => "a UUID",
        Primitive::String | Primitive::Bytes | Primitive::File => "a string",
    }
}

/// Checks a JSON body `value` against `ty`; a problem names its JSON pointer in the body.
pub fn body(ty: &TypeRef, value: &Value, types: &Types) -> Result<(), Problem> {
    json(ty, value, types, "", 0)
}

/// Deeper than this, a value is not checked (a recursive type's value is checked this far).
const DEPTH: usize = 64;

fn json(ty: &TypeRef, value: &Value, types: &Types, at: &str, depth: usize) -> Result<(), Problem> {
    if depth > DEPTH {
        return Ok(());
    }
    let wrong = |message: String| Problem {
        at: if at.is_empty() {
            "/".to_string()
        } else {
            at.to_string()
        },
        message,
    };
    let expected = |what: &str| wrong(format!("expected {what}, got {}", shown(value)));
    match ty {
        TypeRef::Any => Ok(()),
        // A schema the user maps to their own type: its shape is all the model keeps of it.
        TypeRef::Extern(ty) => match ty.shape {
            ExternShape::Text if !value.is_string() => Err(expected("a string")),
            ExternShape::Object if !value.is_object() => Err(expected("an object")),
            _ => Ok(()),
        },
        TypeRef::Primitive(primitive) => match primitive {
            Primitive::I32 | Primitive::I64 => {
                let whole = value.as_i64().is_some()
                    || value.as_u64().is_some()
                    || value.as_f64().is_some_and(|f| f.fract() == 0.0);
                if !whole {
                    return Err(expected(describe(*primitive)));
                }
                if *primitive == Primitive::I32
                    && value.as_i64().and_then(|n| i32::try_from(n).ok()).is_none()
                {
                    return Err(expected(describe(*primitive)));
                }
                Ok(())
            }
            Primitive::F32 | Primitive::F64 | Primitive::Decimal => value
                .is_number()
                .then_some(())
                .ok_or_else(|| expected("a number")),
            Primitive::Bool => value
                .is_boolean()
                .then_some(())
                .ok_or_else(|| expected("a boolean")),
            _ => match value.as_str() {
                Some(text) => primitive_text(*primitive, text).map_err(wrong),
                None => Err(expected(describe(*primitive))),
            },
        },
        TypeRef::BoundedNumber(primitive, range) => {
            json(&TypeRef::Primitive(*primitive), value, types, at, depth)?;
            in_range(*primitive, *range, &value.to_string()).map_err(wrong)
        }
        TypeRef::BoundedString(_) | TypeRef::ErrorCode(_) => match value.as_str() {
            Some(text) => text_of_type(ty, text, types).map_err(wrong),
            None => Err(expected("a string")),
        },
        TypeRef::Array(item) => {
            let items = value.as_array().ok_or_else(|| expected("an array"))?;
            for (i, element) in items.iter().enumerate() {
                json(item, element, types, &format!("{at}/{i}"), depth + 1)?;
            }
            Ok(())
        }
        TypeRef::Map(item) => {
            let map = value.as_object().ok_or_else(|| expected("an object"))?;
            for (key, element) in map {
                json(
                    item,
                    element,
                    types,
                    &format!("{at}/{}", escape(key)),
                    depth + 1,
                )?;
            }
            Ok(())
        }
        TypeRef::Named(id) => {
            let Some(def) = types.get(id) else {
                return Ok(());
            };
            named(&def.kind, value, types, at, depth).map_err(|problem| match problem {
                Some(problem) => problem,
                None => expected(&article(&def.name)),
            })
        }
    }
}

/// Checks `value` against a named type; `Err(None)`: not of its shape at all (the caller says what was
/// expected).
fn named(
    kind: &TypeKind,
    value: &Value,
    types: &Types,
    at: &str,
    depth: usize,
) -> Result<(), Option<Problem>> {
    match kind {
        TypeKind::Struct { fields, .. } => {
            let object = value.as_object().ok_or(None)?;
            for field in fields {
                struct_field(field, object.get(&field.wire), types, at, depth)?;
            }
            Ok(())
        }
        TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. } => {
            let text = value.as_str().ok_or(None)?;
            text_of_kind(kind, text).map_err(|message| {
                Some(Problem {
                    at: if at.is_empty() { "/".into() } else { at.into() },
                    message,
                })
            })
        }
        TypeKind::Union { variants } => {
            let mut first = None;
            for variant in variants {
                match json(&variant.ty, value, types, at, depth + 1) {
                    Ok(()) => return Ok(()),
                    Err(problem) => {
                        first.get_or_insert(problem);
                    }
                }
            }
            Err(first)
        }
        TypeKind::Tagged { property, variants } => {
            let object = value.as_object().ok_or(None)?;
            let tag = object.get(property).and_then(Value::as_str);
            let tags: Vec<String> = variants.iter().map(|v| format!("`{}`", v.tag)).collect();
            let Some(variant) = variants.iter().find(|v| Some(v.tag.as_str()) == tag) else {
                return Err(Some(Problem {
                    at: format!("{at}/{}", escape(property)),
                    message: format!(
                        "expected one of {}, got {}",
                        tags.join(", "),
                        tag.map_or("nothing".to_string(), |t| format!("`{t}`"))
                    ),
                }));
            };
            json(&variant.ty, value, types, at, depth + 1).map_err(Some)
        }
        TypeKind::OneProperty { variants } => {
            let object = value.as_object().ok_or(None)?;
            let mut entries = object.iter();
            let (Some((key, inner)), None) = (entries.next(), entries.next()) else {
                return Err(None);
            };
            let variant = variants.iter().find(|v| v.wire == *key).ok_or(None)?;
            json(
                &variant.ty,
                inner,
                types,
                &format!("{at}/{}", escape(key)),
                depth + 1,
            )
            .map_err(Some)
        }
        TypeKind::Alias { target } | TypeKind::Newtype { target, .. } => {
            json(target, value, types, at, depth + 1).map_err(Some)
        }
    }
}

fn struct_field(
    field: &Field,
    value: Option<&Value>,
    types: &Types,
    at: &str,
    depth: usize,
) -> Result<(), Option<Problem>> {
    let here = format!("{at}/{}", escape(&field.wire));
    match value {
        None if field.required => Err(Some(Problem {
            at: here,
            message: format!("required property `{}` is missing", field.wire),
        })),
        None => Ok(()),
        // `null` is a value, not an absence: only a `nullable` property takes it (as Prism judges).
        Some(Value::Null) if field.nullable => Ok(()),
        Some(value) => json(&field.ty, value, types, &here, depth + 1).map_err(Some),
    }
}

/// A JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `a Pet`, `an Order`.
fn article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} `{name}`", if vowel { "an" } else { "a" })
}

/// A value as a message shows it: short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let short: String = text.chars().take(37).collect();
        format!("{short}...")
    } else {
        text
    }
}
