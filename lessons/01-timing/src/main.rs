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

#[derive(Parser)]
#[command(about = "Lesson 01: clocks, repeated timing, and the optimiser")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() {
    let args = Args::parse();
    let scale = args.common.start("Lesson 01: timing");

    p1_clocks::run(scale);
    let list: Vec<u32> = (0..LIST_LEN).collect();
    p2_repeat::run(&list, args.common.seed);
    p3_position::run(&list);
    p4_optimiser::run();
}
