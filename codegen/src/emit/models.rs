//! Models: one Rust item per named type of an API, with serde attributes that keep the wire names.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, text_attrs, then_paragraph};
use super::length::{check_attr, unchecked_length_doc, with_length_doc, with_unchecked_length_doc};
use super::own_names::OwnNames;
use super::range::{with_range_doc, with_unchecked_range_doc};
use super::string_enum::string_enum;
use super::types::{is_eq, rust_type};
use crate::hash::{HashMap, HashSet};
use crate::model::error_fields::{error_fields, Kind};
use crate::model::names::serde_camel_case;
use crate::model::own_names::OwnName;
use crate::model::{Field, Primitive, Service, TypeDef, TypeId, TypeKind, TypeRef};

/// The targets of the API's aliases, to see through `type Beloep = Decimal`.
type Aliases<'a> = HashMap<TypeId, &'a TypeRef>;

/// The `models.rs` of one API.
/// `error_bodies`: the names of this module's types that an operation of any API answers an error
/// with (they get `runtime::ErrorBody`).
pub fn models_file<'m>(
    module: &'m str,
    service: &'m Service,
    error_bodies: BTreeSet<String>,
) -> super::FilePieces<'m> {
    let own = || service.types.iter().filter(|def| def.shared.is_none());
    let imports = std::sync::Arc::new(HeaderImports::of(service));
    let mut pieces: Vec<super::Piece<'m>> = vec![super::Piece::new({
        let imports = std::sync::Arc::clone(&imports);
        move || models_header(service, &imports)
    })];
    // `Eq` and the aliases are worked out once, for every piece.
    let shared = std::sync::Arc::new((eq_types(&service.types), aliases(&service.types)));
    let split = super::cfg::by_tag(own(), |def| &def.features);
    for chunk in split.top.chunks(super::PIECE_ITEMS) {
        let shared = std::sync::Arc::clone(&shared);
        let chunk = chunk.to_vec();
        pieces.push(super::Piece::new(move || {
            let (eq, aliases) = &*shared;
            let names = OwnNames::of(service);
            chunk
                .iter()
                .map(|def| super::cfg::items(&def.features, type_def(def, eq, aliases, &names)))
                .collect()
        }));
    }
    // The types the operations of the same tags reach, in their module: they take the names they use
    // of the others, and of `models.rs`'s imports, from `models.rs` (see `super::uses`).
    let sets: Vec<&[String]> = split.tags.iter().map(|(set, _)| *set).collect();
    let parent_names: std::sync::Arc<super::uses::Offered> = std::sync::Arc::new({
        let mut names: super::uses::Offered = imports
            .names()
            .map(|name| (name.to_string(), std::sync::Arc::default()))
            .collect();
        names.extend(own().map(|def| (def.name.clone(), std::sync::Arc::clone(&def.features))));
        names
    });
    pieces.push(super::Piece::new(move || {
        sets.iter()
            .map(|set| super::cfg::tag_module_decl(module, set, true))
            .collect()
    }));
    let mut modules = Vec::new();
    for (set, defs) in split.tags {
        let shared = std::sync::Arc::clone(&shared);
        let parent_names = std::sync::Arc::clone(&parent_names);
        modules.push(super::SubModule {
            name: super::cfg::tag_module_ident(module, set).to_string(),
            piece: super::Piece::new(move || {
                let (eq, aliases) = &*shared;
                let names = OwnNames::of(service);
                let items: TokenStream = defs
                    .iter()
                    .map(|def| type_def(def, eq, aliases, &names))
                    .collect();
                let doc = match set {
                    [one] => format!("The types only the operations of the tag feature `{one}` reach."),
                    _ => format!(
                        "The types the operations of the {} reach, and no others: compiled with any of them.",
                        super::cfg::features_text(set)
                    ),
                };
                let uses = super::uses::from_parent(
                    quote!(super),
                    &items,
                    |name| super::uses::offered_to(&parent_names, name, set),
                    // The runtime's derives expand to paths through `runtime`.
                    (&[], &["runtime"]),
                );
                super::cfg::tag_module_file(&doc, uses, items)
            }),
        });
    }
    pieces.push(super::Piece::new(move || {
        error_body_impls(service, &error_bodies)
    }));
    super::FilePieces { pieces, modules }
}

