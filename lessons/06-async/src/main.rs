//! Lesson 06, the demo: async coroutines, and HTTP against a local API
//! server. It reads top-down as the chapter does, one module per part:
//!
//! 1. `p1_coroutines`: seed 004's `delay_message` as two tokio tasks: logs
//!    with time and thread, the count of live tasks, a future never
//!    awaited, what awaiting a task that panicked or was cancelled gives,
//!    cancellation, and tasks left running when the runtime shuts down;
//! 2. `p2_gather`: seed 004's task, 100 coroutines with random 0–4 unit
//!    delays, together; `join!` and `join_all` beside `JoinSet`;
//! 3. `p3_blocking`: `std::thread::sleep` inside async code, and
//!    `spawn_blocking` as the way out;
//! 4. `p4_primitives`: asyncio's `Queue`, `Lock` and `Event` as tokio's
//!    `mpsc`, `Mutex` and `watch`, and why `Notify` is no Event;
//! 5. `p5_http`: seed 003's API calls against the workbook's own server:
//!    sequential, a thread per call, async with a limit; then 500 calls;
//! 6. `p6_retries`: the same 500 calls against a server that fails some:
//!    timeouts, retries, and every request accounted for;
//! 7. `p7_scale`: 100,000 sleeping tasks against 10,000 threads.
//!
//! `just lesson 6` runs the demo; `just lesson 6 serve` runs the API server
//! alone (`serve.rs`), for curl. `options.rs` is the command line.

mod options;
mod p1_coroutines;
mod p2_gather;
mod p3_blocking;
mod p4_primitives;
mod p5_http;
mod p6_retries;
mod p7_scale;
mod serve;

use clap::Parser;
use lesson_06_async::runtime::{init_logging, runtime};
use options::{Args, Command, DemoArgs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    #[cfg(feature = "tls")]
    install_tls_crypto();
    let outcome = match args.command {
        Some(Command::Serve(serve)) => serve::run(&serve),
        None => demo(&args.demo),
    };
    workbook::cli::exit_code(outcome)
}

fn demo(args: &DemoArgs) -> Result<(), String> {
    let scale = args.common.start("Lesson 06: async coroutines");
    let seed = args.common.seed;
    init_logging("info");
    let runtime = runtime().map_err(|e| format!("cannot start the tokio runtime: {e}"))?;

    p1_coroutines::run(&runtime, scale);
    runtime.block_on(p2_gather::run(scale, seed));
    p3_blocking::run(scale); // builds runtimes of its own
    runtime.block_on(p4_primitives::run(scale));
    p5_http::run(&runtime, args)?;
    p6_retries::run(&runtime, args.server.config(scale, seed, args.failure_rate))?;
    p7_scale::run(&runtime, scale);
    Ok(())
}

/// With the `tls` feature, https goes through rustls with the `ring`
/// crypto provider, which rustls needs to be told about once.
#[cfg(feature = "tls")]
fn install_tls_crypto() {
    // Err means a provider is installed already, which is just as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
