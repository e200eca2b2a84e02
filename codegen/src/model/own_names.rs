//! The short names the generated code gives its own items (prelude types and values, the runtime's
//! derives) in the files where an API's types are in scope unqualified: `models.rs`, and the tag
//! modules of `operations.rs` that `use` the API module.
//!
//! A spec's own names win over ours: a schema may be called `Option`, `String`, `Result` or `Serialize`
//! and its type keeps that name. Which of our short names the spec took is decided here, once per API
//! module ([`Service::shadowed`](super::Service::shadowed)); the emitters write the short name
//! (`Option<T>`, as hand-written code does) and the item's path (`std::option::Option<T>`) only where
//! the module's spec took the name, so an API without such schemas reads as before. The other files
//! (`client.rs`, `server.rs`, the top of `operations.rs`) name the API's types by path (`super::X`),
//! so nothing of the spec is in scope there to take a name.
//!
//! Names that live in other namespaces need nothing: a type `Debug` does not hide the derive macro
//! `Debug`. The derives' own expansions name everything by path (`::core::option::Option`).

use std::collections::BTreeSet;

use super::TypeDef;

/// A name the generated code uses for an item of its own, unqualified where nothing hides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OwnName {
    Option,
    Some,
    None,
    Result,
    Ok,
    Err,
    String,
    Vec,
    Box,
    Into,
    /// The runtime's object derives and string-enum derive (imported by `models.rs`).
    Serialize,
    Deserialize,
    OpenEnum,
    /// The runtime's response derive (imported by the tag modules of `operations.rs`).
    Responses,
}

impl OwnName {
    pub const ALL: [OwnName; 14] = [
        OwnName::Option,
        OwnName::Some,
        OwnName::None,
        OwnName::Result,
        OwnName::Ok,
        OwnName::Err,
        OwnName::String,
        OwnName::Vec,
        OwnName::Box,
        OwnName::Into,
        OwnName::Serialize,
        OwnName::Deserialize,
        OwnName::OpenEnum,
        OwnName::Responses,
    ];

    /// The name as the generated code writes it where nothing hides it.
    pub fn short(self) -> &'static str {
        match self {
            OwnName::Option => "Option",
            OwnName::Some => "Some",
            OwnName::None => "None",
            OwnName::Result => "Result",
            OwnName::Ok => "Ok",
            OwnName::Err => "Err",
            OwnName::String => "String",
            OwnName::Vec => "Vec",
            OwnName::Box => "Box",
            OwnName::Into => "Into",
            OwnName::Serialize => "Serialize",
            OwnName::Deserialize => "Deserialize",
            OwnName::OpenEnum => "OpenEnum",
            OwnName::Responses => "Responses",
        }
    }

    /// The own name spelled `name`, if it is one.
    pub fn of(name: &str) -> Option<OwnName> {
        OwnName::ALL.into_iter().find(|own| own.short() == name)
    }
}

/// The own names that types of an API module have (its models, the shared types it re-exports).
pub fn shadowed(types: &[TypeDef]) -> BTreeSet<OwnName> {
    types
        .iter()
        .filter_map(|def| OwnName::of(&def.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_own_name_is_listed_once_and_found_by_its_spelling() {
        let spelled: BTreeSet<&str> = OwnName::ALL.iter().map(|own| own.short()).collect();
        assert_eq!(spelled.len(), OwnName::ALL.len());
        for own in OwnName::ALL {
            assert_eq!(OwnName::of(own.short()), Some(own));
        }
        assert_eq!(OwnName::of("Error"), None);
    }
}
