//! How the generated code writes the names of its own items (`Option`, `String`, the runtime's
//! derives) in one scope: the short name, as hand-written code does, unless a type of the API module
//! in scope has that name, then the item's path. Which names an API's types took is the model's
//! decision ([`crate::model::own_names`]); this only spells it.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::own_names::OwnName;
use crate::model::{find_type, Service, TypeDef, TypeId};

static NOTHING_SHADOWED: BTreeSet<OwnName> = BTreeSet::new();

/// The names of one scope of the generated code: its own items' (`Option`, `Serialize`), and the API's
/// types' (a [`TypeId`]'s name).
#[derive(Clone, Copy)]
pub struct OwnNames<'a> {
    shadowed: &'a BTreeSet<OwnName>,
    types: &'a [TypeDef],
}

impl<'a> OwnNames<'a> {
    /// A scope where the API module's types are in scope unqualified (`models.rs`, a tag module that
    /// `use`s the API module).
    pub fn of(service: &'a Service) -> Self {
        OwnNames {
            shadowed: &service.shadowed,
            types: &service.types,
        }
    }

    /// A scope that names the API's types by path (`super::X`): every short name is ours.
    pub fn unshadowed(service: &'a Service) -> Self {
        OwnNames {
            shadowed: &NOTHING_SHADOWED,
            types: &service.types,
        }
    }

    /// The name of the API's type `id` (`None`: the model has no such type, a generator bug the
    /// caller reports where the type is written).
    pub fn type_name(&self, id: TypeId) -> Option<&'a str> {
        find_type(self.types, id).map(|def| def.name.as_str())
    }

    /// Whether a type of the API in scope has the name, so the item is written by path.
    pub fn is_shadowed(&self, own: OwnName) -> bool {
        self.shadowed.contains(&own)
    }

    /// The name of the item in this scope: `Option`, or `std::option::Option` where a type has that
    /// name.
    pub fn get(&self, own: OwnName) -> TokenStream {
        if self.is_shadowed(own) {
            path(own)
        } else {
            let ident = format_ident!("{}", own.short());
            quote!(#ident)
        }
    }

    /// The path of `Option::is_none` in this scope, as the text of a serde attribute.
    pub fn option_is_none(&self) -> &'static str {
        if self.is_shadowed(OwnName::Option) {
            "std::option::Option::is_none"
        } else {
            "Option::is_none"
        }
    }
}

/// The path of each own item, which no type of the API can hide (spec types are `UpperCamelCase`,
/// `std` and `crate` are not).
fn path(own: OwnName) -> TokenStream {
    match own {
        OwnName::Option => quote!(std::option::Option),
        OwnName::Some => quote!(std::option::Option::Some),
        OwnName::None => quote!(std::option::Option::None),
        OwnName::Result => quote!(std::result::Result),
        OwnName::Ok => quote!(std::result::Result::Ok),
        OwnName::Err => quote!(std::result::Result::Err),
        OwnName::String => quote!(std::string::String),
        OwnName::Vec => quote!(std::vec::Vec),
        OwnName::Box => quote!(std::boxed::Box),
        OwnName::Into => quote!(std::convert::Into),
        OwnName::Serialize => quote!(crate::runtime::codegen::Serialize),
        OwnName::Deserialize => quote!(crate::runtime::codegen::Deserialize),
        OwnName::OpenEnum => quote!(crate::runtime::codegen::OpenEnum),
        OwnName::Responses => quote!(crate::runtime::codegen::Responses),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_unless_the_api_took_it() {
        let taken: BTreeSet<OwnName> = [OwnName::Option, OwnName::Serialize].into();
        let names = OwnNames {
            shadowed: &taken,
            types: &[],
        };
        assert_eq!(
            names.get(OwnName::Option).to_string(),
            "std :: option :: Option"
        );
        assert_eq!(
            names.get(OwnName::Serialize).to_string(),
            "crate :: runtime :: codegen :: Serialize"
        );
        assert_eq!(names.get(OwnName::String).to_string(), "String");
        assert_eq!(names.option_is_none(), "std::option::Option::is_none");
        let plain = OwnNames {
            shadowed: &NOTHING_SHADOWED,
            types: &[],
        };
        assert_eq!(plain.get(OwnName::Option).to_string(), "Option");
        assert_eq!(plain.option_is_none(), "Option::is_none");
        // Every path ends in the short name it stands for.
        for own in OwnName::ALL {
            let path = path(own).to_string();
            assert!(path.ends_with(&format!(":: {}", own.short())), "{path}");
        }
    }
}
