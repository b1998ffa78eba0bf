//! Part 5: seed 004's `howmany_within_range` over a table of 200,000 rows:
//! a sequential loop, `apply` once per row (the seed's first try),
//! `map` over the rows, and `apply_async` with a callback that appends to a
//! shared list (the seed's second try), whose order is the finishing order.

use super::pool;
use lesson_04_pools::{howmany_within_range, random_rows};
use rayon::prelude::*;
use std::error::Error;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::Instant;
use workbook::cli::cores;
use workbook::report::grouped;
use workbook::timeit::{Repeat, human};

const ROWS: usize = 200_000;
const COLUMNS: usize = 5;
/// The seed's range: 4 to 8, both included.
const MIN: u8 = 4;
const MAX: u8 = 8;
/// `apply` and `apply_async` cost a round trip per row: try them on fewer.
const FEW: usize = 2_000;

pub fn run(seed: u64) -> Result<(), Box<dyn Error>> {
    let rows = random_rows(seed, ROWS, COLUMNS);
    println!(
        "5. Seed 004's howmany_within_range({MIN}..={MAX}) over {} rows of {COLUMNS} numbers 0–9",
        grouped(ROWS as u64)
    );
    let sequential: Vec<usize> = rows
        .iter()
        .map(|row| howmany_within_range(row, MIN, MAX))
        .collect();
    let time = |f: &dyn Fn() -> Vec<usize>| Repeat::new(5).warmup(1).run(f).median();

    let loop_time = time(&|| {
        rows.iter()
            .map(|row| howmany_within_range(row, MIN, MAX))
            .collect()
    });
    // ANCHOR: map_rows
    let by_map: Vec<usize> = rows
        .par_iter()
        .map(|row| howmany_within_range(row, MIN, MAX))
        .collect();
    // ANCHOR_END: map_rows
    let map_time = time(&|| {
        rows.par_iter()
            .map(|row| howmany_within_range(row, MIN, MAX))
            .collect()
    });
    println!(
        "   sequential loop            {:>9}   (median of 5)",
        human(loop_time)
    );
    println!(
        "   par_iter().map()           {:>9}   {:.1}× the loop; same counts in the same order: {}",
        human(map_time),
        loop_time.as_secs_f64() / map_time.as_secs_f64(),
        by_map == sequential
    );

    let pool = pool(cores(), "row")?;
    let start = Instant::now();
    // ANCHOR: apply_per_row
    // The seed's first try: `pool.apply` per row. Each call waits for its
    // row, so the rows go one at a time, plus a hand-over each.
    let by_apply: Vec<usize> = rows[..FEW]
        .iter()
        .map(|row| pool.install(|| howmany_within_range(row, MIN, MAX)))
        .collect();
    // ANCHOR_END: apply_per_row
    let per_row = start.elapsed() / FEW as u32;
    println!(
        "   apply per row, {} rows    {:>9}   {} a row: the whole table would take {}",
        grouped(FEW as u64),
        human(start.elapsed()),
        human(per_row),
        human(per_row * ROWS as u32)
    );

    println!("   same counts as the loop: {}", by_apply == sequential[..FEW]);
    for (from, inside) in [("the main thread", false), ("a pool thread", true)] {
        let by_callback = callback_order(&rows[..FEW], inside);
        let moved = by_callback
            .iter()
            .zip(&sequential)
            .filter(|(a, b)| a != b)
            .count();
        println!(
            "   apply_async + callback, issued from {from:<15} {} of {} counts sit at another row's place \
             (same counts, sorted: {})",
            grouped(moved as u64),
            grouped(by_callback.len() as u64),
            sorted(by_callback) == sorted(sequential[..FEW].to_vec())
        );
    }
    println!();
    Ok(())
}

// ANCHOR: callback_order
/// The seed's `apply_async(..., callback=collect_result)`: each task's
/// callback appends its count to a shared list as the task ends. Issued
/// from a pool thread (`inside`), the tasks go to that thread's own queue,
/// which it works through newest first.
fn callback_order(rows: &[Vec<u8>], inside: bool) -> Vec<usize> {
    let results = Arc::new(Mutex::new(Vec::with_capacity(rows.len())));
    let (done, all_done) = mpsc::channel();
    let issue = || issue_all(rows, &results, &done);
    if inside {
        rayon::scope(|_| issue()); // runs `issue` on a pool thread
    } else {
        issue();
    }
    drop(done);
    all_done.iter().count(); // Python's pool.close(); pool.join()
    let results = results.lock().unwrap_or_else(PoisonError::into_inner);
    results.clone()
}

/// One `rayon::spawn` per row; each task runs the callback and says it is done.
fn issue_all(rows: &[Vec<u8>], results: &Arc<Mutex<Vec<usize>>>, done: &mpsc::Sender<()>) {
    for row in rows {
        // A spawned task must own its data ('static): a copy of the row.
        let (row, results, done) = (row.clone(), Arc::clone(results), done.clone());
        rayon::spawn(move || {
            let count = howmany_within_range(&row, MIN, MAX);
            // The callback: append, in whatever order the tasks end.
            results.lock().unwrap_or_else(PoisonError::into_inner).push(count);
            let _ = done.send(());
        });
    }
}
// ANCHOR_END: callback_order

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}
