//! A time scale for demos that fake slow work by sleeping.
//!
//! The Python seeds sleep in seconds ("standup takes 1 s, coffee 10 s"). A
//! learner should not wait 18 s for a demo, so lessons sleep in *units*: one
//! unit is 100 ms by default, and `--unit-ms 1000` gives back the seeds' real
//! seconds. Ratios (sequential ≈ sum, parallel ≈ max) do not depend on the unit.

use std::time::Duration;

/// The default length of one unit in milliseconds: short enough that every
/// demo finishes in a few seconds, long enough that thread start-up (tens of
/// microseconds) is noise beside it.
pub const DEFAULT_UNIT_MS: u64 = 100;

/// How long one unit of fake work lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeScale {
    unit: Duration,
}

impl TimeScale {
    /// A scale where one unit lasts `unit`.
    pub const fn new(unit: Duration) -> Self {
        Self { unit }
    }

    /// A scale where one unit lasts `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        Self::new(Duration::from_millis(ms))
    }

    /// The length of one unit.
    pub const fn unit(&self) -> Duration {
        self.unit
    }

    /// The duration of `n` units (`n` may be fractional: 1.5 units).
    pub fn units(&self, n: f64) -> Duration {
        self.unit.mul_f64(n)
    }

    /// Sleep for `n` units: the stand-in for slow I/O.
    pub fn sleep(&self, n: f64) {
        std::thread::sleep(self.units(n));
    }

    /// How many units `d` is, for printing measured times in the seeds' terms.
    pub fn in_units(&self, d: Duration) -> f64 {
        d.as_secs_f64() / self.unit.as_secs_f64()
    }
}

impl Default for TimeScale {
    fn default() -> Self {
        Self::from_millis(DEFAULT_UNIT_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_unit_is_100_ms() {
        assert_eq!(TimeScale::default().unit(), Duration::from_millis(100));
    }

    #[test]
    fn fractional_units_scale_the_unit() {
        let scale = TimeScale::from_millis(1000);
        assert_eq!(scale.units(1.5), Duration::from_millis(1500));
        assert_eq!(scale.units(0.0), Duration::ZERO);
    }

    #[test]
    fn in_units_inverts_units() {
        let scale = TimeScale::from_millis(40);
        assert!((scale.in_units(scale.units(2.5)) - 2.5).abs() < 1e-9);
    }

    #[test]
    fn sleep_lasts_at_least_the_scaled_time() {
        let scale = TimeScale::from_millis(10);
        let start = std::time::Instant::now();
        scale.sleep(2.0);
        assert!(start.elapsed() >= Duration::from_millis(20));
    }
}
