//! Retrying a request: each try under a timeout, transient failures tried
//! again after a pause that doubles. Part 6 of the demo runs it, and it is
//! the answer to exercise 3 (`src/solutions.rs` re-exports it).

use crate::{FetchError, GaveUp, RetryPolicy};
use std::future::Future;

// ANCHOR: with_retries
/// Call `attempt` until it succeeds: each try under a timeout, transient
/// failures retried with exponential backoff.
pub async fn with_retries<T, Fut>(policy: &RetryPolicy, mut attempt: impl FnMut() -> Fut) -> Result<T, GaveUp>
where
    Fut: Future<Output = Result<T, FetchError>>,
{
    let mut pause = policy.backoff;
    let mut tries = Vec::new(); // every failure so far, in order
    loop {
        // `timeout` races the try against a timer (asyncio.wait_for). If
        // the timer wins, the try's future is dropped, which cancels it:
        // reqwest closes that connection.
        let last = match tokio::time::timeout(policy.timeout, attempt()).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(error)) => error,
            Err(_elapsed) => FetchError::TimedOut(policy.timeout),
        };
        let give_up = !last.is_transient();
        tries.push(last);
        // `policy.attempts` counts the first try too: after that many, stop.
        if give_up || tries.len() >= policy.attempts as usize {
            return Err(GaveUp { tries });
        }
        tokio::time::sleep(pause).await;
        pause *= 2;
    }
}
// ANCHOR_END: with_retries
