//! Part 5 of lesson 03: what starting a process costs, beside a thread. Both
//! batches start 50 workers that do nothing and wait for all of them; the
//! time per worker is what the work must outweigh before a process pays off.

use lesson_03_processes::children::{child, expect_success};
use std::io;
use std::path::Path;
use std::process::Child;
use std::thread;
use std::time::Duration;
use workbook::timeit::{Repeat, human};

const WORKERS: u32 = 50;

pub fn run(me: &Path) -> io::Result<()> {
    println!("5. Starting {WORKERS} workers that do nothing (median of 5 batches, per worker)");
    // A batch that failed to start its children would time nothing: keep
    // the first error, and report it instead of a figure.
    let mut failure = None;
    let processes = Repeat::new(5)
        .warmup(1)
        .run(|| {
            if let Err(error) = spawn_and_wait_processes(me) {
                failure.get_or_insert(error);
            }
        })
        .median()
        / WORKERS;
    if let Some(error) = failure {
        return Err(error);
    }
    let threads = Repeat::new(5).warmup(1).run(spawn_and_join_threads).median() / WORKERS;
    println!("   a process (spawn + wait): {:>9} each", human(processes));
    println!("   a thread  (spawn + join): {:>9} each", human(threads));
    println!(
        "   a process costs {:.0} threads: a task of {} or more (ten times the start)\n   \
         pays for its process\n",
        ratio(processes, threads),
        human(processes * 10)
    );
    Ok(())
}

// ANCHOR: spawn_cost
fn spawn_and_wait_processes(me: &Path) -> io::Result<()> {
    // Start all, then wait for all: the children start up side by side.
    let children = (0..WORKERS)
        .map(|_| child(me, &["noop"]).spawn())
        .collect::<io::Result<Vec<Child>>>()?;
    for mut process in children {
        expect_success("an idle child", process.wait()?)?;
    }
    Ok(())
}

fn spawn_and_join_threads() {
    let threads: Vec<_> = (0..WORKERS).map(|_| thread::spawn(|| {})).collect();
    for thread in threads {
        thread.join().expect("an empty thread does not panic");
    }
}
// ANCHOR_END: spawn_cost

/// How many times `slow` is `fast`.
fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(f64::MIN_POSITIVE)
}
