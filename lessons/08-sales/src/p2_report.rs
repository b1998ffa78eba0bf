//! Part 2: the report. Every engine chosen runs on the same files, and
//! their reports must be the same JSON text, byte for byte; the report is
//! printed as tables (or as JSON with `--json`), the bad rows skipped are
//! listed, and with `--with-python` the Python script's report is checked
//! against ours.

use lesson_08_sales::engines::{Engine, Options, Run};
use lesson_08_sales::error::{BadRow, Error, count};
use lesson_08_sales::machinery::dataset::Dataset;
use lesson_08_sales::machinery::python::{self, PythonTime};
use lesson_08_sales::machinery::say::{Out, wrapped};
use lesson_08_sales::report::Report;
use workbook::report::{grouped, indent};

/// Runs of each engine, in interleaved rounds (every engine once, then
/// again); part 3 shows each one's median. One run of the tst files takes
/// about a tenth of a second: a single timing is at the mercy of anything
/// else that wakes up meanwhile, and of the first run's cold start.
pub const ROUNDS: usize = 3;

/// Run the engines, print the report; return the runs (each engine's
/// median of [`ROUNDS`]; one with `--json`) and, if it ran, Python's
/// (processes, time).
pub fn run(
    dataset: &Dataset,
    engines: &[Engine],
    options: Options,
    with_python: bool,
    out: Out,
) -> Result<(Vec<Run>, Option<PythonTime>), Error> {
    let rounds = if out.json { 1 } else { ROUNDS };
    let mut timed: Vec<Vec<Run>> = engines.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (&engine, runs) in engines.iter().zip(&mut timed) {
            runs.push(engine.timed(dataset, options, !out.json)?);
        }
    }
    let runs: Vec<Run> = timed.into_iter().filter_map(median).collect();
    let report = the_same_report(&runs)?;
    if out.json {
        println!("{}", report.to_json());
    } else {
        let agreed = if runs.len() > 1 {
            " (the same from every engine)"
        } else {
            ""
        };
        println!("2. The report, {}{agreed}\n", count(report.rows(), "row"));
        println!("{}", indent(&report.to_tables()));
    }
    list_bad_rows(report);
    let python = if with_python {
        Some(check_python(dataset, options, report, out)?)
    } else {
        None
    };
    Ok((runs, python))
}

/// The run of median time (its timeline goes with it to part 4).
fn median(mut runs: Vec<Run>) -> Option<Run> {
    runs.sort_by_key(|run| run.elapsed);
    let middle = runs.len() / 2;
    runs.into_iter().nth(middle)
}

// ANCHOR: same_report
/// The report all engines agree on, or an error naming the first engine
/// that disagrees with the first one. "Agree" means the same JSON text.
fn the_same_report(runs: &[Run]) -> Result<&Report, Error> {
    let first = runs.first().ok_or_else(|| Error::Other("no engine ran".into()))?;
    let expected = first.report.to_json();
    for run in &runs[1..] {
        if run.report.to_json() != expected {
            return Err(Error::Mismatch(format!(
                "{} gave another report than {}",
                run.engine.name(),
                first.engine.name()
            )));
        }
    }
    Ok(&first.report)
}
// ANCHOR_END: same_report

/// With `--on-bad-row skip`: how many rows were left out, and the first
/// few (the report keeps five), then how many more.
fn list_bad_rows(report: &Report) {
    let total = &report.total;
    if total.rejected == 0 {
        return;
    }
    let verb = if total.rejected == 1 { "was" } else { "were" };
    let shown: u64 = total.first_rejected.iter().map(BadRow::rows).sum();
    let which = match total.first_rejected.len() {
        _ if shown == total.rejected => String::new(),
        1 => "; the first".to_string(),
        n => format!("; the first {n}"),
    };
    eprintln!(
        "{} {verb} skipped and counted as rejected{which}:",
        count(total.rejected, "bad row")
    );
    for bad in &total.first_rejected {
        eprintln!("{}", wrapped(&format!("  {bad}"), "    "));
    }
    if shown < total.rejected {
        eprintln!("  and {} more", grouped(total.rejected - shown));
    }
}

/// Python on the same files, its report compared with ours.
fn check_python(dataset: &Dataset, options: Options, ours: &Report, out: Out) -> Result<PythonTime, Error> {
    let processes = options.threads;
    let run = python::run(dataset, processes, options.on_bad_row)?;
    let comparison = python::compare(ours, &run.report);
    if !comparison.differences.is_empty() {
        return Err(Error::Mismatch(format!(
            "Python: {}",
            comparison.differences.join("; ")
        )));
    }
    out.say(format!(
        "   Python's report agrees: every count, amount, min, max and percentile is equal;\n   \
         its {} means and standard deviations (float sums) differ from ours by at most {:.1e}.\n",
        comparison.floats, comparison.largest_gap
    ));
    Ok(PythonTime {
        processes,
        elapsed: run.elapsed,
    })
}
