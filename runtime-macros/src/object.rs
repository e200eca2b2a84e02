//! `#[derive(Serialize, Deserialize)]` for the generated crates' JSON objects.
//!
//! `Deserialize` implements `serde::Deserialize` as `serde_derive` would for a struct with named fields, and reads
//! the same `#[serde(...)]` attributes the generator writes (`rename_all = "camelCase"`, `rename`,
//! `default`, `with`, and `skip_serializing_if`, which is serde's `Serialize` derive's). Why not
//! serde's derive: its expansion is sized for every data format (sequences, integer field keys, a
//! field enum with three visitors) and a struct's every field is checked in a chain of early
//! returns. For GitHub's 1,900 objects that was three quarters of the time and memory `cargo check`
//! spent on the generated models. This expansion reads a map only: a field's name is found in a
//! sorted table by one shared, non-generic-over-the-struct function (`runtime::codegen::de::Field`), each
//! field's value goes into one slot of a local struct, and one pattern checks the required fields at
//! the end. What a user sees is the same: unknown fields are skipped, a duplicate or missing field is
//! serde's own error, an `Option` field may be missing, and formats that want `deserialize_struct`
//! get it.
//!
//! `Serialize` writes the object with one call into the runtime (`runtime::codegen::ser::object`), its fields
//! as `(name, &dyn value, left out)` the way `derive(Debug)` passes `&dyn Debug`s, so a struct costs
//! the compiler one array, not a `?` per field.
//!
//! `#[check(length(min = 1, max = 5000))]` on a field (the generator writes it where an anonymous string
//! schema has `minLength`/`maxLength`: the field is a plain `String`, or a container of them) checks every
//! string of the field with `runtime::codegen::check::Length`: reading, as the value is read
//! (`runtime::codegen::de::checked`), writing, before it is written (`runtime::codegen::ser::Checked`); a string out of
//! bounds is the format's `custom` error naming the field and the bound. A field without it costs nothing.
//! `#[check(range(min = 1i64, max = 100i64, exclusive_max))]` does the same for the numbers of a field
//! (an integer or number schema's `minimum`/`maximum`) with `runtime::codegen::check::Range`; the literals'
//! suffixes name the number type, so the range needs no annotation.
//!
//! Anything else (an enum, a tuple struct, generics, another serde attribute) is a compile error
//! saying so, never a silently different impl.

use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

/// `Serialize` of a struct with named fields.
pub fn expand_serialize(input: &DeriveInput) -> syn::Result<Tokens> {
    Ok(serialize(&input.ident, &read_struct(input, "Serialize")?))
}

/// `Deserialize` of a struct with named fields.
pub fn expand_deserialize(input: &DeriveInput) -> syn::Result<Tokens> {
    Ok(deserialize(
        &input.ident,
        &read_struct(input, "Deserialize")?,
    ))
}

/// One field, as the expansion needs it.
struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    wire: String,
    /// What a missing field becomes: `None` for an `Option`, `Default::default()` under
    /// `#[serde(default)]`; `false` means it is required.
    may_be_missing: bool,
    /// `#[serde(with = "path")]`: the value is read by `path::deserialize`, written by
    /// `path::serialize`.
    with: Option<syn::Path>,
    /// `#[serde(skip_serializing_if = "Option::is_none")]`: `None` is left out when writing.
    skip_if_none: bool,
    /// `#[check(length(min = …, max = …))]`: the bounds of the field's strings;
    /// `#[check(range(min = …, max = …))]`: of its numbers.
    check: Option<Check>,
}

/// The rule of `#[check(..)]`.
enum Check {
    /// `length(min = …, max = …)`: the bounds of the field's strings, each `None` when not given.
    Length {
        min: Option<usize>,
        max: Option<usize>,
    },
    /// `range(min = …, max = …, exclusive_min, exclusive_max)`: the bounds of the field's numbers, each
    /// the literal as written (its suffix says the number type: `1i64`, `0.5f64`).
    Range {
        min: Option<syn::Lit>,
        max: Option<syn::Lit>,
        exclusive_min: bool,
        exclusive_max: bool,
    },
}

