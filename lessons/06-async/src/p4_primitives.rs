//! Part 4: asyncio's `Queue`, `Lock` and `Event`, each in tokio in a few
//! lines: a bounded `mpsc` channel, tokio's `Mutex`, and a `watch` channel
//! holding a flag; and why tokio's `Notify`, despite its name, is not an
//! Event.

use futures_util::FutureExt;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{Mutex, Notify, mpsc, watch};
use tokio::task::JoinSet;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeline::Timeline;

/// Units the consumer spends on each job.
const JOB: f64 = 0.1;
/// Units each writer holds the lock.
const HOLD: f64 = 0.25;
/// Units before the event is set.
const SET_AFTER: f64 = 0.5;

pub async fn run(scale: TimeScale) {
    println!("4. asyncio's Queue, Lock and Event in tokio");

    let start = Instant::now();
    let (done, producer_finished) = queue(scale).await;
    println!("   Queue → mpsc::channel(2): the consumer got {done:?}, in order;");
    println!(
        "   the producer finished sending after {:.1} units: it waited for room in the queue",
        scale.in_units(producer_finished - start)
    );
    let jobs = done.len() as f64;
    println!(
        "   {}",
        measured_vs_ideal(
            "queue",
            start.elapsed(),
            scale.units(jobs * JOB),
            "the consumer's work"
        )
    );

    let timeline = lock(scale).await;
    println!("   Lock → tokio::sync::Mutex: four writers, each holding it across an .await");
    timeline
        .chart()
        .ideal(scale.units(4.0 * HOLD), "the sum of the holds")
        .figure("06-lock")
        .print();

    let start = Instant::now();
    let woke = event(scale).await;
    let last = woke.iter().map(|&at| at - start).max().unwrap_or_default();
    println!(
        "   Event → watch::channel(false): {} waiters woke when it was set",
        woke.len()
    );
    println!(
        "   {}",
        measured_vs_ideal(
            "last waiter woke",
            last,
            scale.units(SET_AFTER),
            "the moment it was set"
        )
    );
    let (one, waiters) = notify();
    println!("   Notify is not an Event: a wait begun after the call returns at once?");
    println!("     after notify_one:     {one} (nobody was waiting: it kept one permit)");
    println!("     after notify_waiters: {waiters} (it wakes those waiting, keeps nothing)");
    println!();
}

// ANCHOR: queue
/// Six jobs through a queue that holds two; returns what the consumer got
/// and when the producer had sent everything.
async fn queue(scale: TimeScale) -> (Vec<u32>, Instant) {
    // asyncio.Queue(maxsize=2). `jobs` may be cloned (many producers);
    // `inbox` may not (one consumer).
    let (jobs, mut inbox) = mpsc::channel(2);
    let producer = tokio::spawn(async move {
        for job in 1..=6 {
            // Waits (without blocking the thread) while the queue is full.
            jobs.send(job).await.expect("the consumer is listening");
        }
        Instant::now()
        // `jobs` is dropped here, which closes the channel.
    });
    let mut done = Vec::new();
    // `recv` gives None once every sender is gone and the queue is empty:
    // the end of the work, with no `task_done()` / `join()` bookkeeping.
    while let Some(job) = inbox.recv().await {
        tokio::time::sleep(scale.units(JOB)).await; // working on it
        done.push(job);
    }
    (done, producer.await.expect("the producer panicked"))
}
// ANCHOR_END: queue

// ANCHOR: lock
/// Four writers append to one log, holding its lock across an `.await`.
async fn lock(scale: TimeScale) -> Timeline {
    let timeline = Arc::new(Timeline::new());
    // asyncio.Lock. tokio's `Mutex` is locked with `.await`: a writer that
    // finds it taken steps aside instead of blocking the thread, and the
    // guard may be kept across other `.await`s (a std `MutexGuard` may not:
    // the task would no longer be `Send`, and `tokio::spawn` refuses it).
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut writers = JoinSet::new();
    for id in 1..=4 {
        let (log, timeline) = (Arc::clone(&log), Arc::clone(&timeline));
        writers.spawn(async move {
            let mut entries = log.lock().await;
            let start = Instant::now();
            tokio::time::sleep(scale.units(HOLD)).await; // still holding it
            entries.push(id);
            timeline.add(format!("writer {id}"), "task", start, Instant::now());
        });
    }
    writers.join_all().await;
    Arc::into_inner(timeline).expect("every writer has ended")
}
// ANCHOR_END: lock

// ANCHOR: event
/// Three waiters wait for an event that is set after a while; returns when
/// each woke.
async fn event(scale: TimeScale) -> Vec<Instant> {
    // asyncio.Event: a watch channel holding a bool. `send(true)` is
    // `set()`, `wait_for(|set| *set)` is `wait()`, and like an Event it
    // stays set for anyone who looks later, however many they are.
    // (`Notify` is not: see `notify` below.)
    let (set, is_set) = watch::channel(false);
    let mut waiters = JoinSet::new();
    for _ in 0..3 {
        let mut is_set = is_set.clone();
        waiters.spawn(async move {
            is_set
                .wait_for(|&set| set)
                .await
                .expect("the event is still there");
            Instant::now()
        });
    }
    tokio::time::sleep(scale.units(SET_AFTER)).await;
    set.send(true).expect("someone is waiting");
    waiters.join_all().await
}
// ANCHOR_END: event

// ANCHOR: notify
/// tokio's `Notify` is no Event. `notify_one()` with nobody waiting keeps
/// one permit: the next wait returns at once, the one after it waits.
/// `notify_waiters()` wakes the tasks waiting at that moment and keeps
/// nothing: a wait begun a moment later waits for the next call. Returns
/// whether a wait begun after each call was over at once.
fn notify() -> (bool, bool) {
    let notify = Notify::new();
    notify.notify_one(); // nobody waits yet
    // `now_or_never` polls a future once: Some if it is ready at once.
    let after_one = notify.notified().now_or_never().is_some();
    notify.notify_waiters(); // nobody waits yet
    let after_waiters = notify.notified().now_or_never().is_some();
    (after_one, after_waiters)
}
// ANCHOR_END: notify
