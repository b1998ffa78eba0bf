//! Part 4: many producers *and* many consumers. std's `Receiver` cannot be
//! cloned (one consumer only); crossbeam-channel's can, and each message
//! goes to exactly one of the consumers that wait: Python's
//! `multiprocessing.Queue` shared by several `get`ters.

use crossbeam_channel::{Receiver, Sender};
use std::thread;
use workbook::TimeScale;
use workbook::timeline::Timeline;

const CONSUMERS: usize = 3;
/// Each producer sends `f(i)` for `i` in `0..NUMBERS`: one more than the
/// seed's `range(5)`, so that the 12 messages share out evenly, 4 per consumer.
const NUMBERS: u64 = 6;
/// Each message takes a consumer half a unit of fake work.
const WORK_UNITS: f64 = 0.5;

pub fn run(scale: TimeScale) {
    println!("4. Many consumers: crossbeam-channel, 2 producers, {CONSUMERS} consumers, ½ unit per message");
    let timeline = Timeline::new();
    let taken = squares_and_cubes_shared(scale, &timeline);
    for (consumer, numbers) in taken.iter().enumerate() {
        println!("   consumer {} took {numbers:?}", consumer + 1);
    }
    let messages: usize = taken.iter().map(Vec::len).sum();
    let ideal = scale.units(messages as f64 * WORK_UNITS / CONSUMERS as f64);
    timeline
        .chart()
        .per_worker()
        .ideal(ideal, "work ÷ 3 consumers")
        .figure("05-mpmc")
        .print();
    println!();
}

// ANCHOR: mpmc
/// Seed 003's producers again, now with three consumers sharing the queue.
/// Returns what each consumer took.
fn squares_and_cubes_shared(scale: TimeScale, timeline: &Timeline) -> Vec<Vec<u64>> {
    let (tx, rx) = crossbeam_channel::unbounded();
    thread::scope(|scope| {
        scope.spawn({
            let tx = tx.clone();
            move || produce(&tx, |i| i * i)
        });
        scope.spawn(move || produce(&tx, |i| i * i * i)); // the last sender moves in
        let consumers: Vec<_> = (1..=CONSUMERS)
            .map(|id| {
                // A crossbeam Receiver clones: every consumer waits on the same queue.
                let rx = rx.clone();
                thread::Builder::new()
                    .name(format!("consumer {id}"))
                    .spawn_scoped(scope, move || consume(&rx, scale, timeline))
                    .expect("the OS starts a thread")
            })
            .collect();
        consumers
            .into_iter()
            .map(|c| c.join().expect("a consumer panicked"))
            .collect()
    })
}
// ANCHOR_END: mpmc

// ANCHOR: mpmc_ends
fn produce(tx: &Sender<u64>, f: fn(u64) -> u64) {
    for i in 0..NUMBERS {
        tx.send(f(i)).expect("the consumers are listening");
    }
}

/// Take messages until the queue is empty and every sender is gone.
fn consume(rx: &Receiver<u64>, scale: TimeScale, timeline: &Timeline) -> Vec<u64> {
    let mut taken = Vec::new();
    for n in rx {
        timeline.record(n.to_string(), || scale.sleep(WORK_UNITS));
        taken.push(n);
    }
    taken
}
// ANCHOR_END: mpmc_ends
