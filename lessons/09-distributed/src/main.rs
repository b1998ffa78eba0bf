//! Lesson 09: beyond one machine. Lesson 08's report on timely-dataflow,
//! one program run as P processes × W worker threads over TCP.
//!
//! 1. map/reduce in one process: rows exchanged by key between threads;
//! 2. the same across 2 and 3 processes, each process on a timeline;
//! 3. what crossing a process costs: rows vs pre-aggregated partials;
//! 4. scaling 1…P processes against lesson 08's best engine;
//! 5. failure: a peer that never starts, a peer killed mid-run;
//! 6. who may join: an impostor without the run's secret, refused.
//!
//! `just lesson 9`; `just lesson 9 report --data-dir DIR --processes 3 --json`;
//! across machines: `just lesson 9 report --hosts hosts.txt --process I`.

mod p1_map_reduce;
mod p2_processes;
mod p3_crossing;
mod p4_scaling;
mod p5_failure;
mod p6_impostor;
mod report;

use clap::{Parser, Subcommand};
use lesson_09_distributed::launch::{self, ProcessSpec, WORKER_ROLE};
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::Size;
use std::process::ExitCode;
use std::time::Duration;
use workbook::cli::Common;

#[derive(Parser)]
#[command(about = "Lesson 09: beyond one machine — the sales report on timely-dataflow")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
    /// The generated dataset the demo reads (generated first if missing)
    #[arg(long = "type", value_enum, default_value = "tst")]
    size: Size,
    /// How long the demo's processes have to connect, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    connect_timeout: f64,
}

#[derive(Subcommand)]
enum Command {
    /// The report, from one process, P local processes, or one process of a host file
    Report(report::ReportArgs),
    /// One worker process of a cluster (started by the launcher)
    #[command(name = WORKER_ROLE, hide = true)]
    Worker {
        /// The run, as JSON
        #[arg(long)]
        spec: String,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Worker { spec }) => match serde_json::from_str::<ProcessSpec>(&spec) {
            Ok(spec) => ExitCode::from(launch::worker_main(&spec)),
            Err(e) => {
                eprintln!("error: --spec is not a process spec: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Report(report)) => {
            // No banner: stdout is the report's alone.
            workbook::lifecycle::watch_parent();
            workbook::cli::exit_code(report::run(&report))
        }
        None => workbook::cli::exit_code(demo(&args)),
    }
}

/// The demo, part by part.
fn demo(args: &Args) -> Result<(), RunError> {
    args.common.start("Lesson 09: beyond one machine");
    let dir = run::generated(args.size, args.common.seed)?;
    let timeout = Duration::from_secs_f64(args.connect_timeout.max(0.1));
    let program = launch::this_program()?;
    let reference = p1_map_reduce::run(&dir)?;
    let clusters = p2_processes::run(&program, &dir, &reference, timeout)?;
    p3_crossing::run(&program, &dir, &clusters, timeout)?;
    p4_scaling::run(&dir, &clusters)?;
    p5_failure::run(&program, &dir, timeout, args.common.width)?;
    p6_impostor::run(&program, &dir, &reference, timeout, args.common.width)?;
    Ok(())
}
