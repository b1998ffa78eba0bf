//! Lesson 01, the library half: what the demo, the exercises, the tests and
//! the benchmark share.
//!
//! - [`linear_search`]: the seed's example of code worth timing;
//! - [`BothClocks`] and [`RoundTrip`]: what the exercises return;
//! - [`exercises`] (your file) and [`solutions`] (the reference), and
//!   [`under_test`], the one of the two that the tests check.

use std::path::PathBuf;

pub mod exercises;
pub mod solutions;

// `just check 1` builds with the `learner` feature and tests your file;
// the repository's own `cargo test` checks the reference solutions.
#[cfg(feature = "learner")]
pub use exercises as under_test;
#[cfg(not(feature = "learner"))]
pub use solutions as under_test;

// ANCHOR: linear_search
/// Is `target` in `list`? Looks at every element in turn until it finds it,
/// so the time grows with the target's position: the seed's example.
pub fn linear_search(list: &[u32], target: u32) -> bool {
    for &item in list {
        if item == target {
            return true;
        }
    }
    false
}
// ANCHOR_END: linear_search

// ANCHOR: both_clocks
/// How long one piece of work took, read on both clocks, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BothClocks {
    /// From the wall clock (`SystemTime`). Signed: if the system clock is set
    /// back while the work runs, the difference is negative.
    pub wall_ns: i128,
    /// From the monotonic clock (`Instant`): never negative.
    pub monotonic_ns: u128,
}

/// What writing and reading back `test.txt` did, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTrip {
    /// The file that was written.
    pub path: PathBuf,
    /// The text read back from it.
    pub text: String,
    /// Time to write the file.
    pub write: BothClocks,
    /// Time to read it back.
    pub read: BothClocks,
}
// ANCHOR_END: both_clocks

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_search_finds_first_last_and_misses() {
        let list: Vec<u32> = (0..100).collect();
        assert!(linear_search(&list, 0));
        assert!(linear_search(&list, 99));
        assert!(!linear_search(&list, 100));
        assert!(!linear_search(&[], 0));
    }
}
