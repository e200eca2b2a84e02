//! The intermediate model: everything the emitters need, and nothing of OpenAPI's many ways to say it.
//! Names here are final Rust names (unique, keyword-safe); wire names are kept beside them.

pub mod error_fields;
pub mod graph;
pub mod lower;
pub mod media;
pub mod names;
pub mod own_names;
pub mod profile;
pub mod reserved;
pub mod roles;
pub mod type_index;

pub use type_index::{find as find_type, TypeIndex};

/// All APIs of a `specs/` folder, sorted by module name.
#[derive(Debug, Clone)]
pub struct Model {
    pub apis: Vec<Api>,
    /// What the crate root is: its layout and docs (from [`Settings`](crate::Settings)).
    pub root: Root,
}

/// The crate root of a run: how the output is used and how it is described.
#[derive(Debug, Clone, Default)]
pub struct Root {
    pub layout: crate::settings::Layout,
    /// The first sentence of the crate docs.
    pub description: String,
    /// Who made the files, for their first line (`cargo xtask generate`, `skattegen`).
    pub generated_by: String,
    /// The module the files' `lib.rs` is (`crate`, or `crate::api` where they are included there):
    /// where the generated paths to the runtime and to other APIs start.
    pub module_path: String,
}

/// One folder of `specs/`: one module of the generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// Rust module name (`innrapportering_aandsverk`).
    pub module: String,
    /// The folder name as written (`innrapportering-aandsverk`).
    pub folder: String,
    /// Where the API comes from, as the docs name it (`specs/innrapportering-aandsverk`, `petstore.yaml`).
    pub source: String,
    /// The OpenAPI part; `None` for a folder of shared error tables only.
    pub service: Option<Service>,
    /// The error tables of this folder.
    pub error_tables: Vec<ErrorTable>,
    /// Modules whose error tables this API's codes also include (`x-shared-error-tables`).
    pub shared_error_tables: Vec<String>,
    /// The variant of this API's error enums that holds a code of each shared module, in the order of
    /// `shared_error_tables` (`Felles`).
    pub shared_variants: Vec<String>,
    /// `x-error-roles` of the spec's `info`: role name → code (see [`roles`]).
    pub error_role_overrides: Vec<(String, String)>,
    /// What the server adapter answers bad input with: the codes by role and the error body (see
    /// [`profile`]); set once the whole model is lowered (shared tables count).
    pub error_roles: roles::ErrorRoles,
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
    /// The client trait (`InnrapporteringAandsverkApi`).
    pub client_trait: String,
    /// The Cargo features of the API's tags (`tag-github-repos`) and of its operations without a tag
    /// (`tag-graph-untagged`), sorted; empty unless its operations carry more than one tag (see
    /// [`lower::reach`]).
    pub features: Vec<String>,
    /// The short names of the generated code's own items (`Option`, `Serialize`, ...) that types of
    /// this API module have: the emitters name those items by path where the module's types are in
    /// scope (see [`own_names`]). Set once the unused types are gone (`reach`).
    pub shadowed: std::collections::BTreeSet<own_names::OwnName>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// From `x-environment` (`production`, `test`), or derived from the description.
    pub environment: Option<String>,
    /// The module constant holding the URL (`PRODUCTION_URL`): the first server of each environment.
    pub constant: Option<String>,
    /// The client constructor for the environment (`Client::production`), where it has a constant.
    pub constructor: Option<String>,
}

/// Which named type of its API module a [`TypeRef::Named`] means: given when the type is named and
/// never reused in the module, so a type can be renamed (`TypeDef::name`) without touching its
/// references, and found without comparing names. Only the emitters turn it into a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// What references to the type hold ([`TypeRef::Named`]).
    pub id: TypeId,
    pub name: String,
    /// Where in the spec the type comes from (a JSON pointer), for diagnostics.
    pub pointer: String,
    pub doc: Doc,
    pub kind: TypeKind,
    /// Set when the schema is a component of another spec folder of the same run (a shared folder such
    /// as `specs/felles/`, named by `$ref: '../felles/openapi.yaml#/components/schemas/X'`): the type is
    /// defined once, in that folder's module, and this module re-exports it under `name` instead of
    /// defining it again. `kind` is still lowered here, from the bundled copy, so everything that looks
    /// at the type's shape (parameters, `Eq`, recursion) sees the same type.
    pub shared: Option<SharedType>,
    /// The tag features of the operations that reach the type, sorted: it is compiled with any of them.
    /// Empty: always compiled (reached by every tag feature, or kept). Shared by
    /// the types of one set (Graph's types are reached by hundreds of tags each).
    pub features: std::sync::Arc<[String]>,
}

