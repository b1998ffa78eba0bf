//! Part 3: the times. Each engine's one run beside the sequential
//! engine's, Python's if it ran, and the floor (reading the bytes and
//! counting line breaks). `bench` takes medians of several runs; this is
//! the quick look.

use lesson_08_sales::engines::{Engine, Options, Run};
use lesson_08_sales::machinery::dataset::Dataset;
use lesson_08_sales::machinery::python::PythonTime;
use std::time::Duration;
use workbook::report::indent;
use workbook::timeit::human;

/// Print the table of times.
pub fn run(dataset: &Dataset, runs: &[Run], options: Options, floor: Duration, python: Option<PythonTime>) {
    println!(
        "3. The engines: {} threads, {} batches, medians of {} runs\n   (the seed: 3 processes, tst in 1.6 s)\n",
        options.threads,
        options.batches,
        crate::p2_report::ROUNDS
    );
    let rows = runs.first().map_or(0, |run| run.report.rows());
    println!("{}", indent(&times(dataset.bytes(), rows, runs, floor, python)));
    if runs.len() > 1 {
        println!(
            "   All {} engines gave the same report, byte for byte.\n",
            runs.len()
        );
    }
}

/// The table of times: each engine, Python if it ran, and the floor.
fn times(bytes: u64, rows: u64, runs: &[Run], floor: Duration, python: Option<PythonTime>) -> String {
    let bytes = bytes as f64;
    let sequential = runs
        .iter()
        .find(|run| run.engine == Engine::Sequential)
        .map(|run| run.elapsed);
    let versus = |reference: Option<Duration>, elapsed: Duration| {
        reference.map_or(String::new(), |r| {
            format!("{:>9.2}×", r.as_secs_f64() / elapsed.as_secs_f64())
        })
    };
    let line = |name: &str, workers: usize, elapsed: Duration| {
        let secs = elapsed.as_secs_f64();
        format!(
            "{name:<22} {workers:>7} {:>9} {:>8.2}M {:>8.0} {}{}",
            human(elapsed),
            rows as f64 / secs / 1e6,
            bytes / secs / 1e6,
            versus(sequential, elapsed),
            versus(python.map(|p| p.elapsed), elapsed),
        )
    };
    let mut header = format!(
        "{:<22} {:>7} {:>9} {:>9} {:>8} ",
        "engine", "workers", "time", "rows/s", "MB/s"
    );
    if sequential.is_some() {
        header.push_str(&format!("{:>10}", "vs seq."));
    }
    if python.is_some() {
        header.push_str(&format!("{:>10}", "vs python"));
    }
    let mut lines = vec![header];
    lines.extend(
        runs.iter()
            .map(|run| line(run.engine.name(), run.workers, run.elapsed)),
    );
    if let Some(python) = python {
        lines.push(line("python (seed's design)", python.processes, python.elapsed));
    }
    lines.push(line("floor: count newlines", 1, floor));
    let lines: Vec<&str> = lines.iter().map(|line| line.trim_end()).collect();
    lines.join("\n")
}
