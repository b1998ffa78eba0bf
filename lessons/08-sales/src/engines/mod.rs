//! The five engines. Each reads the same files and returns the same
//! [`Report`], byte for byte; they differ in how they split the work.
//!
//! | engine | splits the work into | runs the pieces on |
//! |---|---|---|
//! | `sequential` | files, one after another | the main thread |
//! | `threads` | batches of files (lesson 07) | one `std::thread` per batch: the seed's design |
//! | `rayon` | files | rayon's pool, by work stealing |
//! | `chunks` | byte ranges of each file | rayon's pool, with a byte-level parser |
//! | `processes` | batches of files | one worker process per batch: the seed's literal port |

pub mod chunks;
pub mod processes;
pub mod rayon_files;
pub mod sequential;
pub mod threads;

use crate::error::Error;
use crate::machinery::dataset::Dataset;
use crate::report::Report;
use crate::rows::OnBadRow;
use std::path::Path;
use std::time::{Duration, Instant};
pub use workbook::progress::Bars as Progress;
use workbook::timeline::Timeline;

/// Which engine to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// One file after another, with the csv crate.
    Sequential,
    /// Lesson 07's batches, one thread each.
    Threads,
    /// Files in parallel on rayon's pool.
    Rayon,
    /// Byte ranges of every file in parallel, with a byte-level parser.
    Chunks,
    /// Lesson 07's batches, one worker process each.
    Processes,
}

impl Engine {
    /// Every engine, simplest first.
    pub const ALL: [Engine; 5] = [
        Engine::Sequential,
        Engine::Threads,
        Engine::Rayon,
        Engine::Chunks,
        Engine::Processes,
    ];

    /// The engine's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sequential => "sequential",
            Engine::Threads => "threads",
            Engine::Rayon => "rayon",
            Engine::Chunks => "chunks",
            Engine::Processes => "processes",
        }
    }

    /// How many threads or processes it runs with these options.
    pub fn workers(self, options: &Options) -> usize {
        match self {
            Engine::Sequential => 1,
            Engine::Threads | Engine::Processes => options.batches,
            Engine::Rayon | Engine::Chunks => options.threads,
        }
    }

    // ANCHOR: run
    /// Run this engine over the files of `job`.
    pub fn run(self, job: &Job) -> Result<Report, Error> {
        match self {
            Engine::Sequential => sequential::run(job),
            Engine::Threads => threads::run(job),
            Engine::Rayon => rayon_files::run(job),
            Engine::Chunks => chunks::run(job),
            Engine::Processes => processes::run(job),
        }
    }
    // ANCHOR_END: run
}

/// How to run an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Threads of the rayon pool (`rayon`, `chunks`).
    pub threads: usize,
    /// Batches of files, one thread or process each (`threads`, `processes`).
    pub batches: usize,
    /// Stop at a bad row, or skip and count it.
    pub on_bad_row: OnBadRow,
    /// The size of the byte ranges of the `chunks` engine.
    pub chunk_bytes: usize,
}

// ANCHOR: memory_bound
/// The longest row any engine reads: 1 MiB (a sales row is about 100
/// bytes). A longer row stops the run with [`Error::RowTooLong`], naming
/// the file, the line, the row's length and this limit. Without a limit a
/// file with no line break (a header and then 2 GB of anything) is one
/// row, and reading it whole takes memory in proportion to the file.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The most memory one row can take while it is read, per byte of row:
/// its bytes (in a buffer that grows by doubling: 2), and an index of its
/// fields, up to 48 bytes a field when every byte of the row is a comma.
pub const ROW_COST: u64 = 64;

impl Engine {
    /// The most memory this engine's reading may take, in bytes, in any
    /// one process, beyond what the program takes to start: one row at
    /// most per reading thread, and for `chunks` one range window too
    /// (its range and the rest of its last row, in a buffer that grows by
    /// doubling: up to twice that). It depends on the
    /// threads and the chunk size, never on the size of a file. Not
    /// counted: the summaries, which grow with the number of distinct
    /// prices and countries (a few thousand in the sales files), not with
    /// bytes read.
    pub fn memory_bound(self, options: &Options) -> u64 {
        let row = ROW_COST * MAX_ROW_BYTES as u64;
        let threads = match self {
            // One reading thread in each worker process.
            Engine::Sequential | Engine::Processes => 1,
            Engine::Threads => options.batches,
            Engine::Rayon | Engine::Chunks => options.threads,
        } as u64;
        let window = match self {
            Engine::Chunks => 2 * (options.chunk_bytes + MAX_ROW_BYTES) as u64,
            _ => 0,
        };
        threads * (row + window)
    }
}
// ANCHOR_END: memory_bound

