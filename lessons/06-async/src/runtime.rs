//! The tokio runtime and the log format that the demo and `serve` share.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::runtime::Runtime;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::time::Uptime;

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

/// Log to stdout through `tracing`, each line with the seconds since
/// start-up and the thread's name, like the seed's
/// `"%(asctime)s:%(threadName)s:%(message)s"`. `RUST_LOG` overrides
/// `default_filter`.
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
