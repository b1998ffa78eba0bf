//! Repeated timing: the workbook's answer to Python's `timeit`.
//!
//! One measurement is a sample of one: the OS may pause the thread, a cache
//! may be cold, the CPU may still be ramping its clock. So we run the code a
//! few times to warm up, then many times more, and summarise. For tiny
//! functions one call is shorter than the clock can resolve, so each sample
//! times a *batch* of calls and divides, as `timeit` does with `number=`.
//!
//! ```
//! use workbook::timeit::Repeat;
//! let stats = Repeat::new(20).batch(100).run(|| (1..=100u64).sum::<u64>());
//! assert_eq!(stats.runs(), 20);
//! assert!(stats.min() <= stats.median());
//! ```

use std::fmt;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How to repeat a measurement: warm-up calls, samples, calls per sample.
#[derive(Debug, Clone, Copy)]
pub struct Repeat {
    warmup: u32,
    runs: u32,
    batch: Batch,
}

#[derive(Debug, Clone, Copy)]
enum Batch {
    /// Exactly this many calls per sample.
    Fixed(u64),
    /// Enough calls that one sample lasts at least this long (`timeit`'s autorange).
    AtLeast(Duration),
}

impl Repeat {
    /// Take `runs` samples of one call each, after three warm-up calls.
    pub fn new(runs: u32) -> Self {
        Self {
            warmup: 3,
            runs: runs.max(1),
            batch: Batch::Fixed(1),
        }
    }

    /// Call the code `n` times, untimed, before measuring.
    pub fn warmup(self, n: u32) -> Self {
        Self { warmup: n, ..self }
    }

    /// Time `calls` calls per sample and report the time of one call.
    pub fn batch(self, calls: u64) -> Self {
        Self {
            batch: Batch::Fixed(calls.max(1)),
            ..self
        }
    }

    /// Choose the calls per sample so that one sample lasts at least `target`
    /// (doubling from 1; Python's `timeit` `autorange` instead tries 1, 2, 5,
    /// 10, 20, 50, … calls until a sample lasts 0.2 s).
    pub fn batch_at_least(self, target: Duration) -> Self {
        Self {
            batch: Batch::AtLeast(target),
            ..self
        }
    }

    /// Run `f` as configured and summarise the time of one call.
    ///
    /// The result of every call goes through [`black_box`], which asks the
    /// optimiser not to delete a call whose result nobody reads (std
    /// documents it as best effort, not a promise: check that the time per
    /// call is plausible for the work).
    pub fn run<T>(&self, mut f: impl FnMut() -> T) -> Stats {
        for _ in 0..self.warmup {
            black_box(f());
        }
        let calls = match self.batch {
            Batch::Fixed(calls) => calls,
            Batch::AtLeast(target) => calibrate(&mut f, target),
        };
        // Each sample keeps the whole batch's time; the division by `calls`
        // happens when a figure is read (in f64 for the `_ns` figures), so a
        // call shorter than a nanosecond is not rounded to 0 or 1 ns.
        let batches = (0..self.runs).map(|_| time_batch(&mut f, calls)).collect();
        Stats::from_batches(batches, calls)
    }
}

/// Time `calls` calls of `f` with the monotonic clock.
fn time_batch<T>(f: &mut impl FnMut() -> T, calls: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(f());
    }
    start.elapsed()
}

/// Double the batch until one batch lasts at least `target`.
fn calibrate<T>(f: &mut impl FnMut() -> T, target: Duration) -> u64 {
    let mut calls = 1;
    while time_batch(f, calls) < target && calls < 1 << 40 {
        calls *= 2;
    }
    calls
}

/// A summary of repeated measurements of one call.
///
/// It keeps each sample as the time of its whole batch and divides by the
/// batch size only when asked: [`Stats::median`] and the other `Duration`
/// figures are whole nanoseconds (a `Duration`'s resolution), while
/// [`Stats::median_ns`] and the other `_ns` figures, and the printed summary,
/// keep the fraction of a nanosecond.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// The time of each sample's whole batch, sorted ascending.
    batches: Vec<Duration>,
    calls_per_sample: u64,
}

impl Stats {
    /// Summarise per-call `samples`, each the mean of `calls_per_sample` calls.
    ///
    /// # Panics
    /// If `samples` is empty: a summary of nothing has no median.
    pub fn from_samples(samples: Vec<Duration>, calls_per_sample: u64) -> Self {
        let calls = calls_per_sample.max(1);
        let batches = samples
            .into_iter()
            .map(|per_call| {
                let nanos = per_call.as_nanos().saturating_mul(u128::from(calls));
                Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
            })
            .collect();
        Self::from_batches(batches, calls)
    }

