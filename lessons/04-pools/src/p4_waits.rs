//! Part 4: seed 003's pool over items that each wait 5 ms. A wait does not
//! use a core, so a pool sized to the cores (rayon's default) leaves the
//! cores idle while its few threads sleep; a bigger pool, or async tasks,
//! wait side by side.

use rayon::prelude::*;
use std::error::Error;
use std::time::{Duration, Instant};
use workbook::TimeScale;
use workbook::machine::cores;
use workbook::pool::named;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;

/// The seed's 10,000 items, cut by 25 so that the slowest way takes 1 s.
const ITEMS: u64 = 400;
/// The seed's 5 ms wait at the default unit of 100 ms.
const WAIT_UNITS: f64 = 0.05;
/// Threads in the "bigger pool".
const BIG_POOL: usize = 100;

// ANCHOR: worker
/// Seed 003's worker: wait (a pretend network call), then square.
fn worker(x: u64, scale: TimeScale) -> u64 {
    scale.sleep(WAIT_UNITS);
    x * x
}
// ANCHOR_END: worker

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    println!(
        "4. Seed 003's {ITEMS} items (its 10,000 / 25), each waiting {WAIT_UNITS} units ({})",
        human(scale.units(WAIT_UNITS)) // the same units as the lines below
    );
    let items: Vec<u64> = (0..ITEMS).collect();
    let by_rayon = on_default_pool(&items, scale);
    let by_big_pool = on_big_pool(&items, scale);

    let start = Instant::now();
    let by_tokio = with_tokio(&items, scale)?;
    println!(
        "   {}",
        measured_vs_ideal(
            "tokio, a task per item",
            start.elapsed(),
            waits(1, scale),
            "one wait"
        )
    );

    let same = by_rayon == by_big_pool && by_big_pool == by_tokio;
    println!(
        "   the three got the same squares: {}",
        if same { "yes" } else { "NO" }
    );
    println!("   (seed 003: 10,000 items, 12 processes: 6.75 s; ideal 10,000 × 5 ms / 12 = 4.17 s)\n");
    Ok(())
}

/// How long `rounds` waits one after another take.
fn waits(rounds: u64, scale: TimeScale) -> Duration {
    scale.units(rounds as f64 * WAIT_UNITS)
}

/// The items on rayon's global pool: one thread per core, each waiting in turn.
fn on_default_pool(items: &[u64], scale: TimeScale) -> Vec<u64> {
    let start = Instant::now();
    // ANCHOR: default_pool
    let by_rayon: Vec<u64> = items.par_iter().map(|&x| worker(x, scale)).collect();
    // ANCHOR_END: default_pool
    let rounds = ITEMS.div_ceil(cores() as u64);
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("rayon's default pool ({})", cores()),
            start.elapsed(),
            waits(rounds, scale),
            &format!("{rounds} rounds of waits")
        )
    );
    by_rayon
}

/// The items on a pool of `BIG_POOL` threads; the time includes starting
/// them, as Python's `with Pool(100)` would, and says how much that was.
fn on_big_pool(items: &[u64], scale: TimeScale) -> Vec<u64> {
    let start = Instant::now();
    // ANCHOR: big_pool
    let big = named("wait", BIG_POOL); // threads that mostly sleep are cheap
    let started = start.elapsed(); // (measured apart: the cost of 100 threads)
    let by_big_pool: Vec<u64> = big.install(|| items.par_iter().map(|&x| worker(x, scale)).collect());
    // ANCHOR_END: big_pool
    let rounds = ITEMS.div_ceil(BIG_POOL as u64);
    println!("   starting a pool of {BIG_POOL} threads took {}", human(started));
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("a pool of {BIG_POOL} threads"),
            start.elapsed(),
            waits(rounds, scale),
            &format!("{rounds} rounds")
        )
    );
    by_big_pool
}

// ANCHOR: tokio
/// The same items as async tasks: a waiting task is a small state machine,
/// not a thread, so all of them wait at once on tokio's few threads.
fn with_tokio(items: &[u64], scale: TimeScale) -> std::io::Result<Vec<u64>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()?;
    let wait = scale.units(WAIT_UNITS);
    Ok(runtime.block_on(async {
        let tasks: Vec<_> = items
            .iter()
            .map(|&x| {
                tokio::spawn(async move {
                    tokio::time::sleep(wait).await; // not thread::sleep: that would block a thread
                    x * x
                })
            })
            .collect();
        let mut squares = Vec::with_capacity(tasks.len());
        for task in tasks {
            squares.push(task.await.expect("a squaring task does not panic"));
        }
        squares
    }))
}
// ANCHOR_END: tokio
