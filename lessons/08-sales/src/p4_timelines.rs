//! Part 4: each engine's workers on a timeline, one row per thread or
//! process, against the ideal: the sequential engine's time shared
//! equally among the workers.

use lesson_08_sales::engines::{Engine, Run};
use std::time::Duration;
use workbook::timeline::{Chart, Panels};

/// Print every engine's timeline.
pub fn run(runs: &[Run]) {
    println!("4. Each engine's workers on a timeline\n");
    let mut charts = Vec::new();
    for run in runs {
        let plural = if run.workers == 1 { "" } else { "s" };
        let title = format!("{} ({} worker{plural})", run.engine.name(), run.workers);
        println!("   {title}:");
        let chart = chart(run, runs);
        chart.print();
        println!();
        charts.push((title, chart));
    }
    // The figure: every engine on one time axis, so that their lengths
    // compare at a glance, as the terminal's separate charts cannot.
    let mut figure = Panels::new().number(
        "8.2",
        "Every engine's workers on one time axis: the parallel engines end before the \
         sequential one, the chunks engine's two rows together",
    );
    for (title, chart) in &charts {
        figure = figure.panel(title.clone(), chart);
    }
    figure.figure("08-engines").save();
}

/// An engine's workers on a timeline, beside its ideal: the sequential
/// engine's time divided among the workers; for `chunks`, whose parser
/// differs from the sequential engine's, its own work divided among them
/// (what a perfect balance would take).
fn chart<'a>(run: &'a Run, runs: &[Run]) -> Chart<'a> {
    let workers = run.workers.max(1) as u32;
    let sequential = runs.iter().find(|r| r.engine == Engine::Sequential);
    // A process runs one batch: one row per task is one row per process,
    // and no row holds two tasks whose bars would need telling apart.
    let chart = match run.engine {
        Engine::Processes => run.timeline.chart(),
        _ => run.timeline.chart().per_worker(),
    };
    match (run.engine, sequential) {
        (Engine::Sequential, _) => chart,
        (Engine::Chunks, _) => {
            let busy: Duration = run.timeline.spans().iter().map(|s| s.end - s.start).sum();
            chart.ideal(busy / workers, format!("its work ÷ {workers}"))
        }
        (_, Some(s)) => chart.ideal(s.elapsed / workers, format!("sequential ÷ {workers}")),
        (_, None) => chart,
    }
}