/// The head of `models.rs`: its docs, lints and imports.
fn models_header(service: &Service, imports: &HeaderImports) -> TokenStream {
    let uses = imports.uses();
    let unused = super::cfg::allow_unused_imports(&service.features);
    quote! {
        //! Data types of the API: request and response bodies, and the types they are made of.
        // A field's type is the shape its schema gives it (a map of lists of lists of objects, say);
        // naming its parts would invent names the spec does not have.
        #![allow(clippy::large_enum_variant, clippy::type_complexity)]
        // A deprecated schema is still used by the types that contain it; users get the warning.
        #![allow(deprecated)]
        #unused
        #uses
    }
}

/// What `models.rs` imports: decided once, written by its head and offered to its tag modules, which
/// take the names they use from it.
struct HeaderImports {
    /// The shared types (re-exported by `mod.rs`) that this file's own types name.
    shared: BTreeSet<String>,
    /// The error-code enums (of `errors.rs`) they name.
    error_codes: BTreeSet<String>,
    /// Whether the file has objects or string enums, whose derives' expansions name `runtime`.
    runtime: bool,
    /// The runtime's derives the file names by their short names.
    derives: Vec<&'static str>,
}

impl HeaderImports {
    fn of(service: &Service) -> Self {
        let own = || service.types.iter().filter(|def| def.shared.is_none());
        let shared = own()
            .flat_map(|def| def.kind.parts())
            .filter_map(TypeRef::named)
            .filter_map(|id| service.type_def(id))
            .filter(|def| def.shared.is_some())
            .map(|def| def.name.clone())
            .collect();
        let error_codes = own()
            .flat_map(referenced_codes)
            .map(str::to_string)
            .collect();
        // Objects derive the runtime's `Serialize` and `Deserialize` (serde's traits, with an
        // expansion that costs the compiler a fraction of serde_derive's) and string enums its
        // `OpenEnum`; unions and newtypes name serde's by path, constrained strings get theirs from
        // `constrained_string!`. A type of the API with the name of one of them is the spec's: the
        // derive is then named by path.
        let structs = own().any(|t| matches!(t.kind, TypeKind::Struct { .. }));
        let string_enums = own().any(|t| matches!(t.kind, TypeKind::StringEnum { .. }));
        let names = OwnNames::of(service);
        let derives = [
            (OwnName::Deserialize, structs),
            (OwnName::OpenEnum, string_enums),
            (OwnName::Serialize, structs),
        ]
        .into_iter()
        .filter(|(own, used)| *used && !names.is_shadowed(*own))
        .map(|(own, _)| own.short())
        .collect();
        HeaderImports {
            shared,
            error_codes,
            runtime: structs || string_enums,
            derives,
        }
    }

    /// Every name the imports bring in.
    fn names(&self) -> impl Iterator<Item = &str> {
        let runtime = self.runtime.then_some("runtime");
        let derives = self.derives.iter().copied();
        (self.shared.iter().chain(&self.error_codes))
            .map(String::as_str)
            .chain(runtime)
            .chain(derives)
    }

