//! Lesson 05: pipes and queues — the demo (`just lesson 5`). Each part is a
//! module of its own (`p1_hello` … `p7_throughput`), named in the order the
//! chapter reads them:
//!
//! 1. seed 001's "Hello, team!": a sender and a receiver, two child
//!    processes joined by one OS pipe; why a byte pipe needs framing;
//! 2. duplex is two pipes: a conversation with a child over its stdin and stdout;
//! 3. `std::sync::mpsc`: seed 003's square and cube producers, the seed's
//!    `while not queue.empty()` race, and a consumer that never ends;
//! 4. many consumers: crossbeam-channel's MPMC queue;
//! 5. bounded vs unbounded: backpressure on a fast producer;
//! 6. seed 004's queue-fed workers, stopped by closing the queue;
//! 7. messages per second: mpsc, crossbeam, an OS pipe between processes.
//!
//! `just lesson 5`; `--unit-ms 1000` for the seeds' real seconds. With a
//! hidden role argument (`sender`, `receiver`, `shout`, `pong`, `sink`) the
//! binary is one of the demo's child processes instead.

mod p1_hello;
mod p2_duplex;
mod p3_producers;
mod p4_mpmc;
mod p5_backpressure;
mod p6_workers;
mod p7_throughput;

use clap::Parser;
use lesson_05_pipes::roles::{self, Role};
use std::io;
use std::process::ExitCode;
use workbook::cli::exit_code;

#[derive(Parser)]
#[command(about = "Lesson 05: pipes and queues")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
    #[command(subcommand)]
    role: Option<Role>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.role {
        Some(role) => exit_code(roles::run(role)),
        None => exit_code(demo(&args.common)),
    }
}

fn demo(common: &workbook::cli::Common) -> io::Result<()> {
    let scale = common.start("Lesson 05: pipes and queues");
    p1_hello::run()?;
    p2_duplex::run()?;
    p3_producers::run(scale);
    p4_mpmc::run(scale);
    p5_backpressure::run(scale);
    p6_workers::run(scale, common.seed);
    p7_throughput::run()
}
