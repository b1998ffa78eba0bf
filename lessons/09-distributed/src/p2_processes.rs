//! Part 2: the same dataflow across 2 and 3 processes on this machine. The
//! launcher picks free loopback ports, starts the processes, waits for all
//! of them, and makes one report from process 0's results. A timeline
//! shows which process read which file, and when each one reduced.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::launch::report_of;
use lesson_09_distributed::run::{self, RunError, Timed};
use lesson_09_distributed::sales::{OnBadRow, Report};
use std::path::Path;
use std::time::Duration;
use workbook::timeline::{Panels, Timeline};

/// Run part 2; returns each run (by process count) for parts 3 and 4.
pub fn run(
    program: &Path,
    dir: &Path,
    reference: &Report,
    timeout: Duration,
) -> Result<Vec<(usize, Timed)>, RunError> {
    println!("2. Across processes: 2 and 3 processes × 1 worker, partial summaries exchanged\n");
    let mut runs = Vec::new();
    let mut timelines = Vec::new();
    for processes in [2, 3] {
        let timeline = Timeline::new();
        let plan = run::plan(dir, OnBadRow::Fail, Ship::Partials);
        let launch = run::local(program, plan, processes, 1, timeout)?;
        let timed = run::in_processes(&launch, None)?;
        let report = report_of(&timed.outcomes)?;
        println!("   {processes} processes on {}", launch.addresses.join(" "));
        let ms = |d: &Duration| format!("{:.1}", d.as_secs_f64() * 1e3);
        let fingerprint: Vec<String> = timed.mesh.iter().map(|(f, _)| ms(f)).collect();
        let mesh: Vec<String> = timed.mesh.iter().map(|(_, m)| ms(m)).collect();
        println!(
            "   per process: fingerprint of its data {} ms",
            fingerprint.join(", ")
        );
        println!(
            "                connecting and authenticating {} ms",
            mesh.join(", ")
        );
        println!(
            "   {:.0} ms, of which {:.0} ms to connect; report == lesson 08's: {}\n",
            timed.elapsed.as_secs_f64() * 1e3,
            timed.start_up.as_secs_f64() * 1e3,
            report.to_json() == reference.to_json()
        );
        run::add_spans(&timeline, &timed.outcomes);
        timeline.chart().per_worker().print();
        println!();
        runs.push((processes, timed));
        timelines.push((processes, timeline));
    }
    // The figure: both runs on one time axis, each process's rows together.
    let charts: Vec<_> = timelines
        .iter()
        .map(|(processes, timeline)| (processes, timeline.chart().per_worker()))
        .collect();
    let mut figure = Panels::new().number(
        "9.1",
        "Each process connects to its peers first, then reads its files: the same \
         dataflow across 2 and 3 processes, on one time axis",
    );
    for (processes, chart) in &charts {
        figure = figure.panel(format!("{processes} processes × 1 worker"), chart);
    }
    figure.figure("09-processes-compared").save();
    Ok(runs)
}
