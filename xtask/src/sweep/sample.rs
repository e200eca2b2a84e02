//! Picking the compile sample: `n` of `len` documents (sorted by path), evenly spaced so the sample
//! spans the directory (providers are alphabetical, and one provider's APIs look alike), and the same
//! every run. A seed shifts the whole comb, for another sample of the same size.

/// Indices into the sorted list, ascending; all of them when `n >= len`.
pub fn pick(len: usize, n: usize, seed: u64) -> Vec<usize> {
    if n >= len {
        return (0..len).collect();
    }
    let offset = (seed % len as u64) as usize;
    let mut picked: Vec<usize> = (0..n).map(|i| (offset + i * len / n) % len).collect();
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenly_spaced_from_the_first() {
        assert_eq!(pick(10, 5, 0), vec![0, 2, 4, 6, 8]);
        assert_eq!(pick(10, 3, 0), vec![0, 3, 6]);
        assert_eq!(pick(7, 1, 0), vec![0]);
    }

    #[test]
    fn everything_when_the_sample_is_not_smaller() {
        assert_eq!(pick(3, 5, 9), vec![0, 1, 2]);
        assert_eq!(pick(0, 5, 0), Vec::<usize>::new());
        assert!(pick(5, 0, 0).is_empty());
    }

    #[test]
    fn a_seed_shifts_the_comb_and_keeps_it_distinct_and_deterministic() {
        assert_eq!(pick(10, 5, 1), vec![1, 3, 5, 7, 9]);
        assert_eq!(pick(10, 3, 5), vec![1, 5, 8]);
        let a = pick(2639, 200, 42);
        assert_eq!(a, pick(2639, 200, 42));
        let mut distinct = a.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 200);
    }
}
