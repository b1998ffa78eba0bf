//! Lesson 07, the library half: splitting work into batches. The demo, the
//! exercises, the tests and lesson 08 (the sales pipeline) share it.
//!
//! - [`contiguous`], [`round_robin`] and [`by_weight`]: three ways to split
//!   a list of items into `n` batches (lesson 08 calls these);
//! - [`BatchError`]: what they return when asked for zero batches;
//! - [`batch_weights`]: the total weight of each batch, to compare splits;
//! - [`exercises`] (your file) and [`solutions`] (the reference), and
//!   [`under_test`], the one of the two that the tests check.

use std::fmt;

pub mod exercises;
pub mod solutions;

// `just check 7` builds with the `learner` feature and tests your file;
// the repository's own `cargo test` checks the reference solutions.
#[cfg(feature = "learner")]
pub use exercises as under_test;
#[cfg(not(feature = "learner"))]
pub use solutions as under_test;

/// The batching functions other code should call: lesson 08 splits its CSV
/// files with these. They are the reference solutions, so they stay right
/// whatever state your `exercises.rs` is in.
pub use solutions::{by_weight, contiguous, round_robin};

// ANCHOR: batch_error
/// Why a batching function refused to split the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchError {
    /// `n == 0`: zero batches can hold no item, so every item would be lost.
    ZeroBatches,
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::ZeroBatches => {
                write!(f, "cannot split work into 0 batches: ask for at least 1")
            }
        }
    }
}

// With `Error` implemented, `?` can turn a `BatchError` into a
// `Box<dyn Error>`, as the demo's `main` does.
impl std::error::Error for BatchError {}
// ANCHOR_END: batch_error

/// The total weight of each batch, in batch order: how much work each
/// worker gets, when `weight` says what an item costs (a file's size).
pub fn batch_weights<T>(batches: &[Vec<T>], weight: impl Fn(&T) -> u64) -> Vec<u64> {
    batches
        .iter()
        .map(|batch| batch.iter().map(&weight).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_weights_sums_each_batch() {
        let batches = vec![vec![3, 4], vec![], vec![10]];
        assert_eq!(batch_weights(&batches, |&w| w), [7, 0, 10]);
    }

    #[test]
    fn zero_batches_names_the_problem() {
        let message = BatchError::ZeroBatches.to_string();
        assert!(message.contains("0 batches"), "{message}");
    }
}
