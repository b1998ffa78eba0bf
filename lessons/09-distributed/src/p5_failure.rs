//! Part 5: failure. A peer that never starts (the launcher's deadline names
//! it), and a peer killed mid-run (timely stops everything: no partial
//! report). After each, no worker process is left.

use lesson_09_distributed::dataflow::{Plan, Ship};
use lesson_09_distributed::launch::Fault;
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::OnBadRow;
use std::path::Path;
use std::time::{Duration, Instant};

/// Run part 5.
pub fn run(program: &Path, dir: &Path, timeout: Duration) -> Result<(), RunError> {
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
                "   after {:.2} s: {}",
                elapsed.as_secs_f64(),
                wrap(&format!("error: {error}"))
            ),
        }
        let left = run::leftover_workers().map_or("unknown (no /proc)".to_string(), |n| n.to_string());
        println!("   worker processes left: {left}\n");
    }
    Ok(())
}

/// A long message on lines of at most 84 columns, indented like the rest.
fn wrap(text: &str) -> String {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + word.len() > 64 {
            lines.push(format!("     {word}"));
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n   ")
}
