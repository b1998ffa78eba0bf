//! Part 1 of lesson 03: seed 001's standup, work and coffee, one after
//! another in this process, then in three child processes started all before
//! any is waited for. Each child is this program again, told by its first
//! argument which chore to do.

use lesson_03_processes::children::{child, expect_success, unit_ms};
use lesson_03_processes::guard::KillOnDrop;
use lesson_03_processes::tasks::{self, Task};
use std::io;
use std::path::Path;
use std::thread;
use std::time::Instant;
use workbook::TimeScale;
use workbook::machine::cores;
use workbook::timeline::{Panels, Timeline};

pub fn run(me: &Path, scale: TimeScale) -> io::Result<()> {
    println!("1. Standup, work and coffee (seed 001)");
    println!(
        "   available_parallelism() = {} (Python's len(os.sched_getaffinity(0)))",
        cores()
    );
    println!("   one after another, in this process:");
    let one_by_one = sequential(scale);
    let one_by_one = one_by_one.chart().ideal(tasks::sum(scale), "sum of the chores");
    one_by_one.print();
    println!("   three child processes, all started, then all waited for:");
    let children = in_children(me, scale)?;
    let children = children.chart().ideal(tasks::longest(scale), "longest chore");
    children.print();
    // One figure, one time axis: the children's whole is as long as the
    // longest chore, the sequential run's as all three.
    Panels::new()
        .number(
            "3.1",
            "Three child processes started before any is waited for take as long as the \
             longest chore; one after another, as long as all three",
        )
        .panel("one after another, in this process", &one_by_one)
        .panel(
            "three child processes, all started, then all waited for",
            &children,
        )
        .figure("03-chores-compared")
        .save();
    println!();
    Ok(())
}

fn sequential(scale: TimeScale) -> Timeline {
    let timeline = Timeline::new();
    for task in Task::ALL {
        timeline.record(task.name(), || task.run(scale));
    }
    timeline
}

// ANCHOR: in_children
fn in_children(me: &Path, scale: TimeScale) -> io::Result<Timeline> {
    let timeline = Timeline::new();
    let unit = unit_ms(scale);
    // Start all three before waiting for any: `spawn` returns at once, with
    // the child running. Its stdout is ours, so its lines reach the terminal.
    let mut children = Vec::new();
    for task in Task::ALL {
        let started = Instant::now();
        let process = child(me, &["task", task.name(), "--unit-ms", &unit]).spawn()?;
        children.push((task, started, KillOnDrop::new(process)));
    }
    // One waiting thread per child, so that each end is seen when it happens.
    // Each `move` closure takes its child and a copy of this reference: the
    // timeline itself stays here, borrowed by all three.
    let timeline_ref = &timeline;
    thread::scope(|scope| {
        let waiting: Vec<_> = children
            .into_iter()
            .map(|(task, started, process)| {
                scope.spawn(move || wait_and_record(timeline_ref, task, started, process))
            })
            .collect();
        waiting
            .into_iter()
            .try_for_each(|thread| thread.join().expect("a waiting thread does not panic"))
    })?;
    Ok(timeline)
}
// ANCHOR_END: in_children

/// Wait for one chore's child, then put its span on the timeline.
fn wait_and_record(
    timeline: &Timeline,
    task: Task,
    started: Instant,
    mut process: KillOnDrop,
) -> io::Result<()> {
    let status = process.wait()?;
    let pid = process.id();
    // Names padded to one width, so that the "(pid" columns line up (rows
    // that start together are listed by name).
    let label = format!("{:<7} (pid {pid})", task.name());
    timeline.add(label, pid.to_string(), started, Instant::now());
    expect_success(task.name(), status)
}
