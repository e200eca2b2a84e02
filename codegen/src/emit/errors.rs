//! Error enums: one per error table, one variant per documented code, with its HTTP status and text.
//! An API that includes shared tables (`x-shared-error-tables`) parses their codes too, as a nested
//! variant (`Feilkode::Felles(felles::Feilkode::Das001)`), so every code it can answer with is typed.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::text_attrs;
use super::string_enum::{open_enum, Nested};
use crate::model::{Api, EnumVariant, ErrorTable, Model, TableKind};

/// Whether the API has an `errors.rs`: tables of its own, or shared tables it includes.
pub fn has_errors_file(api: &Api, model: &Model) -> bool {
    !api.error_tables.is_empty()
        || api.shared_error_tables.iter().any(|shared| {
            model
                .apis
                .iter()
                .any(|other| &other.module == shared && !other.error_tables.is_empty())
        })
}

/// The `errors.rs` of one API (see [`has_errors_file`]).
pub fn errors_file(api: &Api, model: &Model) -> TokenStream {
    let mut enums = Vec::new();
    for kind in TableKind::ALL {
        let own: Vec<&ErrorTable> = api.error_tables.iter().filter(|t| t.kind == kind).collect();
        let nested = nested_tables(api, model, kind);
        if own.is_empty() && !nested.is_empty() {
            enums.push(error_enum(kind.enum_name(), kind, None, &nested));
        }
        for table in own {
            enums.push(error_enum(&table.name, kind, Some(table), &nested));
        }
    }
    quote! {
        //! Error codes of the API, from the error tables of its documentation.
        #(#enums)*
    }
}

