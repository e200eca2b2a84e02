//! The places the audit judges: every parameter, property and body (request and each response) of an
//! API, each with its pointer, the pointer of its schema and the Rust type it got. A place of the spec
//! is judged once, however many operations share it (a parameter or a response of `components`).
//! Properties are read from the types the model keeps: an inline type that deduplication merged into
//! another of the same shape is judged through the kept one's fields.

use std::collections::HashSet;

use codegen::load::spec::escape;
use codegen::model::Service;
use serde_json::Value;

use super::rust_kind::{RustKind, Types};
use super::spec_type::Lookup;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteKind {
    Parameter,
    Property,
    RequestBody,
    ResponseBody,
}

impl SiteKind {
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Parameter => "parameter",
            SiteKind::Property => "property",
            SiteKind::RequestBody => "request body",
            SiteKind::ResponseBody => "response body",
        }
    }

    pub fn is_body(self) -> bool {
        matches!(self, SiteKind::RequestBody | SiteKind::ResponseBody)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub kind: SiteKind,
    /// The parameter, the property's schema, or the media type's schema (the media type when it has
    /// none).
    pub pointer: String,
    /// The schema the spec gives the site, if it gives one.
    pub schema: Option<String>,
    pub rust: RustKind,
}

pub fn sites(service: &Service, lookup: Lookup) -> Vec<Site> {
    let types = Types::new(&service.types);
    let mut seen = HashSet::new();
    let mut sites = Vec::new();
    let mut add = |site: Site| {
        if seen.insert(site.pointer.clone()) {
            sites.push(site);
        }
    };
    for op in &service.operations {
        for param in &op.params {
            add(Site {
                kind: SiteKind::Parameter,
                pointer: param.pointer.clone(),
                schema: param_schema(lookup, &param.pointer),
                rust: types.of_param(param),
            });
        }
        let bodies = op.body.iter().map(|b| (SiteKind::RequestBody, &b.content));
        let responses = (op.responses.iter())
            .filter_map(|r| Some((SiteKind::ResponseBody, r.content.as_ref()?)));
        for (kind, content) in bodies.chain(responses) {
            let pointer = content.pointer.as_str().to_string();
            add(Site {
                kind,
                schema: pointer.ends_with("/schema").then(|| pointer.clone()),
                pointer,
                rust: types.of_body(content),
            });
        }
    }
    for def in &service.types {
        let codegen::model::TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        for field in fields {
            let pointer = field.pointer.as_str().to_string();
            add(Site {
                kind: SiteKind::Property,
                schema: Some(pointer.clone()),
                pointer,
                rust: types.of(&field.ty),
            });
        }
    }
    sites
}

/// A parameter's schema: `schema`, or that of its (first) media type.
fn param_schema(lookup: Lookup, pointer: &str) -> Option<String> {
    let param = lookup(pointer)?;
    if param.get("schema").is_some() {
        return Some(format!("{pointer}/schema"));
    }
    let (media, _) = param
        .get("content")
        .and_then(Value::as_object)?
        .iter()
        .next()?;
    Some(format!("{pointer}/content/{}/schema", escape(media)))
}
