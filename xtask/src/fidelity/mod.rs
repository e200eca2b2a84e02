//! The type-fidelity audit of one `specs/` folder: for every parameter, property and body of every API,
//! the type the spec says ([`spec_type`], read from the document's own JSON) against the Rust type it
//! got ([`rust_kind`], from the generator's model), and each degradation ([`compare`]) with the
//! warnings that cover it ([`warned`]). `cargo xtask audit` runs it on every document of a directory,
//! each in the crash-safe worker of [`crate::cases`] (a case with the file [`MARKER`]).

pub mod compare;
pub mod rust_kind;
pub mod sites;
pub mod spec_type;
pub mod warned;

use std::path::Path;

use codegen::load::LoadedSpec;
use codegen::model::Api;
use serde_json::{json, Value};

use compare::Class;
use sites::Site;
use spec_type::SpecType;
use warned::Warnings;

/// A case with this file is audited instead of generated.
pub const MARKER: &str = "audit-only";

/// A site whose Rust type says less than its spec type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Degradation {
    pub class: Class,
    /// `parameter`, `property`, `request body`, `response body`.
    pub site: String,
    pub pointer: String,
    pub spec: String,
    pub rust: String,
    /// The warnings that cover it; empty: unwarned.
    pub warnings: Vec<String>,
}

/// What the audit found in one `specs/` folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audit {
    /// How many sites were judged.
    pub sites: usize,
    /// How many of them the spec's document (as written) did not have, and were read from the
    /// loader's normalised document instead (OpenAPI 3.1 rewritten, other files bundled).
    pub normalised: usize,
    pub degradations: Vec<Degradation>,
}

/// The audit and the generator's defect warnings (their names), of the `specs/` folder `specs`.
pub fn audit_specs(specs: &Path) -> Result<(Audit, Vec<&'static str>), codegen::Error> {
    let folders = codegen::load::load_specs(specs)?;
    let (model, model_warnings) = codegen::model::lower::build_model(&folders)?;
    let mut warnings = codegen::load::warnings(&folders);
    warnings.extend(model_warnings);
    let mut audit = Audit::default();
    for api in &model.apis {
        let loaded = folders
            .iter()
            .find(|f| f.folder == api.folder)
            .and_then(|f| f.spec.as_ref());
        if let Some(loaded) = loaded {
            audit_api(api, loaded, &warnings, &mut audit);
        }
    }
    let names = warnings
        .iter()
        .filter(|w| w.is_defect())
        .map(|w| w.name)
        .collect();
    Ok((audit, names))
}

fn audit_api(api: &Api, loaded: &LoadedSpec, warnings: &[codegen::Warning], audit: &mut Audit) {
    let Some(service) = &api.service else {
        return;
    };
    let original = read_original(&loaded.file);
    let normalised = &loaded.spec.raw;
    let lookup = |pointer: &str| -> Option<&Value> {
        original
            .as_ref()
            .and_then(|doc| doc.pointer(pointer))
            .or_else(|| normalised.pointer(pointer))
    };
    let warnings = Warnings::new(warnings, &loaded.file);
    for site in sites::sites(service, &lookup) {
        audit.sites += 1;
        if original
            .as_ref()
            .and_then(|d| d.pointer(&site.pointer))
            .is_none()
        {
            audit.normalised += 1;
        }
        if let Some(found) = judge(&site, &lookup, &warnings) {
            audit.degradations.push(found);
        }
    }
}

/// The site's degradation, if it has one.
pub fn judge(site: &Site, lookup: spec_type::Lookup, warnings: &Warnings) -> Option<Degradation> {
    let spec = match &site.schema {
        Some(schema) => spec_type::classify_at(lookup, schema),
        None => SpecType::Any,
    };
    let class = compare::compare(&spec, &site.rust, site.kind.is_body())?;
    let chain = site
        .schema
        .as_deref()
        .map(|schema| spec_type::ref_chain(lookup, schema))
        .unwrap_or_default();
    let places = std::iter::once(site.pointer.as_str()).chain(chain.iter().map(String::as_str));
    Some(Degradation {
        class,
        site: site.kind.name().to_string(),
        pointer: site.pointer.clone(),
        spec: spec.label(),
        rust: site.rust.label(),
        warnings: warnings
            .covering(places)
            .into_iter()
            .map(String::from)
            .collect(),
    })
}

/// The document as its file has it (before the loader's repairs), so the audit sees what the spec's
/// authors wrote; `None` when it does not read as JSON or YAML (the loader's copy is used then).
fn read_original(file: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(file).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    if file.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).ok()
    } else {
        codegen::load::yaml::yaml_to_json(text).ok()
    }
}

impl Audit {
    pub fn to_json(&self) -> Value {
        let degradations: Vec<Value> = (self.degradations.iter())
            .map(|d| {
                json!({
                    "class": d.class.name(), "site": d.site, "pointer": d.pointer,
                    "spec": d.spec, "rust": d.rust, "warnings": d.warnings,
                })
            })
            .collect();
        json!({ "sites": self.sites, "normalised": self.normalised, "degradations": degradations })
    }

    pub fn from_json(value: &Value) -> Option<Audit> {
        let text = |d: &Value, key: &str| Some(d.get(key)?.as_str()?.to_string());
        let degradations = (value.get("degradations")?.as_array()?.iter())
            .map(|d| {
                Some(Degradation {
                    class: Class::parse(d.get("class")?.as_str()?)?,
                    site: text(d, "site")?,
                    pointer: text(d, "pointer")?,
                    spec: text(d, "spec")?,
                    rust: text(d, "rust")?,
                    warnings: (d.get("warnings")?.as_array()?.iter())
                        .filter_map(|w| Some(w.as_str()?.to_string()))
                        .collect(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Audit {
            sites: value.get("sites")?.as_u64()? as usize,
            normalised: value.get("normalised")?.as_u64()? as usize,
            degradations,
        })
    }
}

#[cfg(test)]
mod tests;
