//! Lesson 08 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 8` to test it. `just hint 8 K` shows a hint for exercise K.
//!
//! The four pieces that make the pipeline exact and parallel, each on its
//! own: exact money, the median that merges, merging partial reports, and
//! cutting a file for parallel parsing. The type `Partial` is in `src/lib.rs`.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use crate::Partial;
use std::collections::BTreeMap;
use std::ops::Range;

// ANCHOR: parse_milli
/// Exercise 1. Read a price as whole thousandths of a unit, without ever
/// making a float: `"4.96"` → `Some(4960)`, `"0.001"` → `Some(1)`,
/// `"12"` → `Some(12000)`, `"-2.5"` → `Some(-2500)`, `".5"` → `Some(500)`.
///
/// The contract: an optional `-`, then digits with at most one `.` among
/// them, at most three digits after the `.`, at least one digit in all,
/// and at most twelve before the `.` (so nothing overflows). Anything else
/// is `None`: `""`, `"."`, `"4.9x"`, `"1e3"`, `"0.0001"`, `" 4.96"`, `"+1"`.
pub fn parse_milli(text: &str) -> Option<i64> {
    todo!("split at the point, check the digits, scale the fraction to thousandths")
}
// ANCHOR_END: parse_milli

// ANCHOR: nearest_rank
/// Exercise 2. The `p`-th percentile (0 to 100) by the nearest-rank rule
/// of the values counted in `counts` (each value → how often it occurred):
/// the value at rank ⌈p·n/100⌉ in sorted order, counting ranks from 1,
/// where n is the number of values; rank 0 counts as rank 1. That is the
/// smallest value with at least p% of the values at or below it. `None`
/// when there are no values.
///
/// {1: 3, 2: 1} holds the values 1, 1, 1, 2: the 50th percentile (the
/// median) is rank 2, the value 1; the 76th is rank ⌈3.04⌉ = 4, the value 2.
pub fn nearest_rank(counts: &BTreeMap<i64, u64>, p: u32) -> Option<i64> {
    todo!("count the values, work out the rank, walk the counts in order")
}
// ANCHOR_END: nearest_rank

// ANCHOR: merge
/// Exercise 3. Merge two partial reports into the report of all their
/// rows: rows add up, each country's revenue adds up, each price's count
/// adds up. The result must not depend on the order of the arguments, nor
/// on how the rows were split into partials.
pub fn merge(a: Partial, b: Partial) -> Partial {
    todo!("add the counts and the sums, key by key")
}
// ANCHOR_END: merge

// ANCHOR: cut_at_line_ends
/// Exercise 4. Cut the rows of a CSV file (`bytes`, header excluded) into
/// byte ranges that can be parsed in parallel: contiguous, covering all of
/// `bytes`, none empty, at most `pieces` of them (`pieces` ≥ 1).
///
/// Where: for each k from 1 to `pieces - 1`, at the first *row start* at
/// or after byte `k * bytes.len() / pieces`, unless a cut is already there.
/// A row starts at 0 and just past each row end; a row end is a `\n`
/// outside quotes: a `\n` inside a quoted field (after an odd number of
/// `"` since the start of `bytes`) is part of the field. No cut at the very
/// end: the last range ends at `bytes.len()`. Empty `bytes` make no range.
pub fn cut_at_line_ends(bytes: &[u8], pieces: usize) -> Vec<Range<usize>> {
    todo!("find the row ends, counting quotes on the way; then pick the cuts")
}
// ANCHOR_END: cut_at_line_ends
