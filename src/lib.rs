//! # workbook: the helpers every lesson shares
//!
//! Each lesson of the Rust Concurrency Workbook is a small binary. What they
//! have in common lives here, written once:
//!
//! - [`timescale`]: lessons that fake I/O sleep in *units*, so a demo that
//!   takes 18.5 s in the Python original takes 1.85 s here by default;
//! - [`timeit`]: repeated timing (Python's `timeit`) with min / median / mean /
//!   stddev, and readable durations;
//! - [`timeline`]: tasks record when they ran, from any thread, and the lesson
//!   draws them as bars on one time axis — one chart, or several as the
//!   titled panels of one numbered figure ([`timeline::Panels`]);
//! - [`report`]: one line that puts a measured time beside the ideal it
//!   should approach;
//! - [`probe`]: counts how many tasks run at once, so a test can check *how*
//!   work ran, not only what it returned;
//! - [`watchdog`]: turns a test that hangs (a deadlock) into a test that
//!   fails with a message saying so;
//! - [`cli`]: the command-line options every lesson accepts, and
//!   [`cli::Common::start`], the first call of every demo (banner, load note,
//!   the [`context`] the printing helpers read);
//! - [`context`]: the run's unit, width, figures directory and load;
//! - [`lifecycle`]: a process tied to its launcher (`watch_parent`,
//!   `lifeline`) and the `/proc` watch behind it;
//! - [`machine`]: cores, load, CPU model and date, for notes and captions;
//! - [`load`]: the load witness — CPU time other processes used while a run
//!   (or one measured interval) lasted, for "the machine is busy" and the
//!   captures' `witness:` line (never the 1-minute load average);
//! - [`figure`]: the SVG frame, colours and captions every figure shares;
//! - [`plot`]: speed-up plots (Amdahl's law fitted, up to the cores with
//!   [`plot::Speedup`], a log time axis for a far slower series) and bar
//!   charts as SVG;
//! - [`sync`]: threads and locks that are `std`'s normally and loom's under
//!   `--cfg loom`, so an exercise's races can be model-checked;
//! - [`child`]: a child process that is killed and reaped when dropped, and
//!   the last lines of a failed child's stderr ([`child::stderr_tail`]);
//! - [`python`]: runs a lesson's Python original from a test, with a limit,
//!   and checks the lines it printed;
//! - [`orphans`]: lists the workspace's processes that outlived their parent;
//! - `pool` (feature `rayon`): rayon pools whose threads have names;
//! - [`progress`]: progress bars over long work, one or several at once;
//! - [`lessons`]: where the lessons are, and each one's files: the one
//!   walker of `lessons/` (the workspace's tests and the `learner` tool in
//!   `tools/learner/` both use it; the learner's commands — check, watch,
//!   reset, hint, progress — are that tool's).
//!
//! The crate stays lean on purpose (no async runtime, no HTTP, no plotting
//! crate: figures are hand-written SVG; rayon only behind its feature):
//! lesson 01 builds in seconds, and each later lesson pulls in only what it
//! teaches.

pub mod child;
pub mod cli;
pub mod context;
pub mod figure;
pub mod lessons;
pub mod lifecycle;
pub mod load;
pub mod machine;
pub mod orphans;
pub mod plot;
#[cfg(feature = "rayon")]
pub mod pool;
pub mod probe;
pub mod progress;
pub mod python;
pub mod report;
pub mod sync;
pub mod timeit;
pub mod timeline;
pub mod timescale;
pub mod watchdog;

pub use timescale::TimeScale;
