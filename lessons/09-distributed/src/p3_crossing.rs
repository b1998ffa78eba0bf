//! Part 3: what crossing a process costs. The same 2-process run, shipping
//! every row to the file's owner, then only each file's partial summary
//! (the "combiner" of MapReduce): messages and bytes that crossed from one
//! process to the other (as timely's bincode encodes them), and the time.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::run::{self, RunError, Timed};
use lesson_09_distributed::sales::OnBadRow;
use std::path::Path;
use std::time::Duration;
use workbook::report::grouped;

/// Run part 3, reusing part 2's 2-process run of partials.
pub fn run(
    program: &Path,
    dir: &Path,
    clusters: &[(usize, Timed)],
    timeout: Duration,
) -> Result<(), RunError> {
    println!("3. The cost of crossing a process: rows vs partial summaries, 2 processes\n");
    let plan = run::plan(dir, OnBadRow::Fail, Ship::Rows);
    let rows = run::in_processes(&run::local(program, plan, 2, 1, timeout)?, None)?;
    let partials = clusters.iter().find(|(p, _)| *p == 2).map(|(_, t)| t);
    println!(
        "   {:<10} {:>12} {:>14} {:>10} {:>12}",
        "shipped", "messages", "bytes", "time", "after start"
    );
    for (name, timed) in [("rows", Some(&rows)), ("partials", partials)] {
        let Some(timed) = timed else { continue };
        let (messages, bytes) = timed.crossed();
        println!(
            "   {name:<10} {:>12} {:>14} {:>7.0} ms {:>9.0} ms",
            grouped(messages),
            grouped(bytes),
            timed.elapsed.as_secs_f64() * 1e3,
            (timed.elapsed - timed.start_up).as_secs_f64() * 1e3
        );
    }
    println!();
    Ok(())
}
