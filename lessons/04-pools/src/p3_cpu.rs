//! Part 3: seed 002's CPU task, `sum(range(100_000_000))`, on a pool with
//! twice as many workers as cores (the seed: a pool of 4 on 2 cores). More
//! workers than cores is no faster for work that computes: the workers take
//! turns on the cores, and each task takes longer.

use lesson_04_pools::pool;
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

/// Rounds of measurement; the fastest run of each kind is shown.
const RUNS: usize = 3;

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

/// One run of the tasks on a pool: its timeline and its longest task.
type PoolRun = (Timeline, Duration);

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let n = numbers_per_task(scale);
    let (cores, tasks) = (cores(), 2 * cores());
    println!(
        "3. Seed 002's CPU task: sum of {} numbers, {tasks} tasks, {cores} cores",
        grouped(n)
    );
    // The first run warms the machine up; its sum is the one we print.
    let sum = cpu_task(n);
    let pools = [pool(cores, "cpu")?, pool(tasks, "cpu")?];
    let (alone, [fit, over]) = fastest_runs(&pools, tasks, n);
    println!(
        "   one task alone: {} (sum {}; fastest of {RUNS})",
        human(alone),
        grouped(sum)
    );
    // Either way the cores do `tasks` tasks' work: two per core (the seed's 4 on 2).
    let per_core = tasks / cores;
    let ideal = alone * per_core as u32;
    let rounds = format!("{per_core} rounds of one task per core");
    let shared = format!("{per_core} tasks' work per core");
    show_pool(&fit, cores, "one worker per core", alone, ideal, &rounds);
    show_pool(&over, tasks, "oversubscribed", alone, ideal, &shared);
    // Measured in the same rounds, the two pools' ratio is the figure to
    // trust when the machine's speed wanders.
    println!(
        "   {tasks} workers against {cores}: the whole {:.2}×, each task {:.2}× as long\n",
        over.0.total().as_secs_f64() / fit.0.total().as_secs_f64(),
        over.1.as_secs_f64() / fit.1.as_secs_f64()
    );
    Ok(())
}

/// A shared or virtual machine runs at changing speeds. Each round runs one
/// task alone, then the tasks on each pool, so that a change of speed touches
/// all three alike; each keeps its fastest run, the one least disturbed.
fn fastest_runs(pools: &[ThreadPool; 2], tasks: usize, n: u64) -> (Duration, [PoolRun; 2]) {
    let mut alone = Duration::MAX;
    let mut best: [Option<PoolRun>; 2] = [None, None];
    for _ in 0..RUNS {
        alone = alone.min(timed(|| cpu_task(n)));
        for (pool, best) in pools.iter().zip(&mut best) {
            let run = on_pool(pool, tasks, n);
            if best
                .as_ref()
                .is_none_or(|fastest| run.0.total() < fastest.0.total())
            {
                *best = Some(run);
            }
        }
    }
    let [fit, over] = best.map(|run| run.expect("RUNS is at least 1"));
    (alone, [fit, over])
}

/// Prints one pool's fastest run: its longest task beside one task alone,
/// and its timeline against the ideal.
fn show_pool(run: &PoolRun, workers: usize, kind: &str, alone: Duration, ideal: Duration, why: &str) {
    let (timeline, longest) = run;
    println!(
        "   a pool of {workers} ({kind}): each task took up to {} ({:.1}× alone; fastest run of {RUNS})",
        human(*longest),
        longest.as_secs_f64() / alone.as_secs_f64()
    );
    print!("{}", indent(&timeline.chart().ideal(ideal, why).to_string()));
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
