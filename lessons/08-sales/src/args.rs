//! The demo's command line (clap): a pipeline run by default, or one of
//! the subcommands `gen`, `bench`, `plots` and the hidden `worker`. Demo
//! side: the library never parses arguments.

use clap::{Parser, Subcommand, ValueEnum};
use lesson_08_sales::engines::{CHUNK_BYTES, Engine, Options, processes};
use lesson_08_sales::machinery::dataset::Size;
use lesson_08_sales::rows::OnBadRow;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use workbook::cli::{Common, Threads};

#[derive(Parser)]
#[command(about = "Lesson 08: the sales pipeline — seed 000 in Rust, five engines, exact money")]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// The options of a pipeline run (no subcommand).
#[derive(clap::Args)]
pub struct RunArgs {
    // `--seed` seeds the generator; `--unit-ms` is accepted as by every
    // lesson, but nothing in this one sleeps.
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub threads: Threads,
    #[command(flatten)]
    pub input: Input,
    /// sequential, threads, rayon, chunks, processes, or all (checked to agree)
    #[arg(long, default_value = "all", value_parser = engines)]
    pub engine: Engines,
    /// Batches of files for the threads and processes engines [default: --threads]
    #[arg(long, value_name = "N")]
    pub batches: Option<NonZeroUsize>,
    /// Print the report as one JSON document on stdout, and nothing else
    #[arg(long)]
    pub json: bool,
    /// What to do with a row that cannot be read
    #[arg(long, value_enum, default_value = "fail")]
    pub on_bad_row: OnBadRow,
    /// Also run the Python script on the same files, and compare its report
    #[arg(long)]
    pub with_python: bool,
    /// Size of the chunks engine's byte ranges
    #[arg(long, hide = true, default_value_t = CHUNK_BYTES)]
    pub chunk_bytes: usize,
}

impl RunArgs {
    /// How the engines run.
    pub fn options(&self) -> Options {
        let threads = self.threads.count();
        Options {
            threads,
            batches: self.batches.map_or(threads, NonZeroUsize::get),
            on_bad_row: self.on_bad_row,
            chunk_bytes: self.chunk_bytes.max(1),
        }
    }
}

/// Which files to read.
#[derive(clap::Args)]
pub struct Input {
    /// A directory of CSV sales files [default: the generated --type]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The generated dataset to read (generated first if missing)
    #[arg(long = "type", value_enum, default_value = "tst")]
    pub size: Size,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write a dataset: data/<type>/2015.csv to 2021.csv (always anew)
    Gen {
        /// Which size
        #[arg(long = "type", value_enum, default_value = "tst")]
        size: Size,
        #[command(flatten)]
        common: Common,
    },
    /// Time every engine at 1, 2, 4... and all threads, beside Python and the floor
    Bench {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        threads: Threads,
        /// Runs of each Rust configuration (the median is quoted)
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Runs of the Python script at each process count (0: skip it)
        #[arg(long, default_value_t = 1)]
        python_runs: usize,
    },
    /// Draw the chapter's quoted runs as figures (the headline bars, the 16-core speed-up)
    Plots {
        /// The headline's CSV (label,seconds)
        #[arg(long, value_name = "CSV")]
        headline: PathBuf,
        /// The 16-core run's CSV (engine,threads,seconds)
        #[arg(long, value_name = "CSV")]
        scaling: PathBuf,
        // Again here, so that `just figures` may append `--width 88 --figures DIR`.
        #[command(flatten)]
        common: Common,
    },
    /// The processes engine's worker role: summarise FILES, reply in JSON
    #[command(name = processes::WORKER_ROLE, hide = true)]
    Worker {
        #[arg(long, value_enum)]
        on_bad_row: OnBadRow,
        files: Vec<PathBuf>,
    },
}

/// The engines `--engine` names.
#[derive(Debug, Clone)]
pub struct Engines(pub Vec<Engine>);

/// `all`, or one engine's name as clap's `ValueEnum` spells it.
fn engines(name: &str) -> Result<Engines, String> {
    if name == "all" {
        return Ok(Engines(Engine::ALL.to_vec()));
    }
    Engine::from_str(name, false)
        .map(|engine| Engines(vec![engine]))
        .map_err(|_| {
            let names: Vec<&str> = Engine::ALL.iter().map(|engine| engine.name()).collect();
            format!("no engine {name:?}: {} or all", names.join(", "))
        })
}
