//! Paths → operations: parameters (path-level and operation-level, `$ref`s followed), the request body,
//! every response by status with its own content type, and the security each operation needs.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, Operation as OpenApiOperation, Parameter as OpenApiParameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};
use serde_json::Value;

use super::read_ahead::{read_ahead, ReadItem};
use super::schemas::{doc_at, type_ref};
use super::Context;
use crate::error::Result;
use crate::load::spec::{escape, Spec};
use crate::model::media::{is_event_stream, is_form, is_json, is_multipart, is_structured};
use crate::model::names::{snake_name, type_name, Namer};
use crate::model::{
    Auth, Content, Encoding, Form, HttpMethod, ObjectStyle, Operation, OperationNames,
    ParamLocation, ParamParse, Parameter, PathTemplate, Place, Primitive, RequestBody, Response,
    Status, TypeRef,
};

/// The operations of every path item, in the document's order.
pub(crate) fn lower_operations(cx: &mut Context) -> Result<Vec<Operation>> {
    let items: Vec<(&String, &Value)> = cx.spec.path_items().collect();
    read_ahead(&items, |read, done| lower_in_order(cx, &items, read, done))
}

/// The operations of `items`, each path item read by `read` and, once lowered, given to `done`.
fn lower_in_order(
    cx: &mut Context,
    items: &[(&String, &Value)],
    read: impl Iterator<Item = ReadItem>,
    done: &mut dyn FnMut(Box<ReferenceOr<PathItem>>),
) -> Result<Vec<Operation>> {
    let mut lowering = Lowering::default();
    for (&(path, _), item) in items.iter().zip(read) {
        let at = format!("/paths/{}", escape(path));
        let item = item.ok_or_else(|| {
            cx.error(
                &at,
                "generator bug: this path item, read when the document was loaded, does not read again; please report it with the spec",
            )
        })?;
        lowering.path_item(cx, path, &at, &item)?;
        done(item);
    }
    Ok(lowering.operations)
}

/// The operations lowered so far, with what later ones are checked against.
#[derive(Default)]
struct Lowering {
    /// Operation id → the pointer of the operation that has it.
    ids: crate::hash::HashMap<String, String>,
    /// Method and path shape → the first path served there.
    routes: crate::hash::HashMap<String, String>,
    operations: Vec<Operation>,
}

impl Lowering {
    /// The operations of the path item `item` at `path` (its pointer `at`).
    fn path_item(
        &mut self,
        cx: &mut Context,
        path: &str,
        at: &str,
        item: &ReferenceOr<PathItem>,
    ) -> Result<()> {
        // A path item may be a `$ref` to another one (SureVoIP's spec shares them so).
        let (item, path_pointer) = cx.component(item, at)?;
        let item: &PathItem = &item;
        // A query written into the template (`/search?query={query}`) is not part of the path; its
        // parameters are declared as query parameters.
        let route = match path.split_once('?') {
            Some((route, _)) => {
                cx.warn(
                    &path_pointer,
                    "query-in-path",
                    format!("path `{path}` has a query part; the path is `{route}`, the query comes from the query parameters"),
                );
                route
            }
            None => path,
        };
        let template =
            PathTemplate::parse(route).map_err(|message| cx.error(&path_pointer, message))?;
        for (method, op) in methods(item) {
            let pointer = format!("{path_pointer}/{}", method.key());
            let mut lowered = lower_operation(cx, &template, method, item, op, &pointer)?;
            // Two templates that differ only in parameter names match the same requests: with the same
            // method, no server can tell them apart (a client can call both). The first is served.
            // (With different methods they are one route whose parameter has two names; GitHub's spec
            // has such pairs, and the server adapter merges them.)
            let route_key = format!("{} {}", method.as_str(), template.shape());
            match self.routes.get(&route_key) {
                Some(other) => {
                    let method = method.as_str();
                    cx.warn(
                        &pointer,
                        "ambiguous-route",
                        format!("{method} `{path}` matches the same requests as {method} `{other}`; the server adapter serves only the first (the client calls both)"),
                    );
                    lowered.served_by = Some(other.clone());
                }
                None => {
                    self.routes.insert(route_key, path.to_string());
                }
            }
            if let Some(first) = self.ids.get(&lowered.id) {
                let unique = (2..)
                    .map(|n| format!("{}_{n}", lowered.id))
                    .find(|candidate| !self.ids.contains_key(candidate))
                    .unwrap_or_default();
                cx.warn(
                    &format!("{pointer}/operationId"),
                    "duplicate-operation-id",
                    format!(
                        "operationId `{}` is used before (at {first}); this operation is `{unique}`",
                        lowered.id
                    ),
                );
                lowered.id = unique;
            }
            self.ids.insert(lowered.id.clone(), pointer.clone());
            self.operations.push(lowered);
        }
        Ok(())
    }
}

