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
//! `--unit-ms 1000` gives the seeds' real seconds.

mod p1_files;
mod p2_chunks;
mod p3_cpu;
mod p4_waits;
mod p5_ranges;
mod p6_reduce;

use clap::Parser;
use std::error::Error;
use std::process::ExitCode;
use workbook::cli::{cores, exit_code};
use workbook::timeit::human;

#[derive(Parser)]
#[command(about = "Lesson 04: pools (rayon as multiprocessing.Pool)")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() -> ExitCode {
    exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let scale = args.common.scale();
    // rayon's global pool, as rayon would build it (one thread per core),
    // only with names, so that the timelines say which thread ran what.
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("rayon {}", i + 1))
        .build_global()?;
    println!(
        "Lesson 04: pools (1 unit = {}, {} cores)\n",
        human(scale.unit()),
        cores()
    );

    p1_files::run(scale)?;
    p2_chunks::run(scale)?;
    p3_cpu::run(scale)?;
    p4_waits::run(scale)?;
    p5_ranges::run(args.common.seed)?;
    p6_reduce::run(scale, args.common.seed)?;
    Ok(())
}
