//! The command-line options every lesson shares.
//!
//! A lesson's `Args` struct flattens these in, so every demo answers to the
//! same flags: `--unit-ms` (the time scale), `--seed` (random delays and
//! generated data), `--width` (the columns a chart may use), `--figures`
//! (write the charts as SVG too) and, where a lesson runs a pool,
//! `--threads`. A demo calls [`Common::start`] first: it prints the banner and
//! records these settings for the printing helpers (see [`crate::context`]).
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

use crate::context::{self, Context, DEFAULT_WIDTH};
use crate::machine::cores;
use crate::timeit::human;
use crate::timescale::{DEFAULT_UNIT_MS, TimeScale};
use std::fmt::Display;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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

    /// Columns a printed line may use (0 = the terminal's $COLUMNS)
    #[arg(long, value_name = "COLS", default_value_t = DEFAULT_WIDTH)]
    pub width: usize,

    /// Also write each chart as DIR/NAME.svg with a caption DIR/NAME.txt
    #[arg(long, value_name = "DIR")]
    pub figures: Option<PathBuf>,
}

impl Common {
    /// The time scale these options ask for.
    pub fn scale(&self) -> TimeScale {
        TimeScale::from_millis(self.unit_ms)
    }

    /// The columns a printed line may use: `--width`, where 0 means the
    /// terminal's `$COLUMNS` (or 88 when the shell does not export it).
    /// Never fewer than 40, so a chart always has room for its bars.
    pub fn columns(&self) -> usize {
        let width = match self.width {
            0 => std::env::var("COLUMNS")
                .ok()
                .and_then(|cols| cols.trim().parse().ok())
                .unwrap_or(DEFAULT_WIDTH),
            cols => cols,
        };
        width.max(40)
    }

    /// Begin a demo: print the banner `"{title} (1 unit = 100 ms, release
    /// build)"`, a note if other processes were using the CPU in the 0.2 s
    /// before it began ([`crate::load`]; never the load average; the note says
    /// it is a reading of before the run, not the run's witness), record the
    /// settings for `report` and `timeline`, and end the process if its
    /// launcher dies ([`crate::lifecycle::watch_parent`]). Returns the time scale. Call it once,
    /// first thing in `main`; a second call prints again but changes nothing.
    pub fn start(&self, title: &str) -> TimeScale {
        // The run's load witness: from here on, report lines and captions
        // can say what other processes took while we ran.
        crate::load::watch();
        let context = Context {
            scale: self.scale(),
            width: self.columns(),
            figures: self.figures.clone(),
            load: crate::machine::load(),
            others: crate::load::measure(BANNER_WINDOW),
            cores: cores(),
        };
        print!("{}", banner(title, &context, cfg!(debug_assertions)));
        context::set(context);
        crate::lifecycle::watch_parent();
        self.scale()
    }
}

/// How long `start` watches other processes before the demo begins.
const BANNER_WINDOW: Duration = Duration::from_millis(200);

/// The lines `start` prints, ending with a blank line.
fn banner(title: &str, context: &Context, debug: bool) -> String {
    let profile = if debug { "debug" } else { "release" };
    let mut text = format!(
        "{title} (1 unit = {}, {profile} build)\n",
        human(context.scale.unit())
    );
    if debug {
        text += "note: a debug build runs without the optimiser: CPU-bound times \
                 are slower than\n      they will be; time with --release \
                 (`just lesson N` does)\n";
    }
    if let (true, Some(others)) = (context.busy(), context.others) {
        // A reading of the moment before the run, not of the run: each
        // stray's own line judges the machine over its own interval.
        text += &format!(
            "note: in the {:.1} s before this run, {others}:\n      timings may stray \
             (a stray's own line says what they used while it ran)\n",
            others.over.as_secs_f64()
        );
    }
    text + "\n"
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

    /// A context whose witness says other processes used `others` cores.
    fn context(unit_ms: u64, others: Option<f64>) -> Context {
        Context {
            scale: TimeScale::from_millis(unit_ms),
            others: others.map(|cores| crate::load::Others {
                cores,
                of: 2,
                over: BANNER_WINDOW,
            }),
            cores: 2,
            ..Context::default()
        }
    }

    #[test]
    fn the_banner_names_the_unit_and_the_build() {
        let text = banner("Lesson 02: threads", &context(100, Some(0.1)), false);
        assert_eq!(text, "Lesson 02: threads (1 unit = 100 ms, release build)\n\n");
        let text = banner("Lesson 02: threads", &context(100, None), true);
        assert!(text.starts_with("Lesson 02: threads (1 unit = 100 ms, debug build)\n"));
        assert!(text.contains("without the optimiser"), "{text}");
    }

    #[test]
    fn the_banner_notes_a_busy_machine() {
        let text = banner("Lesson 01", &context(5, Some(1.614)), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1..3],
            [
                "note: in the 0.2 s before this run, other processes used 1.61 of 2 cores:",
                "      timings may stray (a stray's own line says what they used while it ran)"
            ],
            "the note says when it was measured: before the run, not during it"
        );
        let quiet = banner("Lesson 01", &context(5, Some(0.1)), false);
        assert_eq!(quiet.lines().count(), 2, "a quiet machine gets no note: {quiet}");
        assert_eq!(text.lines().count(), 4, "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 88, "{line}");
        }
    }

    #[test]
    fn width_and_figures() {
        let args = Args::parse_from(["demo"]);
        assert_eq!(args.common.columns(), 88);
        assert_eq!(args.common.figures, None);
        let args = Args::parse_from(["demo", "--width", "120", "--figures", "out"]);
        assert_eq!(args.common.columns(), 120);
        assert_eq!(args.common.figures, Some(PathBuf::from("out")));
        let args = Args::parse_from(["demo", "--width", "12"]);
        assert_eq!(args.common.columns(), 40, "never narrower than 40");
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
