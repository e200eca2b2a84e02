//! The wait between tries: exponential, capped, with jitter so that clients that failed together do not
//! come back together.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Waiting between tries: the ceiling is `initial` before the second try, doubled before each next one,
/// never more than `max`; the wait itself is drawn between half the ceiling and the ceiling ("equal
/// jitter": never less than half, so backing off still backs off, and spread out over the other half).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Backoff {
    /// The longest wait after the given failed try (1 for the first): `initial · 2^(tries − 1)`, at most `max`.
    pub fn ceiling(&self, failed_tries: u32) -> Duration {
        let factor = 2u32.saturating_pow(failed_tries.saturating_sub(1));
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// The wait after the given failed try (1 for the first): random, between half the
    /// [`ceiling`](Self::ceiling) and the ceiling.
    pub fn delay(&self, failed_tries: u32) -> Duration {
        let ceiling = self.ceiling(failed_tries);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(random_up_to(spread))
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(200),
            max: Duration::from_secs(5),
        }
    }
}

/// A number from 0 to `bound`, both included. Jitter needs spread, not unpredictability: std's
/// `RandomState` is seeded randomly per thread and gives each new instance other keys, which is enough and
/// needs no extra crate.
fn random_up_to(bound: u64) -> u64 {
    let random = RandomState::new().build_hasher().finish();
    match bound.checked_add(1) {
        Some(range) => random % range,
        None => random,
    }
}

#[cfg(test)]
mod tests {
    use super::Backoff;
    use std::time::Duration;

    #[test]
    fn the_ceiling_doubles_up_to_the_maximum() {
        let backoff = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(350),
        };
        let ceilings: Vec<_> = (1..=4).map(|n| backoff.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 350, 350]);
        assert_eq!(backoff.ceiling(u32::MAX), Duration::from_millis(350));
    }

    #[test]
    fn a_zero_backoff_waits_zero() {
        let backoff = Backoff {
            initial: Duration::ZERO,
            max: Duration::ZERO,
        };
        assert_eq!(backoff.delay(3), Duration::ZERO);
    }
}
