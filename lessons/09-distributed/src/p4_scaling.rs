//! Part 4: scaling. The dataflow on 1, 2 and 3 processes against lesson
//! 08's fastest engine (`chunks`) on as many threads, on the same files.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::run::{self, RunError, Timed};
use lesson_09_distributed::sales::{Dataset, Engine, OnBadRow};
use std::path::Path;

/// Run part 4, reusing part 2's runs for 2 and 3 processes.
pub fn run(dir: &Path, clusters: &[(usize, Timed)]) -> Result<(), RunError> {
    println!("4. Scaling: P processes × 1 worker vs lesson 08's chunks engine, P threads\n");
    let dataset = Dataset::open(dir)?;
    let one = run::in_threads(&run::plan(dir, OnBadRow::Fail, Ship::Partials), 1)?;
    println!(
        "   {:>2} {:>11} {:>13} {:>13} {:>18}",
        "P", "timely", "to connect", "after that", "lesson 08 chunks"
    );
    let runs = std::iter::once((1, &one)).chain(clusters.iter().map(|(p, t)| (*p, t)));
    for (processes, timed) in runs {
        let (_, chunks) = run::lesson_08(&dataset, Engine::Chunks, processes, OnBadRow::Fail)?;
        println!(
            "   {processes:>2} {:>8.0} ms {:>10.0} ms {:>10.0} ms {:>15.0} ms",
            timed.elapsed.as_secs_f64() * 1e3,
            timed.start_up.as_secs_f64() * 1e3,
            (timed.elapsed - timed.start_up).as_secs_f64() * 1e3,
            chunks.as_secs_f64() * 1e3
        );
    }
    println!();
    Ok(())
}