impl Check {
    /// The runtime's rule of these bounds, as an expression.
    fn tokens(&self) -> Tokens {
        match self {
            Check::Length { min, max } => {
                let bound = |b: Option<usize>| match b {
                    Some(n) => quote!(::core::option::Option::Some(#n)),
                    None => quote!(::core::option::Option::None),
                };
                let (min, max) = (bound(*min), bound(*max));
                quote!(runtime::codegen::check::Length { min: #min, max: #max })
            }
            Check::Range {
                min,
                max,
                exclusive_min,
                exclusive_max,
            } => {
                let bound = |b: &Option<syn::Lit>, exclusive: bool| match b {
                    Some(value) => quote! {
                        ::core::option::Option::Some(runtime::codegen::check::Bound {
                            value: #value,
                            exclusive: #exclusive,
                        })
                    },
                    None => quote!(::core::option::Option::None),
                };
                let (min, max) = (bound(min, *exclusive_min), bound(max, *exclusive_max));
                quote!(runtime::codegen::check::Range { min: #min, max: #max })
            }
        }
    }
}

/// The fields of a struct with named fields and no generics, with their serde attributes; any other
/// input is an error naming the derive.
fn read_struct<'a>(input: &'a DeriveInput, derive: &str) -> syn::Result<Vec<Field<'a>>> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            format!("runtime::{derive}: generic structs are not supported"),
        ));
    }
    let only_objects = format!(
        "runtime::{derive}: only structs with named fields (JSON objects); use serde's derive"
    );
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(Span::call_site(), only_objects));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(data.fields.span(), only_objects));
    };
    let camel_case = container_rename_all(&input.attrs)?;
    let fields = named
        .named
        .iter()
        .map(|field| read_field(field, camel_case))
        .collect::<syn::Result<Vec<_>>>()?;
    let mut wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    wires.sort_unstable();
    if let Some(pair) = wires.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(syn::Error::new(
            Span::call_site(),
            format!(
                "runtime::{derive}: two fields are named `{}` in JSON",
                pair[0]
            ),
        ));
    }
    Ok(fields)
}

