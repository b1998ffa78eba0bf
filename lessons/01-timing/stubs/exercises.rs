//! Lesson 01 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 1` to test it. `just hint 1 K` shows a hint for exercise K.
//!
//! The types you return (`BothClocks`, `RoundTrip`) are in `src/lib.rs`.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_01_timing::{BothClocks, RoundTrip};
use std::io;
use std::path::Path;
use workbook::timeit::Stats;

// ANCHOR: time_both
/// Exercise 1. Run `work` once and return its result together with how long
/// it took on both clocks: the wall clock (`std::time::SystemTime`, Python's
/// `time.time_ns()`) and the monotonic clock (`std::time::Instant`, Python's
/// `time.perf_counter_ns()`), in nanoseconds.
pub fn time_both<T>(work: impl FnOnce() -> T) -> (T, BothClocks) {
    todo!("read both clocks before and after `work`")
}
// ANCHOR_END: time_both

// ANCHOR: write_and_read
/// Exercise 2. Write `"{name} {index}\n"` to `test.txt` inside `dir`, then read
/// the file back, timing each step with `time_both`. Return the file's path,
/// the text read back, and both timings. A missing or unwritable `dir` is an
/// `Err`, never a panic.
pub fn write_and_read(dir: &Path, name: &str, index: u64) -> io::Result<RoundTrip> {
    todo!("write test.txt, read it back, time both steps")
}
// ANCHOR_END: write_and_read

// ANCHOR: is_name_index
/// Exercise 3. Does the digit `(letters in name) % 10` appear in `index`?
/// ("Tymoteusz" has 9 letters and 144298 contains a 9: true.)
///
/// The contract, which the tests check:
/// - only letters count (`char::is_alphabetic`): spaces, hyphens and
///   apostrophes do not;
/// - a letter is a character, not a byte: "Łukasz" has 6 letters;
/// - 10 letters give the digit 0, and the index 0 has the digit 0;
/// - a name with no letters at all matches nothing (false).
pub fn is_name_index(name: &str, index: u64) -> bool {
    todo!("count the letters, take % 10, look for that digit in the index")
}
// ANCHOR_END: is_name_index

// ANCHOR: benchmark_with_repeat
/// Exercise 4. Benchmark `name_index("Tymoteusz", 144298)` with the
/// workbook's helper (`workbook::timeit::Repeat`): `runs` samples, each long
/// enough to measure (hint: one call takes nanoseconds). Return the summary.
/// `name_index` is `is_name_index` (the tests pass it in, counting calls):
/// each sample must time exactly the calls it reports.
pub fn benchmark_with_repeat(runs: u32, name_index: impl FnMut(&str, u64) -> bool) -> Stats {
    todo!("use workbook::timeit::Repeat")
}
// ANCHOR_END: benchmark_with_repeat
