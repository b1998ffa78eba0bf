//! Part 5: seed 004's `howmany_within_range` over a table of 200,000 rows:
//! a sequential loop, `apply` once per row (the seed's first try),
//! `map` over the rows, and `apply_async` with a callback that appends to a
//! shared list (the seed's second try), whose order is the finishing order.

use lesson_04_pools::{COLUMNS, MAX, MIN, ROWS, howmany_within_range, random_rows};
use rayon::prelude::*;
use std::error::Error;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};
use workbook::machine::cores;
use workbook::pool::named;
use workbook::report::grouped;
use workbook::timeit::{Repeat, human};

/// `apply` and `apply_async` cost a round trip per row: try them on fewer.
const FEW: usize = 2_000;

pub fn run(seed: u64) -> Result<(), Box<dyn Error>> {
    let rows = random_rows(seed, ROWS, COLUMNS);
    println!(
        "5. Seed 004's howmany_within_range({MIN}..={MAX}) over {} rows of {COLUMNS} numbers 0–9",
        grouped(ROWS as u64)
    );
    let sequential = count_each(&rows);
    loop_against_map(&rows, &sequential);
    apply_per_row(&rows[..FEW], &sequential[..FEW])?;
    for (from, inside) in [("the main thread", false), ("a pool thread", true)] {
        let (overtaken, same_counts) = callback_moves(&rows[..FEW], inside, &sequential[..FEW]);
        println!(
            "   apply_async + callback, issued from {from}:\n     {} of {} counts came \
             after a later row's (same counts, sorted: {same_counts})",
            grouped(overtaken as u64),
            grouped(FEW as u64),
        );
    }
    println!();
    Ok(())
}

/// The sequential loop: one count per row, in row order.
fn count_each(rows: &[Vec<u8>]) -> Vec<usize> {
    rows.iter()
        .map(|row| howmany_within_range(row, MIN, MAX))
        .collect()
}

/// `   label                      1.23 ms`: the label, then the time in a column.
fn timed_line(label: &str, time: Duration) -> String {
    format!("   {label:<27}{:>9}", human(time))
}

/// The loop against `par_iter().map()`, each the median of 5 runs.
fn loop_against_map(rows: &[Vec<u8>], sequential: &[usize]) {
    let median = |f: &dyn Fn() -> Vec<usize>| Repeat::new(5).warmup(1).run(f).median();
    let loop_time = median(&|| count_each(rows));
    // ANCHOR: map_rows
    let by_map: Vec<usize> = rows
        .par_iter()
        .map(|row| howmany_within_range(row, MIN, MAX))
        .collect();
    // ANCHOR_END: map_rows
    let map_time = median(&|| {
        rows.par_iter()
            .map(|row| howmany_within_range(row, MIN, MAX))
            .collect()
    });
    println!("{}   (median of 5)", timed_line("sequential loop", loop_time));
    println!(
        "{}   {:.1}× as fast as the loop\n   same counts in the same order: {}",
        timed_line("par_iter().map()", map_time),
        loop_time.as_secs_f64() / map_time.as_secs_f64(),
        by_map == sequential
    );
    let cores = workbook::machine::cores() as f64;
    if loop_time.as_secs_f64() > 1.1 * cores * map_time.as_secs_f64() {
        // More than the cores can give: the comparison itself was disturbed.
        println!(
            "   (more than {cores} cores can give: other programs slowed the loop's runs, or \
             its\n   rows were cold in the cache; the medians of a busy machine wander)"
        );
    }
    if map_time > loop_time {
        // Not a bug: say why, so that a slower parallel line does not mislead.
        println!(
            "   (par_iter slower: a few ns of work per row costs less than splitting the rows\n   \
             and gathering the counts; on a busy machine its threads also wait for a core)"
        );
    }
}

/// The seed's first try, timed on the first rows only, and what the whole
/// table would take at that pace.
fn apply_per_row(rows: &[Vec<u8>], sequential: &[usize]) -> Result<(), Box<dyn Error>> {
    let pool = named("row", cores());
    let start = Instant::now();
    // ANCHOR: apply_per_row
    // The seed's first try: `pool.apply` per row. Each call waits for its
    // row, so the rows go one at a time, plus a hand-over each.
    let by_apply: Vec<usize> = rows
        .iter()
        .map(|row| pool.install(|| howmany_within_range(row, MIN, MAX)))
        .collect();
    // ANCHOR_END: apply_per_row
    let elapsed = start.elapsed();
    let per_row = elapsed / rows.len() as u32;
    let label = format!("apply per row, {} rows", grouped(rows.len() as u64));
    println!(
        "{}   {} a row: {} for the whole table",
        timed_line(&label, elapsed),
        human(per_row),
        human(per_row * ROWS as u32)
    );
    println!("   same counts as the loop: {}", by_apply == sequential);
    Ok(())
}

/// Runs the callback version once; returns how many counts were overtaken
/// (appended after the count of a later row), and whether the list holds
/// the same counts at all. A list in row order has none overtaken; one row
/// that ends late makes one; a list in reverse order, all but the first.
fn callback_moves(rows: &[Vec<u8>], inside: bool, sequential: &[usize]) -> (usize, bool) {
    let appended = callback_order(rows, inside);
    let mut latest_row = 0;
    let mut overtaken = 0;
    for &(row, _) in &appended {
        if row < latest_row {
            overtaken += 1;
        }
        latest_row = latest_row.max(row);
    }
    let counts: Vec<usize> = appended.into_iter().map(|(_, count)| count).collect();
    (overtaken, sorted(counts) == sorted(sequential.to_vec()))
}

// ANCHOR: callback_order
/// The seed's `apply_async(..., callback=collect_result)`: each task's
/// callback appends its count to a shared list as the task ends. Issued
/// from a pool thread (`inside`), the tasks go to that thread's own queue,
/// which it works through newest first.
fn callback_order(rows: &[Vec<u8>], inside: bool) -> Vec<(usize, usize)> {
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
fn issue_all(rows: &[Vec<u8>], results: &Arc<Mutex<Vec<(usize, usize)>>>, done: &mpsc::Sender<()>) {
    for (i, row) in rows.iter().enumerate() {
        // A spawned task must own its data ('static): a copy of the row.
        let (row, results, done) = (row.clone(), Arc::clone(results), done.clone());
        rayon::spawn(move || {
            let count = howmany_within_range(&row, MIN, MAX);
            // The callback: append, in whatever order the tasks end. The
            // seed appends the count alone; the row's number rides along
            // so that the demo can count the counts that came out of order.
            results
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((i, count));
            let _ = done.send(());
        });
    }
}
// ANCHOR_END: callback_order

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}
