//! Which component schemas are types of existing Rust code, not generated: the run's
//! [`Settings::extern_types`] (as prost-build's `extern_path`) and the schemas' own `x-rust-type` (as
//! typify's). Decided per module before its schemas are lowered; a reference to such a schema is then
//! a [`TypeRef::Extern`](crate::model::TypeRef::Extern).
//!
//! Which mapping a component schema of a module gets, the first that applies:
//!
//! 1. the setting `<folder>#/components/schemas/<Name>` of the module's own folder;
//! 2. the mapping of the schema in the folder the spec bundled it from (`$ref:
//!    '../felles/openapi.yaml#/…'`): a shared schema is that folder's, and stays one type everywhere;
//! 3. the setting `#/components/schemas/<Name>` (every API of the run);
//! 4. the schema's `x-rust-type`: a path (`my_crate::Money`), or typify's object
//!    `{crate: my_crate, version: "1.0", path: my_crate::Money}` of which only `path` is used.
//!
//! `<Name>` is the key under `components/schemas` as a JSON pointer writes it (`~1` for `/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::hash::HashMap;
use crate::load::spec::escape;
use crate::load::LoadedFolder;
use crate::model::{ExternShape, ExternType};
use crate::settings::Settings;

/// The extension that maps a schema to a Rust type in the spec.
pub const RUST_TYPE: &str = "x-rust-type";

const COMPONENTS: &str = "/components/schemas/";

/// One entry of [`Settings::extern_types`], checked.
#[derive(Debug, Clone)]
pub(super) struct Setting {
    /// The folder it is limited to; `None`: every API.
    folder: Option<String>,
    /// The component schema key, unescaped.
    schema: String,
    path: String,
}

/// Reads and checks the run's extern type settings: each key must name a component schema of the run
/// (of its folder, where it names one), each value must be a Rust type path.
pub(super) fn settings(folders: &[LoadedFolder], settings: &Settings) -> Result<Vec<Setting>> {
    let fallback = folders
        .first()
        .map_or(Path::new(""), LoadedFolder::main_file);
    let mut checked = Vec::new();
    for (key, path) in &settings.extern_types {
        let error = |file: &Path, message: String| {
            Error::new(
                file,
                format!("extern_types[\"{key}\"]"),
                format!("extern type `{key}` → `{path}`: {message}"),
            )
        };
        let (folder, schema) = parse_key(key).map_err(|why| error(fallback, why))?;
        check_path(path).map_err(|why| error(fallback, why))?;
        match &folder {
            Some(name) => {
                let Some(found) = folders.iter().find(|f| &f.folder == name) else {
                    let known: Vec<String> = folders.iter().map(|f| f.folder.clone()).collect();
                    return Err(error(
                        fallback,
                        format!(
                            "no API folder `{name}` in the run; its folders: {}",
                            few(&known)
                        ),
                    ));
                };
                if !schema_keys(found).contains(&schema) {
                    let file = found.spec.as_ref().map_or(&found.dir, |s| &s.file);
                    return Err(error(
                        file,
                        format!(
                            "`{name}` has no component schema `{schema}`; its schemas: {}",
                            few(&schema_keys(found).into_iter().collect::<Vec<_>>())
                        ),
                    ));
                }
            }
            None => {
                if !folders.iter().any(|f| schema_keys(f).contains(&schema)) {
                    let known: BTreeSet<String> = folders.iter().flat_map(schema_keys).collect();
                    return Err(error(
                        fallback,
                        format!(
                            "no API of the run has a component schema `{schema}`; its schemas: {}",
                            few(&known.into_iter().collect::<Vec<_>>())
                        ),
                    ));
                }
            }
        }
        checked.push(Setting {
            folder,
            schema,
            path: path.clone(),
        });
    }
    Ok(checked)
}

