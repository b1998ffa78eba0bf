//! Part 2 of lesson 02: getting results back from threads. Python's `Thread`
//! throws its target's return value away, so seed 002 appends to a shared
//! list or uses a `ThreadPoolExecutor`. Rust threads return their value
//! through `join`.

use lesson_02_threads::tasks::{io_task, longest};
use std::sync::{Arc, Mutex};
use std::thread;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeline::Timeline;

pub fn run(scale: TimeScale, delays: &[u32]) {
    println!("2. Results out of threads");
    let max = longest(delays, scale);

    let (results, timeline) = join_handles(scale, delays);
    println!("   JoinHandle<String>, joined in order:\n      {results:?}");
    println!(
        "   {}",
        measured_vs_ideal("JoinHandle", timeline.total(), max, "longest task")
    );

    let (results, timeline) = shared_vec(scale, delays);
    println!("   Arc<Mutex<Vec<_>>>, in the order they finished:\n      {results:?}");
    println!(
        "   {}",
        measured_vs_ideal("shared Vec", timeline.total(), max, "longest task")
    );

    let (results, timeline) = scoped(scale, delays);
    println!("   thread::scope, borrowing instead of Arc:\n      {results:?}");
    timeline.chart().ideal(max, "longest task").print();
    println!();
}

// ANCHOR: join_handles
fn join_handles(scale: TimeScale, delays: &[u32]) -> (Vec<String>, Timeline) {
    let timeline = Arc::new(Timeline::new());
    let handles: Vec<thread::JoinHandle<String>> = delays
        .iter()
        .enumerate()
        .map(|(id, &units)| {
            let timeline = Arc::clone(&timeline);
            thread::spawn(move || io_task(id, units, scale, &timeline))
        })
        .collect(); // collect first: every thread is running before we join
    // `join` hands back what the thread returned (or its panic, as Err).
    let results = handles
        .into_iter()
        .map(|h| h.join().expect("an I/O task panicked"))
        .collect();
    (
        results,
        Arc::into_inner(timeline).expect("every thread has ended"),
    )
}
// ANCHOR_END: join_handles

// ANCHOR: shared_vec
fn shared_vec(scale: TimeScale, delays: &[u32]) -> (Vec<String>, Timeline) {
    let timeline = Arc::new(Timeline::new());
    // Seed 002's "mutable global object". Rust will not let two threads push
    // to a plain Vec; the Mutex makes each push exclusive.
    let results = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = delays
        .iter()
        .enumerate()
        .map(|(id, &units)| {
            let (timeline, results) = (Arc::clone(&timeline), Arc::clone(&results));
            thread::spawn(move || {
                let result = io_task(id, units, scale, &timeline);
                results
                    .lock()
                    .expect("no thread panics holding the lock")
                    .push(result);
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("an I/O task panicked");
    }
    let results = Arc::into_inner(results).expect("every thread has ended");
    let results = results.into_inner().expect("no thread panicked holding the lock");
    (
        results,
        Arc::into_inner(timeline).expect("every thread has ended"),
    )
}
// ANCHOR_END: shared_vec

// ANCHOR: scoped
fn scoped(scale: TimeScale, delays: &[u32]) -> (Vec<String>, Timeline) {
    let timeline = Timeline::new();
    // The scope joins every thread before it returns, so threads may borrow
    // `timeline` and `delays` from this function: no Arc, no 'static.
    let results = thread::scope(|scope| {
        let handles: Vec<_> = delays
            .iter()
            .enumerate()
            .map(|(id, &units)| {
                let timeline = &timeline;
                scope.spawn(move || io_task(id, units, scale, timeline))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an I/O task panicked"))
            .collect()
    });
    (results, timeline)
}
// ANCHOR_END: scoped
