//! Part 7 of lesson 03: how a child ends, as the parent sees it. A child that
//! returns normally exits with 0; one that chooses to fail, with its own
//! code; a Rust panic ends the process with 101; a child that does not end in
//! time is killed, and ends by a signal. Python's `exitcode` says the same
//! things: 0, the code given to `sys.exit`, 1 for an exception, -9 for a
//! `SIGKILL`.

use lesson_03_processes::children::child;
use lesson_03_processes::guard::wait_timeout;
use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};
use workbook::TimeScale;

pub fn run(me: &Path, scale: TimeScale) -> io::Result<()> {
    println!("7. How children end");
    let ended = [
        ("say hello", child(me, &["say", "hello"])),
        ("fail with code 3", child(me, &["fail", "3", "2"])),
        ("panic", child(me, &["panic", "the disk is full"])),
    ];
    for (what, command) in ended {
        let (status, said) = ended_by_itself(command)?;
        println!("   {what:<26} {status}");
        for line in said {
            println!("      | {line}");
        }
    }
    let limit = 2.0;
    let status = killed_after(me, scale, limit)?;
    println!(
        "   {:<26} {status}",
        format!("sleep {SLEEPER_UNITS} units, limit {limit}")
    );
    println!("   → the child was still running at the limit: killed, then waited for\n");
    Ok(())
}

/// Run `command` to its end; its status and the first two lines it wrote
/// on stderr (a panic's location and message, not the backtrace that
/// follows when `RUST_BACKTRACE` is set).
fn ended_by_itself(mut command: Command) -> io::Result<(ExitStatus, Vec<String>)> {
    let output = command.output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let said = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .map(str::to_string)
        .collect();
    Ok((output.status, said))
}

/// How long the child of [`killed_after`] would sleep, in units: far past its limit.
const SLEEPER_UNITS: f64 = 100.0;

// ANCHOR: killed_after
/// Start a child that sleeps 100 units, give it `limit` units, then kill it.
fn killed_after(me: &Path, scale: TimeScale, limit: f64) -> io::Result<ExitStatus> {
    let ms = scale.units(SLEEPER_UNITS).as_millis().to_string();
    let mut sleeper = child(me, &["sleep", &ms]).spawn()?;
    match wait_timeout(&mut sleeper, scale.units(limit))? {
        Some(status) => Ok(status),
        None => {
            sleeper.kill()?;
            // `kill` only sends the signal; `wait` collects the exit status.
            sleeper.wait()
        }
    }
}
// ANCHOR_END: killed_after
