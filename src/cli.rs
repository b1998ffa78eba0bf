//! The command-line options every lesson shares.
//!
//! A lesson's `Args` struct flattens these in, so every demo answers to the
//! same flags: `--unit-ms` (the time scale), `--seed` (random delays and
//! generated data) and, where a lesson runs a pool, `--threads`.
//!
//! ```
//! use clap::Parser;
//! #[derive(Parser)]
//! struct Args {
//!     #[command(flatten)]
//!     common: workbook::cli::Common,
//! }
//! let args = Args::parse_from(["demo", "--unit-ms", "1000"]);
//! assert_eq!(args.common.scale().unit().as_secs(), 1);
//! ```

use crate::timescale::{DEFAULT_UNIT_MS, TimeScale};
use std::fmt::Display;
use std::num::NonZeroUsize;
use std::process::ExitCode;

/// The seed used when none is given, so that every run of a demo, on every
/// machine, draws the same "random" delays and data.
pub const DEFAULT_SEED: u64 = 2024;

/// Options every lesson accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Length of one unit of fake work in milliseconds (1000 = the seeds' real seconds)
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_UNIT_MS,
          value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub unit_ms: u64,

    /// Seed for random delays and generated data: same seed, same run
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
}

impl Common {
    /// The time scale these options ask for.
    pub fn scale(&self) -> TimeScale {
        TimeScale::from_millis(self.unit_ms)
    }
}

/// The `--threads` option of lessons that run a pool of workers.
#[derive(Debug, Clone, clap::Args)]
pub struct Threads {
    /// Worker threads [default: one per core]
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

impl Threads {
    /// The number asked for, or one per core.
    pub fn count(&self) -> usize {
        self.threads.map_or_else(cores, NonZeroUsize::get)
    }
}

/// How many threads can run at once on this machine: Python's
/// `os.cpu_count()`, except that it respects CPU quotas (containers, CI).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// How a lesson's `main` ends: success, or the error printed on stderr as
/// `error: ...` and a failing exit code (no panic, no backtrace).
pub fn exit_code(outcome: Result<(), impl Display>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        threads: Threads,
    }

    #[test]
    fn exit_code_follows_the_outcome() {
        assert_eq!(exit_code(Ok::<(), &str>(())), ExitCode::SUCCESS);
        assert_eq!(exit_code(Err("no such lesson")), ExitCode::FAILURE);
    }

    #[test]
    fn defaults() {
        let args = Args::parse_from(["demo"]);
        assert_eq!(args.common.unit_ms, DEFAULT_UNIT_MS);
        assert_eq!(args.common.seed, DEFAULT_SEED);
        assert_eq!(args.threads.count(), cores());
    }

    #[test]
    fn flags_override_defaults() {
        let args = Args::parse_from(["demo", "--unit-ms", "5", "--seed", "7", "--threads", "3"]);
        assert_eq!(args.common.scale(), TimeScale::from_millis(5));
        assert_eq!(args.common.seed, 7);
        assert_eq!(args.threads.count(), 3);
    }

    #[test]
    fn zero_is_refused_with_a_clear_error() {
        let err = Args::try_parse_from(["demo", "--unit-ms", "0"])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("--unit-ms")));
        let err = Args::try_parse_from(["demo", "--threads", "0"])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("--threads")));
    }
}
