//! Part 4: each engine's workers on a timeline, one row per thread or
//! process, against the ideal: the sequential engine's time shared
//! equally among the workers.

use lesson_08_sales::engines::{Engine, Run};
use workbook::report::indent;

/// Print every engine's timeline.
pub fn run(runs: &[Run]) {
    println!("4. Each engine's workers on a timeline\n");
    for run in runs {
        println!("{}", indent(&chart(run, runs)));
    }
}

/// An engine's workers on a timeline; parallel engines are measured
/// against the sequential engine's time divided among their workers.
fn chart(run: &Run, runs: &[Run]) -> String {
    let sequential = runs.iter().find(|r| r.engine == Engine::Sequential);
    let chart = run.timeline.chart().per_worker();
    let chart = match sequential {
        Some(s) if run.engine != Engine::Sequential && run.engine != Engine::Chunks => chart.ideal(
            s.elapsed / run.workers.max(1) as u32,
            format!("sequential ÷ {}", run.workers),
        ),
        _ => chart,
    };
    let plural = if run.workers == 1 { "" } else { "s" };
    format!("{} ({} worker{plural}):\n{chart}", run.engine.name(), run.workers)
}
