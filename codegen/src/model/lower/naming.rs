//! The Rust names of an API's operations and servers, allocated once for every emitter: each scope of the
//! generated code (the API module's types, the trait's methods, the server's functions and statics, the
//! module's constants) has its own [`Namer`], with the names the generated code uses itself reserved
//! first (one table for them and the emitters: [`crate::model::reserved`]). A name the spec asks for
//! twice, or one that the code already uses, gets a suffix here, so no emitter can collide.

use heck::ToShoutySnakeCase;

use crate::model::names::{snake_name, type_name, Namer};
use crate::model::reserved;
use crate::model::{Operation, Server};

/// Names the servers' constants and constructors (the first server of each environment), and returns
/// the API trait's name, unique among `module_types` (the types of the API's module: models and
/// error enums, which share its namespace with the trait).
pub(crate) fn name_servers(
    module: &str,
    servers: &mut [Server],
    module_types: &[String],
) -> String {
    let mut constants = Namer::with_reserved(reserved::module::ALL);
    let mut constructors = Namer::with_reserved(reserved::client::ALL);
    let mut environments = Vec::new();
    for server in servers.iter_mut() {
        let Some(environment) = server.environment.clone() else {
            continue;
        };
        let constant = format!("{}_URL", snake_name(&environment).to_uppercase());
        if environments.contains(&constant) {
            continue;
        }
        environments.push(constant.clone());
        server.constant = Some(constants.unique(constant));
        server.constructor = Some(constructors.unique(snake_name(&environment)));
    }
    let trait_name = type_name(module).trim_end_matches('_').to_string();
    let trait_name = if trait_name.ends_with("Api") {
        trait_name
    } else {
        format!("{trait_name}Api")
    };
    let mut types = Namer::with_reserved(&[]);
    for taken in module_types {
        types.reserve(taken);
    }
    types.unique(trait_name)
}

/// Gives every operation its names, in the order of the spec.
/// `module_types` are the names the operations' request and response types must not take: they live
/// in the API's module (`operations.rs`, re-exported) beside its models and error enums.
pub(crate) fn name_operations(
    operations: &mut [Operation],
    servers: &[Server],
    client_trait: &str,
    module_types: &[String],
) {
    let mut methods = Namer::with_reserved(reserved::client::ALL);
    for server in servers {
        if let Some(constructor) = &server.constructor {
            methods.reserve(constructor);
        }
    }
    // The request and response types live in the API's module, beside its models and error enums.
    let mut types = Namer::with_reserved(&[]);
    types.reserve(client_trait);
    for taken in module_types {
        types.reserve(taken);
    }
    let module_types = &mut types;
    let mut server_values = Namer::with_reserved(reserved::server::ALL);
    for op in operations.iter_mut() {
        let method = methods.unique(snake_name(&op.id));
        // A keyword's `_` (`Self_`) goes before a suffix is added: `SelfRequest`, not `Self_Request`.
        let base = type_name(&op.id).trim_end_matches('_').to_string();
        let streams = op.responses.iter().any(|r| r.stream.is_some());
        op.names = crate::model::OperationNames {
            request: module_types.unique(format!("{base}Request")),
            response: module_types.unique(format!("{base}Response")),
            descriptor: server_values.unique(method.to_shouty_snake_case()),
            call: server_values.unique(format!("call_{method}")),
            stream: None,
            method,
        };
        if streams {
            let stream = methods.unique(format!("{}_stream", op.names.method));
            op.names.stream = Some(crate::model::StreamNames {
                response: module_types.unique(format!("{base}StreamResponse")),
                call: server_values.unique(format!("call_{stream}")),
                method: stream,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OperationNames;

    fn op(id: &str) -> Operation {
        Operation {
            id: id.to_string(),
            ..super::super::test_operation("/")
        }
    }

    #[test]
    fn colliding_operation_ids_get_distinct_names_everywhere() {
        let mut ops = vec![op("getFoo"), op("get_foo"), op("router"), op("errorRoles")];
        ops.extend([op("x"), op("call_x"), op("new"), op("Self")]);
        name_operations(&mut ops, &[], "TestApi", &[]);
        let names: Vec<&OperationNames> = ops.iter().map(|op| &op.names).collect();
        assert_eq!(names[0].method, "get_foo");
        assert_eq!(names[1].method, "get_foo_2");
        assert_eq!(names[0].response, "GetFooResponse");
        assert_eq!(names[1].response, "GetFooResponse2");
        assert_eq!(names[1].request, "GetFooRequest2");
        // The adapter's own `ERROR_ROLES` stays its own.
        assert_eq!(names[2].call, "call_router");
        assert_eq!(names[3].descriptor, "ERROR_ROLES_2");
        assert_eq!(names[4].call, "call_x");
        assert_eq!(names[5].call, "call_call_x");
        // `Client::new` is the constructor.
        assert_eq!(names[6].method, "new_2");
        // A keyword's `_` does not end up inside a type name.
        assert_eq!(names[7].request, "SelfRequest");
    }

    #[test]
    fn one_constant_and_constructor_per_environment() {
        let server = |url: &str, environment: Option<&str>| Server {
            url: url.to_string(),
            description: None,
            environment: environment.map(str::to_string),
            constant: None,
            constructor: None,
        };
        let mut servers = vec![
            server("https://a", Some("test")),
            server("https://b", Some("test")),
            server("https://c", Some("new")),
            server("https://d", None),
        ];
        assert_eq!(name_servers("x_api", &mut servers, &[]), "XApi");
        assert_eq!(servers[0].constant.as_deref(), Some("TEST_URL"));
        assert_eq!(servers[1].constant, None);
        assert_eq!(servers[2].constructor.as_deref(), Some("new_2"));
        assert_eq!(servers[3].constant, None);
    }
}
