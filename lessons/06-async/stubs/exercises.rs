//! Lesson 06 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 6` to test it. `just hint 6 K` shows a hint for exercise K.
//!
//! The types you use (`Satellite`, `FetchError`, `RetryPolicy`, `GaveUp`)
//! and the one-request function `fetch_satellite` are in `src/client.rs`
//! and `src/records.rs` (use them as `lesson_06_async::...`); the tests
//! start the local API server themselves.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_06_async::{FetchError, GaveUp, RetryPolicy, Satellite};
use std::future::Future;

// ANCHOR: gather
/// Exercise 1. Python's `asyncio.gather`: run every coroutine in
/// `coroutines` at the same time, and return their results **in the order
/// of the input** (not in the order they finish). 100 coroutines that each
/// wait up to 4 units must take about 4 units, not the sum of the waits.
pub async fn gather<F>(coroutines: Vec<F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    todo!("spawn every coroutine as a task first, then await the handles in order")
}
// ANCHOR_END: gather

// ANCHOR: fetch_all_limited
/// Exercise 2. Fetch `{base_url}/v4/starlink/{id}` for every id, with **at
/// most `limit` requests in flight** at any moment (and, when there is more
/// than one id and `limit > 1`, more than one). Return one result per id,
/// in the order of `ids`: a failed request is an `Err` in its place, never
/// a missing entry. `limit` is at least 1.
///
/// Needs: gather
///
/// (The tests check your `gather` first: running the requests together
/// and in order is what exercise 1 does.)
pub async fn fetch_all_limited(
    client: &reqwest::Client,
    base_url: &str,
    ids: &[String],
    limit: usize,
) -> Vec<Result<Satellite, FetchError>> {
    todo!("a tokio::sync::Semaphore with `limit` permits; hold one per request")
}
// ANCHOR_END: fetch_all_limited

// ANCHOR: with_retries
/// Exercise 3. Call `attempt` until it succeeds, following `policy`:
/// - each call gets at most `policy.timeout`; past it, the call is dropped
///   and counts as `FetchError::TimedOut(policy.timeout)`;
/// - a transient failure (`FetchError::is_transient`) is tried again, after
///   a pause of `policy.backoff`, then twice that, then four times...;
/// - any other failure, or a failure on the last of `policy.attempts`
///   tries, ends it: return `GaveUp` with every try's error, in order (the
///   last one is why it stopped).
///
/// `attempt` is a closure that makes a fresh future for each try (a future
/// can be awaited only once): `with_retries(&policy, || fetch_satellite(&client, &url))`.
pub async fn with_retries<T, Fut>(policy: &RetryPolicy, attempt: impl FnMut() -> Fut) -> Result<T, GaveUp>
where
    Fut: Future<Output = Result<T, FetchError>>,
{
    todo!("a loop around tokio::time::timeout(policy.timeout, attempt())")
}
// ANCHOR_END: with_retries

// ANCHOR: run_blocking
/// Exercise 4. asyncio's `to_thread`, for many calls at once: run every
/// blocking job in `jobs` (a closure that sleeps, reads a file with
/// `std::fs`, or computes for long) **off the runtime's threads**, all of
/// them at the same time, and return their results in the order of `jobs`.
/// While the jobs run, every other task on the runtime must go on running,
/// even on a runtime with a single thread.
pub async fn run_blocking<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    todo!("tokio::task::spawn_blocking for every job first, then await the handles in order")
}
// ANCHOR_END: run_blocking
