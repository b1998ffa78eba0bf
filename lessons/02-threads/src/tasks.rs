//! The fake I/O task of seed 002, shared by parts 1 and 2: it "waits for a
//! database" for a random 1–3 units and records itself on a timeline.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::time::Duration;
use workbook::TimeScale;
use workbook::timeline::Timeline;

/// `n` delays of 1 to 3 units, the same for the same seed.
pub fn random_delays(seed: u64, n: usize) -> Vec<u32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| rng.random_range(1..=3)).collect()
}

/// Sleep `units` (the I/O wait) as task `id`, recorded on `timeline`, and
/// return a result naming the task, like seed 002's `io_task_with_return`.
pub fn io_task(id: usize, units: u32, scale: TimeScale, timeline: &Timeline) -> String {
    timeline.record(format!("task {id} ({units} u)"), || scale.sleep(units.into()));
    format!("result {id}")
}

/// What `delays` take one after another: their sum.
pub fn sum(delays: &[u32], scale: TimeScale) -> Duration {
    scale.units(delays.iter().sum::<u32>().into())
}

/// What `delays` take all at once: the longest.
pub fn longest(delays: &[u32], scale: TimeScale) -> Duration {
    scale.units(delays.iter().copied().max().unwrap_or(0).into())
}
