//! Lesson 07: batching work — contiguous, round-robin and size-balanced
//! splits, against work stealing.
//!
//! # Layout
//!
//! **The library** (this `lib.rs` and the modules below) is what the demo,
//! the exercise tests and lesson 08 (the sales pipeline) share:
//!
//! - [`contiguous`], [`round_robin`] and [`by_weight`] (in [`split`]):
//!   three ways to split a list of items into `n` batches; lesson 08 calls
//!   these, and they are the answers to the exercises;
//! - [`BatchError`] (here): what they return when asked for zero batches;
//! - [`batch_weights`] (here): the total weight of each batch;
//! - [`seed`]: the seed's eleven files and its own `batch_files`;
//! - [`work`]: part 4's generated sales files and the checksum work.
//!
//! **The demo** (the binary, `just lesson 7`): `src/main.rs` calls one
//! module per part, `src/p1_eleven_files.rs` to `src/p4_real_work.rs`, in the chapter's
//! order.
//!
//! **Your file**: `src/exercises.rs` (`just check 7`). It is not part of
//! this library: only `tests/exercises.rs` compiles it (with `--features
//! learner`, which `just check 7` turns on), or `src/solutions.rs`, the
//! answer key, without. So editing your file never rebuilds the demo.

use std::fmt;

pub mod seed;
pub mod split;
pub mod work;

/// The batching functions other code should call: lesson 08 splits its CSV
/// files with these. They live in the library, apart from your
/// `exercises.rs`, so they stay right whatever state your file is in.
pub use split::{by_weight, contiguous, round_robin};

// ANCHOR: batch_error
/// Why a batching function refused to split the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchError {
    /// `n == 0`: zero batches can hold no item, so every item would be lost.
    ZeroBatches,
    /// A batch size of 0 (exercise 4): batches of no items never end.
    ZeroSize,
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::ZeroBatches => {
                write!(f, "cannot split work into 0 batches: ask for at least 1")
            }
            BatchError::ZeroSize => {
                write!(f, "cannot make batches of 0 items: ask for at least 1 per batch")
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
        assert_eq!(
            batch_weights(&batches, |&w| w),
            [7, 0, 10],
            "3 + 4, an empty batch weighs 0, and 10"
        );
    }

    #[test]
    fn zero_batches_names_the_problem() {
        let message = BatchError::ZeroBatches.to_string();
        assert!(message.contains("0 batches"), "{message}");
    }
}