fn methods(item: &PathItem) -> Vec<(HttpMethod, &OpenApiOperation)> {
    HttpMethod::ALL
        .into_iter()
        .filter_map(|method| {
            let op = match method {
                HttpMethod::Get => &item.get,
                HttpMethod::Put => &item.put,
                HttpMethod::Post => &item.post,
                HttpMethod::Delete => &item.delete,
                HttpMethod::Options => &item.options,
                HttpMethod::Head => &item.head,
                HttpMethod::Patch => &item.patch,
                HttpMethod::Trace => &item.trace,
            };
            op.as_ref().map(|op| (method, op))
        })
        .collect()
}

fn lower_operation(
    cx: &mut Context,
    path: &PathTemplate,
    method: HttpMethod,
    item: &PathItem,
    op: &OpenApiOperation,
    pointer: &str,
) -> Result<Operation> {
    let id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{}{}", method.key(), type_name(&path.raw)));
    let type_hint = type_name(&id);

    // Operation parameters override path-level ones with the same name and location.
    let mut params: Vec<Parameter> = Vec::new();
    let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer);
    let sources = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
        )
        .collect::<Vec<_>>();
    let mut param_names = Namer::new();
    // Names the client method uses itself: the body argument, the parameter struct, its locals.
    for name in ["body", "params", "request", "response"] {
        param_names.reserve(name);
    }
    for (param, at) in sources {
        let lowered = lower_parameter(cx, param, &at, &type_hint, &mut param_names)?;
        params.retain(|p| !(p.wire == lowered.wire && p.location == lowered.location));
        params.push(lowered);
    }
    check_path_params(cx, path, &mut params, pointer);

    let body = match &op.request_body {
        None => None,
        Some(body) => {
            let at = format!("{pointer}/requestBody");
            let (body, at) = cx.component(body, &at)?;
            let content = lower_content(cx, &body.content, &at, &format!("{type_hint}Body"), true)?;
            // A request that is a stream of items (an NDJSON upload) is sent as the caller writes
            // its bytes: its items are not typed, and where the spec typed them, that is said.
            let content = content.map(|content| match content.encoding {
                Encoding::Events(_) => {
                    if content.ty != TypeRef::Any && !cx.is_text(&content.ty) {
                        let message = format!("a `{}` request body is sent as the caller writes it: the body is a stream of bytes (`runtime::ByteStream`), and its item type is not applied", content.media_type);
                        cx.warn(&content.pointer.0, "body-as-bytes", message);
                    }
                    Content {
                        encoding: Encoding::Stream,
                        ty: TypeRef::Primitive(Primitive::Bytes),
                        ..content
                    }
                }
                _ => content,
            });
            content.map(|content| RequestBody {
                form_too: form_too(&body.content, &content),
                content,
                required: body.required,
                doc: doc_at(cx, &at),
            })
        }
    };

    let mut responses = Vec::new();
    let response_list = op
        .responses
        .responses
        .iter()
        .map(|(status, r)| {
            let status = match status {
                StatusCode::Code(code) => Status::Code(*code),
                StatusCode::Range(class) => Status::Range(*class),
            };
            (status, r)
        })
        .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
    for (status, response) in response_list {
        let key = match status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".to_string(),
        };
        let at = format!("{pointer}/responses/{key}");
        let (response, at) = cx.component(response, &at)?;
        let hint = if status.is_2xx() {
            format!("{type_hint}ResponseBody")
        } else {
            format!("{type_hint}Status{key}")
        };
        let mut content = lower_content(cx, &response.content, &at, &hint, false)?;
        if let Some(content) = &mut content {
            content.xml = super::xml::xml_form(cx, &response.content, &at, content, &hint);
        }
        let stream = match &content {
            Some(chosen) => {
                super::streams::stream_alternative(cx, &response.content, chosen, &at, &hint)?
            }
            None => None,
        };
        let examples = match &content {
            Some(chosen) if cx.keep_examples => {
                super::examples::response_examples(cx, &response.content, &chosen.media_type, &at)
            }
            _ => Vec::new(),
        };
        responses.push(Response {
            status,
            success: status.is_2xx(),
            description: response.description.trim().to_string(),
            content,
            stream,
            examples,
        });
    }
    // An operation that documents no 2xx succeeds with its `default` response (as progenitor reads it).
    if !responses.iter().any(|r| r.success) {
        for response in responses.iter_mut() {
            response.success = response.status == Status::Default;
        }
    }
    if responses.is_empty() {
        return Err(cx.error(
            &format!("{pointer}/responses"),
            "operation has no responses",
        ));
    }

    let (scopes, auth) = security(cx, op, pointer)?;
    Ok(Operation {
        id,
        // Given by the naming pass, once every operation is known.
        names: OperationNames::default(),
        method,
        path: path.clone(),
        doc: doc_at(cx, pointer),
        params,
        body,
        responses,
        scopes,
        auth,
        served_by: None,
        pointer: pointer.to_string(),
        tags: op.tags.clone(),
        // Set once the module's types are known (`reach`).
        features: Vec::new(),
    })
}

