//! A concurrency probe: how many tasks were inside a section at once?
//!
//! A test that checks only results cannot tell a parallel solution from a
//! sequential one: both return the same numbers. Wrap the work of each task
//! in [`Probe::enter`] and the probe remembers the most tasks that were
//! inside at the same moment. A test can then say "at least two ran at once"
//! (it really was concurrent) or "never more than four" (a limit held).
//!
//! ```
//! use workbook::probe::Probe;
//! let probe = Probe::new();
//! std::thread::scope(|s| {
//!     for _ in 0..3 {
//!         s.spawn(|| {
//!             let _inside = probe.enter();
//!             std::thread::sleep(std::time::Duration::from_millis(50));
//!         });
//!     }
//! });
//! assert_eq!(probe.entered(), 3);
//! assert!(probe.peak() >= 2);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the tasks inside a section now, at most, and in all.
#[derive(Debug, Default)]
pub struct Probe {
    inside: AtomicUsize,
    peak: AtomicUsize,
    entered: AtomicUsize,
}

impl Probe {
    /// A probe that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Mark the calling task as inside until the returned guard is dropped.
    #[must_use = "the task counts as inside only while the guard lives"]
    pub fn enter(&self) -> Inside<'_> {
        // Each counter is a single atomic, so plain read-modify-write
        // operations are enough; no lock is needed.
        let now = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        self.entered.fetch_add(1, Ordering::SeqCst);
        Inside { probe: self }
    }

    /// How many tasks are inside right now.
    pub fn inside(&self) -> usize {
        self.inside.load(Ordering::SeqCst)
    }

    /// The most tasks that were inside at the same time.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// How many times any task entered.
    pub fn entered(&self) -> usize {
        self.entered.load(Ordering::SeqCst)
    }
}

/// Proof that a task is inside the probed section; leaving is dropping it.
#[derive(Debug)]
pub struct Inside<'a> {
    probe: &'a Probe,
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.probe.inside.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn sequential_work_peaks_at_one() {
        let probe = Probe::new();
        for _ in 0..5 {
            let _inside = probe.enter();
        }
        assert_eq!(probe.peak(), 1);
        assert_eq!(probe.entered(), 5);
        assert_eq!(probe.inside(), 0);
    }

    #[test]
    fn parallel_work_peaks_at_the_number_of_threads() {
        let probe = Probe::new();
        // All four threads are inside before any leaves: the barrier makes
        // the overlap certain instead of likely.
        let barrier = Barrier::new(4);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let _inside = probe.enter();
                    barrier.wait();
                });
            }
        });
        assert_eq!(probe.peak(), 4);
        assert_eq!(probe.inside(), 0);
    }

    #[test]
    fn leaving_happens_even_on_panic() {
        let probe = Probe::new();
        let result = std::panic::catch_unwind(|| {
            let _inside = probe.enter();
            panic!("task failed");
        });
        assert!(result.is_err());
        assert_eq!(probe.inside(), 0);
    }
}
