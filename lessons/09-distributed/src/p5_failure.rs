//! Part 5: failure. A peer that never starts (the launcher's deadline names
//! it), and a peer killed mid-run (timely stops everything: no partial
//! report). After each, no worker process is left.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::launch::Fault;
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::OnBadRow;
use std::path::Path;
use std::time::{Duration, Instant};

/// Run part 5.
pub fn run(program: &Path, dir: &Path) -> Result<(), RunError> {
    println!("5. Failure: all or nothing\n");
    let cases = [
        (
            "3 processes, process 2 never started, --connect-timeout 1",
            3,
            Fault::NeverStart(2),
        ),
        (
            "2 processes, process 1 killed 50 ms after all connected",
            2,
            Fault::KillAfter(1, Duration::from_millis(50)),
        ),
    ];
    for (what, processes, fault) in cases {
        let plan = run::plan(dir, OnBadRow::Fail, Ship::Rows);
        let launch = run::local(program, plan, processes, 1, Duration::from_secs(1))?;
        let started = Instant::now();
        let result = run::in_processes(&launch, Some(fault));
        let elapsed = started.elapsed();
        println!("   {what}:");
        match result {
            Ok(_) => println!("   finished before the fault took effect (no error)"),
            Err(error) => println!("   after {:.2} s: error: {error}", elapsed.as_secs_f64()),
        }
        let left = run::leftover_workers().map_or("unknown (no /proc)".to_string(), |n| n.to_string());
        println!("   worker processes left: {left}\n");
    }
    Ok(())
}