/// The tables of `kind` in the shared folders this API includes.
fn nested_tables(api: &Api, model: &Model, kind: TableKind) -> Vec<(Nested, &'static str)> {
    let mut out = Vec::new();
    for (shared, variant) in api.shared_error_tables.iter().zip(&api.shared_variants) {
        let Some(other) = model.apis.iter().find(|a| &a.module == shared) else {
            continue;
        };
        if let Some(table) = other.error_tables.iter().find(|t| t.kind == kind) {
            let module = format_ident!("{}", shared);
            let ty = format_ident!("{}", table.name);
            out.push((
                Nested {
                    variant: format_ident!("{}", variant),
                    ty: quote!(crate::#module::#ty),
                    doc: format!("A code of the shared table `{}`.", table.source),
                },
                kind.enum_name(),
            ));
        }
    }
    out
}

fn error_enum(
    name: &str,
    kind: TableKind,
    table: Option<&ErrorTable>,
    nested: &[(Nested, &'static str)],
) -> TokenStream {
    let ident = format_ident!("{}", name);
    let entries = table.map(|t| t.entries.as_slice()).unwrap_or_default();
    let variants: Vec<EnumVariant> = entries
        .iter()
        .map(|e| EnumVariant {
            name: e.variant.clone(),
            wire: e.code.clone(),
        })
        .collect();
    let variant_docs: Vec<TokenStream> = entries
        .iter()
        .map(|e| {
            let status = e.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
            let cause = e
                .cause
                .as_ref()
                .map(|c| format!("\n\nÅrsak: {c}"))
                .unwrap_or_default();
            text_attrs(&format!("`{}`{status}: {}{cause}", e.code, e.text))
        })
        .collect();
    let what = match kind {
        TableKind::Feilkode => "Feilkoder (error codes)",
        TableKind::Feilspesifiseringskode => {
            "Feilspesifiseringskoder (codes that refine an error code)"
        }
    };
    let source = match table {
        Some(t) => format!("{what} from `{}`.", t.source),
        None => format!("{what} of the shared tables this API includes."),
    };
    let docs = text_attrs(&format!(
        "{source}\n\nEvery documented code is a variant; a code nobody documented is kept in `Unknown`, never dropped."
    ));
    let nested_only: Vec<Nested> = nested
        .iter()
        .map(|(n, _)| Nested {
            variant: n.variant.clone(),
            ty: n.ty.clone(),
            doc: n.doc.clone(),
        })
        .collect();
    let base = open_enum(
        &ident,
        &docs,
        &variants,
        &variant_docs,
        &nested_only,
        &format_ident!("code"),
        &format_ident!("from_documented"),
    );
    let idents: Vec<Ident> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let nested_variants: Vec<&Ident> = nested_only.iter().map(|n| &n.variant).collect();

    let texts = entries.iter().map(|e| e.text.as_str());
    let text_fn = quote! {
        /// The text of the code's row in the table (Feilområde), if the code is documented.
        pub fn text(&self) -> Option<&'static str> {
            match self {
                #(Self::#idents => Some(#texts),)*
                #(Self::#nested_variants(inner) => inner.text(),)*
                Self::Unknown(_) => None,
            }
        }
    };
    let status_fn = match kind {
        TableKind::Feilkode => {
            let mut by_status: BTreeMap<u16, Vec<&Ident>> = BTreeMap::new();
            for (entry, ident) in entries.iter().zip(&idents) {
                if let Some(status) = entry.status {
                    by_status.entry(status).or_default().push(ident);
                }
            }
            let arms = by_status
                .iter()
                .map(|(status, idents)| quote!(#(Self::#idents)|* => Some(#status),));
            quote! {
                /// The HTTP status the documentation gives for the code, if the code is documented.
                pub fn http_status(&self) -> Option<u16> {
                    match self {
                        #(#arms)*
                        #(Self::#nested_variants(inner) => inner.http_status(),)*
                        Self::Unknown(_) => None,
                    }
                }
            }
        }
        TableKind::Feilspesifiseringskode => {
            let with_cause: Vec<(&Ident, &str)> = entries
                .iter()
                .zip(&idents)
                .filter_map(|(e, i)| e.cause.as_deref().map(|c| (i, c)))
                .collect();
            let cause_idents = with_cause.iter().map(|(i, _)| i);
            let causes = with_cause.iter().map(|(_, c)| c);
            let body = if with_cause.is_empty() && nested_variants.is_empty() {
                quote!(None)
            } else {
                quote! {
                    match self {
                        #(Self::#cause_idents => Some(#causes),)*
                        #(Self::#nested_variants(inner) => inner.cause(),)*
                        _ => None,
                    }
                }
            };
            quote! {
                /// Why the code is given (Årsak), where the table says.
                pub fn cause(&self) -> Option<&'static str> {
                    #body
                }
            }
        }
    };
    // A code field of a type several APIs share (`felles::Feil.kode`) is a `String`, as no one table
    // types it: these let it be compared with, and made from, this API's codes
    // (`feil.kode == Feilkode::Gld019`, `Feilkode::from(feil.kode.as_str())`, `kode: Feilkode::Gld019.into()`).
    let string_impls = quote! {
        /// Compares with a code as text, such as the `kode` of the `Feil` the APIs share:
        /// `feil.kode == Feilkode::X` (read it with `Feilkode::from(feil.kode.as_str())`).
        impl PartialEq<String> for #ident {
            fn eq(&self, other: &String) -> bool {
                self.code() == other.as_str()
            }
        }

        impl PartialEq<#ident> for String {
            fn eq(&self, other: &#ident) -> bool {
                self.as_str() == other.code()
            }
        }

        /// The code as text, for a code field of a shared type: `kode: Feilkode::X.into()`.
        impl From<#ident> for String {
            fn from(value: #ident) -> Self {
                value.code().to_string()
            }
        }
    };
    quote! {
        #base
        #string_impls

        impl #ident {
            /// Every code of this API's own table, in table order.
            pub const DOCUMENTED: &'static [#ident] = &[#(Self::#idents),*];

            #text_fn
            #status_fn
        }
    }
}
