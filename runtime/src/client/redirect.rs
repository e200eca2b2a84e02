//! Which redirects a client follows: only those that stay on the origin (scheme, host and port) the call
//! was sent to.
//!
//! reqwest's default policy follows any redirect and drops only `Authorization` (and cookies) when the host
//! changes, so a consent token in `AltinnSamtykke`, or any other header parameter, would reach whatever host
//! a `Location` names. Every header a call carries may be a credential, so a redirect to another origin is
//! not followed at all: its 3xx answer is returned as it is (an undocumented status, with its `Location`),
//! and the caller decides. Redirects within the origin keep every header, as the call was meant to.

use reqwest::redirect::{Attempt, Policy};

/// As many redirects as reqwest follows by default.
const MAX_REDIRECTS: usize = 10;

/// The policy of every client: follow up to 10 redirects within the origin of the first URL, stop at any
/// other (stopping hands the 3xx answer back instead of failing).
pub(crate) fn same_origin_only() -> Policy {
    Policy::custom(decide)
}

fn decide(attempt: Attempt) -> reqwest::redirect::Action {
    // The first of `previous` is the URL the call was sent to, the others are redirects already followed.
    let previous = attempt.previous();
    if previous.len() > MAX_REDIRECTS {
        return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
    }
    match previous.first() {
        Some(first) if first.origin() == attempt.url().origin() => attempt.follow(),
        _ => attempt.stop(),
    }
}
