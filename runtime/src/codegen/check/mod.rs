//! Length bounds of strings that are not types of their own (and, in `range.rs`, the bounds of numbers): an anonymous `{type: string, maxLength: 5000}`
//! is a plain `String` in the generated code, and its bound a check, made where the value crosses the wire
//! (the object derive's `#[check(length(..))]` on a field, the client's `Request::check` and the server
//! adapter's `Input::check` for a parameter). One function, [`Length::check`], decides for all of them;
//! [`Strings`] lets it see the strings of a field whatever its shape (`Option<Vec<String>>`, a map of them).
//!
//! And the values of open enums: [`documented_only`] makes the server adapter's reading of a request
//! refuse a value the spec does not list (see `documented.rs`).
// The links where their feature compiles the item, so the docs build with any set of features.
#![cfg_attr(
    feature = "client",
    doc = "\nThe client's check: [`Request::check`](crate::codegen::client::Request::check)."
)]
#![cfg_attr(
    feature = "server",
    doc = "\nThe server adapter's: [`Input::check`](crate::codegen::server::Input::check)."
)]

use std::collections::BTreeMap;
use std::fmt;

mod documented;
mod range;

pub use documented::{documented_only, unknown, Undocumented};
pub use range::{Bound, Numbers, Range, RangeError};

/// A rule a field's or parameter's value is checked by where it crosses the wire: the [`Length`] of its
/// strings, the [`Range`] of its numbers. The object derive's `#[check(..)]`, the client's
/// `Request::check` and the server adapter's `Input::check` take any rule, so each kind of bound is
/// decided in one place (its `check`), not once per caller.
pub trait Rule<T: ?Sized> {
    /// What is wrong with a value out of bounds; it says it of "a value" (`a value is 0; at least 1
    /// required`).
    type Error: fmt::Display;

    /// Checks every string or number `value` holds.
    fn check_value(&self, value: &T) -> Result<(), Self::Error>;
}

impl<T: Strings + ?Sized> Rule<T> for Length {
    type Error = LengthError;

    fn check_value(&self, value: &T) -> Result<(), LengthError> {
        self.check(value)
    }
}

impl<T> Rule<T> for Range<T::Number>
where
    T: Numbers + ?Sized,
    T::Number: PartialOrd + Copy + fmt::Display,
{
    type Error = RangeError<T::Number>;

    fn check_value(&self, value: &T) -> Result<(), Self::Error> {
        self.check(value)
    }
}

/// The length a string must have, in characters (as JSON Schema counts them), not bytes: `minLength` and
/// `maxLength` of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    pub min: Option<usize>,
    pub max: Option<usize>,
}

impl Length {
    /// `maxLength` alone.
    pub const fn at_most(max: usize) -> Length {
        Length {
            min: None,
            max: Some(max),
        }
    }

    /// `minLength` alone.
    pub const fn at_least(min: usize) -> Length {
        Length {
            min: Some(min),
            max: None,
        }
    }

    /// `minLength` and `maxLength`.
    pub const fn between(min: usize, max: usize) -> Length {
        Length {
            min: Some(min),
            max: Some(max),
        }
    }

    /// Checks every string `value` holds; the first one out of bounds is the error.
    pub fn check(self, value: &(impl Strings + ?Sized)) -> Result<(), LengthError> {
        value.each_str(&mut |text| self.check_str(text))
    }

    /// Checks one string.
    pub fn check_str(self, text: &str) -> Result<(), LengthError> {
        // Counting stops past the bound: a long value costs no more than the bound to reject.
        let limit = self.max.map_or(usize::MAX, |max| max.saturating_add(1));
        let length = text.chars().take(limit).count();
        let short = self.min.is_some_and(|min| length < min);
        let long = self.max.is_some_and(|max| length > max);
        if short || long {
            Err(LengthError {
                length,
                bounds: self,
            })
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Length {
    /// `at least 1 and at most 5000 characters`, as the docs and errors say it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(min), Some(max)) if min == max => write!(f, "exactly {min} characters"),
            (Some(min), Some(max)) => write!(f, "at least {min} and at most {max} characters"),
            (Some(min), None) => write!(f, "at least {min} characters"),
            (None, Some(max)) => write!(f, "at most {max} characters"),
            (None, None) => write!(f, "any number of characters"),
        }
    }
}

/// A string whose length is out of its [`Length`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthError {
    /// The length found (counted up to one past the maximum).
    pub length: usize,
    pub bounds: Length,
}

