//! Seed 002's CPU task, `sum(range(n))`, in Rust, and the spans the module
//! records while it runs, so that the demo can draw who ran when.
//!
//! Nothing here knows about Python: the module (`src/module/`) decides
//! whether the GIL is held around these functions; they only compute and
//! record.

use std::hint::black_box;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

// ANCHOR: sum_below
/// `sum(range(n))`: every number below `n`, added one at a time.
/// `black_box` keeps the loop a loop: without it, the optimiser replaces
/// it with the closed form `n(n-1)/2` and there is no work left to see.
pub fn sum_below(n: u64) -> u64 {
    (0..n).fold(0u64, |sum, i| sum.wrapping_add(black_box(i)))
}
// ANCHOR_END: sum_below

// ANCHOR: sum_parallel
/// The same sum split into `parts` ranges added on rayon's pool `pool`,
/// each range recorded as a span named `task`. The parts' sums are
/// integers: added in any order, the total is the same.
pub fn sum_parallel(n: u64, parts: u64, pool: &rayon::ThreadPool, task: &str) -> u64 {
    use rayon::prelude::*;
    let parts = parts.max(1);
    pool.install(|| {
        (0..parts)
            .into_par_iter()
            .map(|k| {
                let (from, to) = (n * k / parts, n * (k + 1) / parts);
                record(task, &workbook::timeline::current_worker(), || {
                    (from..to).fold(0u64, |sum, i| sum.wrapping_add(black_box(i)))
                })
            })
            .reduce(|| 0, u64::wrapping_add)
    })
}
// ANCHOR_END: sum_parallel

/// One span: what ran, on which worker, from when to when (seconds since
/// the first span this process recorded).
pub type Span = (String, String, f64, f64);

static SPANS: Mutex<Vec<Span>> = Mutex::new(Vec::new());
static ORIGIN: OnceLock<Instant> = OnceLock::new();

/// Run `work`, recording it as a span of `task` on `worker`.
pub fn record<T>(task: &str, worker: &str, work: impl FnOnce() -> T) -> T {
    let origin = *ORIGIN.get_or_init(Instant::now);
    let start = origin.elapsed().as_secs_f64();
    let result = work();
    let end = origin.elapsed().as_secs_f64();
    // A panic elsewhere cannot leave a half-pushed Vec: take a poisoned lock.
    let mut spans = SPANS.lock().unwrap_or_else(|e| e.into_inner());
    spans.push((task.to_string(), worker.to_string(), start, end));
    result
}

/// Every span recorded since the last call, in the order they ended.
pub fn take_spans() -> Vec<Span> {
    std::mem::take(&mut *SPANS.lock().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sums_are_the_closed_form() {
        let pool = workbook::pool::builder("sum", 2).build().expect("a pool");
        for n in [0, 1, 10, 12_345] {
            assert_eq!(sum_below(n), n * n.saturating_sub(1) / 2, "sum(range({n}))");
            assert_eq!(
                sum_parallel(n, 3, &pool, "t"),
                sum_below(n),
                "3 parts of range({n})"
            );
        }
        assert!(take_spans().len() >= 3, "each part records a span");
    }
}
