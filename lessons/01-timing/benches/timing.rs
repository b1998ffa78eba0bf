//! Lesson 01's measurements again, with a real benchmark harness (divan).
//!
//! `cargo bench -p lesson-01-timing` (or `just bench 1`). Compared with the
//! workbook's hand-made `Repeat`, divan picks the batch size and the number
//! of samples itself, subtracts the cost of its own timer, reports the
//! fastest / slowest / median / mean per call, and lets you filter benchmarks
//! by name: `just bench 1 linear`.

use divan::black_box;
use lesson_01_timing::{is_name_index, linear_search};

fn main() {
    divan::main();
}

// ANCHOR: divan
/// The seed's example, answered true by its 9th letter's digit.
#[divan::bench]
fn is_name_index_seed_example() -> bool {
    is_name_index(black_box("Tymoteusz"), black_box(144_298))
}

/// A long name with multi-byte letters, and no match: every digit checked.
#[divan::bench]
fn is_name_index_long_name_no_match() -> bool {
    is_name_index(black_box("Bolesław Chrobry Piastowicz"), black_box(111_111_111))
}

/// Linear search for the first, middle and last of 10,000 numbers.
#[divan::bench(args = [0, 5_000, 9_999])]
fn linear_search_for(bencher: divan::Bencher, target: u32) {
    let list: Vec<u32> = (0..10_000).collect();
    bencher.bench(|| linear_search(black_box(&list), black_box(target)));
}
// ANCHOR_END: divan
