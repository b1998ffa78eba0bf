//! Lesson 04: pools — the demo (`just lesson 4`). Each part is a module of
//! its own, named in the order the chapter reads them:
//!
//! 1. `p1_files`: seed 001's ten files through the pool API: apply, map,
//!    starmap, map_async + get, apply_async with a callback and an error callback;
//! 2. `p2_chunks`: chunksize: how rayon splits 40 items (default,
//!    `with_min_len`, `par_chunks`);
//! 3. `p3_cpu`: seed 002's CPU task on twice as many workers as cores:
//!    oversubscription;
//! 4. `p4_waits`: seed 003's items with a 5 ms wait: rayon's default pool, a
//!    bigger pool, tokio;
//! 5. `p5_ranges`: seed 004's `howmany_within_range`: sequential, apply per
//!    row, map, callbacks;
//! 6. `p6_reduce`: map/reduce (`map` + `reduce`, `fold` + `reduce`) and a
//!    progress bar.
//!
//! `--unit-ms 1000` gives the seeds' real seconds. `scaling` draws the
//! speed-up figure instead (`scaling.rs`; `just figures` runs it).

mod p1_files;
mod p2_chunks;
mod p3_cpu;
mod p4_waits;
mod p5_ranges;
mod p6_reduce;
mod scaling;

use clap::{Parser, Subcommand};
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use workbook::cli::exit_code;

#[derive(Parser)]
#[command(about = "Lesson 04: pools (rayon as multiprocessing.Pool)")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
    #[command(subcommand)]
    only: Option<Only>,
}

#[derive(Subcommand)]
enum Only {
    /// Only the speed-up figure: part 5's par_iter on pools of 1 … N threads
    Scaling {
        // The common options again, so that they may follow `scaling`
        // (`just figures` appends `--width 88 --figures DIR`).
        #[command(flatten)]
        common: workbook::cli::Common,
        /// Most threads to try [default: the cores, and at least 4]
        #[arg(long, value_name = "N")]
        up_to: Option<usize>,
        /// Also plot the 16-core run quoted in the chapter from this CSV
        /// (`threads,seconds` lines)
        #[arg(long, value_name = "CSV")]
        quoted: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    // rayon's global pool, as rayon would build it (one thread per core,
    // `0`), only with names, so that the timelines say which thread ran what.
    workbook::pool::builder("rayon", 0).build_global()?;
    if let Some(Only::Scaling {
        common,
        up_to,
        quoted,
    }) = &args.only
    {
        common.start("Lesson 04: pools, the speed-up figure");
        let figures = common.figures.as_deref();
        return scaling::run(common.seed, *up_to, quoted.as_deref(), figures);
    }
    let scale = args.common.start("Lesson 04: pools");
    let seed = args.common.seed;
    p1_files::run(scale)?;
    p2_chunks::run(scale)?;
    p3_cpu::run(scale)?;
    p4_waits::run(scale)?;
    p5_ranges::run(seed)?;
    p6_reduce::run(scale, seed)?;
    Ok(())
}