    /// The `use` lines.
    fn uses(&self) -> TokenStream {
        let idents = |names: &BTreeSet<String>| -> Vec<proc_macro2::Ident> {
            names.iter().map(|n| format_ident!("{}", n)).collect()
        };
        let shared_use = match idents(&self.shared) {
            names if names.is_empty() => quote!(),
            names => quote!(use super::{#(#names),*};),
        };
        let error_use = match idents(&self.error_codes) {
            names if names.is_empty() => quote!(),
            names => quote!(use super::errors::{#(#names),*};),
        };
        // The runtime itself too: the derives' expansions name it as `runtime` (runtime-macros).
        let derives = self.derives.iter().map(|d| format_ident!("{}", d));
        let serde_use = match (self.runtime, self.derives.is_empty()) {
            (false, _) => quote!(),
            (true, true) => quote!(
                use crate::runtime;
            ),
            (true, false) => quote!(
                use crate::runtime;
                use crate::runtime::codegen::{#(#derives),*};
            ),
        };
        quote! {
            #serde_use
            #error_use
            #shared_use
        }
    }
}

/// `runtime::ErrorBody` for the structs the operations' error responses carry (of this API, or of
/// any API that uses this module's shared types), so an `ApiError` of one shows its code and text
/// (`HTTP 404 GLD_019: …`): the fields `model::error_fields` picks, the same the server adapter writes.
fn error_body_impls(service: &Service, bodies: &BTreeSet<String>) -> TokenStream {
    let names = OwnNames::of(service);
    let (option, some) = (names.get(OwnName::Option), names.get(OwnName::Some));
    let mut out = TokenStream::new();
    for def in service
        .types
        .iter()
        .filter(|t| t.shared.is_none() && bodies.contains(&t.name))
    {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        // The fields the one rule picks (`model::error_fields`), as the server adapter's profile does.
        // A named string type (a string enum, a constrained string) is text on the wire, as the
        // profile reads the schema; it is read through its `AsRef<str>`.
        let named_text = |id: TypeId| {
            service.type_def(id).is_some_and(|t| {
                matches!(
                    t.kind,
                    TypeKind::StringEnum { .. } | TypeKind::ConstrainedString { .. }
                )
            })
        };
        let kind = |ty: &TypeRef| match ty {
            TypeRef::Primitive(Primitive::String)
            | TypeRef::BoundedString(_)
            | TypeRef::ErrorCode(_) => Kind::Text,
            TypeRef::Named(id) if named_text(*id) => Kind::Text,
            TypeRef::Primitive(
                Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64,
            )
            | TypeRef::BoundedNumber(..) => Kind::Number,
            _ => Kind::Other,
        };
        let chosen = error_fields(fields.iter().map(|f| (f.wire.as_str(), kind(&f.ty))));
        // The accessor of the chosen field, read as `&str`.
        let read = |wire: &Option<String>| {
            let field = fields.iter().find(|f| Some(&f.wire) == wire.as_ref())?;
            let ident = format_ident!("{}", field.name);
            Some(match (&field.ty, field.optional()) {
                (TypeRef::ErrorCode(_), false) => quote!(#some(self.#ident.code())),
                (TypeRef::ErrorCode(_), true) => {
                    quote!(self.#ident.as_ref().map(|code| code.code()))
                }
                (TypeRef::Named(_), false) => {
                    quote!(#some(::core::convert::AsRef::<str>::as_ref(&self.#ident)))
                }
                (TypeRef::Named(_), true) => {
                    quote!(self.#ident.as_ref().map(::core::convert::AsRef::<str>::as_ref))
                }
                (_, false) => quote!(#some(&self.#ident)),
                (_, true) => quote!(self.#ident.as_deref()),
            })
        };
        let code = read(&chosen.code).map(|code| quote!(fn code(&self) -> #option<&str> { #code }));
        let message =
            read(&chosen.message).map(|text| quote!(fn message(&self) -> #option<&str> { #text }));
        let name = format_ident!("{}", def.name);
        let cfg = super::cfg::attr(&def.features);
        out.extend(quote! {
            #cfg
            impl crate::runtime::ErrorBody for #name {
                #code
                #message
            }
        });
    }
    out
}

/// The types this API takes from shared spec folders of the run, re-exported (in its `mod.rs`) from the
/// module that defines them (`pub use crate::felles::{Feil, Organisasjonsnummer};`), so
/// `api::Organisasjonsnummer` names the one type every API uses. A name the API's own types took first
/// is re-exported under the name the namer gave it (`Feil as Feil2`).
/// Whether the API defines types of its own (not only re-exports of shared ones): only then has it a
/// `models.rs`.
pub fn has_own_types(service: &Service) -> bool {
    service.types.iter().any(|def| def.shared.is_none())
}

pub fn shared_uses(types: &[TypeDef]) -> Vec<TokenStream> {
    let mut by_module: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for def in types {
        if let Some(shared) = &def.shared {
            by_module
                .entry(shared.module.as_str())
                .or_default()
                .push((shared.name.as_str(), def.name.as_str()));
        }
    }
    by_module
        .into_iter()
        .map(|(module, mut names)| {
            names.sort();
            let module_ident = format_ident!("{}", module);
            let items = names.iter().map(|(theirs, ours)| {
                let theirs = format_ident!("{}", theirs);
                if theirs == ours {
                    quote!(#theirs)
                } else {
                    let ours = format_ident!("{}", ours);
                    quote!(#theirs as #ours)
                }
            });
            let doc = text_attrs(&format!(
                "Types defined once in the shared module `{module}` (`$ref`s to its spec), so a value of one API is a value of every other that uses them."
            ));
            quote!(#doc pub use crate::#module_ident::{#(#items),*};)
        })
        .collect()
}

fn referenced_codes(def: &TypeDef) -> Vec<&str> {
    let mut out = Vec::new();
    for ty in def.kind.parts() {
        error_codes_in(ty, &mut out);
    }
    out
}

/// The error-code enums (of `errors.rs`) `ty` names.
pub(super) fn error_codes_in<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::ErrorCode(name) => out.push(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => error_codes_in(inner, out),
        _ => {}
    }
}

/// Which named types can derive `Eq` (fixed point over the type graph; cycles count as `Eq`).
fn eq_types(types: &[TypeDef]) -> HashMap<TypeId, bool> {
    let mut eq: HashMap<TypeId, bool> = types.iter().map(|t| (t.id, true)).collect();
    loop {
        let mut changed = false;
        for def in types {
            let lookup = |id: TypeId| eq.get(&id).copied().unwrap_or(false);
            let now = def.kind.parts().into_iter().all(|ty| is_eq(ty, &lookup));
            if eq[&def.id] && !now {
                eq.insert(def.id, false);
                changed = true;
            }
        }
        if !changed {
            return eq;
        }
    }
}

fn aliases(types: &[TypeDef]) -> Aliases<'_> {
    types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias { target } => Some((def.id, target)),
            _ => None,
        })
        .collect()
}

/// Whether a value of the type holds a `Decimal` that serde writes itself (not inside a named struct or
/// union, which take care of their own fields). Aliases are followed, each once.
fn holds_decimal<'a>(ty: &'a TypeRef, aliases: &Aliases<'a>, seen: &mut HashSet<TypeId>) -> bool {
    match ty {
        TypeRef::Primitive(p) | TypeRef::BoundedNumber(p, _) => *p == Primitive::Decimal,
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds_decimal(inner, aliases, seen),
        TypeRef::Named(id) => match aliases.get(id) {
            Some(target) if seen.insert(*id) => holds_decimal(target, aliases, seen),
            _ => false,
        },
        // A type of existing code writes itself as it likes.
        TypeRef::ErrorCode(_) | TypeRef::Any | TypeRef::BoundedString(_) | TypeRef::Extern(_) => {
            false
        }
    }
}

/// `#[serde(with)]` for a field or variant holding decimals: serde's own `Decimal` impls write strings
/// (or go through `f64`), the runtime writes and reads the exact JSON number.
fn decimal_attr(ty: &TypeRef, aliases: &Aliases) -> TokenStream {
    if holds_decimal(ty, aliases, &mut HashSet::default()) {
        quote!(#[serde(with = "crate::runtime::decimal")])
    } else {
        quote!()
    }
}

/// One type of the API. `names`: how its code names our own items (the API's types are in scope).
fn type_def(
    def: &TypeDef,
    eq: &HashMap<TypeId, bool>,
    aliases: &Aliases,
    names: &OwnNames,
) -> TokenStream {
    let ty = |ty: &TypeRef| rust_type(ty, &quote!(), names);
    let boxed = |ty: TokenStream, is_boxed: bool| boxed(ty, is_boxed, names);
    let name = format_ident!("{}", def.name);
    let docs = doc_attrs(&def.doc);
    let derive_eq = if eq[&def.id] { quote!(Eq,) } else { quote!() };
    match &def.kind {
        TypeKind::Struct { fields, default } => {
            struct_def(&name, &docs, &derive_eq, fields, *default, aliases, names)
        }
        TypeKind::StringEnum { variants } => string_enum(&name, &docs, variants, names),
        TypeKind::ConstrainedString {
            pattern,
            min_length,
            max_length,
        } => constrained_string(
            &def.name,
            &docs,
            pattern.as_deref(),
            *min_length,
            *max_length,
            names,
        ),
        TypeKind::Union { variants } => {
            let variants = variants.iter().map(|v| {
                let vname = format_ident!("{}", v.name);
                let ty = boxed(ty(&v.ty), v.boxed);
                let decimal = decimal_attr(&v.ty, aliases);
                let docs = unchecked_length_doc(v.ty.length(&|id| aliases.get(&id).copied()));
                let range = v.ty.range(&|id| aliases.get(&id).copied());
                let docs = with_unchecked_range_doc(docs, range);
                quote!(#docs #decimal #vname(#ty))
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #derive_eq serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name { #(#variants),* }
            }
        }
        TypeKind::Tagged { property, variants } => {
            tagged(&name, &docs, &derive_eq, property, variants, names)
        }
        TypeKind::OneProperty { variants } => {
            let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
            let enum_variants = variants.iter().map(|v| {
                let vname = format_ident!("{}", v.name);
                let ty = boxed(ty(&v.ty), v.boxed);
                let length = v.ty.length(&|id| aliases.get(&id).copied());
                let docs = with_unchecked_length_doc(doc_attrs(&v.doc), length);
                let range = v.ty.range(&|id| aliases.get(&id).copied());
                let docs = with_unchecked_range_doc(docs, range);
                let wire = &v.wire;
                let decimal = decimal_attr(&v.ty, aliases);
                quote!(#docs #[serde(rename = #wire)] #decimal #vname(#ty))
            });
            let (result, option) = (names.get(OwnName::Result), names.get(OwnName::Option));
            let (some, none) = (names.get(OwnName::Some), names.get(OwnName::None));
            let (err, string) = (names.get(OwnName::Err), names.get(OwnName::String));
            // Read key by key, so an error inside a value keeps its path (`oppgaveeier.person.…`).
            let arms = variants.iter().map(|v| {
                let vname = format_ident!("{}", v.name);
                let wire = &v.wire;
                let value = if decimal_attr(&v.ty, aliases).is_empty() {
                    quote!(map.next_value()?)
                } else {
                    quote!(map.next_value_seed(crate::runtime::decimal::Seed::default())?)
                };
                quote! {
                    #wire => {
                        if let #some(first) = first.replace(#wire) {
                            return #err(crate::runtime::codegen::tagged::two_keys(KEYS, first, #wire));
                        }
                        found = #some(#name::#vname(#value));
                    }
                }
            });
            let docs = then_paragraph(
                docs.clone(),
                text_attrs(
                    "Exactly one of the properties: the JSON is an object with that one key. Read, other \
                     keys are left out (the schema allows them), and none or two of these keys is an \
                     error saying so.",
                ),
            );
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #derive_eq serde::Serialize)]
                pub enum #name { #(#enum_variants),* }
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> #result<Self, D::Error> {
                        const KEYS: &[&str] = &[#(#wires),*];
                        // (names no schema's type can have, so no variant's type is taken for them)
                        struct __OneKey;
                        impl<'de> serde::de::Visitor<'de> for __OneKey {
                            type Value = #name;
                            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                crate::runtime::codegen::tagged::one_key_expecting(f, KEYS)
                            }
                            fn visit_map<A: serde::de::MapAccess<'de>>(
                                self,
                                mut map: A,
                            ) -> #result<#name, A::Error> {
                                let mut found: #option<#name> = #none;
                                let mut first: #option<&'static str> = #none;
                                while let #some(key) = map.next_key::<#string>()? {
                                    match key.as_str() {
                                        #(#arms)*
                                        _ => {
                                            map.next_value::<serde::de::IgnoredAny>()?;
                                        }
                                    }
                                }
                                found.ok_or_else(|| crate::runtime::codegen::tagged::no_key(KEYS))
                            }
                        }
                        deserializer.deserialize_map(__OneKey)
                    }
                }
            }
        }
        TypeKind::Alias { target } => {
            let ty = ty(target);
            let length = target.length(&|id| aliases.get(&id).copied());
            let docs = with_length_doc(docs, target, length);
            let range = target.range(&|id| aliases.get(&id).copied());
            let docs = with_range_doc(docs, target, range);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype {
            target,
            boxed: is_boxed,
        } => {
            let ty = boxed(ty(target), *is_boxed);
            let decimal = decimal_attr(target, aliases);
            let length = target.length(&|id| aliases.get(&id).copied());
            let docs = with_unchecked_length_doc(docs, length);
            let range = target.range(&|id| aliases.get(&id).copied());
            let docs = with_unchecked_range_doc(docs, range);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #derive_eq serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(#decimal pub #ty);
            }
        }
    }
}

fn boxed(ty: TokenStream, boxed: bool, names: &OwnNames) -> TokenStream {
    if boxed {
        let boxed = names.get(OwnName::Box);
        quote!(#boxed<#ty>)
    } else {
        ty
    }
}

/// An enum whose variant is named by a property of the JSON object (`discriminator`). The property is
/// read to pick the variant, and kept in the object for the variant's own type, which usually declares
/// it too; on the way out it is added when the variant's type does not write it.
fn tagged(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    derive_eq: &TokenStream,
    property: &str,
    variants: &[crate::model::TaggedVariant],
    names: &OwnNames,
) -> TokenStream {
    let (result, err) = (names.get(OwnName::Result), names.get(OwnName::Err));
    let idents: Vec<proc_macro2::Ident> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let tags: Vec<&str> = variants.iter().map(|v| v.tag.as_str()).collect();
    let defs = variants.iter().zip(&idents).map(|(v, ident)| {
        let ty = boxed(rust_type(&v.ty, &quote!(), names), v.boxed, names);
        let doc = text_attrs(&format!("`{property}`: `{}`", v.tag));
        quote!(#doc #ident(#ty),)
    });
    let docs = then_paragraph(
        docs.clone(),
        text_attrs(&format!("The property `{property}` names the variant.")),
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_eq)]
        pub enum #name { #(#defs)* }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(Self::#idents(value) => crate::runtime::codegen::tagged::serialize(serializer, #property, #tags, value),)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let (tag, value) = crate::runtime::codegen::tagged::split(deserializer, #property)?;
                match tag.as_str() {
                    #(#tags => crate::runtime::codegen::tagged::variant(value).map(Self::#idents),)*
                    _ => #err(crate::runtime::codegen::tagged::unknown(&tag, &[#(#tags),*])),
                }
            }
        }
    }
}

fn struct_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    derive_eq: &TokenStream,
    fields: &[Field],
    default: bool,
    aliases: &Aliases,
    names: &OwnNames,
) -> TokenStream {
    let option = names.get(OwnName::Option);
    let is_none = names.option_is_none();
    // `rename_all = "camelCase"` when it names most fields right; the rest get their own `rename`.
    let camel = fields
        .iter()
        .filter(|f| serde_camel_case(&f.name) == f.wire)
        .count();
    let verbatim = fields.iter().filter(|f| f.name == f.wire).count();
    let use_camel = camel > verbatim;
    let container = if use_camel {
        quote!(#[serde(rename_all = "camelCase")])
    } else {
        quote!()
    };
    let derive_default = if default { quote!(Default,) } else { quote!() };
    let fields = fields.iter().map(|field| {
        let fname = format_ident!("{}", field.name);
        let length = field.ty.length(&|id| aliases.get(&id).copied());
        let docs = with_length_doc(doc_attrs(&field.doc), &field.ty, length);
        let range = field.ty.range(&|id| aliases.get(&id).copied());
        let docs = with_range_doc(docs, &field.ty, range);
        // A field's strings have a length or its numbers a range, never both (one type).
        let check = length
            .map(check_attr)
            .or_else(|| range.map(super::range::check_attr));
        let implied = if use_camel {
            serde_camel_case(&field.name)
        } else {
            field.name.clone()
        };
        let rename = if implied == field.wire {
            quote!()
        } else {
            let wire = &field.wire;
            quote!(#[serde(rename = #wire)])
        };
        let ty = boxed(rust_type(&field.ty, &quote!(), names), field.boxed, names);
        let decimal = decimal_attr(&field.ty, aliases);
        if field.required && field.nullable {
            // Present, but may be `null`: `None` is sent as `null`, never left out.
            quote! { #docs #rename #decimal #check pub #fname: #option<#ty>, }
        } else if field.required {
            quote! { #docs #rename #decimal #check pub #fname: #ty, }
        } else {
            quote! {
                #docs
                #rename
                #[serde(default, skip_serializing_if = #is_none)]
                #decimal
                #check
                pub #fname: #option<#ty>,
            }
        }
    });
    // `Serialize` and `Deserialize` are the runtime's (imported at the top of the file, or by path where
    // a type of the API has the name): they read the same `#[serde(...)]` attributes as serde's.
    let (ser, de) = (
        names.get(OwnName::Serialize),
        names.get(OwnName::Deserialize),
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_eq #derive_default #ser, #de)]
        #container
        pub struct #name { #(#fields)* }
    }
}

fn constrained_string(
    type_name: &str,
    docs: &TokenStream,
    pattern: Option<&str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    names: &OwnNames,
) -> TokenStream {
    let name = format_ident!("{}", type_name);
    let [string, into, result, ok, some, none] = [
        OwnName::String,
        OwnName::Into,
        OwnName::Result,
        OwnName::Ok,
        OwnName::Some,
        OwnName::None,
    ]
    .map(|own| names.get(own));
    let mut rules = Vec::new();
    if let Some(p) = pattern {
        rules.push(format!("matches `{p}`"));
    }
    match (min_length, max_length) {
        (Some(min), Some(max)) if min == max => rules.push(format!("exactly {min} characters")),
        (min, max) => {
            if let Some(min) = min {
                rules.push(format!("at least {min} characters"));
            }
            if let Some(max) = max {
                rules.push(format!("at most {max} characters"));
            }
        }
    }
    let rules_doc = text_attrs(&format!(
        "Checked when built (`{type_name}::new`, `parse`, `try_from`) and when deserialized: {}.",
        rules.join(", ")
    ));
    let opt = |v: Option<usize>| match v {
        Some(n) => quote!(#some(#n)),
        None => none.clone(),
    };
    let (min, max) = (opt(min_length), opt(max_length));
    let (pattern_const, pattern_static, pattern_arg) = match pattern {
        Some(p) => (
            quote! {
                /// The pattern the value must match (from the spec).
                pub const PATTERN: &'static str = #p;
            },
            quote! {
                static REGEX: std::sync::LazyLock<regress::Regex> = std::sync::LazyLock::new(|| {
                    regress::Regex::new(#name::PATTERN).expect("the generator checked the pattern")
                });
            },
            quote!(#some(&REGEX)),
        ),
        None => (quote!(), quote!(), quote!(None)),
    };
    let docs = then_paragraph(docs.clone(), rules_doc);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(#string);

        impl #name {
            #pattern_const

            /// Checks the value against the spec's constraints.
            pub fn new(value: impl #into<#string>) -> #result<Self, crate::runtime::ConstraintError> {
                #pattern_static
                let value = value.into();
                crate::runtime::codegen::check_string(#type_name, &value, #min, #max, #pattern_arg)?;
                #ok(Self(value))
            }
        }

        // `as_str`, `FromStr`, `TryFrom`, `AsRef`, `Display` and serde, the same for every such type.
        crate::runtime::codegen::constrained_string!(#name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BELOEP: TypeId = TypeId(0);
    const LISTE: TypeId = TypeId(1);
    const STRUKTUR: TypeId = TypeId(2);

    fn named(id: TypeId) -> TypeRef {
        TypeRef::Named(id)
    }

    #[test]
    fn decimals_are_found_through_aliases_and_containers() {
        let decimal = TypeRef::Primitive(Primitive::Decimal);
        let list = TypeRef::Array(Box::new(named(BELOEP)));
        let aliases: Aliases = [(BELOEP, &decimal), (LISTE, &list)].into_iter().collect();
        let holds = |ty: &TypeRef| holds_decimal(ty, &aliases, &mut HashSet::default());
        assert!(holds(&named(LISTE)));
        assert!(holds(&TypeRef::Map(Box::new(named(BELOEP)))));
        assert!(!holds(&named(STRUKTUR)));
        assert!(!holds(&TypeRef::Primitive(Primitive::F64)));
    }

    #[test]
    fn alias_cycles_end() {
        let (a, b) = (TypeId(0), TypeId(1));
        let (to_b, to_a) = (named(b), named(a));
        let aliases: Aliases = [(a, &to_b), (b, &to_a)].into_iter().collect();
        assert!(!holds_decimal(&named(a), &aliases, &mut HashSet::default()));
    }
}
