//! Part 2: chunksize. Python's `pool.map(f, items, chunksize=10)` sends the
//! items to the workers ten at a time. rayon splits the work itself, as
//! finely as idle threads ask for it; `with_min_len` puts a floor under the
//! pieces, and `par_chunks` hands each task a whole chunk, as Python does.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::error::Error;
use std::sync::{Mutex, PoisonError};
use workbook::TimeScale;
use workbook::pool::named;
use workbook::report::measured_vs_ideal;
use workbook::timeline::Timeline;

/// The seed's example: a pool of 4, 40 items, chunksize 10.
const WORKERS: usize = 4;
const ITEMS: usize = 40;
const CHUNK: usize = 10;
/// Each item waits this many units, so that the split shows.
const ITEM_UNITS: f64 = 0.05;

/// One way to run the items: returns their squares in order.
type Way = fn(TimeScale, &Who) -> Vec<usize>;

/// Which worker ran which items, gathered from the workers.
#[derive(Default)]
struct Who(Mutex<BTreeMap<usize, Vec<usize>>>);

impl Who {
    fn ran(&self, item: usize) {
        let worker = rayon::current_thread_index().unwrap_or(usize::MAX);
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.entry(worker).or_default().push(item);
    }

    /// `w0 0–9 | w1 10–19 | ...`: each worker's items as runs of numbers.
    fn summary(self) -> String {
        let map = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        map.into_iter()
            .map(|(worker, mut items)| {
                items.sort_unstable();
                format!("w{worker} {}", runs(&items))
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// Sorted numbers as runs: `[0, 1, 2, 5, 6]` → `0–2,5–6`.
fn runs(items: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && items[j + 1] == items[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            format!("{}", items[i])
        } else {
            format!("{}–{}", items[i], items[j])
        });
        i = j + 1;
    }
    out.join(",")
}

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    println!("2. Chunksize: {ITEMS} items of {ITEM_UNITS} units on a pool of {WORKERS} (w0–w3: its workers)");
    let pool = named("chunk", WORKERS);
    let ideal = scale.units(ITEMS as f64 * ITEM_UNITS / WORKERS as f64);
    let ways: [(&str, Way); 3] = [
        ("par_iter (rayon decides)", rayon_decides),
        ("with_min_len(10)", at_least_ten),
        ("par_chunks(10)", chunks_of_ten),
    ];
    for (label, way) in ways {
        let who = Who::default();
        let timeline = Timeline::new();
        let squares = pool.install(|| timeline.record(label, || way(scale, &who)));
        let in_order = squares.iter().enumerate().all(|(i, &sq)| sq == i * i);
        println!("   {label}, results in input order: {in_order}");
        println!("     {}", who.summary());
        println!(
            "   {}",
            measured_vs_ideal("  took", timeline.total(), ideal, "40 × 0.05 u / 4")
        );
    }
    println!();
    Ok(())
}

/// One item: wait, note who ran it, return its square.
fn item(i: usize, scale: TimeScale, who: &Who) -> usize {
    scale.sleep(ITEM_UNITS);
    who.ran(i);
    i * i
}

// ANCHOR: chunks
fn rayon_decides(scale: TimeScale, who: &Who) -> Vec<usize> {
    (0..ITEMS).into_par_iter().map(|i| item(i, scale, who)).collect()
}

fn at_least_ten(scale: TimeScale, who: &Who) -> Vec<usize> {
    // rayon may split the range, but never into pieces under 10 items.
    (0..ITEMS)
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|i| item(i, scale, who))
        .collect()
}

fn chunks_of_ten(scale: TimeScale, who: &Who) -> Vec<usize> {
    // One task per chunk of 10, like chunksize=10: the task loops over it.
    let items: Vec<usize> = (0..ITEMS).collect();
    let per_chunk: Vec<Vec<usize>> = items
        .par_chunks(CHUNK)
        .map(|chunk| chunk.iter().map(|&i| item(i, scale, who)).collect())
        .collect();
    per_chunk.concat() // the chunks come back in order, so the items do too
}
// ANCHOR_END: chunks