fn lower_parameter(
    cx: &mut Context,
    param: &ReferenceOr<OpenApiParameter>,
    at: &str,
    type_hint: &str,
    names: &mut Namer,
) -> Result<Parameter> {
    let (param, at) = cx.component(param, at)?;
    let (data, location) = match &*param {
        OpenApiParameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
        OpenApiParameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
        OpenApiParameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
        OpenApiParameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie),
    };
    let hint = format!("{type_hint}{}", type_name(&data.name));
    let ty = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            type_ref(cx, schema.into(), &format!("{at}/schema"), &hint)?
        }
        ParameterSchemaOrContent::Content(content) => {
            let first = content.iter().next();
            match first.and_then(|(media, m)| m.schema.as_ref().map(|s| (media, s))) {
                Some((media, schema)) => type_ref(
                    cx,
                    schema.into(),
                    &format!("{at}/content/{}/schema", escape(media)),
                    &hint,
                )?,
                None => TypeRef::Primitive(Primitive::String),
            }
        }
    };
    let object_style = match &*param {
        OpenApiParameter::Query {
            style: openapiv3::QueryStyle::DeepObject,
            ..
        } => ObjectStyle::DeepObject,
        _ if data.explode == Some(false) => ObjectStyle::Form,
        _ => ObjectStyle::FormExploded,
    };
    let required = data.required || location == ParamLocation::Path;
    let normalized = data.name.to_lowercase().replace(['-', '_'], "");
    let idempotency_key = required
        && normalized == "idempotencykey"
        && matches!(location, ParamLocation::Query | ParamLocation::Header)
        && matches!(
            ty,
            TypeRef::Primitive(Primitive::Uuid)
                | TypeRef::Primitive(Primitive::String)
                | TypeRef::BoundedString(_)
        );
    Ok(Parameter {
        name: names.unique(snake_name(&data.name)),
        wire: data.name.clone(),
        location,
        ty,
        required,
        doc: doc_at(cx, &at),
        idempotency_key,
        // Decided once the types are final (see `params::classify`).
        parse: ParamParse::Text,
        object_style,
        pointer: at.clone(),
        // Decided with `parse`.
        length: None,
        range: None,
    })
}

fn check_path_params(
    cx: &mut Context,
    path: &PathTemplate,
    params: &mut Vec<Parameter>,
    pointer: &str,
) {
    for name in path.params() {
        if params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            continue;
        }
        cx.warn(
            pointer,
            "undeclared-path-parameter",
            format!("path `{path}` has `{{{name}}}` but the operation declares no path parameter `{name}`; it is taken as a string"),
        );
        let mut names = Namer::with_reserved(&["body", "params", "request", "response"]);
        for p in params.iter() {
            names.reserve(&p.name);
        }
        params.push(Parameter {
            name: names.unique(snake_name(name)),
            wire: name.to_string(),
            location: ParamLocation::Path,
            ty: TypeRef::Primitive(Primitive::String),
            required: true,
            doc: crate::model::Doc::default(),
            idempotency_key: false,
            parse: ParamParse::Text,
            object_style: ObjectStyle::FormExploded,
            pointer: pointer.to_string(),
            length: None,
            range: None,
        });
    }
    params.retain(|p| {
        let unused = p.location == ParamLocation::Path && path.param_index(&p.wire).is_none();
        if unused {
            cx.warn(
                pointer,
                "unused-path-parameter",
                format!(
                    "path parameter `{}` does not occur in path `{path}`; it is left out",
                    p.wire
                ),
            );
        }
        !unused
    });
}

