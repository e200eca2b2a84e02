//! `constrained_string!`: the trait impls every generated constrained-string type shares. The generated
//! code spells out the type and its checking constructor `new` (its pattern and lengths, the part that
//! differs); this macro adds what is the same for every such type, built on `new`.

/// Implements `as_str`, `into_inner`, `FromStr` and `TryFrom<String>` (both checked through `new`),
/// `AsRef<str>`, `Display`, and `Serialize`/`Deserialize` as the string (deserializing checks too), for
/// a `struct $name(String)` with `fn new(impl Into<String>) -> Result<Self, ConstraintError>`.
///
/// ```
/// pub struct Postnummer(String);
///
/// impl Postnummer {
///     pub fn new(
///         value: impl Into<String>,
///     ) -> Result<Self, skatteetaten_runtime::ConstraintError> {
///         let value = value.into();
///         skatteetaten_runtime::codegen::check_string("Postnummer", &value, Some(4), Some(4), None)?;
///         Ok(Self(value))
///     }
/// }
///
/// skatteetaten_runtime::codegen::constrained_string!(Postnummer);
///
/// assert_eq!("0150".parse::<Postnummer>().unwrap().as_str(), "0150");
/// assert!("150".parse::<Postnummer>().is_err());
/// assert!(serde_json::from_str::<Postnummer>("\"15000\"").is_err());
/// assert_eq!(serde_json::to_string(&Postnummer::new("0150").unwrap()).unwrap(), "\"0150\"");
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! __constrained_string {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ConstraintError;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::ConstraintError;
            fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::std::string::String as $crate::__serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                Self::new(value).map_err(<D::Error as $crate::__serde::de::Error>::custom)
            }
        }
    };
}

pub use crate::__constrained_string as constrained_string;
