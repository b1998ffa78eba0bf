//! Lesson 01: timing. How to measure how long code takes, and how not to.
//!
//! 1. the two clocks: wall (`SystemTime`) and monotonic (`Instant`);
//! 2. one measurement vs many: the `timeit` analogue from the workbook crate;
//! 3. the seed's linear search: time grows with the target's position;
//! 4. the optimiser pitfall: a loop that is never run, and `black_box`.
//!
//! Run it with `just lesson 1` (a release build); `--unit-ms` sets the length
//! of the sleep in part 1.

use clap::Parser;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use workbook::TimeScale;
use workbook::report::{grouped, measured_vs_ideal};
use workbook::timeit::{Repeat, human};

use lesson_01_timing::linear_search;

#[derive(Parser)]
#[command(about = "Lesson 01: clocks, repeated timing, and the optimiser")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

/// The seed's list: the numbers 0..10,000.
const LIST_LEN: u32 = 10_000;

/// Part 4 sums 0..SUM_TO, the seed's 100 million. A debug build has no
/// optimiser and runs every loop at 10–17 ns a number, so it sums fewer.
const SUM_TO: u64 = if cfg!(debug_assertions) {
    1_000_000
} else {
    100_000_000
};

/// Samples per variant in part 4.
const RUNS: u32 = 5;

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

    two_clocks(scale);
    let list: Vec<u32> = (0..LIST_LEN).collect();
    one_shot_vs_repeated(&list, args.common.seed);
    time_grows_with_position(&list);
    optimiser_pitfall();
    if cfg!(debug_assertions) {
        println!("\nThis was a debug build: the optimiser was off, so every time above is");
        println!("slower than it will be for real. Time with `cargo run --release`.");
    }
}

/// Part 1: what each clock is for, how fine it ticks, and a sleep on both.
fn two_clocks(scale: TimeScale) {
    println!("1. Two clocks");
    // ANCHOR: wall_clock
    // The wall clock: a date, seconds since 1970 (Python's `time.time()`).
    // It can be set back by NTP or by hand, so durations from it can lie.
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("this machine's clock is set after 1970");
    println!(
        "   wall clock: {:.6} s since 1970-01-01 UTC",
        since_epoch.as_secs_f64()
    );
    // ANCHOR_END: wall_clock

    println!(
        "   smallest step seen: SystemTime {}, Instant {} (about the cost of one reading)",
        human(smallest_step(SystemTime::now, |a, b| b
            .duration_since(a)
            .unwrap_or_default())),
        human(smallest_step(Instant::now, |a, b| b.duration_since(a))),
    );

    // ANCHOR: sleep_both_clocks
    // The monotonic clock (Python's `time.perf_counter()`): no date, only
    // differences, and it never goes backwards. Measure intervals with it.
    let wall_start = SystemTime::now();
    let start = Instant::now();
    scale.sleep(1.0);
    let monotonic = start.elapsed();
    let wall = wall_start.elapsed().unwrap_or_default(); // Err: went backwards
    // ANCHOR_END: sleep_both_clocks
    println!(
        "   {}",
        measured_vs_ideal("sleep(1 unit) on Instant", monotonic, scale.unit(), "one unit")
    );
    println!(
        "   {}",
        measured_vs_ideal("sleep(1 unit) on SystemTime", wall, scale.unit(), "one unit")
    );
    println!("   (a sleep lasts *at least* its time: the OS wakes the thread a little late)\n");
}

/// The smallest non-zero difference between back-to-back readings of a clock.
fn smallest_step<T: Copy>(now: impl Fn() -> T, between: impl Fn(T, T) -> Duration) -> Duration {
    (0..10_000)
        .map(|_| {
            let first = now();
            // Read until the clock moves, then note by how much it moved.
            loop {
                let step = between(first, now());
                if !step.is_zero() {
                    break step;
                }
            }
        })
        .min()
        .unwrap_or_default()
}

/// Part 2: a single timing is a sample of one; repeat and summarise instead.
fn one_shot_vs_repeated(list: &[u32], seed: u64) {
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
    println!("   repeated (Python's timeit): {stats}");

    // The seed searched for a random target each time: the spread then mixes
    // the machine's noise with the input's. Same seed, same targets.
    let mut targets: Vec<u32> = (0..LIST_LEN).collect();
    targets.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut next = targets.iter().cycle();
    let random = Repeat::new(100).run(|| linear_search(list, *next.next().unwrap_or(&0)));
    println!("   random targets, as the seed did: {random}");
    println!("   quote the median: an unlucky pause moves the mean, not the median\n");
}

/// Part 3: time ∝ position, so the middle should take half the time of the end.
fn time_grows_with_position(list: &[u32]) {
    println!("3. Linear search time grows with the target's position (medians)");
    let median_for = |target: u32| {
        Repeat::new(50)
            .batch_at_least(Duration::from_millis(1))
            .run(|| linear_search(black_box(list), black_box(target)))
            .median()
    };
    let (first, middle, last, missing) = (0, LIST_LEN / 2, LIST_LEN - 1, LIST_LEN);
    let last_time = median_for(last);
    println!(
        "   {:<30} {:>9}",
        format!("first ({first})"),
        human(median_for(first))
    );
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("middle ({middle})"),
            median_for(middle),
            last_time / 2,
            "half the last"
        )
    );
    println!("   {:<30} {:>9}", format!("last ({last})"), human(last_time));
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("missing ({missing})"),
            median_for(missing),
            last_time,
            "same as the last"
        )
    );
    println!();
}

/// Part 4: without `black_box`, the optimiser may delete the work you time.
fn optimiser_pitfall() {
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
    println!(
        "   {:<30} {:>9}   {}",
        "(a) constant bound",
        human(folded.median()),
        why("(worked out while compiling)")
    );
    println!(
        "   {:<30} {:>9}   {}",
        "(b) black_box(bound)",
        human(formula.median()),
        why("(the loop became a formula)")
    );
    let per_number = real.median().as_secs_f64() * 1e9 / SUM_TO as f64;
    println!(
        "   {:<30} {:>9}   ({per_number:.2} ns per number: the real loop)",
        "(c) black_box(every number)",
        human(real.median())
    );
    let sum = (0..SUM_TO).map(black_box).sum::<u64>();
    println!(
        "   the sum is {}; n(n-1)/2 = {}",
        grouped(sum),
        grouped(SUM_TO * (SUM_TO - 1) / 2)
    );
    println!("   CPython's sum(range(100_000_000)) always runs the real loop: about 1.3 s.");
}
