//! Lesson 07 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 7` to test it. `just hint 7 K` shows a hint for exercise K.
//!
//! The first three functions share one contract, which the tests check
//! (exercise 4, `batched`, has its own: see its comment):
//! - `n == 0` returns `Err(BatchError::ZeroBatches)` (defined in
//!   `src/lib.rs`), whatever the items: never a panic;
//! - otherwise the items make `min(n, number of items)` batches: asking for
//!   more batches than items gives one item per batch, never an empty batch
//!   and never a dropped item (the seed returned `[]` here);
//! - no items give no batches: `Ok(vec![])`;
//! - every item lands in exactly one batch.
//!
//! The functions take any `IntoIterator` (a `Vec`, a range, ...) and move
//! the items into the batches, so `T` needs no `Clone`.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_07_batching::BatchError;

// ANCHOR: contiguous
/// Exercise 1. Split `items` into runs of neighbouring items: batch 0 takes
/// the first items, batch 1 the next ones, and so on, so that joining the
/// batches gives back `items` in order. Batch sizes differ by at most one,
/// the longer batches first: 11 items into 3 batches are
/// `[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]` (what Python's
/// `numpy.array_split` does).
pub fn contiguous<T>(items: impl IntoIterator<Item = T>, n: usize) -> Result<Vec<Vec<T>>, BatchError> {
    todo!(
        "n == 0 is an error; then min(n, len) runs of len / batches items, one more for the first len % batches"
    )
}
// ANCHOR_END: contiguous

// ANCHOR: round_robin
/// Exercise 2. Deal `items` out like cards: item 0 to batch 0, item 1 to
/// batch 1, ..., then around again, so item `i` goes to batch
/// `i % batches`. Inside a batch the items keep their input order. 11 items
/// into 3 batches are `[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8]` (seed 002).
pub fn round_robin<T>(items: impl IntoIterator<Item = T>, n: usize) -> Result<Vec<Vec<T>>, BatchError> {
    todo!("n == 0 is an error; then item i goes to batch i % batches")
}
// ANCHOR_END: round_robin

// ANCHOR: by_weight
/// Exercise 3. Balance the batches by weight (for files: their size in
/// bytes), not by count. Take the items heaviest first, and put each one
/// into the batch whose total weight is the smallest so far. When batches
/// tie on weight, take the one with fewer items, then the lower-numbered
/// one: so zero-weight items never leave a batch empty.
///
/// Inside a batch the items are in the order they were placed: heaviest
/// first, and items of equal weight in their input order. `weight` is
/// called with each item, e.g. `|file| file.bytes`; the weights of a batch
/// must add up to less than `u64::MAX`.
pub fn by_weight<T>(
    items: impl IntoIterator<Item = T>,
    n: usize,
    weight: impl Fn(&T) -> u64,
) -> Result<Vec<Vec<T>>, BatchError> {
    todo!("sort heaviest first, then give each item to the lightest batch so far")
}
// ANCHOR_END: by_weight

// ANCHOR: batched
/// Exercise 4. Python 3.12's `itertools.batched(items, size)`: batches of
/// `size` items each, in input order, the last one shorter if the items
/// run out (never empty). Here the batch *size* is fixed and the number of
/// batches follows, the other way round from the three above: 11 items in
/// batches of 4 are `[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]`. A `size` of 0
/// is `Err(BatchError::ZeroSize)`; no items give `Ok(vec![])`.
pub fn batched<T>(items: impl IntoIterator<Item = T>, size: usize) -> Result<Vec<Vec<T>>, BatchError> {
    todo!("size == 0 is an error; then take `size` items at a time until none are left")
}
// ANCHOR_END: batched
