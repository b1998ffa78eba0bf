//! Lesson 06: async coroutines, and HTTP against a local API server.
//!
//! # Layout
//!
//! **The library** (this crate's `lib.rs` and the modules below) is what the
//! demo, the exercise tests and the learner's code share:
//!
//! - [`delay_message`] and [`random_delays`] (here): seed 004's coroutine
//!   and the random delays of its task;
//! - [`runtime`]: the tokio runtime and the log format;
//! - [`records`]: the satellite records, shaped like the SpaceX API's;
//! - [`server`]: the local API server that serves them;
//! - [`client`]: URLs, one request (async and blocking), what can go wrong,
//!   and the retry policy;
//! - [`pool`]: async workers fetching a list of URLs, at most N at once;
//! - [`retry`]: each try under a timeout, transient failures retried.
//!
//! **The demo** (the binary, `just lesson 6`): `src/main.rs` calls one
//! module per part, `src/p1_coroutines.rs` to `src/p7_scale.rs`, in the chapter's order;
//! `src/serve.rs` is `just lesson 6 serve`, `src/options.rs` the command
//! line.
//!
//! **Your file**: `src/exercises.rs` (`just check 6`). It is not part of
//! this library: only `tests/exercises.rs` compiles it (with `--features
//! learner`, which `just check 6` turns on), or `src/solutions.rs`, the
//! answer key, without. So editing your file never rebuilds the demo.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use workbook::TimeScale;

pub mod client;
pub mod pool;
pub mod records;
pub mod retry;
pub mod runtime;
pub mod server;

pub use client::{FetchError, GaveUp, RetryPolicy};
pub use records::Satellite;

// ANCHOR: delay_message
/// Seed 004's coroutine: log that `message` arrived, wait `units` without
/// holding up the thread, log it again, and hand the message back.
pub async fn delay_message(scale: TimeScale, units: f64, message: &str) -> String {
    tracing::info!("{message} received");
    // `.await` is where this task steps aside: the runtime's thread goes
    // on with other tasks until the timer fires. (`std::thread::sleep`
    // here would hold the thread, and every task waiting for it; part 3.)
    tokio::time::sleep(scale.units(units)).await;
    tracing::info!("Printing {message}");
    message.to_string()
}
// ANCHOR_END: delay_message

/// Seed 004's task: `n` delays drawn between 0 and 4 units, the same for
/// the same seed.
pub fn random_delays(seed: u64, n: usize) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| rng.random_range(0.0..=4.0)).collect()
}

/// A `std::sync::MutexGuard` kept across an `.await` in a spawned task does
/// not compile: the task would not be `Send`. Use `tokio::sync::Mutex`
/// (part 4), or drop the guard before the `.await`. This doc-test fails
/// the build if the code ever starts to compile.
///
/// ```compile_fail
#[doc = include_str!("../compile_fail/std_guard_across_await.rs")]
/// ```
pub struct StdGuardAcrossAwaitDoesNotCompile;

/// A future created and never awaited: the compiler warns ("futures do
/// nothing unless you `.await` or poll them"), and with the warning denied
/// the build fails. This doc-test keeps that claim of the chapter honest.
///
/// ```compile_fail
#[doc = include_str!("../compile_fail/forgotten_await.rs")]
/// ```
pub struct ForgottenAwaitIsCaught;
