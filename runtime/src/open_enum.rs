//! `open_enum!`: the trait impls every generated string enum and error-code enum shares. The generated
//! code spells out the enum, its wire-value accessor and its lookup (the parts that differ); this macro
//! adds the conversions built on those two methods, which are the same for every such enum.

/// Implements `From<&str>`, `From<String>` (unknown values are kept in `Unknown(String)`), `FromStr`
/// and `Deserialize` (the same, except while the server adapter reads a request: then an unknown value
/// is an error naming it and the allowed values, the optional `[..]` list; see
/// [`check::documented_only`](crate::codegen::check::documented_only)), `Display`, and `Serialize` as the wire
/// string, for an enum with `$accessor(&self) -> &str` and `$known(&str) -> Option<Self>` and an
/// `Unknown(String)` variant.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// pub enum Status {
///     Ny,
///     Unknown(String),
/// }
///
/// impl Status {
///     pub fn as_str(&self) -> &str {
///         match self {
///             Self::Ny => "NY",
///             Self::Unknown(value) => value,
///         }
///     }
///
///     pub fn from_known(value: &str) -> Option<Self> {
///         (value == "NY").then_some(Self::Ny)
///     }
/// }
///
/// skatteetaten_runtime::codegen::open_enum!(Status, as_str, from_known, ["NY"]);
///
/// assert_eq!("NY".parse::<Status>().unwrap(), Status::Ny);
/// assert_eq!(Status::from("NYTT"), Status::Unknown("NYTT".into()));
/// assert_eq!(serde_json::to_string(&Status::Ny).unwrap(), "\"NY\"");
/// assert_eq!(serde_json::from_str::<Status>("\"NYTT\"").unwrap().to_string(), "NYTT");
/// // A server reading a request refuses it.
/// let refused = skatteetaten_runtime::codegen::check::documented_only(|| "NYTT".parse::<Status>());
/// assert_eq!(refused.unwrap_err().to_string(), "unknown value `NYTT`; allowed: `NY`");
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! __open_enum {
    ($name:ident, $accessor:ident, $known:ident $(, [$($value:literal),* $(,)?])?) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::$known(value).unwrap_or_else(|| Self::Unknown(value.to_string()))
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::$known(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::codegen::check::Undocumented;
            /// The value `value` names; one the spec does not list is `Unknown`, or refused while
            /// the server adapter reads a request (`runtime::codegen::check::documented_only`).
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                match Self::$known(value) {
                    ::core::option::Option::Some(known) => ::core::result::Result::Ok(known),
                    ::core::option::Option::None => {
                        $crate::codegen::check::unknown(value, &[$($($value),*)?])?;
                        ::core::result::Result::Ok(Self::Unknown(value.to_string()))
                    }
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.$accessor())
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.$accessor()
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$accessor())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = Self::from(
                    <::std::string::String as $crate::__serde::Deserialize>::deserialize(deserializer)?,
                );
                // An unknown value is checked as `FromStr` checks it (the one place that decides).
                if let Self::Unknown(text) = &value {
                    <Self as ::std::str::FromStr>::from_str(text)
                        .map_err(<D::Error as $crate::__serde::de::Error>::custom)?;
                }
                ::core::result::Result::Ok(value)
            }
        }
    };
}

pub use crate::__open_enum as open_enum;
