//! Part 3: seed 002's CPU task, `sum(range(100_000_000))`, on a pool with
//! twice as many workers as cores (the seed: a pool of 4 on 2 cores). More
//! workers than cores is no faster for work that computes: the workers take
//! turns on the cores, and each task takes longer.

use rayon::ThreadPool;
use rayon::prelude::*;
use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};
use workbook::TimeScale;
use workbook::machine::cores;
use workbook::pool::named;
use workbook::report::grouped;
use workbook::timeit::human;
use workbook::timeline::{Chart, Panels, Timeline};

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

/// Rounds of measurement: the figures shown are the median round's.
const ROUNDS: usize = 5;
/// Rounds whose ratio strays from the median by more than this disagree.
const AGREE: f64 = 0.10;

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

/// One run of the tasks on a pool: its timeline and its longest task.
type PoolRun = (Timeline, Duration);

/// One round: a task alone, then the tasks on each pool, back to back.
struct Round {
    alone: Duration,
    fit: PoolRun,
    over: PoolRun,
}

impl Round {
    /// How much longer the whole took oversubscribed than one per core.
    fn whole(&self) -> f64 {
        self.over.0.total().as_secs_f64() / self.fit.0.total().as_secs_f64()
    }

    /// How much longer the longest task took oversubscribed.
    fn per_task(&self) -> f64 {
        self.over.1.as_secs_f64() / self.fit.1.as_secs_f64()
    }
}

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let n = numbers_per_task(scale);
    let (cores, tasks) = (cores(), 2 * cores());
    println!(
        "3. Seed 002's CPU task: sum of {} numbers, {tasks} tasks, {cores} cores",
        grouped(n)
    );
    // The first run warms the machine up; its sum is the one we print.
    let sum = cpu_task(n);
    let pools = [named("cpu", cores), named("cpu", tasks)];
    let mut rounds: Vec<Round> = (0..ROUNDS).map(|_| round(&pools, tasks, n)).collect();
    // The median round by the whole's ratio: its timelines are the ones shown.
    rounds.sort_by(|a, b| a.whole().total_cmp(&b.whole()));
    let middle = &rounds[ROUNDS / 2];
    let alone = median(rounds.iter().map(|r| r.alone).collect());
    println!(
        "   one task alone: {} (sum {}; median of {ROUNDS} rounds)",
        human(alone),
        grouped(sum)
    );
    // Either way the cores do `tasks` tasks' work: two per core (the seed's 4 on 2).
    let per_core = tasks / cores;
    let ideal = middle.alone * per_core as u32;
    let in_rounds = format!("{per_core} rounds of one task per core");
    let shared = format!("{per_core} tasks' work per core");
    let fit = show_pool(
        &middle.fit,
        cores,
        "one worker per core",
        middle.alone,
        ideal,
        &in_rounds,
    );
    let over = show_pool(
        &middle.over,
        tasks,
        "oversubscribed",
        middle.alone,
        ideal,
        &shared,
    );
    // One figure, one time axis: both pools end together, the wider one's
    // bars each as long as the narrower one's two rounds.
    Panels::new()
        .number(
            "4.3",
            format!(
                "{tasks} CPU tasks on {cores} cores take as long on a pool of {tasks} as on a pool \
                 of {cores}: more workers than cores only stretch each task"
            ),
        )
        .panel(format!("a pool of {cores} (one worker per core)"), &fit)
        .panel(format!("a pool of {tasks} (oversubscribed)"), &over)
        .figure("04-cpu-pools")
        .save();
    compare(&rounds, tasks, cores);
    Ok(())
}

/// The two pools' ratios, round by round, and whether the rounds agree:
/// measured side by side, the ratio is the figure to trust when the
/// machine's speed wanders; the median of several rounds, when one round
/// is disturbed.
fn compare(rounds: &[Round], tasks: usize, cores: usize) {
    let whole: Vec<f64> = rounds.iter().map(Round::whole).collect();
    let per_task: Vec<f64> = rounds.iter().map(Round::per_task).collect();
    let (whole_median, task_median) = (median(whole.clone()), median(per_task.clone()));
    println!(
        "   {tasks} workers against {cores}: the whole {whole_median:.2}×, each task \
         {task_median:.2}× as long (medians)"
    );
    let listed = |ratios: &[f64]| {
        let mut sorted = ratios.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted
            .iter()
            .map(|r| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "   rounds, whole: {}; each task: {}",
        listed(&whole),
        listed(&per_task)
    );
    let strays = |ratios: &[f64], median: f64| {
        ratios
            .iter()
            .filter(|r| (*r / median - 1.0).abs() > AGREE)
            .count()
    };
    let stray = strays(&whole, whole_median) + strays(&per_task, task_median);
    if stray > 0 {
        println!(
            "   the rounds disagree: {stray} {} over {:.0}% from {} median (the \
             machine's\n   speed changed between runs); the medians are the figures to trust",
            if stray == 1 {
                "ratio strays"
            } else {
                "ratios stray"
            },
            AGREE * 100.0,
            if stray == 1 { "its" } else { "their" }
        );
    }
    println!();
}

/// A shared or virtual machine runs at changing speeds. Each round runs one
/// task alone, then the tasks on each pool, so that a change of speed
/// touches all three alike.
fn round(pools: &[ThreadPool; 2], tasks: usize, n: u64) -> Round {
    Round {
        alone: timed(|| cpu_task(n)),
        fit: on_pool(&pools[0], tasks, n),
        over: on_pool(&pools[1], tasks, n),
    }
}

/// The middle value (the upper one of an even count).
fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

/// Prints one pool's run: its longest task beside one task alone, and its
/// timeline against the ideal; returns the chart, for the figure of both.
fn show_pool<'a>(
    run: &'a PoolRun,
    workers: usize,
    kind: &str,
    alone: Duration,
    ideal: Duration,
    why: &str,
) -> Chart<'a> {
    let (timeline, longest) = run;
    println!(
        "   a pool of {workers} ({kind}): each task took up to {} ({:.1}× alone)",
        human(*longest),
        longest.as_secs_f64() / alone.as_secs_f64()
    );
    // A worker per core should run each task as fast as alone; say why not,
    // blaming other programs only when the load witness saw them.
    if workers <= cores() && longest.as_secs_f64() > 1.1 * alone.as_secs_f64() {
        let ctx = workbook::context::get().witnessed(timeline.total());
        let why = match ctx.others {
            Some(others) if ctx.busy() => format!("{others} meanwhile"),
            _ => "the machine was quiet: the host may run two of them on one physical core's \
                  two hardware threads"
                .to_string(),
        };
        let note = format!("(a core each, yet slower than alone: {why})");
        println!(
            "{}",
            workbook::report::wrap(&note, "   ", "   ", workbook::context::get().width)
        );
    }
    let chart = timeline.chart().ideal(ideal, why);
    chart.print();
    chart
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
