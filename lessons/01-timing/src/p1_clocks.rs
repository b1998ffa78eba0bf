//! Part 1 of lesson 01: the two clocks. The wall clock (`SystemTime`,
//! Python's `time.time()`) tells the date and can jump; the monotonic clock
//! (`Instant`, Python's `time.perf_counter()`) only measures intervals, and
//! never goes back. Both time the same sleep.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;

/// What each clock is for, how fine it ticks, and a sleep on both.
pub fn run(scale: TimeScale) {
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
        "   smallest step seen: SystemTime {}, Instant {} (the cost of a reading)",
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
        measured_vs_ideal("sleep(1 unit), Instant", monotonic, scale.unit(), "one unit")
    );
    println!(
        "   {}",
        measured_vs_ideal("sleep(1 unit), SystemTime", wall, scale.unit(), "one unit")
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
