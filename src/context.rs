//! The run's context: what `report` and `timeline` need to know about this
//! run without every lesson passing it down.
//!
//! A demo calls [`crate::cli::Common::start`] once; it records the time unit,
//! the output width, where figures go and the machine's load here, in a
//! process-wide [`OnceLock`]. The printing helpers read it: a chart fits the
//! width, a measured-vs-ideal line can say "the machine is busy" or "fixed
//! overhead at `--unit-ms 5`". Code that never called `start` (a unit test, a
//! benchmark) reads [`Context::default`]: 100 ms units, 88 columns, no
//! figures, load unknown — so its output does not depend on the machine.

use crate::load::Others;
use crate::timescale::{DEFAULT_UNIT_MS, TimeScale};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The book's code column in characters: captures printed at this width fit
/// the page without scrolling.
pub const DEFAULT_WIDTH: usize = 88;

/// What the printing helpers know about this run.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// The time scale the demo runs at.
    pub scale: TimeScale,
    /// Columns available for a whole printed line.
    pub width: usize,
    /// Where `.print()` writes figures (`--figures DIR`), if anywhere.
    pub figures: Option<PathBuf>,
    /// The 1-minute load average when the demo started, if known. Kept for
    /// callers that print it; nothing blames the machine on it any more (it
    /// counts this run's own threads and lingers for minutes): see `others`.
    pub load: Option<f64>,
    /// Other processes' CPU use ([`crate::load`]): as the run began (the
    /// banner's note), or over the interval a report line is about.
    pub others: Option<Others>,
    /// The cores this process may use.
    pub cores: usize,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            scale: TimeScale::from_millis(DEFAULT_UNIT_MS),
            width: DEFAULT_WIDTH,
            figures: None,
            load: None,
            others: None,
            cores: crate::machine::cores(),
        }
    }
}

impl Context {
    /// Whether other processes used more CPU than a quiet machine allows
    /// ([`crate::load::QUIET`]) over the interval `others` covers. Unknown
    /// is not called busy.
    pub fn busy(&self) -> bool {
        self.others.is_some_and(|others| others.busy())
    }

    /// This context with `others` measured over the last `interval` (the
    /// interval a report line is about), when the run's witness is running
    /// ([`crate::load::watch`]); unchanged otherwise (a unit test, a
    /// benchmark: nothing is then blamed on the machine).
    pub fn witnessed(mut self, interval: std::time::Duration) -> Self {
        if crate::load::watching() {
            self.others = crate::load::over_last(interval);
        }
        self
    }
}

static CONTEXT: OnceLock<Context> = OnceLock::new();

/// Record the context for the rest of the process. The first call wins;
/// a later call returns `false` and changes nothing.
pub fn set(context: Context) -> bool {
    CONTEXT.set(context).is_ok()
}

/// The context recorded by [`set`], or the defaults if nothing was recorded.
pub fn get() -> Context {
    CONTEXT.get().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_means_other_processes_used_the_cpu() {
        let ctx = |cores: Option<f64>, load| Context {
            others: cores.map(|cores| Others {
                cores,
                of: 2,
                over: std::time::Duration::from_secs(1),
            }),
            load,
            cores: 2,
            ..Context::default()
        };
        assert!(ctx(Some(1.2), None).busy());
        assert!(!ctx(Some(0.1), None).busy());
        assert!(!ctx(None, None).busy(), "an unknown load is not called busy");
        assert!(
            !ctx(Some(0.0), Some(950.0)).busy(),
            "a high load average (our own threads, or lingering) is not a busy machine"
        );
    }
}
