//! Part 3: seed 002's CPU task, `sum(range(100_000_000))`, on a pool with
//! twice as many workers as cores (the seed: a pool of 4 on 2 cores). More
//! workers than cores is no faster for work that computes: the workers take
//! turns on the cores, and each task takes longer.

use super::pool;
use rayon::ThreadPool;
use rayon::prelude::*;
use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};
use workbook::TimeScale;
use workbook::cli::cores;
use workbook::report::{grouped, indent};
use workbook::timeit::human;
use workbook::timeline::Timeline;

// ANCHOR: cpu_task
/// Seed 002's `cpu_task`: the sum of `0..n`, one number at a time.
/// `black_box` hides each partial sum from the optimiser, which would
/// otherwise replace the loop by the formula n(n−1)/2 (lesson 01).
fn cpu_task(n: u64) -> u64 {
    let mut sum = 0;
    for i in 0..n {
        sum = black_box(sum + i);
    }
    sum
}
// ANCHOR_END: cpu_task

/// The seed's 100 M numbers at the default unit (100 ms), scaled with the
/// unit so that `--unit-ms 5` (the tests, a debug build) stays quick.
fn numbers_per_task(scale: TimeScale) -> u64 {
    100_000_000 * scale.unit().as_millis() as u64 / 100
}

/// Runs of each measurement; the fastest is shown.
const RUNS: usize = 3;

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let n = numbers_per_task(scale);
    let (cores, tasks) = (cores(), 2 * cores());
    println!(
        "3. Seed 002's CPU task: sum of {} numbers, {tasks} tasks, {cores} cores",
        grouped(n)
    );

    // A shared or virtual machine runs at changing speeds: warm up first,
    // then keep the fastest of three runs, the one least disturbed.
    black_box(cpu_task(n));
    let alone = (0..RUNS).map(|_| timed(|| cpu_task(n))).min().unwrap_or_default();
    println!(
        "   one task alone: {} (sum {}; fastest of {RUNS})",
        human(alone),
        grouped(cpu_task(n))
    );

    // The two pools take turns, three rounds, so that a change in the
    // machine's speed touches both alike; each keeps its fastest run.
    let pools = [pool(cores, "cpu")?, pool(tasks, "cpu")?];
    let mut best: [Option<(Timeline, Duration)>; 2] = [None, None];
    for _ in 0..RUNS {
        for (pool, best) in pools.iter().zip(&mut best) {
            let run = on_pool(pool, tasks, n);
            if best
                .as_ref()
                .is_none_or(|(fastest, _)| run.0.total() < fastest.total())
            {
                *best = Some(run);
            }
        }
    }
    let mut runs = Vec::new();
    for (workers, (timeline, longest)) in [cores, tasks].into_iter().zip(best.into_iter().flatten()) {
        // Either way the cores do `tasks` tasks' work, two per core.
        let ideal = alone * (tasks / cores) as u32;
        let (kind, why) = if workers == cores {
            ("one worker per core", "two rounds of one task per core")
        } else {
            ("oversubscribed", "two tasks' work per core")
        };
        println!(
            "   a pool of {workers} ({kind}): each task took up to {} ({:.1}× alone; fastest run of {RUNS})",
            human(longest),
            longest.as_secs_f64() / alone.as_secs_f64()
        );
        print!("{}", indent(&timeline.chart().ideal(ideal, why).to_string()));
        runs.push((timeline.total(), longest));
    }
    // The two pools ran in turns on the same machine: their ratio is the
    // measurement to trust when the machine's speed wanders.
    let ((total_fit, task_fit), (total_over, task_over)) = (runs[0], runs[1]);
    println!(
        "   {tasks} workers against {cores}: the whole {:.2}×, each task {:.2}× as long\n",
        total_over.as_secs_f64() / total_fit.as_secs_f64(),
        task_over.as_secs_f64() / task_fit.as_secs_f64()
    );
    Ok(())
}

// ANCHOR: oversubscribed
/// Run `tasks` CPU tasks on `pool`; return their timeline and the longest task.
fn on_pool(pool: &ThreadPool, tasks: usize, n: u64) -> (Timeline, Duration) {
    let timeline = Timeline::new();
    let sums: Vec<u64> = pool.install(|| {
        (0..tasks)
            .into_par_iter()
            // One task per piece: without it rayon might run two tasks as one.
            .with_max_len(1)
            .map(|task| timeline.record(format!("task {task}"), || cpu_task(n)))
            .collect()
    });
    debug_assert!(
        sums.iter().all(|&s| s == sums[0]),
        "every task sums the same numbers"
    );
    let longest = timeline
        .spans()
        .iter()
        .map(|s| s.end - s.start)
        .max()
        .unwrap_or_default();
    (timeline, longest)
}
// ANCHOR_END: oversubscribed
