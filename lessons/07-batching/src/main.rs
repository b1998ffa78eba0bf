//! Lesson 07, the demo: batching. Splitting a list of files into one batch
//! per worker, and what a bad split costs. It reads top-down as the
//! chapter does, one module per part:
//!
//! 1. `p1_eleven_files`: the seed's eleven files into three batches, with
//!    each of the three batching functions, and with the seed's version;
//! 2. `p2_sets`: the seed's bug story: its set-based version with
//!    `HashSet` and with `BTreeSet`, beside the `Vec` versions;
//! 3. `p3_edge_cases`: the edge cases, the seed's answers beside ours;
//! 4. `p4_real_work`: files of skewed sizes, checksummed by one thread per
//!    batch (count-based batches, then size-balanced ones) and by rayon's
//!    work stealing, each timed over several rounds and drawn as a timeline.
//!
//! Run it with `just lesson 7` (a release build). `--threads N` sets the
//! workers of part 4, `--seed` the sizes of its files, `--unit-ms` how long
//! its work lasts.

mod p1_eleven_files;
mod p2_sets;
mod p3_edge_cases;
mod p4_real_work;

use clap::Parser;
use std::error::Error;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Lesson 07: batching work, by count, by size, and by work stealing")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
    #[command(flatten)]
    threads: workbook::cli::Threads,
}

fn main() -> ExitCode {
    let args = Args::parse();
    workbook::cli::exit_code(run(&args))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let scale = args.common.start("Lesson 07: batching");
    p1_eleven_files::run()?;
    p2_sets::run();
    p3_edge_cases::run()?;
    p4_real_work::run(args.threads.count(), args.common.seed, scale)?;
    println!("\nLesson 08 splits its sales files with these same functions.");
    Ok(())
}