    /// Summarise `batches`, each the time of `calls_per_sample` calls.
    ///
    /// # Panics
    /// If `batches` is empty: a summary of nothing has no median.
    pub fn from_batches(mut batches: Vec<Duration>, calls_per_sample: u64) -> Self {
        assert!(!batches.is_empty(), "Stats needs at least one sample");
        batches.sort_unstable();
        Self {
            batches,
            calls_per_sample: calls_per_sample.max(1),
        }
    }

    /// How many samples were taken.
    pub fn runs(&self) -> usize {
        self.batches.len()
    }

    /// How many calls each sample timed.
    pub fn calls_per_sample(&self) -> u64 {
        self.calls_per_sample
    }

    /// One call's share of a batch, in (fractional) nanoseconds.
    fn per_call_ns(&self, batch: Duration) -> f64 {
        batch.as_nanos() as f64 / self.calls_per_sample as f64
    }

    /// One call's share of a batch, in whole nanoseconds.
    fn per_call(&self, batch: Duration) -> Duration {
        let nanos = batch.as_nanos() / u128::from(self.calls_per_sample);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }

    /// The fastest sample: the best the code can do when nothing interferes.
    pub fn min(&self) -> Duration {
        self.per_call(self.batches[0])
    }

    /// The slowest sample: shows how bad interference got.
    pub fn max(&self) -> Duration {
        self.per_call(self.batches[self.batches.len() - 1])
    }

    /// The middle sample (the mean of the middle two for an even count): the
    /// figure to quote, since one slow outlier cannot move it.
    pub fn median(&self) -> Duration {
        let n = self.batches.len();
        if !n.is_multiple_of(2) {
            self.per_call(self.batches[n / 2])
        } else {
            self.per_call((self.batches[n / 2 - 1] + self.batches[n / 2]) / 2)
        }
    }

    /// [`Stats::min`] in nanoseconds, with the fraction a `Duration` drops.
    pub fn min_ns(&self) -> f64 {
        self.per_call_ns(self.batches[0])
    }

    /// [`Stats::max`] in nanoseconds, with the fraction a `Duration` drops.
    pub fn max_ns(&self) -> f64 {
        self.per_call_ns(self.batches[self.batches.len() - 1])
    }

    /// [`Stats::median`] in nanoseconds, with the fraction a `Duration` drops.
    pub fn median_ns(&self) -> f64 {
        let n = self.batches.len();
        if !n.is_multiple_of(2) {
            self.per_call_ns(self.batches[n / 2])
        } else {
            (self.per_call_ns(self.batches[n / 2 - 1]) + self.per_call_ns(self.batches[n / 2])) / 2.0
        }
    }

    /// [`Stats::mean`] in nanoseconds.
    pub fn mean_ns(&self) -> f64 {
        let total: f64 = self.batches.iter().map(|&b| self.per_call_ns(b)).sum();
        total / self.batches.len() as f64
    }

    /// [`Stats::stddev`] in nanoseconds.
    pub fn stddev_ns(&self) -> f64 {
        let n = self.batches.len();
        if n < 2 {
            return 0.0;
        }
        let mean = self.mean_ns();
        let squares: f64 = self
            .batches
            .iter()
            .map(|&b| (self.per_call_ns(b) - mean).powi(2))
            .sum();
        (squares / (n - 1) as f64).sqrt()
    }

    /// The arithmetic mean: pulled up by every outlier.
    pub fn mean(&self) -> Duration {
        Duration::from_secs_f64(self.mean_ns() / 1e9)
    }

    /// The sample standard deviation (n − 1 in the denominator, as Python's
    /// `statistics.stdev`); zero for a single sample.
    pub fn stddev(&self) -> Duration {
        Duration::from_secs_f64(self.stddev_ns() / 1e9)
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "median {} (min {}, mean {} ± {}, max {}; {} runs × {} call{})",
            human_ns(self.median_ns()),
            human_ns(self.min_ns()),
            human_ns(self.mean_ns()),
            human_ns(self.stddev_ns()),
            human_ns(self.max_ns()),
            self.runs(),
            self.calls_per_sample,
            if self.calls_per_sample == 1 { "" } else { "s" }
        )
    }
}