/// Where a shared type is defined: `crate::<module>::<name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedType {
    pub module: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with named properties.
    Struct {
        fields: Vec<Field>,
        /// Whether a value with every field `None` is valid, so `Default` may be derived (not when an
        /// `anyOf`/`oneOf` of `required` lists asks for at least one property).
        default: bool,
    },
    /// A string enum; unknown values are kept, never rejected.
    StringEnum { variants: Vec<EnumVariant> },
    /// A string with a pattern or length limits, validated when built or deserialized.
    ConstrainedString {
        pattern: Option<String>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    /// `oneOf`/`anyOf` of distinct shapes without a discriminator: an untagged enum.
    Union { variants: Vec<UnionVariant> },
    /// `oneOf`/`anyOf` with a `discriminator`: the property names the variant.
    Tagged {
        /// The discriminator property (`petType`).
        property: String,
        variants: Vec<TaggedVariant>,
    },
    /// An object whose `oneOf` requires exactly one of its properties: an enum with one variant per
    /// property, written as a one-entry JSON object (`{"person": {...}}`).
    OneProperty { variants: Vec<PropertyVariant> },
    /// Another name for a type (`type Liste = Vec<Element>;`).
    Alias { target: TypeRef },
    /// A type of its own around another (`struct Tre(Vec<Tre>)`): what an alias becomes when it is part
    /// of a cycle, which a Rust type alias cannot be.
    Newtype { target: TypeRef, boxed: bool },
}