/// Picks the media type a client sends or expects: JSON when offered, then a form, then multipart, then
/// `*/*`, else the first one.
fn lower_content(
    cx: &mut Context,
    content: &indexmap::IndexMap<String, MediaType>,
    at: &str,
    hint: &str,
    request: bool,
) -> Result<Option<Content>> {
    let chosen = content
        .iter()
        .find(|(media, _)| is_json(media))
        .or_else(|| content.iter().find(|(media, _)| is_form(media)))
        .or_else(|| content.iter().find(|(media, _)| is_multipart(media)))
        .or_else(|| content.iter().find(|(media, _)| media.as_str() == "*/*"))
        .or_else(|| content.iter().next());
    let Some((media_type, media)) = chosen else {
        return Ok(None);
    };
    let media_at = format!("{at}/content/{}", escape(media_type));
    let schema_at = format!("{media_at}/schema");
    let pointer = Place(if media.schema.is_some() {
        schema_at.clone()
    } else {
        media_at
    });
    // A stream of items: typed by its item schema (see `streams`).
    if is_event_stream(media_type) {
        let media_at = format!("{at}/content/{}", escape(media_type));
        let (ty, items) = super::streams::event_items(cx, media_type, media, &media_at, hint)?;
        return Ok(Some(Content {
            media_type: media_type.clone(),
            encoding: Encoding::Events(items),
            ty,
            pointer,
            form: None,
            xml: None,
        }));
    }
    let ty = match &media.schema {
        Some(schema) => type_ref(cx, schema.into(), &schema_at, hint)?,
        None if is_json(media_type) => TypeRef::Any,
        None => TypeRef::Primitive(Primitive::Bytes),
    };
    // Forms are typed where a client sends them; a form as an answer stays bytes.
    let form_kind = if !request {
        None
    } else if is_form(media_type) {
        Some(Encoding::Form)
    } else if is_multipart(media_type) {
        Some(Encoding::Multipart)
    } else {
        None
    };
    // A form or multipart body is typed by its object: a struct (or a map, for a form).
    if let Some(encoding) = form_kind.filter(|_| cx.is_form_object(&ty, is_form(media_type))) {
        return Ok(Some(Content {
            media_type: media_type.clone(),
            encoding,
            ty,
            pointer,
            form: Some(form_of(media)),
            xml: None,
        }));
    }
    let structured = is_structured(media_type);
    let encoding = if is_json(media_type) || media_type == "*/*" {
        if ty == TypeRef::Primitive(Primitive::Bytes) {
            Encoding::Stream
        } else {
            Encoding::Json
        }
    } else if media_type.starts_with("text/") && ty != TypeRef::Primitive(Primitive::Bytes) {
        Encoding::Text
    } else if structured {
        Encoding::Binary
    } else {
        // Any other media type is bytes, whatever its schema says: a stream of them.
        Encoding::Stream
    };
    // A body of another media type (XML, `text/plain` holding a number, a form that is no object) is
    // text or bytes as it came: where its schema said more, that is lost, and said so.
    // (A binary media type whose schema is a string, or none, is bytes as meant: no warning.)
    if encoding != Encoding::Json && ty != TypeRef::Any && !cx.is_text(&ty) {
        let (name, what) = match encoding {
            Encoding::Binary => ("body-as-bytes", "bytes (`Vec<u8>`)"),
            Encoding::Stream => ("body-as-bytes", "a stream of bytes (`runtime::ByteStream`)"),
            _ => ("body-as-text", "text (`String`)"),
        };
        let message = if form_kind.is_some() {
            format!("a `{media_type}` body is typed by its properties, and this schema has none of its own (it is no object with `properties`): the body is {what}")
        } else {
            format!("`{media_type}` bodies are not typed by this generator yet: the body is {what}, and its schema's type is not applied")
        };
        cx.warn(&schema_at, name, message);
    }
    let ty = match encoding {
        Encoding::Binary | Encoding::Stream => TypeRef::Primitive(Primitive::Bytes),
        Encoding::Text if ty != TypeRef::Primitive(Primitive::String) => {
            TypeRef::Primitive(Primitive::String)
        }
        _ => ty,
    };
    Ok(Some(Content {
        media_type: media_type.clone(),
        encoding,
        ty,
        pointer,
        form: None,
        // Set for responses (`lower::xml`).
        xml: None,
    }))
}

