//! Lesson 08 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 8` to test it. `just hint 8 K` shows a hint for exercise K.
//!
//! The four pieces that make the pipeline exact and parallel, each on its
//! own: exact money, the median that merges, merging partial reports, and
//! cutting a file for parallel parsing. The type `Partial` is in `src/summary.rs`.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_08_sales::summary::Partial;
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
///
/// The pipeline's version is `money::parse`: the same contract (a test
/// checks the two agree on random text), but on bytes (`&[u8]`, what the
/// parsers hand it, with no UTF-8 check) and in one pass that allocates
/// nothing, since it runs once per price of every row.
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
///
/// The pipeline's version is `summary::nearest_ranks`: the same rule, but
/// over the counts already sorted into a slice (they are kept in a hash
/// map while rows are added, and sorted once at the end), for the 25th,
/// 50th and 75th percentiles at once.
pub fn nearest_rank(counts: &BTreeMap<i64, u64>, p: u32) -> Option<i64> {
    todo!("count the values, work out the rank, walk the counts in order")
}
// ANCHOR_END: nearest_rank

// ANCHOR: merge
/// Exercise 3. Merge two partial reports into the report of all their
/// rows: rows add up, each country's revenue adds up, each price's count
/// adds up. The result must not depend on the order of the arguments, nor
/// on how the rows were split into partials.
///
/// The pipeline's version is `Summary::merge`: the same additions over
/// more fields (two money columns with their sums of squares, the rows
/// refused and the first five of them in file order), with the countries
/// in a short list and the prices in a hash map, which are faster to add
/// a row to than a `BTreeMap`.
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
///
/// The pipeline's `chunks` engine does not count quotes first: that is a
/// pass over the whole file on one thread before any parallel work. Its
/// `cut_points` cuts at fixed byte offsets without reading a byte; each
/// range starts just past the first `\n` after its cut, and `join_parts`
/// parses a range again where that guess fell inside a quoted field.
pub fn cut_at_line_ends(bytes: &[u8], pieces: usize) -> Vec<Range<usize>> {
    todo!("find the row ends, counting quotes on the way; then pick the cuts")
}
// ANCHOR_END: cut_at_line_ends