impl TypeKind {
    /// The types a type is made of: fields, variants, an alias's or newtype's target.
    pub fn parts(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Tagged { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::OneProperty { variants } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias { target } | TypeKind::Newtype { target, .. } => vec![target],
            TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. } => Vec::new(),
        }
    }

    /// The types a type is made of, to change them (see [`TypeKind::parts`]).
    pub fn parts_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Tagged { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::OneProperty { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias { target } | TypeKind::Newtype { target, .. } => vec![target],
            TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. } => Vec::new(),
        }
    }

    /// The parts that can be boxed (not an alias's target), each with its `boxed` flag.
    pub fn boxable_parts_mut(&mut self) -> Vec<(&TypeRef, &mut bool)> {
        match self {
            TypeKind::Struct { fields, .. } => {
                fields.iter_mut().map(|f| (&f.ty, &mut f.boxed)).collect()
            }
            TypeKind::Union { variants } => {
                variants.iter_mut().map(|v| (&v.ty, &mut v.boxed)).collect()
            }
            TypeKind::Tagged { variants, .. } => {
                variants.iter_mut().map(|v| (&v.ty, &mut v.boxed)).collect()
            }
            TypeKind::OneProperty { variants } => {
                variants.iter_mut().map(|v| (&v.ty, &mut v.boxed)).collect()
            }
            TypeKind::Newtype { target, boxed } => vec![(&*target, boxed)],
            TypeKind::Alias { .. }
            | TypeKind::StringEnum { .. }
            | TypeKind::ConstrainedString { .. } => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    /// The property must be present (`required`).
    pub required: bool,
    /// The property may be `null` (`nullable: true`): a required nullable field is sent as `null`.
    pub nullable: bool,
    /// Set when the field's type contains the struct itself, so it must be boxed.
    pub boxed: bool,
    pub doc: Doc,
    /// Where the property's schema is (a JSON pointer); not part of the field's identity (see [`Place`]).
    pub pointer: Place,
}

/// Where something of the spec is (a JSON pointer), carried for diagnostics and the type-fidelity audit.
/// Two values with the same shape at different places are the same type, so a place takes no part in
/// equality or hashing: every `Place` equals every other. (The dedupe pass merges identical inline
/// types by their `TypeKind`; the place of a field must not keep two such types apart.)
#[derive(Debug, Clone, Default)]
pub struct Place(pub String);

impl PartialEq for Place {
    fn eq(&self, _: &Place) -> bool {
        true
    }
}

impl Eq for Place {}

impl std::hash::Hash for Place {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl Place {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Field {
    /// Whether the field is an `Option` in Rust: absent or `null` is allowed.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaggedVariant {
    pub name: String,
    /// The discriminator's value for this variant.
    pub tag: String,
    pub ty: TypeRef,
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropertyVariant {
    pub name: String,
    /// The property's wire name.
    pub wire: String,
    pub ty: TypeRef,
    pub boxed: bool,
    pub doc: Doc,
}

/// A reference to a type, as fields, parameters and bodies use it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A type of the API module ([`TypeDef`]), by its id; [`TypeIndex`] finds it.
    Named(TypeId),
    Primitive(Primitive),
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A code of one of this API's error tables (the enum's name).
    ErrorCode(String),
    /// Anything: `serde_json::Value`.
    Any,
    /// A `String` whose length an anonymous (inline) string schema bounds (`minLength`, `maxLength`, and
    /// no pattern or format of a type): the bound is a check where the value crosses the wire (the
    /// field's `#[check(length(..))]`, a parameter's check in client and server), not a type of its own.
    /// See [`TypeRef::length`].
    BoundedString(Length),
    /// A number (`Primitive::I32`, `I64`, `F32` or `F64`) whose schema bounds it (`minimum`, `maximum`,
    /// and their exclusive forms): the Rust type is the primitive's, the bound a check where the value
    /// crosses the wire (the field's `#[check(range(..))]`, a parameter's check in client and server),
    /// as a [`TypeRef::BoundedString`]'s is. See [`TypeRef::range`].
    BoundedNumber(Primitive, Range),
    /// A type of existing Rust code that a component schema is mapped to
    /// ([`Settings::extern_types`](crate::Settings::extern_types) or the schema's `x-rust-type`): no
    /// type is generated for the schema, every reference to it names this path.
    Extern(ExternType),
}

/// A Rust type the generated code uses for a component schema instead of generating one.
///
/// What the generated code assumes of it, as of any serde type it would have generated itself:
/// `Debug`, `Clone`, `PartialEq`, `serde::Serialize` and `serde::DeserializeOwned` (the derives of the
/// types that hold it, and the client and server that write and read it); where its schema is a
/// string ([`ExternShape::Text`]) and it is a path, query or header parameter or a multipart text
/// part, also `FromStr` with an error that is `Display` (the server adapter reads the text with it).
/// Not assumed: `Eq`, `Hash`, `Default` (a type holding it does not derive `Eq`; `Default` only where
/// the field is an `Option`), nor `runtime::ErrorBody` (an error response of it is an `ApiError`
/// whose `Display` needs the user's impl).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternType {
    /// The Rust path as the setting or the spec wrote it (`::chrono::NaiveDate`), checked to be one
    /// (see `lower::externs`).
    pub path: String,
    /// What the schema it stands for is on the wire, which decides how a parameter of it is read.
    pub shape: ExternShape,
}

impl ExternType {
    /// The type's own name, its path's last segment without generic arguments (`Money` of
    /// `::money::Money`): what a variant holding it is called.
    pub fn last_name(&self) -> &str {
        let path = self.path.split('<').next().unwrap_or_default();
        path.rsplit("::").next().unwrap_or_default().trim()
    }
}

/// What the schema of an [`ExternType`] says its values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternShape {
    /// A string (`type: string`, or an `enum` of strings): a parameter of it is read with `FromStr`.
    Text,
    /// An object (`type: object`, or `properties`): a query parameter of it is written per `style`.
    Object,
    /// Anything else (a number, a list, a `oneOf`): a parameter of it is passed as text.
    Other,
}