/// The chunks engine's byte ranges: large enough that starting one costs
/// nothing next to parsing it, small enough that a file is shared among
/// all threads and that a range stays in the CPU's caches.
pub const CHUNK_BYTES: usize = 4 << 20;

impl Options {
    /// `threads` threads and as many batches, failing on bad rows.
    pub fn with_threads(threads: usize) -> Options {
        Options {
            threads,
            batches: threads,
            on_bad_row: OnBadRow::Fail,
            chunk_bytes: CHUNK_BYTES,
        }
    }
}

/// One run: the files, the options, and where the engine reports progress
/// (bars) and which worker did what when (a timeline).
pub struct Job<'a> {
    /// The files.
    pub dataset: &'a Dataset,
    /// How to run.
    pub options: Options,
    /// One progress bar per file.
    pub progress: &'a Progress,
    /// The spans of work, for a chart of the workers.
    pub timeline: &'a Timeline,
    /// The program the `processes` engine starts as its workers: this
    /// program when `None`. (Tests run from a test binary, and name the
    /// lesson's binary here.)
    pub worker_program: Option<&'a Path>,
}

/// One engine's timed run: its report, how long it took, and its
/// timeline (which worker did what when).
pub struct Run {
    /// The engine that ran.
    pub engine: Engine,
    /// Its threads or processes.
    pub workers: usize,
    /// Wall-clock time, start to merged report.
    pub elapsed: Duration,
    /// What it found.
    pub report: Report,
    /// Its spans of work.
    pub timeline: Timeline,
}

impl Engine {
    /// Run this engine over `dataset` with hidden bars and a timeline no one
    /// reads: what the benchmark, the tests and lessons 09 and 10 call.
    /// `worker_program` is the `processes` engine's worker (`None`: this
    /// program).
    pub fn run_hidden(
        self,
        dataset: &Dataset,
        options: Options,
        worker_program: Option<&Path>,
    ) -> Result<Report, Error> {
        let progress = progress_bars(dataset, false);
        self.run_on(dataset, options, &progress, &Timeline::new(), worker_program)
    }

    /// [`Engine::run`] on a job made of these parts.
    fn run_on(
        self,
        dataset: &Dataset,
        options: Options,
        progress: &Progress,
        timeline: &Timeline,
        worker_program: Option<&Path>,
    ) -> Result<Report, Error> {
        self.run(&Job {
            dataset,
            options,
            progress,
            timeline,
            worker_program,
        })
    }

    /// Run this engine over `dataset` and time it, with progress bars on
    /// stderr if `visible`.
    pub fn timed(self, dataset: &Dataset, options: Options, visible: bool) -> Result<Run, Error> {
        let progress = progress_bars(dataset, visible);
        let timeline = Timeline::new();
        let started = Instant::now();
        let report = self.run_on(dataset, options, &progress, &timeline, None);
        let elapsed = started.elapsed();
        progress.clear();
        Ok(Run {
            engine: self,
            workers: self.workers(&options),
            elapsed,
            report: report?,
            timeline,
        })
    }
}

/// A rayon pool of `threads` threads named after the engine, `chunks 1`,
/// `chunks 2`... (the names label the timeline's rows). Each run builds
/// its own, so that `--threads` and the benchmark's thread counts apply.
pub fn pool(engine: Engine, threads: usize) -> Result<rayon::ThreadPool, Error> {
    workbook::pool::builder(engine.name(), threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))
}

/// Progress bars, one per file of `dataset`, counting bytes read: drawn on
/// stderr if `visible` (a terminal), hidden otherwise (`--json`, tests).
pub fn progress_bars(dataset: &Dataset, visible: bool) -> Progress {
    let files = dataset.files.iter().map(|file| (file.bytes, file.name.clone()));
    Progress::new(files, visible)
}
