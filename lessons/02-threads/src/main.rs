//! Lesson 02: threads with locks.
//!
//! 1. five fake I/O tasks: sequential, threads, and the join-in-the-loop mistake;
//! 2. results out of threads: `JoinHandle`, a shared `Vec`, `thread::scope`;
//! 3. a sentence printed by one thread per word: no lock, a lock, coordination;
//! 4. a counting worker stopped by a flag (`AtomicBool`);
//! 5. shared counters: seed 003's dict of thread → count, `Mutex` vs atomics,
//!    lost updates, lock poisoning;
//! 6. a deadlock, detected and reported, then avoided.
//!
//! `just lesson 2`; `--unit-ms 1000` for the seeds' real seconds.

mod parts;
mod tasks;

use clap::Parser;
use workbook::timeit::human;

#[derive(Parser)]
#[command(about = "Lesson 02: threads with locks")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() {
    let args = Args::parse();
    let scale = args.common.scale();
    let delays = tasks::random_delays(args.common.seed, 5);
    println!(
        "Lesson 02: threads with locks (1 unit = {})\n",
        human(scale.unit())
    );

    parts::delays::run(scale, &delays);
    parts::results::run(scale, &delays);
    parts::sentence::run();
    parts::stop_flag::run(scale);
    parts::counter::run();
    parts::deadlock::run(scale);
}