/// The length bounds of a string, in characters: `minLength` and `maxLength`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Length {
    pub min: Option<usize>,
    pub max: Option<usize>,
}

impl Length {
    /// The bounds, when they bound anything (`minLength: 0` alone does not).
    pub fn of(min: Option<usize>, max: Option<usize>) -> Option<Length> {
        let min = min.filter(|&min| min > 0);
        (min.is_some() || max.is_some()).then_some(Length { min, max })
    }
}

impl std::fmt::Display for Length {
    /// `at most 5000 characters`, as the docs say it (the runtime's `check::Length` says it the same way).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(min), Some(max)) if min == max => write!(f, "exactly {min} characters"),
            (Some(min), Some(max)) => write!(f, "at least {min} and at most {max} characters"),
            (Some(min), None) => write!(f, "at least {min} characters"),
            (None, Some(max)) => write!(f, "at most {max} characters"),
            (None, None) => write!(f, "any number of characters"),
        }
    }
}

/// The bounds of a number: `minimum`, `maximum` and their exclusive forms (OpenAPI 3.0's booleans;
/// 3.1's numbers are brought to those when the spec is loaded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
}

/// One end of a [`Range`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bound {
    pub value: Number,
    /// The value itself is out (`exclusiveMinimum`, `exclusiveMaximum`).
    pub exclusive: bool,
}

/// A bound's value, of the kind of number it bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    /// Of an integer (`i32` bounds are within `i32`: see `lower::bounds`).
    Int(i64),
    /// Of an `f32` or `f64`, as the `f64`'s bits (so the model stays `Eq` and `Hash`).
    Float(u64),
}

impl Number {
    /// The bound of a float.
    pub fn float(value: f64) -> Number {
        Number::Float(value.to_bits())
    }

    /// The value as an `f64` (an integer's converted).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(value) => value as f64,
            Number::Float(bits) => f64::from_bits(bits),
        }
    }

    /// The value as an `i64` (a float's truncated: an integer's bounds are whole, `load::type_keywords`).
    pub fn as_i64(self) -> i64 {
        match self {
            Number::Int(value) => value,
            Number::Float(bits) => f64::from_bits(bits) as i64,
        }
    }
}

impl std::fmt::Display for Number {
    /// `1`, `0.5`, as the runtime's `check::Range` writes its bounds.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(value) => write!(f, "{value}"),
            Number::Float(bits) => write!(f, "{}", f64::from_bits(*bits)),
        }
    }
}

impl std::fmt::Display for Range {
    /// `at least 1 and at most 100`, as the docs say it (the runtime's `check::Range` says it the same
    /// way).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let min = self.min.map(|min| match min.exclusive {
            true => format!("greater than {}", min.value),
            false => format!("at least {}", min.value),
        });
        let max = self.max.map(|max| match max.exclusive {
            true => format!("less than {}", max.value),
            false => format!("at most {}", max.value),
        });
        match (min, max) {
            (Some(min), Some(max)) => write!(f, "{min} and {max}"),
            (Some(one), None) | (None, Some(one)) => f.write_str(&one),
            (None, None) => f.write_str("any number"),
        }
    }
}

