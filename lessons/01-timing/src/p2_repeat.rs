//! Part 2 of lesson 01: one measurement against many. Five one-shot timings
//! of the same search disagree; `Repeat` (the workbook's `timeit`) takes
//! many samples, each a batch of calls, and reports their spread.

use lesson_01_timing::LIST_LEN;
use lesson_01_timing::linear_search;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::hint::black_box;
use std::time::Instant;
use workbook::report::grouped;
use workbook::timeit::{Repeat, Stats, human, human_ns};

/// A single timing is a sample of one; repeat and summarise instead.
pub fn run(list: &[u32], seed: u64) {
    println!(
        "2. One measurement vs many: linear search in {} numbers",
        grouped(LIST_LEN.into())
    );
    let last = LIST_LEN - 1;
    // ANCHOR: one_shot
    let one_shots: Vec<String> = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(linear_search(black_box(list), black_box(last)));
            human(start.elapsed())
        })
        .collect();
    // ANCHOR_END: one_shot
    println!("   five one-shot timings, same search: {}", one_shots.join(", "));

    // ANCHOR: repeated
    let stats = Repeat::new(100)
        .batch(100)
        .run(|| linear_search(black_box(list), black_box(last)));
    // ANCHOR_END: repeated
    println!("   repeated (Python's timeit), {}", spread(&stats));

    // The seed searched for a random target each time: the spread then mixes
    // the machine's noise with the input's. Same seed, same targets.
    let mut targets: Vec<u32> = (0..LIST_LEN).collect();
    targets.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut next = targets.iter().cycle();
    let random = Repeat::new(100).run(|| linear_search(list, *next.next().unwrap_or(&0)));
    println!("   random targets, as the seed did, {}", spread(&random));
    println!("   quote the median: an unlucky pause moves the mean, not the median\n");
}

/// A summary on two lines that fit the book's column: how it was sampled,
/// then the median first (the figure to quote) and the spread after it.
fn spread(stats: &Stats) -> String {
    let calls = stats.calls_per_sample();
    format!(
        "{} runs × {calls} call{}:\n      median {}, min {}, max {}, mean {} ± {}",
        stats.runs(),
        if calls == 1 { "" } else { "s" },
        human_ns(stats.median_ns()),
        human_ns(stats.min_ns()),
        human_ns(stats.max_ns()),
        human_ns(stats.mean_ns()),
        human_ns(stats.stddev_ns()),
    )
}
