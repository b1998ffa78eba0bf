//! Part 6: seed 004's queue-fed worker threads, and how they stop. The seed
//! starts ten `daemon` readers that loop on `q.get()` forever, waits with
//! `q.join()` until every item is marked `task_done()`, and lets the
//! interpreter kill the readers at exit. Here the workers stop by
//! themselves: the main thread *closes* the queue (drops its sender), each
//! worker finishes what is queued, sees the queue closed, and returns; the
//! main thread joins them. While idle, each worker says its id once a
//! unit (seed 004's task).

use crossbeam_channel::{Receiver, RecvTimeoutError};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::thread;
use std::time::Instant;
use workbook::TimeScale;
use workbook::report::indent;
use workbook::timeit::human;
use workbook::timeline::Timeline;

const WORKERS: u32 = 3;
const JOBS: usize = 6;
/// How long the workers wait for their first job, in units.
const IDLE_UNITS: f64 = 1.5;

pub fn run(scale: TimeScale, seed: u64) {
    let jobs = random_jobs(seed);
    println!(
        "6. Seed 004's queue-fed workers: {WORKERS} workers, {JOBS} jobs of {jobs:?} units, then shutdown"
    );
    let timeline = Timeline::new();
    let stopped = run_workers(&jobs, scale, &timeline);
    let work: u32 = jobs.iter().sum();
    let longest = jobs.iter().copied().max().unwrap_or(0);
    let busy = (f64::from(work) / f64::from(WORKERS)).max(f64::from(longest));
    let ideal = scale.units(IDLE_UNITS + busy);
    let chart = timeline
        .chart()
        .per_worker()
        .ideal(ideal, "idle wait + work ÷ 3 workers");
    print!("{}", indent(&chart.to_string()));
    println!(
        "   all {WORKERS} workers had returned and were joined {} after the last job ended",
        human(stopped)
    );
    println!();
}

/// `JOBS` job lengths of 1 to 3 units, the same for the same seed.
fn random_jobs(seed: u64) -> Vec<u32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..JOBS).map(|_| rng.random_range(1..=3)).collect()
}

// ANCHOR: run_workers
/// Start the workers, let them idle, queue the jobs, close the queue, join.
/// Returns how long after the last job's end the last worker was joined.
fn run_workers(jobs: &[u32], scale: TimeScale, timeline: &Timeline) -> std::time::Duration {
    let (queue, jobs_in) = crossbeam_channel::unbounded();
    thread::scope(|scope| {
        let workers: Vec<_> = (1..=WORKERS)
            .map(|id| {
                let jobs_in = jobs_in.clone();
                thread::Builder::new()
                    .name(format!("worker {id}"))
                    .spawn_scoped(scope, move || worker(id, &jobs_in, scale, timeline))
                    .expect("the OS starts a thread")
            })
            .collect();
        scale.sleep(IDLE_UNITS);
        for &units in jobs {
            queue.send(units).expect("the workers are listening");
        }
        // No sentinel, no `task_done`: closing the queue *is* the stop signal.
        drop(queue);
        for worker in workers {
            worker.join().expect("a worker panicked");
        }
        let joined = Instant::now();
        let last_end = timeline.origin() + timeline.total();
        joined.saturating_duration_since(last_end)
    })
}

/// Take jobs until the queue is closed; say who you are once a unit while idle.
fn worker(id: u32, jobs: &Receiver<u32>, scale: TimeScale, timeline: &Timeline) {
    loop {
        match jobs.recv_timeout(scale.unit()) {
            Ok(units) => timeline.record(format!("{units} u"), || scale.sleep(units.into())),
            Err(RecvTimeoutError::Timeout) => println!("   worker {id}: no work yet"),
            // Closed *and* empty: every queued job has been taken.
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
// ANCHOR_END: run_workers