impl TypeRef {
    /// The named type this reference names (through arrays and maps), to change it.
    pub fn named_mut(&mut self) -> Option<&mut TypeId> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named_mut(),
            _ => None,
        }
    }

    /// The named type this reference mentions, through arrays and maps.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named(),
            _ => None,
        }
    }

    /// The length bounds of the strings a value of this type holds, through arrays, maps and the aliases
    /// `alias` resolves (`type Tags = Vec<String>` of bounded items): what a field's or a parameter's check
    /// is. A named type that is not an alias checks itself (a struct its fields, a constrained string its
    /// value). Each alias is followed once (`recursion` made the cycles of aliases newtypes; this stops at
    /// one anyway).
    pub fn length<'a>(&'a self, alias: &dyn Fn(TypeId) -> Option<&'a TypeRef>) -> Option<Length> {
        let mut ty = self;
        let mut followed: Vec<TypeId> = Vec::new();
        loop {
            match ty {
                TypeRef::BoundedString(length) => return Some(*length),
                TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
                TypeRef::Named(id) if !followed.contains(id) => {
                    followed.push(*id);
                    ty = alias(*id)?;
                }
                TypeRef::Named(_)
                | TypeRef::Primitive(_)
                | TypeRef::BoundedNumber(..)
                | TypeRef::ErrorCode(_)
                | TypeRef::Any
                | TypeRef::Extern(_) => return None,
            }
        }
    }

    /// The bounds of the numbers a value of this type holds, with their number type, through arrays,
    /// maps and the aliases `alias` resolves, as [`TypeRef::length`] finds a string's.
    pub fn range<'a>(
        &'a self,
        alias: &dyn Fn(TypeId) -> Option<&'a TypeRef>,
    ) -> Option<(Primitive, Range)> {
        let mut ty = self;
        let mut followed: Vec<TypeId> = Vec::new();
        loop {
            match ty {
                TypeRef::BoundedNumber(primitive, range) => return Some((*primitive, *range)),
                TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
                TypeRef::Named(id) if !followed.contains(id) => {
                    followed.push(*id);
                    ty = alias(*id)?;
                }
                TypeRef::Named(_)
                | TypeRef::Primitive(_)
                | TypeRef::BoundedString(_)
                | TypeRef::ErrorCode(_)
                | TypeRef::Any
                | TypeRef::Extern(_) => return None,
            }
        }
    }
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
    /// A `format: binary` property of a multipart body: a file part (its bytes, file name and content
    /// type, `runtime::File`).
    File,
}

/// Documentation of an item: the description, and whether the spec marks it as an assumption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Doc {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The text of `x-inferred`: what the spec authors assumed where the documentation is silent.
    pub inferred: Option<String>,
    pub deprecated: bool,
}

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// In the order OpenAPI's path item lists them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// `GET`, `POST`, … (also the name of the constants of `http::Method` and axum's `MethodFilter`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The key of the method in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// Whether repeating the call is harmless by the method alone.
    pub fn is_safe(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Head)
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template (`/{inntektsaar}/{id}`), parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// As written in the spec.
    pub raw: String,
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as it is.
    Literal(String),
    /// A `{parameter}`, by its wire name.
    Param(String),
}

impl PathTemplate {
    /// Parses `/a/{b}/c`; `Err` names what is wrong (an unclosed `{`, an empty or nested name).
    pub fn parse(raw: &str) -> Result<PathTemplate, String> {
        let mut segments = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                return Err(format!("path `{raw}` has an unclosed `{{`"));
            };
            let name = &rest[start + 1..start + len];
            if name.is_empty() || name.contains('{') {
                return Err(format!(
                    "path `{raw}` has a malformed parameter `{{{name}}}`"
                ));
            }
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_string()));
            }
            segments.push(PathSegment::Param(name.to_string()));
            rest = &rest[start + len + 1..];
        }
        if rest.contains('}') {
            return Err(format!("path `{raw}` has a `}}` without `{{`"));
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_string()));
        }
        Ok(PathTemplate {
            raw: raw.to_string(),
            segments,
        })
    }

    /// The wire names of the parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The position of parameter `name` among the template's parameters.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params().position(|p| p == name)
    }

    /// The path with every `{parameter}` replaced by `{}`: two paths with one shape match the same
    /// requests.
    pub fn shape(&self) -> String {
        let mut shape = String::with_capacity(self.raw.len());
        for segment in &self.segments {
            match segment {
                PathSegment::Literal(text) => shape.push_str(text),
                PathSegment::Param(_) => shape.push_str("{}"),
            }
        }
        shape
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

/// What an operation's `security` asks of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// No security requirement: no token is sent or checked.
    #[default]
    None,
    /// A requirement that may be met without a token (`security: [{}, {maskinporten: [scope]}]`): the
    /// client sends its token, the server does not insist on one.
    Optional,
    /// Every requirement asks for a token: the client sends it, the server checks it.
    Required,
}

impl Auth {
    /// Whether the generated client sends its bearer token.
    pub fn sends_token(self) -> bool {
        self != Auth::None
    }