/// A duration in the unit that suits it, with three significant digits:
/// `812 ns`, `4.27 µs`, `15.3 ms`, `1.85 s`.
pub fn human(d: Duration) -> String {
    human_ns(d.as_secs_f64() * 1e9)
}

/// [`human`] for a time in (fractional) nanoseconds, such as
/// [`Stats::median_ns`]: `0.42 ns`, `3.10 ns`.
pub fn human_ns(ns: f64) -> String {
    // Pick the unit by the value as it will be printed (rounded to three
    // significant digits), so that 999.6 ms prints as 1.00 s, not 1000 ms.
    let rounded = |limit: f64| ns < limit * 0.9995;
    let (value, unit) = if rounded(1e3) {
        (ns, "ns")
    } else if rounded(1e6) {
        (ns / 1e3, "µs")
    } else if rounded(1e9) {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.decimals$} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn summary_of_known_samples() {
        let stats = Stats::from_samples(vec![ms(4), ms(1), ms(3), ms(2)], 1);
        assert_eq!(stats.min(), ms(1));
        assert_eq!(stats.max(), ms(4));
        assert_eq!(stats.median(), Duration::from_micros(2500));
        assert_eq!(stats.mean(), Duration::from_micros(2500));
        // Sample stddev of 1, 2, 3, 4 ms is sqrt(5/3) ms ≈ 1.291 ms.
        let sd = stats.stddev().as_secs_f64() * 1e3;
        assert!((sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-6, "stddev {sd} ms");
    }

    #[test]
    fn median_ignores_an_outlier_that_moves_the_mean() {
        let stats = Stats::from_samples(vec![ms(1), ms(1), ms(1), ms(1), ms(100)], 1);
        assert_eq!(stats.median(), ms(1));
        assert!(stats.mean() > ms(20));
    }

    #[test]
    fn single_sample_has_zero_stddev() {
        let stats = Stats::from_samples(vec![ms(7)], 1);
        assert_eq!(stats.stddev(), Duration::ZERO);
        assert_eq!(stats.median(), ms(7));
    }

    #[test]
    #[should_panic(expected = "at least one sample")]
    fn empty_samples_are_refused() {
        Stats::from_samples(Vec::new(), 1);
    }

    #[test]
    fn repeat_calls_warmup_plus_runs_times_batch() {
        let mut calls = 0;
        let stats = Repeat::new(5).warmup(2).batch(10).run(|| calls += 1);
        assert_eq!(calls, 2 + 5 * 10);
        assert_eq!(stats.runs(), 5);
        assert_eq!(stats.calls_per_sample(), 10);
    }

    #[test]
    fn repeat_measures_per_call_time() {
        let stats = Repeat::new(3)
            .warmup(0)
            .batch(2)
            .run(|| std::thread::sleep(ms(5)));
        assert!(stats.min() >= ms(5), "one call sleeps 5 ms: {stats}");
        assert!(stats.min() < ms(10), "per call, not per batch: {stats}");
    }

    #[test]
    fn autorange_batches_until_a_sample_is_long_enough() {
        let stats = Repeat::new(2).batch_at_least(ms(2)).run(|| black_box(1 + 1));
        assert!(stats.calls_per_sample() > 1);
    }

    #[test]
    fn a_call_shorter_than_a_nanosecond_keeps_its_fraction() {
        // 1,000 calls in 420 ns: 0.42 ns a call, which whole-nanosecond
        // division would print as 0.00 ns.
        let stats = Stats::from_batches(vec![Duration::from_nanos(420); 3], 1_000);
        assert!((stats.median_ns() - 0.42).abs() < 1e-12, "{}", stats.median_ns());
        assert!(stats.to_string().starts_with("median 0.42 ns"), "{stats}");
        assert_eq!(
            stats.median(),
            Duration::ZERO,
            "a Duration holds whole nanoseconds"
        );
    }

    #[test]
    fn human_picks_the_unit() {
        assert_eq!(human_ns(0.4237), "0.42 ns");
        assert_eq!(human(Duration::from_nanos(812)), "812 ns");
        assert_eq!(human(Duration::from_nanos(4_270)), "4.27 µs");
        assert_eq!(human(Duration::from_micros(15_300)), "15.3 ms");
        assert_eq!(human(ms(1850)), "1.85 s");
        assert_eq!(human(Duration::from_micros(999_600)), "1.00 s", "not 1000 ms");
        assert_eq!(human(Duration::from_nanos(999)), "999 ns");
    }
}
