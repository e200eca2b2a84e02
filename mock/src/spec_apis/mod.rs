//! The APIs of a specs folder that have no hand-written behaviour in the mock, served from their specs
//! alone, as Stoplight Prism serves a spec: each operation answers the documented example of its
//! response, and a request that does not meet the spec is refused in the API's own error body.
//!
//! The specs are read at start-up by the generator's loader and lowered into its model
//! (`codegen::model`): paths, parameters, bodies, types, responses with their examples, and the error
//! body the API's error responses declare ([`codegen::model::roles::ErrorShape`]).
//!
//! Each API is served under `/<prefix><path of its first server URL>`: the prefix is the first label of
//! the host of its first server URL (`https://petstore.example.com/v1` → `/petstore/v1`), as the
//! Skatteetaten APIs' are; the folder name when there is no server URL with a host (a relative URL,
//! none, a templated host), or when another API has that prefix already.

mod answer;
pub mod route;
mod sample;
pub mod validate;

use std::path::Path;

use codegen::model::roles::ErrorRoles;
use codegen::model::Operation;

use validate::Types;

/// One API served from its spec.
#[derive(Debug)]
pub struct SpecApi {
    /// The module the generator names it with (`petstore`).
    pub module: String,
    /// The spec's folder (`petstore`).
    pub folder: String,
    /// The spec's `info.title`.
    pub title: String,
    /// Where the mock serves it (`/petstore/v1`).
    pub base_path: String,
    /// The first server URL, as written.
    pub server_url: Option<String>,
    operations: Vec<Operation>,
    types: Types,
    roles: ErrorRoles,
}

impl SpecApi {
    /// The rest of `path` when it is under the API's base path (`/pets/1` of `/petstore/v1/pets/1`).
    pub fn strip<'a>(&self, path: &'a str) -> Option<&'a str> {
        let rest = path.strip_prefix(self.base_path.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    }
}

/// The APIs of `dir` with operations whose modules are not in `hand_written`, each under its base path;
/// `taken` are the base paths' first segments that are in use already (the hand-written APIs').
pub fn load(dir: &Path, hand_written: &[&str], taken: &[&str]) -> Result<Vec<SpecApi>, String> {
    let folders = codegen::load::load_specs(dir).map_err(|err| err.to_string())?;
    // With the responses' documented examples, which are what the mock answers.
    let settings = codegen::Settings {
        examples: true,
        ..Default::default()
    };
    let (model, _warnings) = codegen::model::lower::build_model_with(&folders, &settings)
        .map_err(|err| err.to_string())?;
    let mut taken: Vec<String> = taken.iter().map(|t| t.to_string()).collect();
    let mut apis = Vec::new();
    for api in model.apis {
        if hand_written.contains(&api.module.as_str()) {
            continue;
        }
        let Some(service) = api.service else {
            continue;
        };
        if service.operations.is_empty() {
            continue;
        }
        let server_url = service.servers.first().map(|s| s.url.clone());
        let (label, path) = prefix(server_url.as_deref());
        let label = match label {
            Some(label) if !taken.contains(&label) => label,
            _ => api.folder.clone(),
        };
        if taken.contains(&label) {
            return Err(format!(
                "{}: the API's prefix `/{label}` is another API's already; rename the folder",
                dir.join(&api.folder).display()
            ));
        }
        taken.push(label.clone());
        let types = service.types.into_iter().map(|ty| (ty.id, ty)).collect();
        apis.push(SpecApi {
            module: api.module,
            folder: api.folder,
            title: service.title,
            base_path: format!("/{label}{path}"),
            server_url,
            operations: service.operations,
            types,
            roles: api.error_roles,
        });
    }
    Ok(apis)
}

/// The first label of the host of `url` (`None` for no URL, a relative one or a templated host) and
/// the URL's path without its templated segments and trailing `/` (`/v1`).
pub fn prefix(url: Option<&str>) -> (Option<String>, String) {
    let Some(url) = url else {
        return (None, String::new());
    };
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(i) => (Some(&rest[..i]), &rest[i..]),
            None => (Some(rest), ""),
        },
        None => (None, url),
    };
    let label = host
        .map(|host| host.rsplit('@').next().unwrap_or(host))
        .and_then(|host| host.split(['.', ':']).next())
        .filter(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_ascii_lowercase);
    let path: Vec<&str> = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{') && *segment != ".")
        .collect();
    let path = if path.is_empty() {
        String::new()
    } else {
        format!("/{}", path.join("/"))
    };
    (label, path)
}

pub use answer::answer;

#[cfg(test)]
mod tests {
    use super::prefix;

    #[test]
    fn the_prefix_is_the_first_host_label_and_the_path_follows() {
        let p = |url| prefix(Some(url));
        assert_eq!(
            p("https://petstore.example.com/v1/"),
            (Some("petstore".into()), "/v1".into())
        );
        assert_eq!(
            p("http://localhost:8080"),
            (Some("localhost".into()), "".into())
        );
        assert_eq!(
            p("https://{region}.example.com/{base}/v2"),
            (None, "/v2".into())
        );
        assert_eq!(p("/api/v3"), (None, "/api/v3".into()));
        assert_eq!(prefix(None), (None, "".into()));
    }
}
