//! Part 2: seed 004's task. 100 coroutines, each waiting a random 0 to 4
//! units, run together: the whole takes as long as the longest wait, not
//! the sum of them. A `JoinSet` hands results back as they finish; beside
//! it, `tokio::join!` and `join_all`, which wait for futures without
//! spawning them.

use lesson_06_async::random_delays;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeline::Timeline;

const COROUTINES: usize = 100;

/// Every tenth coroutine is drawn: 100 rows would not fit a screen.
const CHART_EVERY: usize = 10;

pub async fn run(scale: TimeScale, seed: u64) {
    println!("2. {COROUTINES} coroutines with random delays of 0–4 units, run together");
    let delays = random_delays(seed, COROUTINES);
    let timeline = Timeline::new(); // its time axis starts now
    let start = Instant::now();
    let finished = run_together(scale, &delays).await;
    let took = start.elapsed();

    let longest = delays.iter().copied().fold(0.0, f64::max);
    let sum: f64 = delays.iter().sum();
    let first: Vec<String> = finished
        .iter()
        .take(5)
        .map(|done| format!("#{} ({:.2} u)", done.id, delays[done.id]))
        .collect();
    println!("   finished first: {}", first.join(", "));
    if let Some(last) = finished.last() {
        println!("   finished last:  #{} ({:.2} u)", last.id, delays[last.id]);
    }
    println!(
        "   {}",
        measured_vs_ideal("all 100", took, scale.units(longest), "the longest delay")
    );
    println!(
        "   one after another they would take {:.1} units = {:.1} s (the sum)",
        sum,
        scale.units(sum).as_secs_f64()
    );
    println!("   every {CHART_EVERY}th coroutine:");
    let longest = sample(&timeline, &finished, &delays, scale);
    timeline
        .chart()
        .ideal(longest, "the longest of these")
        .figure("06-gather")
        .print();
    without_spawning(scale).await;
    println!();
}

// ANCHOR: without_spawning
/// Two ways to wait for several futures together without spawning them:
/// they run inside the task that awaits them, taking turns on its thread,
/// so they need not be `Send` or `'static` (they may borrow).
/// `tokio::join!` takes a fixed number of futures, each of its own type;
/// `join_all` takes a `Vec` of them and keeps its order (asyncio.gather).
async fn without_spawning(scale: TimeScale) {
    let label = String::from("borrowed"); // no `move`, no clone: they borrow it
    let wait = |units: f64| {
        let label = &label;
        async move {
            tokio::time::sleep(scale.units(units)).await;
            format!("{label} {units}")
        }
    };
    let start = Instant::now();
    let (two, one) = tokio::join!(wait(0.2), wait(0.1));
    let joined = start.elapsed();
    let start = Instant::now();
    let all = futures_util::future::join_all([0.3, 0.1, 0.2].map(wait)).await;
    let all_took = start.elapsed();
    let longer = scale.units(0.2);
    println!(
        "   {}",
        measured_vs_ideal("join!(0.2 u, 0.1 u)", joined, longer, "the longer")
    );
    println!("     -> ({two:?}, {one:?})");
    let longest = scale.units(0.3);
    let line = measured_vs_ideal("join_all([0.3, 0.1, 0.2] u)", all_took, longest, "the longest");
    println!("   {line}");
    println!("     -> {all:?}: in the order of the input");
}
// ANCHOR_END: without_spawning

/// When one coroutine ran.
struct Finished {
    id: usize,
    start: Instant,
    end: Instant,
}

// ANCHOR: run_together
async fn run_together(scale: TimeScale, delays: &[f64]) -> Vec<Finished> {
    let mut tasks = JoinSet::new();
    for (id, &units) in delays.iter().enumerate() {
        tasks.spawn(async move {
            let start = Instant::now();
            tokio::time::sleep(scale.units(units)).await;
            Finished {
                id,
                start,
                end: Instant::now(),
            }
        });
    }
    // join_next gives each result as its task ends, like asyncio.as_completed;
    // the order is the order of the delays, not of the ids.
    let mut finished = Vec::with_capacity(delays.len());
    while let Some(done) = tasks.join_next().await {
        finished.push(done.expect("a coroutine panicked"));
    }
    finished
}
// ANCHOR_END: run_together

/// Put every `CHART_EVERY`th coroutine on `timeline`; returns the longest
/// delay among them, the ideal of the chart.
fn sample(timeline: &Timeline, finished: &[Finished], delays: &[f64], scale: TimeScale) -> Duration {
    let mut longest = Duration::ZERO;
    for done in finished.iter().filter(|done| done.id % CHART_EVERY == 0) {
        let task = format!("#{} ({:.2} u)", done.id, delays[done.id]);
        timeline.add(task, "task", done.start, done.end);
        longest = longest.max(scale.units(delays[done.id]));
    }
    longest
}
