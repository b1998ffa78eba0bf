//! Part 3: the blocking pitfall. Five tasks each wait one unit on a runtime
//! with one thread, asyncio's model. With `tokio::time::sleep` they wait
//! together; with `std::thread::sleep` the thread itself sleeps, and with
//! it every task and timer on it; `spawn_blocking` moves the blocking call
//! to a thread of its own. A heartbeat task, due every 0.3 unit, shows
//! what a stalled executor means for everything else on it (a server, say).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinSet;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeline::{Timeline, current_worker};

const TASKS: u32 = 5;

/// The heartbeat is due every this many units.
const BEAT: f64 = 0.3;

// ANCHOR: naps
/// Three ways for a task to wait one unit.
#[derive(Debug, Clone, Copy)]
enum Nap {
    /// Suspends the task; the thread runs other tasks meanwhile.
    Async,
    /// The mistake: puts the whole thread to sleep, tasks and timers with it.
    Blocking,
    /// Runs the blocking call on tokio's pool of blocking threads and
    /// awaits it, so the runtime's thread stays free.
    Offloaded,
}

impl Nap {
    async fn take(self, scale: TimeScale) {
        let unit = scale.unit();
        match self {
            Nap::Async => tokio::time::sleep(unit).await,
            Nap::Blocking => std::thread::sleep(unit),
            Nap::Offloaded => tokio::task::spawn_blocking(move || std::thread::sleep(unit))
                .await
                .expect("the blocking sleep panicked"),
        }
    }
}
// ANCHOR_END: naps

/// What one run of five naps showed.
struct Run {
    timeline: Timeline,
    took: Duration,
    beats: u32,
}

pub fn run(scale: TimeScale) {
    println!("3. Blocking the executor: {TASKS} tasks each wait 1 unit, on a runtime with one thread");
    let one_thread = || {
        Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a one-thread runtime starts")
    };
    let unit = scale.unit();
    let rows = [
        (Nap::Async, "tokio::time::sleep", unit, "one unit: they overlap"),
        (
            Nap::Blocking,
            "std::thread::sleep (mistake)",
            unit * TASKS,
            "five units in a row",
        ),
        (
            Nap::Offloaded,
            "spawn_blocking(thread::sleep)",
            unit,
            "one unit: they overlap",
        ),
    ];
    let mut charts = Vec::new();
    for (nap, label, ideal, why) in rows {
        let run = five_naps(&one_thread(), nap, scale);
        let due = (scale.in_units(run.took) / BEAT).floor() as u32;
        println!("   {}", measured_vs_ideal(label, run.took, ideal, why));
        println!("     heartbeat: {} of {due} beats", run.beats);
        charts.push((label, run.timeline));
    }

    // More threads hide the mistake without curing it.
    let workers = workbook::machine::cores();
    let many_threads = lesson_06_async::runtime::runtime().expect("a multi-threaded runtime starts");
    let run = five_naps(&many_threads, Nap::Blocking, scale);
    let rounds = TASKS.div_ceil(workers as u32);
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("the mistake on {workers} threads"),
            run.took,
            unit * rounds,
            &format!("⌈{TASKS} / {workers}⌉ units")
        )
    );
    // One chart, one time axis: the staircase of the mistake above the
    // five blocking sleeps side by side on spawn_blocking's threads.
    println!("   the mistake and spawn_blocking, on one time axis:");
    let both = Timeline::new();
    // ("spawn_blocking" sorts before "thread::sleep": its rows come first.)
    for ((_, timeline), short) in charts[1..].iter().zip(["thread::sleep", "spawn_blocking"]) {
        for span in timeline.spans() {
            let (start, end) = (both.origin() + span.start, both.origin() + span.end);
            both.add(format!("{short} {}", span.task), span.worker, start, end);
        }
    }
    both.chart().figure("06-blocking-vs-spawn-blocking").print();
    println!();
}

// ANCHOR: five_naps
fn five_naps(runtime: &Runtime, nap: Nap, scale: TimeScale) -> Run {
    runtime.block_on(async {
        let beats = Arc::new(AtomicU32::new(0));
        let heartbeat = tokio::spawn(heartbeat(scale, Arc::clone(&beats)));
        let timeline = Arc::new(Timeline::new());
        let mut tasks = JoinSet::new();
        for id in 1..=TASKS {
            let timeline = Arc::clone(&timeline);
            tasks.spawn(async move {
                let start = Instant::now();
                nap.take(scale).await;
                timeline.add(format!("task {id}"), current_worker(), start, Instant::now());
            });
        }
        tasks.join_all().await;
        heartbeat.abort();
        let timeline = Arc::into_inner(timeline).expect("every task has ended");
        Run {
            took: timeline.total(),
            timeline,
            beats: beats.load(Ordering::SeqCst),
        }
    })
}
// ANCHOR_END: five_naps

/// A task that should tick every `BEAT` units, as long as it gets the thread.
async fn heartbeat(scale: TimeScale, beats: Arc<AtomicU32>) {
    loop {
        tokio::time::sleep(scale.units(BEAT)).await;
        beats.fetch_add(1, Ordering::SeqCst);
    }
}
