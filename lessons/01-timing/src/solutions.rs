//! Lesson 01: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 1` runs the same tests against this file.

use lesson_01_timing::{BothClocks, RoundTrip};
use std::fs;
use std::hint::black_box;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};
use workbook::timeit::{Repeat, Stats};

// ANCHOR: time_both
/// Exercise 1: run `work` once, timed on both clocks.
pub fn time_both<T>(work: impl FnOnce() -> T) -> (T, BothClocks) {
    let wall_start = SystemTime::now();
    let start = Instant::now();
    let result = work();
    let monotonic_ns = start.elapsed().as_nanos();
    // The wall clock can be set back while we wait, so the difference
    // between two readings is a Result: Err says "it went backwards".
    let wall_ns = match SystemTime::now().duration_since(wall_start) {
        Ok(forward) => forward.as_nanos() as i128,
        Err(backwards) => -(backwards.duration().as_nanos() as i128),
    };
    (
        result,
        BothClocks {
            wall_ns,
            monotonic_ns,
        },
    )
}
// ANCHOR_END: time_both

// ANCHOR: write_and_read
/// Exercise 2: write `test.txt` in `dir`, read it back, time both steps.
pub fn write_and_read(dir: &Path, name: &str, index: u64) -> io::Result<RoundTrip> {
    let path = dir.join("test.txt");
    let (written, write) = time_both(|| fs::write(&path, format!("{name} {index}\n")));
    written?; // the `?` turns a failed write into our Err, after timing it
    let (text, read) = time_both(|| fs::read_to_string(&path));
    Ok(RoundTrip {
        text: text?,
        path,
        write,
        read,
    })
}
// ANCHOR_END: write_and_read

/// Exercise 3: is `(letters in name) % 10` a digit of `index`? The library
/// has the answer, since the benchmark times it: see `is_name_index` in
/// `src/lib.rs`.
pub use lesson_01_timing::is_name_index;

// ANCHOR: benchmark_with_repeat
/// Exercise 4: benchmark `is_name_index` with the workbook's `Repeat`.
pub fn benchmark_with_repeat(runs: u32, mut name_index: impl FnMut(&str, u64) -> bool) -> Stats {
    // One call takes nanoseconds, less than reading the clock costs, so each
    // sample times a batch of calls lasting at least a millisecond, and
    // `Repeat` divides by the batch's size. The closure makes one call: a
    // loop inside it would make each "call" many, and the figure a lie.
    // `black_box` hides the constant arguments from the optimiser.
    Repeat::new(runs)
        .batch_at_least(Duration::from_millis(1))
        .run(|| name_index(black_box("Tymoteusz"), black_box(144_298)))
}
// ANCHOR_END: benchmark_with_repeat