    /// Whether the generated server adapter refuses a call without a valid token.
    pub fn requires_token(self) -> bool {
        self == Auth::Required
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written, or derived from method and path.
    pub id: String,
    /// Every Rust name the operation's code uses, allocated once for client and server alike.
    pub names: OperationNames,
    pub method: HttpMethod,
    /// Path template relative to the server URL (`/{inntektsaar}`).
    pub path: PathTemplate,
    pub doc: Doc,
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The scopes its security requirements name (Maskinporten scopes); empty when none names one.
    pub scopes: Vec<String>,
    /// Whether a call carries a token, and whether the server insists on one: decided once here, read
    /// by the client (`sends_token`) and by the server adapter (`requires_token`).
    pub auth: Auth,
    /// `Some(path)` when an earlier operation with the same method has a path that matches the same
    /// requests: the server adapter serves that one, not this (the client calls both).
    pub served_by: Option<String>,
    /// Where in the spec the operation is (a JSON pointer).
    pub pointer: String,
    /// `tags`, as written.
    pub tags: Vec<String>,
    /// The tag features that enable the operation, sorted (any of them); empty: always compiled.
    pub features: Vec<String>,
}

impl Service {
    /// The type a [`TypeRef::Named`] of this API names.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        find_type(&self.types, id)
    }

    /// The root element of the API's error bodies as XML: that of its first error response (in
    /// operation order) the spec offers as XML too ([`Content::xml`]); `None`: its errors are JSON
    /// only. The server adapter writes its own errors (bad input, unknown URLs) under it.
    pub fn xml_error_root(&self) -> Option<&str> {
        self.operations
            .iter()
            .flat_map(|op| &op.responses)
            .filter(|r| !r.success)
            .find_map(|r| r.content.as_ref()?.xml.as_ref())
            .map(|xml| xml.root.as_str())
    }
}

impl Operation {
    /// An operation of `method` at `path` and nothing else: no id, parameters, body, responses or
    /// tags. What tests and tools start from.
    pub fn new(method: HttpMethod, path: PathTemplate) -> Self {
        Operation {
            id: String::new(),
            names: OperationNames::default(),
            method,
            path,
            doc: Doc::default(),
            params: Vec::new(),
            body: None,
            responses: Vec::new(),
            scopes: Vec::new(),
            auth: Auth::default(),
            served_by: None,
            pointer: String::new(),
            tags: Vec::new(),
            features: Vec::new(),
        }
    }

    /// Every body of the operation: the request's (and the form it is offered as too), each response's
    /// (and the stream it is offered as too). What names a type (renames, reachability) goes through
    /// here, so no body is missed.
    pub fn contents(&self) -> impl Iterator<Item = &Content> {
        let body = self
            .body
            .iter()
            .flat_map(|body| std::iter::once(&body.content).chain(&body.form_too));
        let responses = self
            .responses
            .iter()
            .flat_map(|response| response.content.iter().chain(&response.stream));
        body.chain(responses)
    }

    /// [`Operation::contents`], to change them.
    pub fn contents_mut(&mut self) -> impl Iterator<Item = &mut Content> {
        let body = self
            .body
            .iter_mut()
            .flat_map(|body| std::iter::once(&mut body.content).chain(&mut body.form_too));
        let responses = self
            .responses
            .iter_mut()
            .flat_map(|response| response.content.iter_mut().chain(&mut response.stream));
        body.chain(responses)
    }

    /// The XML media type the operation's success answers are offered in too, if any.
    pub fn xml_media_type(&self) -> Option<&str> {
        self.responses
            .iter()
            .filter(|r| r.success)
            .find_map(|r| r.content.as_ref()?.xml.as_ref())
            .map(|xml| xml.media_type.as_str())
    }

    /// A `GET`/`HEAD`, or an operation whose idempotency key makes a repeat harmless.
    pub fn retryable(&self) -> bool {
        self.method.is_safe() || self.params.iter().any(|p| p.idempotency_key)
    }
}

