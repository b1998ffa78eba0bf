//! Part 4 of lesson 01: the optimiser pitfall. A loop whose answer the
//! compiler can work out is not run at all; `black_box` stops it from
//! knowing, so the time measured is the time of the real loop.

use std::hint::black_box;
use workbook::report::{grouped, row};
use workbook::timeit::{Repeat, human};

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
    let why = |release_note: &'static str| {
        if cfg!(debug_assertions) {
            "(debug build: the loop ran)"
        } else {
            release_note
        }
    };
    let folded = human(folded.median());
    println!(
        "   {}",
        row("(a) constant bound", &folded, why("(worked out while compiling)"))
    );
    let formula = human(formula.median());
    println!(
        "   {}",
        row(
            "(b) black_box(bound)",
            &formula,
            why("(the loop became a formula)")
        )
    );
    let per_number = real.median().as_secs_f64() * 1e9 / SUM_TO as f64;
    let note = format!("({per_number:.2} ns per number: the real loop)");
    println!(
        "   {}",
        row("(c) black_box(each number)", &human(real.median()), &note)
    );
    let sum = (0..SUM_TO).map(black_box).sum::<u64>();
    println!(
        "   the sum is {}; n(n-1)/2 = {}",
        grouped(sum),
        grouped(SUM_TO * (SUM_TO - 1) / 2)
    );
    println!("   CPython runs the real loop every time: see python/sum_range.py");
}
