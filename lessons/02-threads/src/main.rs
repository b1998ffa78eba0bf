//! Lesson 02, the demo: threads with locks. It reads top-down like the
//! chapter, one module per part:
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

mod p1_delays;
mod p2_results;
mod p3_sentence;
mod p4_stop_flag;
mod p5_counter;
mod p6_deadlock;

use clap::Parser;
use lesson_02_threads::tasks;

#[derive(Parser)]
#[command(about = "Lesson 02: threads with locks")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() {
    let args = Args::parse();
    let scale = args.common.start("Lesson 02: threads with locks");
    let delays = tasks::random_delays(args.common.seed, 5);

    p1_delays::run(scale, &delays);
    p2_results::run(scale, &delays);
    p3_sentence::run();
    p4_stop_flag::run(scale);
    p5_counter::run();
    p6_deadlock::run(scale);
}
