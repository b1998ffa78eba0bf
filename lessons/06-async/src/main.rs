//! Lesson 06: async coroutines, and HTTP against a local API server.
//!
//! 1. seed 004's `delay_message` as two tokio tasks: logs with time and
//!    thread, the count of live tasks, a future never awaited;
//! 2. seed 004's task: 100 coroutines with random 0–4 unit delays, together;
//! 3. the blocking pitfall: `std::thread::sleep` inside async code, and
//!    `spawn_blocking` as the way out;
//! 4. asyncio's `Queue`, `Lock` and `Event` as tokio's `mpsc`, `Mutex` and
//!    `watch`;
//! 5. seed 003's API calls against the workbook's own server: sequential, a
//!    thread per call, async with a limit; 500 calls; failures, timeouts
//!    and retries;
//! 6. scale: 100,000 sleeping tasks against 10,000 threads.
//!
//! `just lesson 6` runs the demo; `just lesson 6 serve` runs the API server
//! alone, for curl.

mod options;
mod parts;
mod serve;

use clap::Parser;
use options::{Args, Command, DemoArgs};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::runtime::Runtime;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::time::Uptime;
use workbook::timeit::human;

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
    let scale = args.common.scale();
    println!("Lesson 06: async coroutines (1 unit = {})\n", human(scale.unit()));
    // Log lines carry the seconds since start-up and the thread's name,
    // like the seed's "%(asctime)s:%(threadName)s:%(message)s".
    init_logging("info");
    let runtime = runtime().map_err(|e| format!("cannot start the tokio runtime: {e}"))?;

    runtime.block_on(parts::coroutines::run(scale));
    runtime.block_on(parts::gather::run(scale, args.common.seed));
    parts::blocking::run(scale); // builds runtimes of its own
    runtime.block_on(parts::primitives::run(scale));
    parts::http::run(&runtime, args)?;
    parts::scale::run(&runtime, scale);
    Ok(())
}

/// Log to stdout through `tracing`; `RUST_LOG` overrides `default_filter`.
pub fn init_logging(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_timer(Uptime::default())
        .with_thread_names(true)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();
}

// ANCHOR: runtime
/// What `#[tokio::main]` builds, spelled out: a multi-threaded runtime with
/// one worker thread per core, its timers and sockets switched on, and
/// threads named `worker-1`, `worker-2`... so the logs can tell them apart.
/// (`asyncio.run` gives one thread; `new_current_thread()` is that model.)
pub fn runtime() -> std::io::Result<Runtime> {
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name_fn(|| format!("worker-{}", STARTED.fetch_add(1, Ordering::Relaxed) + 1))
        .build()
}
// ANCHOR_END: runtime

/// With the `tls` feature, https goes through rustls with the `ring`
/// crypto provider, which rustls needs to be told about once.
#[cfg(feature = "tls")]
fn install_tls_crypto() {
    // Err means a provider is installed already, which is just as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
