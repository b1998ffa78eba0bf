//! The six parts of the demo, one module each, in the order a learner meets
//! them, and the one helper they share: a pool with named threads.

pub mod chunks;
pub mod cpu;
pub mod files;
pub mod ranges;
pub mod reduce;
pub mod waits;

use rayon::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder};

// ANCHOR: pool
/// A pool of `threads` threads named `{name}-0`, `{name}-1`, ...: Python's
/// `Pool(processes=threads)`, made of threads instead of processes.
pub fn pool(threads: usize, name: &str) -> Result<ThreadPool, ThreadPoolBuildError> {
    let name = name.to_string();
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
}
// ANCHOR_END: pool
