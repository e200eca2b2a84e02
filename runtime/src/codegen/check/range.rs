//! The bounds of numbers that are not types of their own: an anonymous `{type: integer, minimum: 1}` is
//! a plain `i64` in the generated code, and its bounds a check made where the value crosses the wire,
//! as a string's [`Length`](super::Length) is (a field's `#[check(range(..))]`, a parameter's check in
//! client and server). One function, [`Range::check`], decides for all of them; [`Numbers`] lets it see
//! the numbers of a field whatever its shape (`Option<Vec<i64>>`, a map of them).

use std::collections::BTreeMap;
use std::fmt;

/// One end of a [`Range`]: `minimum: 1` (inclusive), or `exclusiveMinimum` (the value itself is out).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound<N> {
    pub value: N,
    /// The value itself is out of the range (OpenAPI 3.0's `exclusiveMinimum: true`, 3.1's number).
    pub exclusive: bool,
}

impl<N> Bound<N> {
    /// A bound the value itself may reach (`minimum`, `maximum`).
    pub const fn inclusive(value: N) -> Bound<N> {
        Bound {
            value,
            exclusive: false,
        }
    }

    /// A bound the value itself is beyond (`exclusiveMinimum`, `exclusiveMaximum`).
    pub const fn exclusive(value: N) -> Bound<N> {
        Bound {
            value,
            exclusive: true,
        }
    }
}

/// The range a number must be in: `minimum`, `maximum` and their exclusive forms of the spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<N> {
    pub min: Option<Bound<N>>,
    pub max: Option<Bound<N>>,
}

/// The ranges as the generated code writes them, one call for the usual cases:
/// `Range::between(1i32, 100i32)`, `Range::at_least(1i64)`, `Range::greater_than(0.5f64).and_at_most(2.0f64)`.
impl<N> Range<N> {
    /// `minimum` and `maximum`, both inclusive.
    pub const fn between(min: N, max: N) -> Range<N> {
        Range {
            min: Some(Bound::inclusive(min)),
            max: Some(Bound::inclusive(max)),
        }
    }

    /// `minimum` alone.
    pub const fn at_least(min: N) -> Range<N> {
        Range {
            min: Some(Bound::inclusive(min)),
            max: None,
        }
    }

    /// An exclusive minimum alone.
    pub const fn greater_than(min: N) -> Range<N> {
        Range {
            min: Some(Bound::exclusive(min)),
            max: None,
        }
    }

    /// `maximum` alone.
    pub const fn at_most(max: N) -> Range<N> {
        Range {
            min: None,
            max: Some(Bound::inclusive(max)),
        }
    }

    /// An exclusive maximum alone.
    pub const fn less_than(max: N) -> Range<N> {
        Range {
            min: None,
            max: Some(Bound::exclusive(max)),
        }
    }

    /// This range's minimum with an inclusive maximum.
    pub fn and_at_most(self, max: N) -> Range<N> {
        Range {
            min: self.min,
            max: Some(Bound::inclusive(max)),
        }
    }

    /// This range's minimum with an exclusive maximum.
    pub fn and_less_than(self, max: N) -> Range<N> {
        Range {
            min: self.min,
            max: Some(Bound::exclusive(max)),
        }
    }
}

impl<N: PartialOrd + Copy + fmt::Display> Range<N> {
    /// Checks every number `value` holds; the first one out of range is the error.
    pub fn check<T: Numbers<Number = N> + ?Sized>(self, value: &T) -> Result<(), RangeError<N>> {
        value.each_number(&mut |number| self.check_number(number))
    }

    /// Checks one number. A NaN is in no range (it compares to no bound).
    pub fn check_number(self, number: N) -> Result<(), RangeError<N>> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let above = |bound: Bound<N>| match number.partial_cmp(&bound.value) {
            Some(Greater) => true,
            Some(Equal) => !bound.exclusive,
            Some(Less) | None => false,
        };
        let below = |bound: Bound<N>| match number.partial_cmp(&bound.value) {
            Some(Less) => true,
            Some(Equal) => !bound.exclusive,
            Some(Greater) | None => false,
        };
        let low = self.min.is_some_and(|min| !above(min));
        let high = self.max.is_some_and(|max| !below(max));
        if low || high {
            Err(RangeError {
                number,
                bounds: self,
            })
        } else {
            Ok(())
        }
    }
}

impl<N: fmt::Display> fmt::Display for Range<N> {
    /// `at least 1 and at most 100`, `greater than 0`, as the docs and errors say it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let min = self.min.as_ref().map(|min| match min.exclusive {
            true => format!("greater than {}", min.value),
            false => format!("at least {}", min.value),
        });
        let max = self.max.as_ref().map(|max| match max.exclusive {
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

/// A number out of its [`Range`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeError<N> {
    /// The number found.
    pub number: N,
    pub bounds: Range<N>,
}

impl<N: fmt::Display> RangeError<N> {
    /// What is wrong, said of the number: `is 0; at least 1 required`.
    pub fn reason(&self) -> String {
        format!("is {}; {} required", self.number, self.bounds)
    }
}

impl<N: fmt::Display> fmt::Display for RangeError<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value {}", self.reason())
    }
}

