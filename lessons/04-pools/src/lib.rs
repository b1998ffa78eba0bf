//! Lesson 04: pools — rayon as Python's `multiprocessing.Pool`.
//!
//! # Layout
//!
//! **The library** (this file): what the demo and the exercise tests share —
//! seed 004's [`howmany_within_range`] and its table of [`random_rows`],
//! and the types exercise 3 returns ([`ChunkedSum`], [`ZeroChunkLen`]).
//! (The demo's pools come from `workbook::pool::named`: threads named
//! `"{name} 1"`, `"{name} 2"`, … so that the timelines say who ran what.)
//!
//! **The demo** (the binary, `just lesson 4`): `src/main.rs`, then one
//! module per part in reading order, `p1_files.rs` … `p6_reduce.rs`;
//! `src/scaling.rs` draws the speed-up plot part 5 measures (and the
//! chapter's quoted run).
//!
//! **Your file**: `src/exercises.rs` (`just check 4`), compiled only into
//! the exercise tests (`tests/exercises.rs`), never into the demo;
//! `src/solutions.rs` is the answer key those tests check when you are not
//! (`just solutions 4`).

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Part 5's table (and the speed-up figure's): seed 004's 200,000 rows of
/// 5 numbers, and its range, 4 to 8 with both ends included.
pub const ROWS: usize = 200_000;
/// Numbers per row of part 5's table.
pub const COLUMNS: usize = 5;
/// The low end of seed 004's range (included).
pub const MIN: u8 = 4;
/// The high end of seed 004's range (included).
pub const MAX: u8 = 8;

// ANCHOR: howmany_within_range
/// Seed 004's task: how many numbers of `row` lie in `minimum..=maximum`.
pub fn howmany_within_range(row: &[u8], minimum: u8, maximum: u8) -> usize {
    row.iter().filter(|&&n| (minimum..=maximum).contains(&n)).count()
}
// ANCHOR_END: howmany_within_range

/// A table of `rows` rows of `columns` numbers from 0 to 9, the same for the
/// same seed: seed 004's 2-D `data` (NumPy's `randint(0, 10, size=[rows, columns])`).
pub fn random_rows(seed: u64, rows: usize, columns: usize) -> Vec<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..rows)
        .map(|_| (0..columns).map(|_| rng.random_range(0..10)).collect())
        .collect()
}

/// What exercise 3's chunked sum returns: the total and, in input order, the
/// sum of each chunk (so a test can see how the numbers were split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkedSum {
    /// The sum of all the numbers.
    pub total: u64,
    /// The sum of each chunk, first chunk first.
    pub per_chunk: Vec<u64>,
}

/// Exercise 3's error: a chunk length of zero would split the input into
/// no chunks at all (or infinitely many empty ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZeroChunkLen;

impl std::fmt::Display for ZeroChunkLen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chunk length must be at least 1, got 0")
    }
}

impl std::error::Error for ZeroChunkLen {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_both_ends_of_the_range() {
        // The seed's example row: 5, 7, 7 and 8 lie in 4..=8 (4 and 8 count).
        assert_eq!(
            howmany_within_range(&[1, 5, 7, 3, 7, 8, 10, 22, 0], 4, 8),
            4,
            "5, 7, 7 and 8 lie in 4..=8"
        );
        assert_eq!(howmany_within_range(&[4, 8], 4, 8), 2, "both ends are inside");
        assert_eq!(howmany_within_range(&[], 4, 8), 0, "an empty row has none");
    }

    #[test]
    fn rows_are_reproducible_and_in_range() {
        let a = random_rows(2024, 100, 5);
        assert_eq!(a, random_rows(2024, 100, 5), "same seed, same table");
        assert_ne!(a, random_rows(7, 100, 5), "another seed, another table");
        assert!(
            a.iter().all(|row| row.len() == 5 && row.iter().all(|&n| n < 10)),
            "5 numbers a row, each 0 to 9"
        );
    }
}