fn serialize(name: &syn::Ident, fields: &[Field]) -> Tokens {
    let name_text = name.to_string();
    // A field under `with` is written through a wrapper whose `Serialize` calls `path::serialize`.
    let wrappers = fields.iter().enumerate().filter_map(|(i, field)| {
        let path = field.with.as_ref()?;
        let wrapper = format_ident!("__With{i}");
        let ty = field.ty;
        Some(quote! {
            struct #wrapper<'__a>(&'__a #ty);
            impl ::serde::Serialize for #wrapper<'_> {
                fn serialize<__S: ::serde::Serializer>(
                    &self,
                    serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #path::serialize(self.0, serializer)
                }
            }
        })
    });
    let entries = fields.iter().enumerate().map(|(i, field)| {
        let ident = field.ident;
        let wire = &field.wire;
        let mut value = match &field.with {
            None => quote!(&self.#ident),
            Some(_) => {
                let wrapper = format_ident!("__With{i}");
                quote!(&#wrapper(&self.#ident))
            }
        };
        if let Some(check) = &field.check {
            let rule = check.tokens();
            value = quote! {
                &runtime::codegen::ser::Checked {
                    value: #value,
                    checked: &self.#ident,
                    name: #wire,
                    rule: #rule,
                }
            };
        }
        let left_out = if field.skip_if_none {
            quote!(self.#ident.is_none())
        } else {
            quote!(false)
        };
        quote!((#wire, #value as &dyn runtime::codegen::ser::Value, #left_out))
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                #(#wrappers)*
                runtime::codegen::ser::object(serializer, #name_text, &[#(#entries),*])
            }
        }
    }
}

fn deserialize(name: &syn::Ident, fields: &[Field]) -> Tokens {
    let expecting = format!("struct {name}");
    let name_text = name.to_string();

    // The wire names sorted, each with its field's index, for a binary search.
    let mut sorted: Vec<(&str, usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.wire.as_str(), i))
        .collect();
    sorted.sort_unstable();
    let table_names = sorted.iter().map(|(wire, _)| *wire);
    let table_indices = sorted.iter().map(|(_, i)| *i);

    let slots: Vec<syn::Ident> = (0..fields.len()).map(|i| format_ident!("f{i}")).collect();
    let slot_types = fields.iter().map(|f| f.ty);
    let arms = fields.iter().zip(&slots).enumerate().map(|(i, (field, slot))| {
        let wire = &field.wire;
        // A field with a check is read by `checked`/`checked_with`, which take its rule last.
        let (plain, with, length) = match &field.check {
            None => (quote!(value), quote!(value_with), None),
            Some(check) => {
                let length = check.tokens();
                (quote!(checked), quote!(checked_with), Some(quote!(, #length)))
            }
        };
        match &field.with {
            None => {
                quote!(#i => runtime::codegen::de::#plain(&mut map, &mut partial.#slot, #wire #length),)
            }
            Some(path) => {
                let ty = field.ty;
                quote! {
                    #i => {
                        struct __With(#ty);
                        impl<'de> ::serde::Deserialize<'de> for __With {
                            fn deserialize<__D: ::serde::Deserializer<'de>>(
                                deserializer: __D,
                            ) -> ::core::result::Result<Self, __D::Error> {
                                #path::deserialize(deserializer).map(__With)
                            }
                        }
                        runtime::codegen::de::#with(&mut map, &mut partial.#slot, #wire, |w: __With| w.0 #length)
                    }
                }
            }
        }
    });
    // The final pattern: a required field must be `Some`, the others are taken as they are.
    let patterns = fields.iter().zip(&slots).map(|(field, slot)| {
        if field.may_be_missing {
            quote!(#slot)
        } else {
            quote!(#slot: ::core::option::Option::Some(#slot))
        }
    });
    let values = fields.iter().zip(&slots).map(|(field, slot)| {
        let ident = field.ident;
        if field.may_be_missing {
            quote!(#ident: #slot.unwrap_or_default())
        } else {
            quote!(#ident: #slot)
        }
    });
    let required: Vec<_> = fields
        .iter()
        .zip(&slots)
        .filter(|(field, _)| !field.may_be_missing)
        .map(|(field, slot)| {
            let wire = &field.wire;
            quote!((partial.#slot.is_none(), #wire))
        })
        .collect();
    let finish = if required.is_empty() {
        quote! {
            let __Partial { #(#patterns),* } = partial;
            ::core::result::Result::Ok(#name { #(#values),* })
        }
    } else {
        quote! {
            match partial {
                __Partial { #(#patterns),* } => ::core::result::Result::Ok(#name { #(#values),* }),
                partial => ::core::result::Result::Err(<__A::Error as ::serde::de::Error>::missing_field(
                    runtime::codegen::de::first_missing(&[#(#required),*]),
                )),
            }
        }
    };

    quote! {
        const _: () = {
            const __FIELDS: &[&str] = &[#(#table_names),*];
            const __INDICES: &[usize] = &[#(#table_indices),*];
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    deserializer.deserialize_struct(#name_text, __FIELDS, __Visitor)
                }
            }
            struct __Visitor;
            impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                type Value = #name;
                fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                    f.write_str(#expecting)
                }
                fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                    self,
                    mut map: __A,
                ) -> ::core::result::Result<#name, __A::Error> {
                    struct __Partial { #(#slots: ::core::option::Option<#slot_types>),* }
                    let mut partial = __Partial { #(#slots: ::core::option::Option::None),* };
                    while let ::core::option::Option::Some(index) =
                        map.next_key_seed(runtime::codegen::de::Field { names: __FIELDS, indices: __INDICES })?
                    {
                        // One `?` for all arms: each arm is a plain call.
                        let read = match index {
                            #(#arms)*
                            _ => runtime::codegen::de::skip(&mut map),
                        };
                        read?;
                    }
                    #finish
                }
            }
        };
    }
}

/// `#[serde(rename_all = "camelCase")]` on the struct (the only rule the generator writes).
fn container_rename_all(attrs: &[syn::Attribute]) -> syn::Result<bool> {
    let mut camel_case = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let rule: LitStr = meta.value()?.parse()?;
                if rule.value() != "camelCase" {
                    return Err(meta
                        .error("runtime::codegen::Deserialize: only rename_all = \"camelCase\""));
                }
                camel_case = true;
                Ok(())
            } else {
                Err(meta
                    .error("runtime::codegen::Deserialize: unsupported serde container attribute"))
            }
        })?;
    }
    Ok(camel_case)
}

fn read_field(field: &syn::Field, camel_case: bool) -> syn::Result<Field<'_>> {
    let ident = field.ident.as_ref().expect("named fields have names");
    let rust_name = ident.unraw().to_string();
    let mut wire = if camel_case {
        camel(&rust_name)
    } else {
        rust_name
    };
    let mut default = false;
    let mut with = None;
    let mut skip_if_none = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = meta.value()?.parse::<LitStr>()?.value();
            } else if meta.path.is_ident("default") {
                default = true;
            } else if meta.path.is_ident("with") {
                with = Some(meta.value()?.parse::<LitStr>()?.parse::<syn::Path>()?);
            } else if meta.path.is_ident("skip_serializing_if") {
                let test: LitStr = meta.value()?.parse()?;
                // By path where a type of the module is called `Option`.
                let paths = ["Option::is_none", "std::option::Option::is_none"];
                if !paths.contains(&test.value().as_str()) {
                    return Err(meta.error(
                        "runtime::codegen::Serialize: only skip_serializing_if = \"Option::is_none\"",
                    ));
                }
                skip_if_none = true;
            } else {
                return Err(meta.error("runtime::codegen::Deserialize: unsupported serde field attribute"));
            }
            Ok(())
        })?;
    }
    Ok(Field {
        ident,
        ty: &field.ty,
        wire,
        // As serde's derive: an `Option` may be missing, unless a `with` module reads it (then only
        // `default` lets it be missing), as a required nullable decimal is.
        may_be_missing: default || (is_option(&field.ty) && with.is_none()),
        with,
        skip_if_none,
        check: read_check(&field.attrs)?,
    })
}

/// `#[check(length(min = 1, max = 5000))]` (either bound may be left out; `length()` is syn's error) or
/// `#[check(range(min = 1i64, max = 100i64, exclusive_max))]` (the same for its bounds); `None` without
/// either.
fn read_check(attrs: &[syn::Attribute]) -> syn::Result<Option<Check>> {
    let mut check = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("check")) {
        attr.parse_nested_meta(|meta| {
            if check.is_some() {
                return Err(meta.error("runtime::codegen::check: a rule given twice (one per field)"));
            }
            if meta.path.is_ident("length") {
                let (mut min, mut max) = (None, None);
                meta.parse_nested_meta(|bound| {
                    let slot = if bound.path.is_ident("min") {
                        &mut min
                    } else if bound.path.is_ident("max") {
                        &mut max
                    } else {
                        return Err(
                            bound.error("runtime::codegen::check: a length has only `min` and `max`")
                        );
                    };
                    *slot = Some(bound.value()?.parse::<syn::LitInt>()?.base10_parse()?);
                    Ok(())
                })?;
                check = Some(Check::Length { min, max });
                return Ok(());
            }
            if meta.path.is_ident("range") {
                let (mut min, mut max) = (None, None);
                let (mut exclusive_min, mut exclusive_max) = (false, false);
                meta.parse_nested_meta(|bound| {
                    if bound.path.is_ident("exclusive_min") {
                        exclusive_min = true;
                    } else if bound.path.is_ident("exclusive_max") {
                        exclusive_max = true;
                    } else if bound.path.is_ident("min") {
                        min = Some(number(&bound)?);
                    } else if bound.path.is_ident("max") {
                        max = Some(number(&bound)?);
                    } else {
                        return Err(bound.error(
                            "runtime::codegen::check: a range has only `min`, `max`, `exclusive_min` and `exclusive_max`",
                        ));
                    }
                    Ok(())
                })?;
                check = Some(Check::Range {
                    min,
                    max,
                    exclusive_min,
                    exclusive_max,
                });
                return Ok(());
            }
            Err(meta.error(
                "runtime::codegen::check: only length(min = …, max = …) or range(min = …, max = …)",
            ))
        })?;
    }
    Ok(check)
}

/// The number literal of a range's `min = …` or `max = …`, a minus sign included.
fn number(bound: &syn::meta::ParseNestedMeta) -> syn::Result<syn::Lit> {
    let value = bound.value()?;
    let negative = value.peek(syn::Token![-]);
    if negative {
        value.parse::<syn::Token![-]>()?;
    }
    let lit: syn::Lit = value.parse()?;
    let negate = |text: String| format!("-{text}");
    match (&lit, negative) {
        (syn::Lit::Int(_) | syn::Lit::Float(_), false) => Ok(lit),
        (syn::Lit::Int(int), true) => Ok(syn::Lit::Int(syn::LitInt::new(
            &negate(int.to_string()),
            int.span(),
        ))),
        (syn::Lit::Float(float), true) => Ok(syn::Lit::Float(syn::LitFloat::new(
            &negate(float.to_string()),
            float.span(),
        ))),
        _ => Err(syn::Error::new(
            lit.span(),
            "runtime::codegen::check: a bound is a number",
        )),
    }
}

/// `Option<…>` as written (serde's derive decides the same way, by the type's last path segment,
/// `std::option::Option<…>` too). A type argument is needed: a type of the API called `Option` has
/// none.
fn is_option(ty: &Type) -> bool {
    match ty {
        // A type passed through a `macro_rules!` fragment arrives in an invisible group.
        Type::Group(group) => is_option(&group.elem),
        Type::Paren(paren) => is_option(&paren.elem),
        Type::Path(path) => path.path.segments.last().is_some_and(|segment| {
            segment.ident == "Option"
                && matches!(segment.arguments, syn::PathArguments::AngleBracketed(_))
        }),
        _ => false,
    }
}

/// serde's `camelCase` rule for a field name, as serde applies it: PascalCase (an ASCII capital after
/// each `_`, which is dropped, and at the start), then the first character in ASCII lower case. The
/// generator decides by the same rule which fields need no `rename` (`codegen`'s `serde_camel_case`).
fn camel(snake: &str) -> String {
    let mut pascal = String::with_capacity(snake.len());
    let mut capitalize = true;
    for c in snake.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn error_of(input: DeriveInput) -> String {
        crate::error_of(read_struct(&input, "Deserialize"))
    }

    #[test]
    fn camel_case_is_serde_s_rule() {
        assert_eq!(camel("due_date"), "dueDate");
        assert_eq!(camel("a_b_c"), "aBC");
        assert_eq!(camel("plain"), "plain");
        assert_eq!(camel("foo_1"), "foo1");
        assert_eq!(camel("_leading"), "leading");
        assert_eq!(camel("type_"), "type");
    }

    #[test]
    fn fields_get_their_wire_names_and_rules() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct S {
                due_date: String,
                #[serde(rename = "ID")]
                id: i64,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                note: Option<String>,
                #[serde(default)]
                count: u32,
                r#type: String,
            }
        };
        let fields = read_struct(&input, "Deserialize").unwrap();
        let summary: Vec<(&str, bool, bool)> = fields
            .iter()
            .map(|f| (f.wire.as_str(), f.may_be_missing, f.skip_if_none))
            .collect();
        assert_eq!(
            summary,
            [
                ("dueDate", false, false),
                ("ID", false, false),
                ("note", true, true),
                ("count", true, false),
                ("type", false, false),
            ]
        );
    }

    #[test]
    fn length_checks_are_read_from_check_attributes() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[check(length(min = 1, max = 5000))]
                both: String,
                #[serde(default)]
                #[check(length(max = 5))]
                max: Option<Vec<String>>,
                #[check(length(min = 2))]
                min: String,
                plain: String,
            }
        };
        let fields = read_struct(&input, "Deserialize").unwrap();
        let lengths: Vec<Option<(Option<usize>, Option<usize>)>> = fields
            .iter()
            .map(|f| match &f.check {
                Some(Check::Length { min, max }) => Some((*min, *max)),
                _ => None,
            })
            .collect();
        assert_eq!(
            lengths,
            [
                Some((Some(1), Some(5000))),
                Some((None, Some(5))),
                Some((Some(2), None)),
                None,
            ]
        );
        // A field without a check is read and written as before: no call of the runtime's checks.
        let plain = deserialize(&input.ident, &fields[3..]).to_string();
        assert!(!plain.contains("checked"), "{plain}");
        let plain = serialize(&input.ident, &fields[3..]).to_string();
        assert!(!plain.contains("Checked"), "{plain}");
        let checked = deserialize(&input.ident, &fields[..1]).to_string();
        assert!(checked.contains("checked"), "{checked}");
        let checked = serialize(&input.ident, &fields[..1]).to_string();
        assert!(checked.contains("Checked"), "{checked}");
    }

    #[test]
    fn range_checks_are_read_from_check_attributes() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[check(range(min = 1i64, max = 100i64))]
                both: i64,
                #[check(range(min = -0.5f64, exclusive_min, max = 1f64, exclusive_max))]
                open: Option<Vec<f64>>,
            }
        };
        let fields = read_struct(&input, "Deserialize").unwrap();
        let rules: Vec<String> = fields
            .iter()
            .map(|f| f.check.as_ref().unwrap().tokens().to_string())
            .collect();
        let bound = |value: Tokens, exclusive: bool| {
            quote!(::core::option::Option::Some(runtime::codegen::check::Bound {
                value: #value,
                exclusive: #exclusive,
            }))
        };
        let (one, hundred) = (bound(quote!(1i64), false), bound(quote!(100i64), false));
        let (low, high) = (bound(quote!(-0.5f64), true), bound(quote!(1f64), true));
        assert_eq!(
            rules,
            [
                quote!(runtime::codegen::check::Range { min: #one, max: #hundred }).to_string(),
                quote!(runtime::codegen::check::Range { min: #low, max: #high }).to_string(),
            ]
        );
        let checked = deserialize(&input.ident, &fields).to_string();
        assert!(checked.contains("checked"), "{checked}");
        assert!(error_of(parse_quote!(
            struct S {
                #[check(range(min = "1"))]
                a: i64,
            }
        ))
        .contains("a bound is a number"));
        assert!(error_of(parse_quote!(
            struct S {
                #[check(range(least = 1))]
                a: i64,
            }
        ))
        .contains("a range has only"));
    }

    #[test]
    fn a_malformed_check_is_an_error_saying_so() {
        assert!(error_of(parse_quote!(
            struct S {
                #[check(pattern = "x")]
                a: String,
            }
        ))
        .contains("only length"));
        assert!(error_of(parse_quote!(
            struct S {
                #[check(length(most = 3))]
                a: String,
            }
        ))
        .contains("only `min` and `max`"));
        let e = error_of(parse_quote!(
            struct S {
                #[check(length())]
                a: String,
            }
        ));
        assert!(e.contains("expected nested attribute"), "{e}");
        assert!(error_of(parse_quote!(
            struct S {
                #[check(length(max = -1))]
                a: String,
            }
        ))
        .contains("invalid digit"));
        assert!(error_of(parse_quote!(
            struct S {
                #[check(length(max = 1), length(max = 2))]
                a: String,
            }
        ))
        .contains("twice"));
    }

    #[test]
    fn an_option_by_path_is_one_and_a_type_called_option_is_not() {
        // A module whose spec has a schema `Option` writes the prelude's by path.
        let input: DeriveInput = parse_quote! {
            struct S {
                #[serde(default, skip_serializing_if = "std::option::Option::is_none")]
                note: std::option::Option<Option>,
                required: Option,
            }
        };
        let fields = read_struct(&input, "Deserialize").unwrap();
        let summary: Vec<(bool, bool)> = fields
            .iter()
            .map(|f| (f.may_be_missing, f.skip_if_none))
            .collect();
        assert_eq!(summary, [(true, true), (false, false)]);
    }

    #[test]
    fn what_it_does_not_do_is_an_error_saying_so() {
        assert!(error_of(parse_quote!(
            enum E {
                A,
            }
        ))
        .contains("only structs with named fields"));
        assert!(error_of(parse_quote!(
            struct T(u8);
        ))
        .contains("only structs with named fields"));
        assert!(error_of(parse_quote!(
            struct G<T> {
                t: T,
            }
        ))
        .contains("generic"));
        assert!(error_of(parse_quote!(
            #[serde(deny_unknown_fields)]
            struct S {
                a: u8,
            }
        ))
        .contains("unsupported serde container attribute"));
        assert!(error_of(parse_quote!(
            #[serde(rename_all = "snake_case")]
            struct S {
                a: u8,
            }
        ))
        .contains("camelCase"));
        assert!(error_of(parse_quote!(
            struct S {
                #[serde(flatten)]
                a: u8,
            }
        ))
        .contains("unsupported serde field attribute"));
        assert!(error_of(parse_quote!(
            struct S {
                #[serde(skip_serializing_if = "is_zero")]
                a: u8,
            }
        ))
        .contains("Option::is_none"));
        assert!(error_of(parse_quote!(
            struct S {
                a: u8,
                #[serde(rename = "a")]
                b: u8,
            }
        ))
        .contains("two fields are named `a`"));
    }
}
