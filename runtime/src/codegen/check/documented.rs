//! Membership of an open enum's value in the spec's list. A string enum is generated open (its values
//! plus `Unknown(String)`), so a client keeps working when the API adds a value; a server, though, must
//! refuse what its spec does not allow. The decision is made in one place, where every open enum reads
//! its value (`open_enum!`'s `Deserialize` and `FromStr`), and only while the server adapter reads a
//! request ([`documented_only`]): the value's path then comes from the reader that already names a field
//! or parameter that does not fit (JSON body, form, query, path, header), whether the enum sits in a
//! field, a list, a map or a nested object. Everywhere else an unknown value is kept as `Unknown`.

use std::cell::Cell;
use std::fmt;

thread_local! {
    /// Set while the server adapter reads a request (see [`documented_only`]).
    static DOCUMENTED_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` with every open enum refusing a value its spec does not list. A `Deserialize` impl cannot
/// tell who reads, so the reader says it, for the (synchronous) time it reads, on its own thread (as
/// [`decimal::as_text`](crate::decimal::as_text) says the format).
pub fn documented_only<R>(read: impl FnOnce() -> R) -> R {
    /// Puts the flag back also when `read` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DOCUMENTED_ONLY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(DOCUMENTED_ONLY.with(|flag| flag.replace(true)));
    read()
}

/// The decision for an open enum's value `value` that none of its variants names (`Unknown`):
/// accepted, unless a request is being read ([`documented_only`]), then refused with the `allowed`
/// values (those the spec lists; empty where the enum does not say them).
pub fn unknown(value: &str, allowed: &'static [&'static str]) -> Result<(), Undocumented> {
    if DOCUMENTED_ONLY.with(Cell::get) {
        Err(Undocumented {
            value: value.to_string(),
            allowed,
        })
    } else {
        Ok(())
    }
}

/// A value that an open enum's spec does not list, refused while a request is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undocumented {
    /// The value given.
    pub value: String,
    /// The values the spec lists.
    pub allowed: &'static [&'static str],
}

/// How many allowed values a message lists: an enum of hundreds would drown the value that is wrong.
const LISTED: usize = 10;

impl fmt::Display for Undocumented {
    /// ``unknown value `AAA`; allowed: `A`, `B` `` (the first ten, then how many more).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", self.value)?;
        if self.allowed.is_empty() {
            return Ok(());
        }
        f.write_str("; allowed: ")?;
        for (i, value) in self.allowed.iter().take(LISTED).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{value}`")?;
        }
        if self.allowed.len() > LISTED {
            write!(f, " and {} more", self.allowed.len() - LISTED)?;
        }
        Ok(())
    }
}

impl std::error::Error for Undocumented {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_refused_only_while_a_request_is_read() {
        assert_eq!(unknown("AAA", &["A"]), Ok(()));
        let refused = documented_only(|| unknown("AAA", &["A", "B"])).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "unknown value `AAA`; allowed: `A`, `B`"
        );
        // The flag is put back after reading.
        assert_eq!(unknown("AAA", &["A"]), Ok(()));
        // Also after a panic while reading.
        let _ = std::panic::catch_unwind(|| documented_only(|| panic!("a reader panics")));
        assert_eq!(unknown("AAA", &["A"]), Ok(()));
    }

    #[test]
    fn a_long_list_is_cut_and_an_unlisted_one_left_out() {
        static MANY: [&str; 12] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
        let refused = Undocumented {
            value: "z".into(),
            allowed: &MANY,
        };
        assert!(refused.to_string().ends_with("`j` and 2 more"), "{refused}");
        let bare = Undocumented {
            value: "z".into(),
            allowed: &[],
        };
        assert_eq!(bare.to_string(), "unknown value `z`");
    }
}
