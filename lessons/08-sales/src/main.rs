//! Lesson 08's demo: the sales pipeline, seed 000 in Rust. It reads top
//! down as the chapter does, one module per part:
//!
//! 1. [`p1_data`]: the files (`data/tst`, generated on first use), read
//!    once, and the floor: counting their line breaks;
//! 2. [`p2_report`]: the report from every engine chosen (`--engine all`,
//!    the default, runs all five and checks they agree byte for byte),
//!    as tables or `--json`; `--with-python` checks the Python script's;
//! 3. [`p3_times`]: each engine's time, against the sequential engine,
//!    Python and the floor;
//! 4. [`p4_timelines`]: each engine's workers on a timeline.
//!
//! `just lesson 8`; `just lesson 8 gen --type sml`;
//! `just lesson 8 --type sml --engine chunks --json`; `just lesson 8 bench`.

mod args;
mod p1_data;
mod p2_report;
mod p3_times;
mod p4_timelines;
mod plots;

use args::{Args, Command, RunArgs};
use clap::Parser;
use lesson_08_sales::engines::processes;
use lesson_08_sales::error::Error;
use lesson_08_sales::machinery::bench::{self, Plan};
use lesson_08_sales::machinery::say::{Out, wrapped};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = Args::parse();
    if args.run.input.data_dir.is_some() {
        // The book's timeline figures are drawn from the generated data;
        // a run on other files (the chapter's broken ones) must not
        // overwrite them when `just capture` passes `--figures`.
        args.run.common.figures = None;
    }
    let result = match args.command {
        // A worker process of the `processes` engine: its own exit code.
        Some(Command::Worker { on_bad_row, files }) => return processes::worker(&files, on_bad_row),
        Some(Command::Gen { size, common }) => p1_data::generate(size, common.seed),
        Some(Command::Bench {
            input,
            threads,
            runs,
            python_runs,
        }) => {
            let out = Out { json: false };
            p1_data::open(
                input.data_dir.as_deref(),
                input.size,
                workbook::cli::DEFAULT_SEED,
                out,
            )
            .and_then(|dataset| {
                let plan = Plan {
                    threads: threads.count(),
                    runs: runs.max(1),
                    python_runs,
                };
                println!("{}", bench::run(&dataset, plan)?);
                Ok(())
            })
        }
        Some(Command::Plots {
            headline,
            scaling,
            common,
        }) => plots::run(&headline, &scaling, common.figures.as_deref()),
        None => demo(&args.run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Wrapped at the run's width, never cut: the message names the
            // file and line, and the hint how to go on.
            eprintln!("{}", wrapped(&format!("error: {error}"), "  "));
            ExitCode::FAILURE
        }
    }
}

/// The pipeline run, part by part.
fn demo(args: &RunArgs) -> Result<(), Error> {
    let out = Out { json: args.json };
    if args.json {
        // Nothing but the report on stdout: no banner.
        workbook::lifecycle::watch_parent();
    } else {
        args.common.start("Lesson 08: the sales pipeline");
    }
    let options = args.options();
    let input = &args.input;
    let (dataset, floor) = p1_data::run(input.data_dir.as_deref(), input.size, args.common.seed, out)?;
    let (runs, python) = p2_report::run(&dataset, &args.engine.0, options, args.with_python, out)?;
    if args.json {
        return Ok(());
    }
    p3_times::run(&dataset, &runs, options, floor, python);
    p4_timelines::run(&runs);
    Ok(())
}