/// The Rust names of one operation, each unique in its scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationNames {
    /// The method of the client trait and of the server trait (`send_inn_leveranse`).
    pub method: String,
    /// The request struct, shared by client and server (`SendInnLeveranseRequest`).
    pub request: String,
    /// The response enum, shared by client and server (`SendInnLeveranseResponse`).
    pub response: String,
    /// Server: the static describing the operation to the pipeline (`SEND_INN_LEVERANSE`).
    pub descriptor: String,
    /// Server: the fn that builds the typed request and calls the implementation.
    pub call: String,
    /// The names of the operation's streaming method, where a success response offers a stream of
    /// events beside JSON ([`Response::stream`]).
    pub stream: Option<StreamNames>,
}

/// The second method of an operation whose success offers JSON or a stream of events: the same
/// request, answered with the stream (`Accept` asks for it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamNames {
    /// The trait's method (`create_chat_completion_stream`).
    pub method: String,
    /// Its response enum (`CreateChatCompletionStreamResponse`).
    pub response: String,
    /// Server: its call function.
    pub call: String,
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
    /// A required query or header parameter named `idempotencyKey` (any case, `-` and `_` ignored:
    /// `Idempotency-Key`) whose type is a UUID or a string: the key that makes a submission safe to
    /// retry.
    pub idempotency_key: bool,
    /// How the server adapter reads the parameter's text.
    pub parse: ParamParse,
    /// How an object value is written in the query (`style` and `explode`).
    pub object_style: ObjectStyle,
    /// Where the parameter is defined (a JSON pointer), for diagnostics.
    pub pointer: String,
    /// The length bounds of the parameter's strings (an anonymous bounded string, or a list of them),
    /// which the client checks before sending and the server adapter after reading; decided with
    /// `parse` (see `lower::params`).
    pub length: Option<Length>,
    /// The bounds of the parameter's numbers (a bounded number, or a list of them), with their number
    /// type, checked where `length` is; decided with it.
    pub range: Option<(Primitive, Range)>,
}

/// How an object-valued query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
    /// `style: form`, `explode: true` (OpenAPI's default): each property a parameter of its own.
    FormExploded,
    /// `style: form`, `explode: false`: `name=key,value,key,value`.
    Form,
}

/// How a parameter's text becomes its value on the server side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamParse {
    /// With `FromStr` of its type.
    Scalar,
    /// A list, each element with `FromStr`.
    List,
    /// Kept as text (a type that cannot be read from text).
    Text,
    /// An object in the query, written as [`Parameter::object_style`] says.
    Object,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The media type the client sends (JSON where the spec offers it).
    pub content: Content,
    /// A form the spec also offers for the same schema, beside JSON: the server adapter reads either, by
    /// the request's `Content-Type` (the client sends JSON).
    pub form_too: Option<Content>,
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
    /// Where the media type's schema is (a JSON pointer), or the media type itself when it has none; not
    /// part of the content's identity (see [`Place`]).
    pub pointer: Place,
    /// How a form or multipart body writes its object's properties; `None` for other encodings.
    pub form: Option<Form>,
    /// A response whose data the spec offers as XML too (an XML media type beside the JSON one, same
    /// schema): the server adapter answers it as XML to a caller asking for XML, the client asks for it
    /// when told to and reads it by its `Content-Type`. Always `None` for request bodies.
    pub xml: Option<XmlForm>,
}

/// The XML encoding of a JSON body (see `lower::xml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlForm {
    /// The media type as written in the spec (`application/xml`, `text/xml`).
    pub media_type: String,
    /// The root element: the schema's `xml.name`, else the name of the component schema it refers to,
    /// else the name the body's type was given.
    pub root: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Text,
    /// Bytes held whole (`Vec<u8>`): a body of a structured media type that is not typed (XML with no
    /// JSON beside it, a form or multipart body whose schema is no object, a form as an answer).
    Binary,
    /// `application/x-www-form-urlencoded`: the body's object as a form (see [`Form::nested`]).
    Form,
    /// `multipart/form-data`: one part per property of the body's object (see [`Form::parts`]).
    Multipart,
    /// A binary body (`application/octet-stream`, `image/*`, `application/pdf`, …) read and sent as a
    /// stream of bytes (`runtime::ByteStream`), never held whole.
    Stream,
    /// A stream of items (`text/event-stream`, `application/x-ndjson`, `application/jsonl`,
    /// `application/json-seq`): `runtime::EventStream<T>` of the content's `ty`, the item type.
    Events(EventItems),
}

