//! Lesson 06: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 6` runs the same tests against this file.

use lesson_06_async::client::{fetch_satellite, record_url};
use lesson_06_async::{FetchError, Satellite};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;

// ANCHOR: gather
/// Exercise 1: run every coroutine at once, results in input order.
pub async fn gather<F>(coroutines: Vec<F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    // A future does nothing until polled. `tokio::spawn` hands each one to
    // the runtime, which starts polling it now, beside the others
    // (asyncio's `create_task`). Collecting forces every spawn to happen
    // before the first `.await` below.
    let tasks: Vec<_> = coroutines.into_iter().map(tokio::spawn).collect();
    let mut results = Vec::with_capacity(tasks.len());
    // Awaiting in input order keeps the input order; the tasks still ran
    // together, so the wait is as long as the slowest one.
    for task in tasks {
        results.push(task.await.expect("a coroutine panicked or was cancelled"));
    }
    results
}
// ANCHOR_END: gather

// ANCHOR: fetch_all_limited
/// Exercise 2: every id fetched, at most `limit` requests at once.
pub async fn fetch_all_limited(
    client: &reqwest::Client,
    base_url: &str,
    ids: &[String],
    limit: usize,
) -> Vec<Result<Satellite, FetchError>> {
    // `limit` permits: a request starts only once it holds one, and gives
    // it back when its guard is dropped (asyncio.Semaphore(limit)).
    let permits = Arc::new(Semaphore::new(limit));
    let requests = ids
        .iter()
        .map(|id| {
            // Spawned tasks must own what they use ('static): a clone of
            // the client (it shares one connection pool) and of the Arc.
            let (client, permits) = (client.clone(), Arc::clone(&permits));
            let url = record_url(base_url, id);
            async move {
                let _permit = permits.acquire().await.expect("the semaphore is never closed");
                fetch_satellite(&client, &url).await
            }
        })
        .collect();
    // All tasks start at once; all but `limit` wait at `acquire`.
    gather(requests).await
}
// ANCHOR_END: fetch_all_limited

// Exercise 3's answer is the library's own retry loop, which part 6 of
// the demo runs; the chapter shows it from `src/retry.rs`.
pub use lesson_06_async::retry::with_retries;

// ANCHOR: run_blocking
/// Exercise 4: every blocking job on tokio's blocking pool, at once.
pub async fn run_blocking<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // Calling `job()` here would run it on the runtime's own thread, and
    // nothing else on that thread runs until it returns (part 3).
    // `spawn_blocking` hands it to a pool of threads kept for blocking
    // work (asyncio's `to_thread`) and gives back a handle to await.
    // Collecting starts every job before the first `.await`.
    let handles: Vec<_> = jobs.into_iter().map(tokio::task::spawn_blocking).collect();
    let mut results = Vec::with_capacity(handles.len());
    // In input order, as `gather`: the jobs ran together all the same.
    for handle in handles {
        results.push(handle.await.expect("a blocking job panicked"));
    }
    results
}
// ANCHOR_END: run_blocking
