//! Part 6: who may join. Before the real process 1 starts, an impostor
//! claims to be process 1: the same program, but without the run's secret
//! (it has a secret of its own). Process 0 refuses it and names it; the
//! real process 1 then joins, and the report is lesson 08's.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::launch::{Fault, report_of};
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::{OnBadRow, Report};
use std::path::Path;
use std::time::Duration;
use workbook::report::wrap;

/// Run part 6; messages are wrapped to `width` columns.
pub fn run(
    program: &Path,
    dir: &Path,
    reference: &Report,
    timeout: Duration,
    width: usize,
) -> Result<(), RunError> {
    println!("6. Who may join: an impostor claims to be process 1 before the real one starts\n");
    let plan = run::plan(dir, OnBadRow::Fail, Ship::Partials);
    let launch = run::local(program, plan, 2, 1, timeout)?;
    let timed = run::in_processes(&launch, Some(Fault::Impostor(1)))?;
    // The impostor retries until it is stopped: only the first refusal is news.
    if let Some(refusal) = timed.refusals.first() {
        println!("{}", wrap(refusal, "   ", "        ", width));
    }
    let report = report_of(&timed.outcomes)?;
    println!(
        "   then the real process 1 joined; report == lesson 08's: {}\n",
        report.to_json() == reference.to_json()
    );
    Ok(())
}