/// The extern types of `folder`'s component schemas (component key → type), by the rules of the
/// module docs. `inherited`: the schemas bundled from another folder of the run that are extern there.
pub(super) fn of_folder(
    folder: &LoadedFolder,
    settings: &[Setting],
    inherited: &HashMap<String, ExternType>,
) -> Result<HashMap<String, ExternType>> {
    let Some(loaded) = &folder.spec else {
        return Ok(HashMap::default());
    };
    let raw = &loaded.spec.raw;
    let schemas = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut found = HashMap::default();
    for (key, schema) in schemas.into_iter().flatten() {
        let setting = |own: bool| {
            settings.iter().find(|s| {
                &s.schema == key && own == s.folder.is_some() && {
                    s.folder.as_ref().map_or(true, |f| *f == folder.folder)
                }
            })
        };
        let shape = || shape(raw, schema);
        let ty = if let Some(own) = setting(true) {
            Some(ExternType {
                path: own.path.clone(),
                shape: shape(),
            })
        } else if let Some(shared) = inherited.get(key) {
            Some(shared.clone())
        } else if let Some(every) = setting(false) {
            Some(ExternType {
                path: every.path.clone(),
                shape: shape(),
            })
        } else if let Some(value) = schema.get(RUST_TYPE) {
            let at = format!("{COMPONENTS}{}/{RUST_TYPE}", escape(key));
            let (file, at) = loaded.spec.locate(&loaded.file, &at);
            let path = extension_path(value).map_err(|why| Error::new(&file, &at, why))?;
            Some(ExternType {
                path,
                shape: shape(),
            })
        } else {
            None
        };
        if let Some(ty) = ty {
            found.insert(key.clone(), ty);
        }
    }
    Ok(found)
}

/// The path an `x-rust-type` value names: a string, or an object with a string `path`.
fn extension_path(value: &Value) -> std::result::Result<String, String> {
    let path = match value {
        Value::String(path) => path,
        Value::Object(map) => match map.get("path") {
            Some(Value::String(path)) => path,
            _ => {
                return Err(format!(
                    "`{RUST_TYPE}` has no string `path` (expected `{{crate: my_crate, version: \"1.0\", path: my_crate::Money}}` or a path)"
                ))
            }
        },
        _ => {
            return Err(format!(
                "`{RUST_TYPE}` must be a Rust type path or an object with a `path`"
            ))
        }
    };
    check_path(path).map_err(|why| format!("`{RUST_TYPE}` `{path}`: {why}"))?;
    Ok(path.clone())
}

/// `[<folder>]#/components/schemas/<Name>` → the folder (if any) and the unescaped name.
fn parse_key(key: &str) -> std::result::Result<(Option<String>, String), String> {
    let expected = "expected `#/components/schemas/<Name>` (every API) or `<folder>#/components/schemas/<Name>` (one API)";
    let Some((folder, pointer)) = key.split_once('#') else {
        return Err(format!("the key has no `#`; {expected}"));
    };
    let name = pointer
        .strip_prefix(COMPONENTS)
        .filter(|name| !name.is_empty() && !name.contains('/'))
        .ok_or_else(|| format!("the key names no component schema; {expected}"))?;
    let folder = (!folder.is_empty()).then(|| folder.to_string());
    Ok((folder, crate::load::pointer::unescape(name).into_owned()))
}

/// Checks that `path` is a Rust type path that means the same in every module of the generated code:
/// `::a::B`, `crate::a::B`, `a::B` (a crate's name), with generic arguments if it likes; not
/// `self::`/`super::` (relative to a module the generator chooses), not a reference or a tuple.
pub(crate) fn check_path(path: &str) -> std::result::Result<(), String> {
    let ty: syn::Type =
        syn::parse_str(path).map_err(|err| format!("not a Rust type path ({err})"))?;
    let syn::Type::Path(syn::TypePath { qself: None, path }) = ty else {
        return Err("not a Rust type path (`::my_crate::Money`, `crate::money::Money`)".into());
    };
    let first = path.segments.first().map(|s| s.ident.to_string());
    if path.leading_colon.is_none() && matches!(first.as_deref(), Some("self" | "super" | "Self")) {
        return Err(
            "a path relative to a module means something else in each generated module; start it with `::` or `crate::`".into(),
        );
    }
    if path.leading_colon.is_none() && path.segments.len() == 1 {
        return Err(
            "a single name may be a generated type's in the module it is used in; write its path (`::std::string::String`, `crate::Money`)".into(),
        );
    }
    Ok(())
}

