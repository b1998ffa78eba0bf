//! The benchmark (`bench` subcommand, `just bench-pipeline`): every engine
//! at one thread, 2, 4... and all threads on one dataset, the Python script
//! beside them, and the floor under all of them: reading the same bytes on
//! one thread and counting their line breaks with `memchr`, which is about
//! as little as any program can do with a file.
//!
//! Each configuration runs `runs` times and the median is quoted. The runs
//! take turns (every configuration once, then again...) so that a burst of
//! load from another program on the machine spreads over all of them
//! instead of spoiling one.

use crate::engines::{Engine, Options};
use crate::error::Error;
use crate::machinery::dataset::Dataset;
use crate::machinery::python;
use crate::machinery::scan;
use crate::rows::OnBadRow;
use std::fmt::Write as _;
use std::fs::File;
use std::time::{Duration, Instant};
use workbook::timeit::human;

/// Read every file and count its `\n` bytes, on one thread: the floor.
pub fn count_newlines(dataset: &Dataset) -> Result<u64, Error> {
    let mut newlines = 0;
    for file in &dataset.files {
        let counted = File::open(&file.path).and_then(scan::newlines);
        newlines += counted.map_err(|e| Error::io(&file.path, &e))?;
    }
    Ok(newlines)
}

/// What to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// The largest thread count (and Python's processes).
    pub threads: usize,
    /// Runs of each Rust configuration.
    pub runs: usize,
    /// Runs of each Python configuration (0: leave Python out).
    pub python_runs: usize,
}

/// One configuration's timings.
struct Row {
    label: String,
    workers: usize,
    times: Vec<Duration>,
}

impl Row {
    fn median(&self) -> Duration {
        let mut times = self.times.clone();
        times.sort();
        times.get(times.len() / 2).copied().unwrap_or_default()
    }
}

/// Run the benchmark and return its table, with a closing summary.
pub fn run(dataset: &Dataset, plan: Plan) -> Result<String, Error> {
    let rows = dataset_rows(dataset)?;
    let thread_counts = doubling(plan.threads);
    let mut configs: Vec<(Engine, usize)> = vec![(Engine::Sequential, 1)];
    for engine in [Engine::Threads, Engine::Rayon, Engine::Chunks, Engine::Processes] {
        configs.extend(thread_counts.iter().map(|&threads| (engine, threads)));
    }
    let mut floor = Row {
        label: "newline count (floor)".into(),
        workers: 1,
        times: Vec::new(),
    };
    let mut measured: Vec<Row> = configs
        .iter()
        .map(|&(engine, workers)| Row {
            label: engine.name().into(),
            workers,
            times: Vec::new(),
        })
        .collect();
    let mut reference: Option<String> = None;
    for run in 0..plan.runs {
        eprintln!("run {} of {}...", run + 1, plan.runs);
        let started = Instant::now();
        count_newlines(dataset)?;
        floor.times.push(started.elapsed());
        for (row, &(engine, threads)) in measured.iter_mut().zip(&configs) {
            let (elapsed, json) = time_engine(dataset, engine, threads)?;
            if reference.get_or_insert_with(|| json.clone()) != &json {
                return Err(Error::Mismatch(format!("{} on {threads} threads", engine.name())));
            }
            row.times.push(elapsed);
        }
    }
    let python = python_rows(dataset, plan, &thread_counts)?;
    Ok(table(dataset, rows, &floor, &measured, &python))
}

/// 1, 2, 4... below `threads`, then `threads`: on a big machine the table
/// shows how each engine scales, not just its two ends.
fn doubling(threads: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = std::iter::successors(Some(1), |n| Some(n * 2))
        .take_while(|&n| n < threads)
        .collect();
    counts.push(threads.max(1));
    counts
}

/// Run one engine once, hidden, and time it.
fn time_engine(dataset: &Dataset, engine: Engine, threads: usize) -> Result<(Duration, String), Error> {
    let started = Instant::now();
    let report = engine.run_hidden(dataset, Options::with_threads(threads), None)?;
    Ok((started.elapsed(), report.to_json()))
}

