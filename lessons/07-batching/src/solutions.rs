//! Lesson 07: the answer key. Try the exercises in `exercises.rs` first;
//! `just solutions 7` runs the same tests against this file.
//!
//! The answers are the library's own batching functions, the ones the demo
//! and lesson 08 run: the chapter shows them from `src/split.rs`.

use lesson_07_batching::BatchError;
pub use lesson_07_batching::{by_weight, contiguous, round_robin};

// ANCHOR: batched
/// Exercise 4: take `size` items at a time from one iterator until it is dry.
pub fn batched<T>(items: impl IntoIterator<Item = T>, size: usize) -> Result<Vec<Vec<T>>, BatchError> {
    if size == 0 {
        return Err(BatchError::ZeroSize); // `take(0)` would loop forever
    }
    let mut rest = items.into_iter();
    let mut batches = Vec::new();
    loop {
        // `by_ref` lends the iterator to `take`: the items taken are gone
        // from `rest`, and the next batch starts after them.
        let batch: Vec<T> = rest.by_ref().take(size).collect();
        if batch.is_empty() {
            return Ok(batches); // never push an empty last batch
        }
        batches.push(batch);
    }
}
// ANCHOR_END: batched