/// The component schema keys of a folder's spec.
fn schema_keys(folder: &LoadedFolder) -> BTreeSet<String> {
    folder
        .spec
        .iter()
        .filter_map(|s| s.spec.raw.pointer("/components/schemas"))
        .filter_map(Value::as_object)
        .flat_map(|map| map.keys().cloned())
        .collect()
}

/// A few names of a list, for an error message.
fn few(names: &[String]) -> String {
    const SHOWN: usize = 8;
    if names.is_empty() {
        return "(none)".into();
    }
    let shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(SHOWN);
    if more > 0 {
        format!("{}, and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// What a schema's values are (following `$ref`s in the document a few steps).
fn shape(raw: &Value, schema: &Value) -> ExternShape {
    let mut schema = schema;
    for _ in 0..8 {
        let Some(map) = schema.as_object() else {
            return ExternShape::Other;
        };
        if let Some(target) = map
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| raw.pointer(pointer))
        {
            schema = target;
            continue;
        }
        let strings = map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null()));
        return match map.get("type").and_then(Value::as_str) {
            Some("string") => ExternShape::Text,
            Some("object") => ExternShape::Object,
            None if strings && map.contains_key("enum") => ExternShape::Text,
            None if map.contains_key("properties") || map.contains_key("additionalProperties") => {
                ExternShape::Object
            }
            _ => ExternShape::Other,
        };
    }
    ExternShape::Other
}

/// The extern types of the schemas `folder`'s spec bundled from other modules' specs, as those modules
/// decided them: component key here → type. `origins`: the module of each spec file of the run;
/// `decided`: the extern types of each module lowered so far.
pub(super) fn inherited(
    module: &str,
    folder: &LoadedFolder,
    spec_files: &HashMap<PathBuf, String>,
    decided: &BTreeMap<String, HashMap<String, ExternType>>,
) -> HashMap<String, ExternType> {
    let component = |pointer: &str| -> Option<String> {
        let key = pointer.strip_prefix(COMPONENTS)?;
        (!key.is_empty() && !key.contains('/'))
            .then(|| crate::load::pointer::unescape(key).into_owned())
    };
    let mut found = HashMap::default();
    for origin in folder.spec.iter().flat_map(|s| &s.spec.origins) {
        let (Some(key), Some(source)) = (component(&origin.at), component(&origin.source)) else {
            continue;
        };
        let Some(owner) = spec_files.get(&origin.file).filter(|o| *o != module) else {
            continue;
        };
        if let Some(ty) = decided.get(owner).and_then(|d| d.get(&source)) {
            found.insert(key, ty.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{check_path, parse_key};

    #[test]
    fn keys_name_a_component_schema_of_every_api_or_of_one() {
        assert_eq!(
            parse_key("#/components/schemas/Money"),
            Ok((None, "Money".to_string()))
        );
        assert_eq!(
            parse_key("petstore#/components/schemas/a~1b"),
            Ok((Some("petstore".to_string()), "a/b".to_string()))
        );
        for bad in [
            "Money",
            "#/components/schemas/",
            "#/components/responses/Money",
            "#/components/schemas/Money/properties/x",
        ] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_are_type_paths_that_mean_the_same_in_every_module() {
        for good in [
            "::chrono::NaiveDate",
            "crate::money::Money",
            "my_crate::Money",
            "::std::collections::BTreeSet<::std::string::String>",
        ] {
            assert_eq!(check_path(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "my crate::Money",
            "::a::",
            "&str",
            "(A, B)",
            "Money",
            "self::Money",
            "super::Money",
            "<T as Tr>::Money",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