/// The Python script at each process count, checked once against ours.
fn python_rows(dataset: &Dataset, plan: Plan, thread_counts: &[usize]) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    if plan.python_runs == 0 {
        return Ok(rows);
    }
    let (_, ours) = time_engine(dataset, Engine::Chunks, plan.threads)?;
    let ours: serde_json::Value = serde_json::from_str(&ours).map_err(|e| Error::Other(e.to_string()))?;
    for &processes in thread_counts {
        let mut row = Row {
            label: "python".into(),
            workers: processes,
            times: Vec::new(),
        };
        for _ in 0..plan.python_runs {
            eprintln!("python with {processes} worker process(es)...");
            let run = python::run(dataset, processes, OnBadRow::Fail)?;
            for key in ["rows", "total_revenue"] {
                if run.report["total"][key] != ours["total"][key] {
                    return Err(Error::Mismatch(format!("Python's total {key}")));
                }
            }
            row.times.push(run.elapsed);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// All rows of the dataset, read with the fastest engine.
fn dataset_rows(dataset: &Dataset) -> Result<u64, Error> {
    let options = Options::with_threads(workbook::machine::cores());
    Ok(Engine::Chunks.run_hidden(dataset, options, None)?.rows())
}

fn table(dataset: &Dataset, rows: u64, floor: &Row, measured: &[Row], python: &[Row]) -> String {
    let bytes = dataset.bytes() as f64;
    let floor_speed = bytes / floor.median().as_secs_f64();
    let python_all = python.last().map(Row::median);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} files, {} rows, {:.1} MB; medians of {} runs\n",
        dataset.files.len(),
        workbook::report::grouped(rows),
        bytes / 1e6,
        floor.times.len()
    );
    let _ = writeln!(
        out,
        "{:<22} {:>7} {:>9} {:>10} {:>8} {:>9} {:>9}",
        "engine", "workers", "wall", "rows/s", "MB/s", "× python", "of floor"
    );
    for row in [floor].into_iter().chain(python).chain(measured) {
        let secs = row.median().as_secs_f64();
        let versus_python =
            python_all.map_or("—".to_string(), |p| format!("{:.1}×", p.as_secs_f64() / secs));
        let _ = writeln!(
            out,
            "{:<22} {:>7} {:>9} {:>9.2}M {:>8.0} {:>9} {:>8.1}%",
            row.label,
            row.workers,
            human(row.median()),
            rows as f64 / secs / 1e6,
            bytes / secs / 1e6,
            versus_python,
            bytes / secs / floor_speed * 100.0
        );
    }
    let _ = write!(out, "{}", summary(measured, python_all, floor.median()));
    out
}

/// The lines under the table: the fastest engine against the targets.
fn summary(measured: &[Row], python_all: Option<Duration>, floor: Duration) -> String {
    let mut out = String::new();
    let Some(fastest) = measured.iter().min_by_key(|row| row.median()) else {
        return out;
    };
    let secs = fastest.median().as_secs_f64();
    let _ = writeln!(
        out,
        "\nfastest: {} on {} threads, {:.0}% of the floor{}",
        fastest.label,
        fastest.workers,
        floor.as_secs_f64() / secs * 100.0,
        python_all.map_or(String::new(), |p| format!(
            ", {:.1}× the Python script",
            p.as_secs_f64() / secs
        )),
    );
    let chunks: Vec<&Row> = measured.iter().filter(|row| row.label == "chunks").collect();
    if let [one, .., all] = chunks[..] {
        let _ = writeln!(
            out,
            "chunks on {} threads: {:.2}× its 1-thread time",
            all.workers,
            one.median().as_secs_f64() / all.median().as_secs_f64()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_double_up_to_all_threads() {
        assert_eq!(doubling(1), [1]);
        assert_eq!(doubling(2), [1, 2]);
        assert_eq!(doubling(6), [1, 2, 4, 6]);
        assert_eq!(doubling(16), [1, 2, 4, 8, 16]);
    }
}
