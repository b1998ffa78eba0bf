//! Lesson 04: pools.
//!
//! 1. seed 001's ten files through the pool API: apply, map, starmap,
//!    map_async + get, apply_async with a callback and an error callback;
//! 2. chunksize: how rayon splits 40 items (default, `with_min_len`, `par_chunks`);
//! 3. seed 002's CPU task on twice as many workers as cores: oversubscription;
//! 4. seed 003's items with a 5 ms wait: rayon's default pool, a bigger pool, tokio;
//! 5. seed 004's `howmany_within_range`: sequential, apply per row, map, callbacks;
//! 6. map/reduce (`map` + `reduce`, `fold` + `reduce`) and a progress bar.
//!
//! `just lesson 4`; `--unit-ms 1000` for the seeds' real seconds.

mod parts;

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
        .thread_name(|i| format!("rayon-{i}"))
        .build_global()?;
    println!(
        "Lesson 04: pools (1 unit = {}, {} cores)\n",
        human(scale.unit()),
        cores()
    );

    parts::files::run(scale)?;
    parts::chunks::run(scale)?;
    parts::cpu::run(scale)?;
    parts::waits::run(scale)?;
    parts::ranges::run(args.common.seed)?;
    parts::reduce::run(scale, args.common.seed)?;
    Ok(())
}
