//! Operation parameters and request bodies as method arguments, and the code that puts them in a request.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::types::rust_type;
use crate::model::{
    Encoding, ObjectStyle, ParamLocation, ParamParse, Parameter, Primitive, RequestBody, TypeRef,
};

/// One argument of an operation method.
pub struct Arg {
    pub ident: proc_macro2::Ident,
    pub ty: TokenStream,
    /// The statements that add it to `request`.
    pub apply: TokenStream,
    /// A line for the method's documentation.
    pub doc: String,
}

/// The argument of a parameter. Small `Copy` values are passed by value, everything else by reference;
/// an idempotency key is optional (`None`: a fresh UUID v4 for this call). With `grouped`, the value is
/// the field of the operation's parameter struct (`params`), which owns its values.
pub fn param_arg(param: &Parameter, grouped: bool) -> Arg {
    let ident = format_ident!("{}", param.name);
    let wire = &param.wire;
    let by_value = is_copy(&param.ty);
    let base = argument_type(&param.ty);
    let doc = param_doc(param);
    if grouped {
        return grouped_arg(param, ident, doc);
    }
    if param.idempotency_key {
        let (ty, fill) = if param.ty == TypeRef::Primitive(Primitive::Uuid) {
            (
                quote!(Option<uuid::Uuid>),
                quote!(let #ident = #ident.unwrap_or_else(uuid::Uuid::new_v4);),
            )
        } else {
            (
                quote!(Option<&str>),
                quote! {
                    let #ident = #ident
                        .map(str::to_string)
                        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                },
            )
        };
        let add = add_call(param.location, wire, quote!(&#ident));
        return Arg {
            ident,
            ty,
            apply: quote! { #fill #add },
            doc,
        };
    }
    let (ty, value) = match (param.required, by_value) {
        (true, true) => (base, quote!(&#ident)),
        (true, false) => (quote!(&#base), quote!(#ident)),
        (false, true) => (quote!(Option<#base>), quote!(&#ident)),
        (false, false) => (quote!(Option<&#base>), quote!(&#ident)),
    };
    let apply = add_param(param, value);
    Arg {
        ident,
        ty,
        apply,
        doc,
    }
}

/// A parameter as a field of the parameter struct: its owned type, and the statements that read it from
/// `params`.
fn grouped_arg(param: &Parameter, ident: proc_macro2::Ident, doc: String) -> Arg {
    let wire = &param.wire;
    let owned = rust_type(&param.ty, &quote!(super::));
    if param.idempotency_key {
        let (ty, fill) = if param.ty == TypeRef::Primitive(Primitive::Uuid) {
            (
                quote!(Option<uuid::Uuid>),
                quote!(let #ident = params.#ident.unwrap_or_else(uuid::Uuid::new_v4);),
            )
        } else {
            (
                quote!(Option<String>),
                quote! {
                    let #ident = params.#ident
                        .clone()
                        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                },
            )
        };
        let add = add_call(param.location, wire, quote!(&#ident));
        return Arg {
            ident,
            ty,
            apply: quote! { #fill #add },
            doc,
        };
    }
    let ty = if param.required {
        owned
    } else {
        quote!(Option<#owned>)
    };
    let apply = add_param(param, quote!(&params.#ident));
    Arg {
        ident,
        ty,
        apply,
        doc,
    }
}

/// The `body` argument and the statement that sets it.
pub fn body_arg(body: &RequestBody) -> Arg {
    let ident = format_ident!("body");
    let media = if body.content.media_type.contains('*') {
        "application/json".to_string()
    } else {
        body.content.media_type.clone()
    };
    let (ty, set) = match body.content.encoding {
        Encoding::Json => {
            let ty = argument_type(&body.content.ty);
            (quote!(&#ty), quote!(request.json_body(#media, body)?;))
        }
        Encoding::Text => (quote!(&str), quote!(request.text_body(#media, body);)),
        Encoding::Binary => (quote!(&[u8]), quote!(request.bytes_body(#media, body);)),
    };
    let (ty, apply) = if body.required {
        (ty, set)
    } else {
        (
            quote!(Option<#ty>),
            quote! {
                if let Some(body) = body {
                    #set
                }
            },
        )
    };
    let description = one_line(body.doc.description.as_deref().unwrap_or(""));
    let doc = if description.is_empty() {
        format!(
            "- `body`: the request body (`{}`).",
            body.content.media_type
        )
    } else {
        format!("- `body`: {description}")
    };
    Arg {
        ident,
        ty,
        apply,
        doc,
    }
}

/// The statement that adds a parameter's `value` to `request`.
fn add_param(param: &Parameter, value: TokenStream) -> TokenStream {
    if param.parse != ParamParse::Object {
        return add_call(param.location, &param.wire, value);
    }
    let wire = &param.wire;
    let style = match param.object_style {
        ObjectStyle::DeepObject => quote!(DeepObject),
        ObjectStyle::FormExploded => quote!(FormExploded),
        ObjectStyle::Form => quote!(Form),
    };
    quote!(request.query_object(#wire, #value, crate::runtime::ObjectStyle::#style)?;)
}

fn add_call(location: ParamLocation, wire: &str, value: TokenStream) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(request.path_param(#wire, #value)?;),
        ParamLocation::Query => quote!(request.query(#wire, #value)?;),
        // Cookies are sent as a header of their own name; the specs here have none.
        ParamLocation::Header | ParamLocation::Cookie => quote!(request.header(#wire, #value)?;),
    }
}

/// The type as an argument: `String` is taken as `str`, `Vec<T>` as `[T]` (they are always borrowed).
fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::String | Primitive::Bytes) => quote!(str),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, &quote!(super::));
            quote!([#inner])
        }
        other => rust_type(other, &quote!(super::)),
    }
}

fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Primitive(
            Primitive::Bool
                | Primitive::I32
                | Primitive::I64
                | Primitive::F32
                | Primitive::F64
                | Primitive::Decimal
                | Primitive::Date
                | Primitive::DateTime
                | Primitive::LocalDateTime
                | Primitive::Uuid
        )
    )
}

fn param_doc(param: &Parameter) -> String {
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut line = format!("- `{}` ({location} `{}`)", param.name, param.wire);
    let description = one_line(param.doc.description.as_deref().unwrap_or(""));
    if !description.is_empty() {
        line.push_str(": ");
        line.push_str(&description);
    }
    if param.idempotency_key {
        line.push_str(
            " `None` makes the client generate a fresh UUID v4 for this call; the same key is sent on \
             every retry of the call, so the server never processes it twice.",
        );
    }
    line
}

/// Text on one line (for a list item).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
