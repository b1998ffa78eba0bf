//! Lesson 01, the demo: how to measure how long code takes, and how not to.
//! It reads top-down like the chapter, one module per part:
//!
//! 1. [`p1_clocks`]: the wall clock (`SystemTime`) and the monotonic one (`Instant`);
//! 2. [`p2_repeat`]: one measurement vs many, the `timeit` analogue;
//! 3. [`p3_position`]: the seed's linear search, time grows with the target's position;
//! 4. [`p4_optimiser`]: a loop that is never run, and `black_box`.
//!
//! Run it with `just lesson 1` (a release build); `--unit-ms` sets the length
//! of the sleep in part 1.

mod p1_clocks;
mod p2_repeat;
mod p3_position;
mod p4_optimiser;

use clap::Parser;
use lesson_01_timing::LIST_LEN;
use workbook::timeit::human;

#[derive(Parser)]
#[command(about = "Lesson 01: clocks, repeated timing, and the optimiser")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() {
    let args = Args::parse();
    let scale = args.common.scale();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "Lesson 01: timing ({profile} build, 1 unit = {})\n",
        human(scale.unit())
    );

    p1_clocks::run(scale);
    let list: Vec<u32> = (0..LIST_LEN).collect();
    p2_repeat::run(&list, args.common.seed);
    p3_position::run(&list);
    p4_optimiser::run();
    if cfg!(debug_assertions) {
        println!("\nThis was a debug build: the optimiser was off, so every time above is");
        println!("slower than it will be for real. Time with `cargo run --release`.");
    }
}
