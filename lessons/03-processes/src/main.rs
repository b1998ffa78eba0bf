//! Lesson 03, the demo: processes. It reads top-down like the chapter, one
//! module per part:
//!
//! 1. standup, work and coffee: one after another, then in three child
//!    processes, each this program started again with a role;
//! 2. seed 003's `Process(target=spawn())`: a call, where a target was meant;
//! 3. 25 children print their number: in which order?
//! 4. memory isolation: a child changes its copy, the parent's stays;
//! 5. what a process costs to start, beside a thread;
//! 6. results back as JSON lines, merged by the parent (seed 003's counter);
//! 7. how children end: exit codes, a panic, a child killed after a timeout;
//! 8. no zombies, no orphans: a guard, and a parent killed mid-work.
//!
//! `just lesson 3`; `--unit-ms 1000` for the seeds' real seconds.

mod p1_reexec;
mod p2_mistake;
mod p3_order;
mod p4_isolation;
mod p5_cost;
mod p6_results;
mod p7_failures;
mod p8_orphans;

use clap::Parser;
use lesson_03_processes::roles::Role;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use workbook::TimeScale;

// ANCHOR: args
#[derive(Parser)]
#[command(about = "Lesson 03: processes")]
struct Args {
    /// Absent for the demo; a hidden role when the demo starts this program as a child
    #[command(subcommand)]
    role: Option<Role>,
    #[command(flatten)]
    common: workbook::cli::Common,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // No `if __name__ == "__main__"`: a child starts `main` afresh with its
    // own arguments, and the role decides what it does.
    match args.role {
        Some(role) => role.run(),
        None => workbook::cli::exit_code(demo(args.common.start("Lesson 03: processes"))),
    }
}
// ANCHOR_END: args

fn demo(scale: TimeScale) -> io::Result<()> {
    // The program to start again for every child: this very binary.
    let me: PathBuf =
        std::env::current_exe().map_err(|e| io::Error::other(format!("cannot find this program: {e}")))?;
    println!("This process, the parent, is pid {}.\n", std::process::id());
    p1_reexec::run(&me, scale)?;
    p2_mistake::run(&me)?;
    p3_order::run(&me)?;
    p4_isolation::run(&me)?;
    p5_cost::run(&me)?;
    p6_results::run(&me, scale)?;
    p7_failures::run(&me, scale)?;
    p8_orphans::run(&me, scale)
}
