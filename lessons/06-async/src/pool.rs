//! A pool of async workers that fetch a list of URLs, at most `workers`
//! requests in flight: part 5's plain GETs and part 6's retrying GETs both
//! run on it, so it lives in the library rather than in either part.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tokio::task::JoinSet;
use workbook::timeline::Timeline;

/// Fetch every url with `workers` tasks, so that at most that many
/// requests are in flight: asyncio's pattern of N workers taking jobs from
/// a queue. Here the queue is a shared counter: each worker takes the next
/// index until none is left. Results come back in the order of `urls`.
/// `fetch` is a parameter so that the plain GETs of part 5 and the retrying
/// GETs of part 6 share this one pool; it must be `Clone` because
/// every worker task owns a copy.
pub async fn worker_pool<R, Fut>(
    client: reqwest::Client,
    urls: Vec<String>,
    workers: usize,
    timeline: Arc<Timeline>,
    fetch: impl Fn(reqwest::Client, String) -> Fut + Clone + Send + 'static,
) -> Vec<R>
where
    Fut: Future<Output = R> + Send,
    R: Send + 'static,
{
    let urls: Arc<[String]> = urls.into();
    let next = Arc::new(AtomicUsize::new(0));
    // ANCHOR: worker_pool
    let mut pool = JoinSet::new();
    for worker in 1..=workers {
        // Each worker task owns clones of the shared pieces ('static).
        let (urls, next) = (Arc::clone(&urls), Arc::clone(&next));
        let (timeline, client, fetch) = (Arc::clone(&timeline), client.clone(), fetch.clone());
        pool.spawn(async move {
            let mut done = Vec::new();
            loop {
                // `fetch_add` hands each index to exactly one worker.
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(index) else {
                    // No index left: `break done` ends the loop and makes
                    // `done` its value (a `loop` is an expression in Rust),
                    // which becomes the task's result.
                    break done;
                };
                let start = Instant::now();
                done.push((index, fetch(client.clone(), url.clone()).await));
                timeline.add(
                    format!("#{index}"),
                    format!("worker {worker}"),
                    start,
                    Instant::now(),
                );
            }
        });
    }
    // ANCHOR_END: worker_pool
    let mut finished: Vec<(usize, R)> = pool.join_all().await.into_iter().flatten().collect();
    finished.sort_by_key(|&(index, _)| index);
    finished.into_iter().map(|(_, outcome)| outcome).collect()
}
