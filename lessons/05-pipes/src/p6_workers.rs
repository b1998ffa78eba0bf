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
use workbook::timeit::human;
use workbook::timeline::Timeline;

const WORKERS: u32 = 3;
const JOBS: usize = 6;
/// How long the workers wait for their first job, in units.
const IDLE_UNITS: f64 = 1.5;

pub fn run(scale: TimeScale, seed: u64) {
    let jobs = random_jobs(seed);
    println!("6. Seed 004's queue-fed workers: {WORKERS} workers, {JOBS} jobs of {jobs:?} units, shutdown");
    let timeline = Timeline::new();
    let stopped = run_workers(&jobs, scale, &timeline);
    let ideal = scale.units(IDLE_UNITS + f64::from(best_split(&jobs)));
    timeline
        .chart()
        .per_worker()
        .ideal(ideal, "idle wait + the best split of the jobs")
        .print();
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

/// The least time [`WORKERS`] workers can finish `jobs` in, no job cut in
/// two: the busiest worker's units under the best of all the ways to hand
/// the jobs out (3⁶ = 729 for six jobs, few enough to try every one).
/// Work ÷ workers would be lower, but jobs of whole units cannot share
/// 14 units out as 4⅔ each.
fn best_split(jobs: &[u32]) -> u32 {
    let ways = WORKERS.pow(jobs.len() as u32);
    (0..ways).map(|way| busiest(jobs, way)).min().unwrap_or(0)
}

/// The busiest worker's units when `way`, written in base [`WORKERS`],
/// names each job's worker: digit `i` is the worker of job `i`.
fn busiest(jobs: &[u32], mut way: u32) -> u32 {
    let mut loads = [0; WORKERS as usize];
    for &units in jobs {
        loads[(way % WORKERS) as usize] += units;
        way /= WORKERS;
    }
    loads.into_iter().max().unwrap_or(0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_split_of_the_default_jobs_is_5_units() {
        assert_eq!(
            best_split(&[2, 3, 3, 2, 2, 2]),
            5,
            "4, 5 and 5 units: 14 cannot split as 4⅔ each"
        );
        assert_eq!(best_split(&[3, 1, 1, 1]), 3, "the longest job bounds the split");
        assert_eq!(best_split(&[]), 0, "no jobs, no time");
    }
}
