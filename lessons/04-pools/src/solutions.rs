//! Lesson 04: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 4` runs the same tests against this file.

use lesson_04_pools::{ChunkedSum, ZeroChunkLen};
use rayon::prelude::*;
use rayon::{ThreadPoolBuildError, ThreadPoolBuilder};
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};

// ANCHOR: map_async
/// Exercise 1: `map_async` as a thread that runs a parallel map.
pub fn map_async<T, R, F>(items: Vec<T>, work: F) -> AsyncResult<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    // The caller must not wait, so the (blocking) parallel map runs on a
    // thread of its own; rayon's pool does the work, this thread only waits
    // for it. `collect` into a Vec keeps the order of the items.
    let handle = thread::spawn(move || items.into_par_iter().map(work).collect());
    AsyncResult { handle }
}

/// The handle `map_async` returns: Python's `AsyncResult`.
#[derive(Debug)]
pub struct AsyncResult<R> {
    handle: JoinHandle<Vec<R>>,
}

impl<R> AsyncResult<R> {
    /// Whether the results are ready, without waiting.
    pub fn ready(&self) -> bool {
        self.handle.is_finished()
    }

    /// Wait for the results and return them in input order.
    pub fn get(self) -> Vec<R> {
        // rayon passed a panic in `work` on to our thread; `join` hands it
        // to us as `Err`, and we pass it on unchanged, as Python's `get()`
        // re-raises the task's exception.
        self.handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}
// ANCHOR_END: map_async

// ANCHOR: imap_unordered
/// Exercise 2: one pool task per item, each sending its result when done.
pub fn imap_unordered<T, R, F>(
    items: Vec<T>,
    threads: NonZeroUsize,
    work: F,
) -> Result<Receiver<R>, ThreadPoolBuildError>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let pool = ThreadPoolBuilder::new().num_threads(threads.get()).build()?;
    let (results, received) = mpsc::channel();
    // Every task needs `work`, and a spawned task must own what it uses:
    // share one copy through an `Arc`.
    let work = Arc::new(work);
    for item in items {
        let (results, work) = (results.clone(), Arc::clone(&work));
        pool.spawn(move || {
            // The receiver may be gone (the caller stopped reading): then
            // there is nobody to tell, and the result is dropped.
            let _ = results.send(work(item));
        });
    }
    // Dropping the pool lets its threads finish the spawned tasks and end.
    // Each task holds a clone of `results`; when the last one is done and
    // this original is gone too, the channel closes and the caller's loop ends.
    Ok(received)
}
// ANCHOR_END: imap_unordered

// ANCHOR: chunked_sum
/// Exercise 3: partial sums of chunks in parallel, then their sum.
pub fn chunked_sum<N>(numbers: &[N], chunk_len: usize) -> Result<ChunkedSum, ZeroChunkLen>
where
    N: Copy + Into<u64> + Sync,
{
    if chunk_len == 0 {
        return Err(ZeroChunkLen); // par_chunks(0) would panic
    }
    // Each chunk's sum in u64: u32 numbers overflow a u32 sum quickly.
    let per_chunk: Vec<u64> = numbers
        .par_chunks(chunk_len)
        .map(|chunk| chunk.iter().map(|&n| n.into()).sum::<u64>())
        .collect();
    let total = per_chunk.iter().sum();
    Ok(ChunkedSum { total, per_chunk })
}
// ANCHOR_END: chunked_sum

// ANCHOR: word_counts
/// Exercise 4: one table per piece of work (`fold`), merged pairwise (`reduce`).
pub fn word_counts(lines: &[&str]) -> HashMap<String, usize> {
    lines
        .par_iter()
        .fold(HashMap::new, |mut counts: HashMap<String, usize>, line| {
            for word in line.split_whitespace() {
                *counts.entry(word.to_string()).or_default() += 1;
            }
            counts
        })
        .reduce(HashMap::new, |mut into, from| {
            // Merge the smaller table into the bigger one: fewer inserts.
            let (mut into, from) = if into.len() >= from.len() {
                (into, from)
            } else {
                (from, std::mem::take(&mut into))
            };
            for (word, count) in from {
                *into.entry(word).or_default() += count;
            }
            into
        })
}
// ANCHOR_END: word_counts
