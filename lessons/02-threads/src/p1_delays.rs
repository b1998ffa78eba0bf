//! Part 1 of lesson 02: five fake I/O tasks, one after another, then on
//! threads — started all before any is joined, and then the seed's mistake of
//! joining each thread in the loop that starts it.

use lesson_02_threads::tasks::{io_task, longest, sum};
use std::sync::Arc;
use std::thread;
use workbook::TimeScale;
use workbook::timeline::{Panels, Timeline};

pub fn run(scale: TimeScale, delays: &[u32]) {
    println!("1. Five I/O tasks of {delays:?} units");
    let (all, max) = (sum(delays, scale), longest(delays, scale));

    println!("   sequential:");
    let one_by_one = sequential(scale, delays);
    let one_by_one = one_by_one.chart().ideal(all, "sum of the tasks");
    one_by_one.print();

    println!("   a thread each, all started, then all joined:");
    let all_started = spawn_then_join(scale, delays);
    let all_started = all_started.chart().ideal(max, "longest task");
    all_started.print();

    println!("   a thread each, joined in the loop that starts it (the seed's mistake):");
    let in_the_loop = join_in_the_loop(scale, delays);
    let in_the_loop = in_the_loop.chart().ideal(all, "sum: one thread at a time");
    in_the_loop.print();

    // The figure puts the three on one time axis, so that the lengths of
    // the wholes compare at a glance: the mistake's staircase is as long as
    // the sequential run, the threads started together as the longest task.
    Panels::new()
        .number(
            "2.2",
            "Started before any is joined, five threads take as long as the longest task; \
             joined in the loop that starts them, as long as all five in a row",
        )
        .panel("sequential", &one_by_one)
        .panel(
            "a thread each, joined in the loop (the seed's mistake)",
            &in_the_loop,
        )
        .panel("a thread each, all started, then all joined", &all_started)
        .figure("02-threads-compared")
        .save();
    println!();
}

fn sequential(scale: TimeScale, delays: &[u32]) -> Timeline {
    let timeline = Timeline::new();
    for (id, &units) in delays.iter().enumerate() {
        io_task(id, units, scale, &timeline);
    }
    timeline
}

// ANCHOR: spawn_then_join
fn spawn_then_join(scale: TimeScale, delays: &[u32]) -> Timeline {
    // `thread::spawn` needs data it can own ('static): the timeline goes in
    // an `Arc`, and each thread gets its own clone of the pointer.
    let timeline = Arc::new(Timeline::new());
    let mut handles = Vec::new();
    for (id, &units) in delays.iter().enumerate() {
        let timeline = Arc::clone(&timeline);
        handles.push(thread::spawn(move || io_task(id, units, scale, &timeline)));
    }
    // Only now, with every thread running, wait for them.
    for handle in handles {
        handle.join().expect("an I/O task panicked");
    }
    Arc::into_inner(timeline).expect("every thread has ended")
}
// ANCHOR_END: spawn_then_join

// ANCHOR: join_in_the_loop
fn join_in_the_loop(scale: TimeScale, delays: &[u32]) -> Timeline {
    let timeline = Arc::new(Timeline::new());
    for (id, &units) in delays.iter().enumerate() {
        let timeline = Arc::clone(&timeline);
        let handle = thread::spawn(move || io_task(id, units, scale, &timeline));
        // Waiting here blocks the loop: the next thread is not even started
        // until this one ends. Threads, but no concurrency.
        handle.join().expect("an I/O task panicked");
    }
    Arc::into_inner(timeline).expect("every thread has ended")
}
// ANCHOR_END: join_in_the_loop
