//! Part 1: map/reduce in one process. Two worker threads read the files,
//! exchange every row by key (the file's name) to the worker that owns it,
//! which folds them; when all input has ended, every file's summary goes to
//! worker 0. The report must equal lesson 08's.

use lesson_09_distributed::dataflow::{Ship, run_on_threads};
use lesson_09_distributed::launch::report_of;
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::{Dataset, Engine, Error, OnBadRow, Report};
use std::path::Path;
use std::time::Instant;
use workbook::report::grouped;
use workbook::timeline::Timeline;

/// Run part 1; returns lesson 08's report, the reference for every part.
pub fn run(dir: &Path) -> Result<Report, RunError> {
    let dataset = Dataset::open(dir)?;
    println!(
        "1. Map/reduce in one process: {}, {} files, 2 worker threads\n",
        dir.display(),
        dataset.files.len()
    );
    let (reference, _) = run::lesson_08(&dataset, Engine::Sequential, 1, OnBadRow::Fail)?;
    let timeline = Timeline::new();
    let plan = run::plan(dir, OnBadRow::Fail, Ship::Rows);
    let started = Instant::now();
    let outcomes = run_on_threads(&plan, 2).map_err(|e| Error::Other(format!("timely: {e}")))?;
    let elapsed = started.elapsed();
    let report = report_of(&outcomes)?;
    println!(
        "   {} rows exchanged by file name in {:.0} ms; report == lesson 08's: {}\n",
        grouped(report.rows()),
        elapsed.as_secs_f64() * 1e3,
        report.to_json() == reference.to_json()
    );
    run::add_spans(&timeline, &outcomes);
    // No figure here: every batch folded is a span, thousands of them.
    timeline.chart().per_worker().print();
    println!();
    Ok(reference)
}
