//! Part 5: failure. A peer that never starts (the launcher's deadline names
//! it), and a peer killed mid-run (timely stops everything: no partial
//! report; the launcher names the killed process as the cause and the
//! others' ends as its consequences). After each, no worker process is left.

use lesson_09_distributed::dataflow::{Plan, Ship};
use lesson_09_distributed::launch::Fault;
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::OnBadRow;
use std::path::Path;
use std::time::{Duration, Instant};
use workbook::report::wrap;

/// Run part 5; messages are wrapped to `width` columns.
pub fn run(program: &Path, dir: &Path, timeout: Duration, width: usize) -> Result<(), RunError> {
    println!("5. Failure: all or nothing\n");
    let cases = [
        (
            "3 processes, process 2 never started, --connect-timeout 1",
            3,
            Fault::NeverStart(2),
            Duration::from_secs(1),
        ),
        (
            "2 processes, process 1 killed 50 ms after all connected",
            2,
            Fault::KillAfter(1, Duration::from_millis(50)),
            timeout,
        ),
    ];
    for (what, processes, fault, timeout) in cases {
        // The workers keep their input open 2 s: the kill lands mid-run.
        let plan = Plan {
            linger_ms: 2_000,
            ..run::plan(dir, OnBadRow::Fail, Ship::Partials)
        };
        let launch = run::local(program, plan, processes, 1, timeout)?;
        let started = Instant::now();
        let result = run::in_processes(&launch, Some(fault));
        let elapsed = started.elapsed();
        println!("   {what}:");
        match result {
            Ok(_) => println!("   finished before the fault took effect (no error)"),
            Err(error) => println!(
                "{}",
                wrap(
                    &format!("after {:.2} s: error: {error}", elapsed.as_secs_f64()),
                    "   ",
                    "        ",
                    width
                )
            ),
        }
        let left = run::leftover_workers().map_or("unknown (no /proc)".to_string(), |n| n.to_string());
        println!("   worker processes left: {left}\n");
    }
    Ok(())
}
