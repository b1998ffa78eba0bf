//! The three ways to split a list of items into `n` batches: the demo runs
//! them, lesson 08 splits its CSV files with them, and they are the answers
//! to this lesson's exercises (`src/solutions.rs` re-exports them).
//!
//! The contract all three share: `n == 0` is an error; otherwise the items
//! make `min(n, items)` batches, none of them empty, and every item lands in
//! exactly one batch. No items, no batches.

use crate::BatchError;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

// ANCHOR: batch_count
/// How many batches `len` items make when `n` are asked for. Never more
/// than there are items, so no batch is empty; and never fewer, so no item
/// is dropped (the seed returned `[]` here and lost every file).
fn batch_count(len: usize, n: usize) -> Result<usize, BatchError> {
    if n == 0 {
        return Err(BatchError::ZeroBatches);
    }
    Ok(n.min(len))
}
// ANCHOR_END: batch_count

// ANCHOR: contiguous
/// Runs of neighbouring items, the first batches one item longer
/// (exercise 1).
pub fn contiguous<T>(items: impl IntoIterator<Item = T>, n: usize) -> Result<Vec<Vec<T>>, BatchError> {
    let items: Vec<T> = items.into_iter().collect();
    let (len, batches) = (items.len(), batch_count(items.len(), n)?);
    let mut rest = items.into_iter();
    let split = (0..batches)
        .map(|b| {
            // 11 items in 3 batches: 11 / 3 = 3 each, and the 11 % 3 = 2
            // leftovers make the first two batches one longer: 4, 4, 3.
            // (With no items the closure never runs: no division by zero.)
            let size = len / batches + usize::from(b < len % batches);
            rest.by_ref().take(size).collect()
        })
        .collect();
    Ok(split)
}
// ANCHOR_END: contiguous

// ANCHOR: round_robin
/// Deal the items out like cards, one to each batch in turn (exercise 2).
pub fn round_robin<T>(items: impl IntoIterator<Item = T>, n: usize) -> Result<Vec<Vec<T>>, BatchError> {
    let items: Vec<T> = items.into_iter().collect();
    let batches = batch_count(items.len(), n)?;
    let mut dealt: Vec<Vec<T>> = (0..batches).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        dealt[i % batches].push(item);
    }
    Ok(dealt)
}
// ANCHOR_END: round_robin

// ANCHOR: by_weight
/// Largest first, each item onto the batch that is lightest so far
/// (exercise 3).
pub fn by_weight<T>(
    items: impl IntoIterator<Item = T>,
    n: usize,
    weight: impl Fn(&T) -> u64,
) -> Result<Vec<Vec<T>>, BatchError> {
    // Weigh each item once, then sort heaviest first. The sort is stable:
    // items of equal weight keep their input order.
    let mut weighed: Vec<(u64, T)> = items.into_iter().map(|item| (weight(&item), item)).collect();
    weighed.sort_by_key(|&(w, _)| Reverse(w));

    let batches = batch_count(weighed.len(), n)?;
    let mut split: Vec<Vec<T>> = (0..batches).map(|_| Vec::new()).collect();
    // The lightest batch is always on top: a heap of (weight so far, items
    // so far, batch number). `BinaryHeap` puts the largest on top, so
    // `Reverse` flips it into a min-heap, like Python's `heapq`. Comparing
    // the item count second sends zero-weight items to empty batches first.
    let mut lightest: BinaryHeap<Reverse<(u64, usize, usize)>> =
        (0..batches).map(|b| Reverse((0, 0, b))).collect();
    for (w, item) in weighed {
        let Reverse((load, count, b)) = lightest
            .pop()
            .expect("there is at least one batch whenever there are items");
        split[b].push(item);
        lightest.push(Reverse((load + w, count + 1, b)));
    }
    Ok(split)
}
// ANCHOR_END: by_weight