impl<N: fmt::Debug + fmt::Display> std::error::Error for RangeError<N> {}

/// A value whose numbers a [`Range`] can check: a number and the containers the generated code puts
/// numbers in. A map's keys are not checked (the bound is the values').
pub trait Numbers {
    /// The number type the value holds.
    type Number;

    /// Calls `check` on each number, stopping at the first error.
    fn each_number<E>(&self, check: &mut dyn FnMut(Self::Number) -> Result<(), E>)
        -> Result<(), E>;
}

/// The numbers themselves.
macro_rules! numbers {
    ($($number:ty),*) => {$(
        impl Numbers for $number {
            type Number = $number;

            fn each_number<E>(
                &self,
                check: &mut dyn FnMut($number) -> Result<(), E>,
            ) -> Result<(), E> {
                check(*self)
            }
        }
    )*};
}

numbers!(i32, i64, f32, f64);

impl<T: Numbers + ?Sized> Numbers for &T {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        (**self).each_number(check)
    }
}

impl<T: Numbers + ?Sized> Numbers for Box<T> {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        (**self).each_number(check)
    }
}

impl<T: Numbers> Numbers for Option<T> {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        match self {
            Some(value) => value.each_number(check),
            None => Ok(()),
        }
    }
}

impl<T: Numbers> Numbers for [T] {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        self.iter().try_for_each(|value| value.each_number(check))
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        self.as_slice().each_number(check)
    }
}

impl<T: Numbers> Numbers for BTreeMap<String, T> {
    type Number = T::Number;

    fn each_number<E>(&self, check: &mut dyn FnMut(T::Number) -> Result<(), E>) -> Result<(), E> {
        self.values().try_for_each(|value| value.each_number(check))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_TO_100: Range<i64> = Range {
        min: Some(Bound::inclusive(1)),
        max: Some(Bound::inclusive(100)),
    };

    #[test]
    fn inclusive_bounds_take_their_own_value() {
        assert_eq!(ONE_TO_100.check(&1i64), Ok(()));
        assert_eq!(ONE_TO_100.check(&100i64), Ok(()));
        assert_eq!(
            ONE_TO_100.check(&0i64),
            Err(RangeError {
                number: 0,
                bounds: ONE_TO_100
            })
        );
        assert!(ONE_TO_100.check(&101i64).is_err());
    }

    #[test]
    fn the_constructors_are_the_bounds_they_name() {
        assert_eq!(Range::between(1i64, 100), ONE_TO_100);
        assert_eq!(Range::at_least(1i64).and_at_most(100), ONE_TO_100);
        assert_eq!(
            Range::greater_than(0.0).and_less_than(1.0),
            Range {
                min: Some(Bound::exclusive(0.0)),
                max: Some(Bound::exclusive(1.0)),
            }
        );
        assert_eq!(Range::at_most(5i32).to_string(), "at most 5");
        assert_eq!(Range::less_than(5i32).to_string(), "less than 5");
        assert_eq!(Range::at_least(1i32).to_string(), "at least 1");
    }

    #[test]
    fn exclusive_bounds_do_not() {
        let open = Range {
            min: Some(Bound::exclusive(0.0)),
            max: Some(Bound::exclusive(1.0)),
        };
        assert_eq!(open.check(&0.5), Ok(()));
        assert!(open.check(&0.0).is_err());
        assert!(open.check(&1.0).is_err());
        assert!(open.check(&f64::NAN).is_err());
        assert_eq!(
            open.check(&1.0).unwrap_err().to_string(),
            "a value is 1; greater than 0 and less than 1 required"
        );
    }

    #[test]
    fn every_number_of_a_container_is_checked() {
        let ok: Option<Vec<i64>> = Some(vec![1, 100]);
        assert_eq!(ONE_TO_100.check(&ok), Ok(()));
        let out: Option<Vec<i64>> = Some(vec![1, 0, 200]);
        assert_eq!(ONE_TO_100.check(&out).unwrap_err().number, 0);
        assert_eq!(ONE_TO_100.check(&None::<i64>), Ok(()));
        let map: BTreeMap<String, Box<i64>> = [("k".to_string(), Box::new(101))].into();
        assert!(ONE_TO_100.check(&map).is_err());
    }

    #[test]
    fn errors_name_the_bound() {
        let at_least_1 = Range {
            min: Some(Bound::inclusive(1)),
            max: None,
        };
        assert_eq!(
            at_least_1.check(&0i64).unwrap_err().to_string(),
            "a value is 0; at least 1 required"
        );
        assert_eq!(
            ONE_TO_100.check(&101i64).unwrap_err().to_string(),
            "a value is 101; at least 1 and at most 100 required"
        );
    }
}
