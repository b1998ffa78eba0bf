//! Lesson 04 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 4` to test it. `just hint 4 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_04_pools::{ChunkedSum, ZeroChunkLen};
use rayon::ThreadPoolBuildError;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::num::NonZeroUsize;
use std::sync::mpsc::Receiver;

// ANCHOR: map_async
/// Exercise 1. Python's `pool.map_async(func, items)`: start `work` on every
/// item in parallel and return **at once** an [`AsyncResult`], whose `get()`
/// waits for the results and returns them **in the order of the items**.
/// Seed 004's task is `map_async` over `howmany_within_range`; the tests
/// call it with that and with other work. A panic in `work` must reach the
/// caller of `get()`, not vanish.
pub fn map_async<T, R, F>(items: Vec<T>, work: F) -> AsyncResult<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    todo!("start the work on another thread, keep its JoinHandle")
}

/// The handle `map_async` returns: Python's `AsyncResult`. Replace the
/// placeholder field with what you need.
#[derive(Debug)]
pub struct AsyncResult<R> {
    placeholder: PhantomData<R>,
}

impl<R> AsyncResult<R> {
    /// Whether the results are ready, without waiting (Python's `ready()`).
    pub fn ready(&self) -> bool {
        todo!()
    }

    /// Wait for the results and return them in input order (Python's `get()`).
    pub fn get(self) -> Vec<R> {
        todo!()
    }
}
// ANCHOR_END: map_async

// ANCHOR: imap_unordered
/// Exercise 2. Python's `pool.imap_unordered(func, items)`: run `work` on
/// every item in a pool of `threads` threads (never more at once), and
/// return a channel that yields each result **as soon as it is ready**, in
/// the order the tasks finish, and closes after the last one. Return at
/// once: the caller reads the first result while the rest still run.
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
    todo!("a rayon ThreadPool of `threads`, one `spawn` per item, each sending its result")
}
// ANCHOR_END: imap_unordered

// ANCHOR: chunked_sum
/// Exercise 3. Python's `pool.map(sum, chunks)` and a final `sum`: split
/// `numbers` into chunks of `chunk_len` (the last may be shorter), sum the
/// chunks in parallel, and add up the partial sums. The answer must be
/// exact (it is an integer sum: no floats) and equal to the sequential
/// sum. A `chunk_len` of 0 is an error, not a panic.
///
/// `N` is any unsigned integer up to `u64` (`u8`, `u16`, `u32`, `u64`):
/// `n.into()` widens one to a `u64`. The tests also pass numbers of their
/// own type, whose conversion tells them which chunks were being summed at
/// the same moment.
pub fn chunked_sum<N>(numbers: &[N], chunk_len: usize) -> Result<ChunkedSum, ZeroChunkLen>
where
    N: Copy + Into<u64> + Sync,
{
    todo!("par_chunks, map each chunk to its sum, collect in order, then add")
}
// ANCHOR_END: chunked_sum

// ANCHOR: word_counts
/// Exercise 4. A MapReduce: count how often each word occurs in `lines`,
/// the lines counted in parallel. A word is what `str::split_whitespace`
/// returns, compared as is (`"The"` and `"the"` are two words). Each piece
/// of work counts into a table of its own (`fold`), and the tables are then
/// merged (`reduce`): no lock shared by every word.
pub fn word_counts(lines: &[&str]) -> HashMap<String, usize> {
    todo!("par_iter, fold into a HashMap per piece of work, reduce by merging the maps")
}
// ANCHOR_END: word_counts
