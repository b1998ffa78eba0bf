//! Part 4 of lesson 01: the optimiser pitfall. A loop whose answer the
//! compiler can work out is not run at all; `black_box` stops it from
//! knowing, so the time measured is the time of the real loop.

use std::hint::black_box;
use workbook::report::{grouped, row};
use workbook::timeit::{Repeat, Stats, human_ns};

/// The sum of 0..SUM_TO, the seed's 100 million. A debug build has no
/// optimiser and runs every loop at 10–17 ns a number, so it sums fewer.
const SUM_TO: u64 = if cfg!(debug_assertions) {
    1_000_000
} else {
    100_000_000
};

/// Samples per variant.
const RUNS: u32 = 5;

/// Without `black_box`, the optimiser may delete the work you time.
pub fn run() {
    println!("4. The optimiser pitfall: the sum of 0..{}", grouped(SUM_TO));
    // ANCHOR: pitfall
    // (a) The bound is a constant: in release builds the compiler does the
    //     sum while compiling, and the "loop" costs nothing at run time.
    let folded = Repeat::new(RUNS).run(|| (0..SUM_TO).sum::<u64>());
    // (b) black_box hides the bound, but the optimiser still knows the
    //     formula n(n-1)/2 for this loop and uses it instead of looping.
    let formula = Repeat::new(RUNS).run(|| (0..black_box(SUM_TO)).sum::<u64>());
    // (c) black_box on every number: now each addition really happens.
    let real = Repeat::new(RUNS).run(|| (0..SUM_TO).map(black_box).sum::<u64>());
    // ANCHOR_END: pitfall
    // The check that catches a deleted loop: divide the time by the work.
    // Less than a CPU cycle (~0.3 ns) per number means no loop ran.
    // `black_box` is only a hint (std calls it best effort), so this
    // division, not the `black_box`, is what tells you the work happened.
    let per_number = |stats: &Stats| stats.median_ns() / SUM_TO as f64;
    let why = |stats: &Stats, release_note: &str| {
        let per = per_number(stats);
        if cfg!(debug_assertions) {
            format!("({per:.2} ns/number: debug build, the loop ran)")
        } else if per < 0.1 {
            format!("({per:.0e} ns/number: {release_note})")
        } else {
            format!("({per:.2} ns/number: the real loop)")
        }
    };
    println!(
        "   {}",
        row(
            "(a) constant bound",
            &human_ns(folded.median_ns()),
            &why(&folded, "worked out while compiling")
        )
    );
    println!(
        "   {}",
        row(
            "(b) black_box(bound)",
            &human_ns(formula.median_ns()),
            &why(&formula, "the loop became a formula")
        )
    );
    println!(
        "   {}",
        row(
            "(c) black_box(each number)",
            &human_ns(real.median_ns()),
            &why(&real, "")
        )
    );
    let sum = (0..SUM_TO).map(black_box).sum::<u64>();
    println!(
        "   the sum is {}; n(n-1)/2 = {}",
        grouped(sum),
        grouped(SUM_TO * (SUM_TO - 1) / 2)
    );
    println!("   CPython runs the real loop every time: see python/sum_range.py");
}