impl LengthError {
    /// What is wrong, said of the string: `is longer than 3 characters; at most 3 characters allowed`
    /// (a constrained-string type says it of its value, a field of "a value" among its strings).
    pub fn reason(&self) -> String {
        let over = self.bounds.max.is_some_and(|max| self.length > max);
        if over {
            format!(
                "is longer than {} characters; {} allowed",
                self.length - 1,
                self.bounds
            )
        } else {
            format!(
                "is {} characters long; {} required",
                self.length, self.bounds
            )
        }
    }
}

impl fmt::Display for LengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value {}", self.reason())
    }
}

impl std::error::Error for LengthError {}

/// A value whose strings a [`Length`] can check: a `String` and the containers the generated code puts
/// strings in. A map's keys are not checked (the bound is the values').
pub trait Strings {
    /// Calls `check` on each string, stopping at the first error.
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError>;
}

impl Strings for str {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        check(self)
    }
}

impl Strings for String {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        check(self)
    }
}

impl<T: Strings + ?Sized> Strings for &T {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        (**self).each_str(check)
    }
}

impl<T: Strings + ?Sized> Strings for Box<T> {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        (**self).each_str(check)
    }
}

impl<T: Strings> Strings for Option<T> {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        match self {
            Some(value) => value.each_str(check),
            None => Ok(()),
        }
    }
}

impl<T: Strings> Strings for [T] {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        self.iter().try_for_each(|value| value.each_str(check))
    }
}

impl<T: Strings> Strings for Vec<T> {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        self.as_slice().each_str(check)
    }
}

impl<T: Strings> Strings for BTreeMap<String, T> {
    fn each_str(
        &self,
        check: &mut dyn FnMut(&str) -> Result<(), LengthError>,
    ) -> Result<(), LengthError> {
        self.values().try_for_each(|value| value.each_str(check))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT_MOST_3: Length = Length {
        min: None,
        max: Some(3),
    };
    const ONE_TO_3: Length = Length {
        min: Some(1),
        max: Some(3),
    };

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(AT_MOST_3.check("æøå"), Ok(()));
        assert!(AT_MOST_3.check("æøåa").is_err());
        assert_eq!(
            ONE_TO_3.check(""),
            Err(LengthError {
                length: 0,
                bounds: ONE_TO_3
            })
        );
    }

    #[test]
    fn every_string_of_a_container_is_checked() {
        let ok: Option<Vec<String>> = Some(vec!["a".into(), "abc".into()]);
        assert_eq!(AT_MOST_3.check(&ok), Ok(()));
        let long: Option<Vec<String>> = Some(vec!["a".into(), "abcd".into()]);
        assert_eq!(
            AT_MOST_3.check(&long),
            Err(LengthError {
                length: 4,
                bounds: AT_MOST_3
            })
        );
        assert_eq!(ONE_TO_3.check(&None::<String>), Ok(()));
        let map: BTreeMap<String, Box<String>> = [(
            "a key longer than three".to_string(),
            Box::new("ok".to_string()),
        )]
        .into();
        assert_eq!(AT_MOST_3.check(&map), Ok(()));
        let map: BTreeMap<String, Vec<String>> = [("k".to_string(), vec![String::new()])].into();
        assert!(ONE_TO_3.check(&map).is_err());
    }

    #[test]
    fn errors_name_the_bound() {
        let long = AT_MOST_3.check(&"x".repeat(10_000)).unwrap_err();
        // Counting stopped one past the bound.
        assert_eq!(long.length, 4);
        assert_eq!(
            long.to_string(),
            "a value is longer than 3 characters; at most 3 characters allowed"
        );
        assert_eq!(
            ONE_TO_3.check("").unwrap_err().to_string(),
            "a value is 0 characters long; at least 1 and at most 3 characters required"
        );
        let exact = Length {
            min: Some(2),
            max: Some(2),
        };
        assert_eq!(
            exact.check("a").unwrap_err().to_string(),
            "a value is 1 characters long; exactly 2 characters required"
        );
    }
}
