//! The intermediate model: everything the emitters need, and nothing of OpenAPI's many ways to say it.
//! Names here are final Rust names (unique, keyword-safe); wire names are kept beside them.

pub mod lower;
pub mod names;
pub mod roles;

/// All APIs of a `specs/` folder, sorted by module name.
#[derive(Debug, Clone)]
pub struct Model {
    pub apis: Vec<Api>,
}

/// One folder of `specs/`: one module of the generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// Rust module name (`innrapportering_aandsverk`).
    pub module: String,
    /// The folder name as written (`innrapportering-aandsverk`).
    pub folder: String,
    /// The OpenAPI part; `None` for a folder of shared error tables only.
    pub service: Option<Service>,
    /// The error tables of this folder.
    pub error_tables: Vec<ErrorTable>,
    /// Modules whose error tables this API's codes also include (`x-shared-error-tables`).
    pub shared_error_tables: Vec<String>,
    /// `x-error-roles` of the spec's `info`: role name → code (see [`roles`]).
    pub error_role_overrides: Vec<(String, String)>,
}

/// What an OpenAPI document describes.
#[derive(Debug, Clone)]
pub struct Service {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    /// OAuth2 scopes the API's security requirements name, in order of appearance.
    pub scopes: Vec<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// From `x-environment` (`production`, `test`), or derived from the description.
    pub environment: Option<String>,
}

impl Server {
    /// The name of the module constant holding this server's URL (`PRODUCTION_URL`, `TEST_URL`), for a
    /// server with an environment.
    pub fn constant_name(&self) -> Option<String> {
        let environment = self.environment.as_deref()?;
        Some(format!(
            "{}_URL",
            names::snake_name(environment).to_uppercase()
        ))
    }
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Doc,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with named properties.
    Struct { fields: Vec<Field> },
    /// A string enum; unknown values are kept, never rejected.
    StringEnum { variants: Vec<EnumVariant> },
    /// A string with a pattern or length limits, validated when built or deserialized.
    ConstrainedString {
        pattern: Option<String>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    /// `oneOf`/`anyOf` of distinct shapes: an untagged enum.
    Union { variants: Vec<UnionVariant> },
    /// Another name for a type (`type Liste = Vec<Element>;`).
    Alias { target: TypeRef },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    /// Set when the field's type contains the struct itself, so it must be boxed.
    pub boxed: bool,
    pub doc: Doc,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// A reference to a type, as fields, parameters and bodies use it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(String),
    Primitive(Primitive),
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A code of one of this API's error tables (the enum's name).
    ErrorCode(String),
    /// Anything: `serde_json::Value`.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// `format: decimal`: an exact decimal number (amounts of money), `rust_decimal::Decimal`.
    Decimal,
    Date,
    DateTime,
    /// A timestamp without offset (`2020-09-17T09:44:42.877055`).
    LocalDateTime,
    Uuid,
    Bytes,
}

/// Documentation of an item: the description, and whether the spec marks it as an assumption.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The text of `x-inferred`: what the spec authors assumed where the documentation is silent.
    pub inferred: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written, or derived from method and path.
    pub id: String,
    /// Rust method name (snake case).
    pub name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template relative to the server URL (`/{inntektsaar}`).
    pub path: String,
    pub doc: Doc,
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Scopes required; empty when the operation needs no authentication.
    pub scopes: Vec<String>,
    pub auth_required: bool,
}

/// The path with every `{parameter}` replaced by `{}`: two paths with one shape match the same requests.
pub fn route_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => shape.push(ch),
        }
    }
    shape
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Doc,
    /// A required UUID named `idempotencyKey` (any case): the key that makes a submission safe to retry.
    pub idempotency_key: bool,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub content: Content,
    pub required: bool,
    pub doc: Doc,
}

/// A body and how it is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The media type as written in the spec (`application/json`, `*/*`).
    pub media_type: String,
    pub encoding: Encoding,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Text,
    Binary,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// `None`: the response has no body.
    pub content: Option<Content>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }
}

/// One error table of a documentation page.
#[derive(Debug, Clone)]
pub struct ErrorTable {
    /// Rust enum name (`Feilkode`, `Feilspesifiseringskode`).
    pub name: String,
    pub kind: TableKind,
    /// The markdown file, relative to `specs/`.
    pub source: String,
    pub entries: Vec<ErrorEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// `| Feilkode | HTTP Statuskode | Feilområde |`: codes with an HTTP status.
    Feilkode,
    /// `| Feilspesifiseringskode | Feilområde | Årsak |`: codes that refine a Feilkode.
    Feilspesifiseringskode,
}

impl TableKind {
    pub fn enum_name(self) -> &'static str {
        match self {
            TableKind::Feilkode => "Feilkode",
            TableKind::Feilspesifiseringskode => "Feilspesifiseringskode",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ErrorEntry {
    pub code: String,
    /// Rust variant name.
    pub variant: String,
    pub status: Option<u16>,
    /// Feilområde / Feilmelding.
    pub text: String,
    /// Årsak, where the table has it.
    pub cause: Option<String>,
}