/// The items of an [`Encoding::Events`] body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventItems {
    /// Items that are strings: an event's data as it is (in lines or a JSON sequence, a JSON
    /// string); any other item type is written as JSON.
    pub text: bool,
    /// Where the item type comes from.
    pub source: ItemSource,
}

/// Where the item type of a stream comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemSource {
    /// OpenAPI 3.2's `itemSchema`.
    ItemSchema,
    /// The `data` of a server-sent event whose schema describes the whole event (OpenAPI 3.2: `data`
    /// beside `event`, `id`, `retry`): its `contentSchema`, or the property itself.
    EventData,
    /// The media type's `schema`, taken as the schema of one item (what specs before 3.2 write).
    Schema,
    /// The `items` of the media type's array `schema`: the stream's items are the array's.
    ArrayItems,
    /// Neither: any JSON value.
    Unspecified,
}

/// How a form (`application/x-www-form-urlencoded`) or multipart body writes its object, decided once
/// the types are final (`lower::form_parts`) and read by the client, the server adapter and the docs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// A form whose values nest: keys in brackets (`metadata[key]=v`, `items[0][price]=p`, as Stripe
    /// writes them). Chosen when a property's `encoding` says `style: deepObject` or a property holds
    /// what is not text (an object, a choice, a list of such); otherwise the form is flat,
    /// OpenAPI's default (`style: form, explode: true`: a list is its key repeated, `tag=a&tag=b`).
    pub nested: bool,
    /// Multipart: the body's struct, which the server adapter builds from the parts.
    pub object: Option<TypeId>,
    /// Multipart: each property of the body's struct and how its part is written, in field order.
    pub parts: Vec<FormPart>,
    /// The `encoding` object's `contentType` per property (wire name), as the spec wrote it.
    pub content_types: Vec<(String, String)>,
}

/// One part of a multipart body: a field of the body's struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    /// The struct's field.
    pub field: String,
    /// The part's name on the wire.
    pub wire: String,
    /// Whether the field is no `Option` (required and not nullable).
    pub required: bool,
    /// Whether the field is boxed (its type contains the struct).
    pub boxed: bool,
    pub kind: PartKind,
}

/// How a multipart part holds its field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`): its bytes, with a file name and a content type.
    File,
    /// A list of files: one part each, under the same name.
    Files,
    /// A value read from and written as text (a string, number, boolean, date, enum).
    Text,
    /// A list of such values: one part each, under the same name.
    Texts,
    /// Anything else (an object, a list of objects, a choice), or what the spec's `encoding` gives
    /// `application/json`: the part is the value as JSON.
    Json,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    /// Whether the response is a success: a 2xx, or `default` when the operation documents no 2xx.
    pub success: bool,
    pub description: String,
    /// `None`: the response has no body.
    pub content: Option<Content>,
    /// A stream of events the same response offers beside its JSON `content` (OpenAI's chat
    /// completions: `application/json` and `text/event-stream`): the operation then has a second
    /// method that asks for the stream (see [`OperationNames::stream`]).
    pub stream: Option<Content>,
    /// The documented examples of `content`'s media type, in the spec's order (see
    /// `lower::examples`): what a mock answers with. Not read by the emitters, and kept only when
    /// [`Settings::examples`](crate::Settings) asks for them.
    pub examples: Vec<Example>,
}

/// A documented example of a response body.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The key in the media type's `examples` (what `Prefer: example=NAME` names); `example` for the
    /// media type's single `example`, `schema` for the `example` of its schema.
    pub name: String,
    /// The example's `summary`, where it has one.
    pub summary: Option<String>,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl Status {
    /// Whether the status is a 2xx.
    pub fn is_2xx(self) -> bool {
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

pub use crate::load::tables::TableKind;

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
