//! Part 3 of lesson 01: the seed's linear search takes time in proportion to
//! the target's position, so the middle should take half as long as the end,
//! and a missing number as long as the last.
//!
//! The four targets are timed in turns, five rounds of them, and each gets
//! the median of its rounds: a burst of load from another program then
//! slows one round of every target, not every sample of one target.

use lesson_01_timing::{LIST_LEN, linear_search};
use std::hint::black_box;
use std::time::Duration;
use workbook::report::{measured_vs_ideal, row};
use workbook::timeit::{Repeat, human, human_ns};

/// Rounds of the four targets, taken in turns.
const ROUNDS: usize = 5;

/// Time ∝ position, so the middle should take half the time of the end.
pub fn run(list: &[u32]) {
    println!("3. Linear search time grows with the target's position (medians)");
    let targets = [0, LIST_LEN / 2, LIST_LEN - 1, LIST_LEN];
    // Medians in fractional nanoseconds: the first search takes about a
    // nanosecond, and a `Duration` would round it to a whole one.
    let [first, middle, last, missing] = medians_in_turns(list, targets);
    let time = |ns: f64| Duration::from_secs_f64(ns / 1e9);
    let (middle, last, missing) = (time(middle), time(last), time(missing));
    // `row` puts a time with no ideal in the same columns as the others.
    let label = format!("first ({})", targets[0]);
    println!("   {}", row(&label, &human_ns(first), ""));
    let label = format!("middle ({})", targets[1]);
    println!(
        "   {}",
        measured_vs_ideal(&label, middle, last / 2, "half the last")
    );
    let label = format!("last ({})", targets[2]);
    println!("   {}", row(&label, &human(last), ""));
    let label = format!("missing ({})", targets[3]);
    println!(
        "   {}",
        measured_vs_ideal(&label, missing, last, "same as the last")
    );
    println!();
}

/// For each target, the median over [`ROUNDS`] rounds of the median time of
/// one search in nanoseconds, the targets taking turns within each round.
fn medians_in_turns(list: &[u32], targets: [u32; 4]) -> [f64; 4] {
    let mut rounds: [Vec<f64>; 4] = Default::default();
    for _ in 0..ROUNDS {
        for (times, &target) in rounds.iter_mut().zip(&targets) {
            let stats = Repeat::new(20)
                .batch_at_least(Duration::from_millis(1))
                .run(|| linear_search(black_box(list), black_box(target)));
            times.push(stats.median_ns());
        }
    }
    rounds.map(|mut times| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    })
}