/// The form a JSON request body is also offered as, with the same schema (so the same Rust type).
fn form_too(content: &indexmap::IndexMap<String, MediaType>, json: &Content) -> Option<Content> {
    if json.encoding != Encoding::Json {
        return None;
    }
    let schema = content.get(&json.media_type)?.schema.as_ref()?;
    let (media_type, media) = content
        .iter()
        .find(|(media_type, media)| is_form(media_type) && media.schema.as_ref() == Some(schema))?;
    Some(Content {
        media_type: media_type.clone(),
        encoding: Encoding::Form,
        ty: json.ty.clone(),
        pointer: json.pointer.clone(),
        form: Some(form_of(media)),
        xml: None,
    })
}

/// What the media type's `encoding` object says of a form: nested where a property is a `deepObject`,
/// and the content types it gives properties (the rest is decided once the types are final, in
/// `form_parts`).
fn form_of(media: &MediaType) -> Form {
    Form {
        nested: media
            .encoding
            .values()
            .any(|e| e.style == Some(openapiv3::QueryStyle::DeepObject)),
        object: None,
        parts: Vec::new(),
        content_types: media
            .encoding
            .iter()
            .filter_map(|(name, e)| Some((name.clone(), e.content_type.clone()?)))
            .collect(),
    }
}

/// Scopes an operation needs, and whether it needs a token at all (`security: []` turns it off).
fn security(cx: &mut Context, op: &OpenApiOperation, pointer: &str) -> Result<(Vec<String>, Auth)> {
    let (requirements, at) = match &op.security {
        Some(requirements) => (requirements, format!("{pointer}/security")),
        None => match &cx.spec.openapi.security {
            Some(requirements) => (requirements, "/security".to_string()),
            None => return Ok((Vec::new(), Auth::None)),
        },
    };
    let schemes = cx
        .spec
        .openapi
        .components
        .as_ref()
        .map(|c| &c.security_schemes);
    let mut scopes = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        for (scheme, list) in requirement {
            if !schemes.is_some_and(|s| s.contains_key(scheme)) {
                // Skatteetaten's own published specs have this; the requirement still asks for a token.
                let message = format!("security scheme `{scheme}` is not defined in components/securitySchemes; it is taken as an unknown scheme that needs a token");
                cx.warn(&format!("{at}/{i}"), "undefined-security-scheme", message);
            }
            for scope in list {
                if !scopes.contains(scope) {
                    scopes.push(scope.clone());
                }
            }
        }
    }
    // An empty requirement (`{}`) is one a call meets without a token.
    let auth = if requirements.is_empty() {
        Auth::None
    } else if requirements.iter().all(|r| !r.is_empty()) {
        Auth::Required
    } else if requirements.iter().any(|r| !r.is_empty()) {
        Auth::Optional
    } else {
        Auth::None
    };
    Ok((scopes, auth))
}

/// All scopes of the API: those its operations need, then any other scope its OAuth2 flows define.
pub(crate) fn all_scopes(spec: &Spec, operations: &[Operation]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut scopes = Vec::new();
    for scope in operations.iter().flat_map(|op| &op.scopes) {
        if seen.insert(scope.clone()) {
            scopes.push(scope.clone());
        }
    }
    if let Some(raw) = spec
        .raw
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    {
        for scheme in raw.values() {
            let flows = scheme.get("flows").and_then(Value::as_object);
            for flow in flows.into_iter().flat_map(|f| f.values()) {
                for scope in flow
                    .get("scopes")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|s| s.keys())
                {
                    if seen.insert(scope.clone()) {
                        scopes.push(scope.clone());
                    }
                }
            }
        }
    }
    scopes
}
