//! Lesson 01: timing, the library half: what the demo, the exercise tests
//! and the benchmark share.
//!
//! # Layout
//!
//! **The library** (this crate, `src/lib.rs`): [`linear_search`], the
//! seed's code worth timing; [`is_name_index`], seed 001's check that the
//! benchmark times; [`BothClocks`] and [`RoundTrip`], what the exercises
//! return. `benches/timing.rs` times the same with divan (`just bench 1`).
//!
//! **The demo** (the binary, `just lesson 1`): `src/main.rs` calls one
//! module per part, in the chapter's order, `src/p1_clocks.rs` to
//! `src/p4_optimiser.rs`.
//!
//! **Your file**: `src/exercises.rs` (`just check 1`), compiled only into
//! the exercise tests (`tests/exercises.rs`) when the `learner` feature is
//! on, so editing it never rebuilds the demo; the answer key is
//! `src/solutions.rs`, what the tests check without the feature. Nothing
//! else imports it.

use std::path::PathBuf;

/// The seed's list: the numbers 0..LIST_LEN.
pub const LIST_LEN: u32 = 10_000;

// ANCHOR: linear_search
/// Is `target` in `list`? Looks at every element in turn until it finds it,
/// so the time grows with the target's position: the seed's example.
pub fn linear_search(list: &[u32], target: u32) -> bool {
    for &item in list {
        if item == target {
            return true;
        }
    }
    false
}
// ANCHOR_END: linear_search

// ANCHOR: is_name_index
/// Is `(letters in name) % 10` a digit of `index`? Seed 001's check, and
/// exercise 3's answer: the benchmark times it.
pub fn is_name_index(name: &str, index: u64) -> bool {
    // `chars()` walks characters, not bytes: "Ł" is one letter, two bytes.
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    let digit = char::from(b'0' + (letters % 10) as u8);
    index.to_string().contains(digit)
}
// ANCHOR_END: is_name_index

// ANCHOR: both_clocks
/// How long one piece of work took, read on both clocks, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BothClocks {
    /// From the wall clock (`SystemTime`). Signed: if the system clock is set
    /// back while the work runs, the difference is negative.
    pub wall_ns: i128,
    /// From the monotonic clock (`Instant`): never negative.
    pub monotonic_ns: u128,
}

/// What writing and reading back `test.txt` did, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTrip {
    /// The file that was written.
    pub path: PathBuf,
    /// The text read back from it.
    pub text: String,
    /// Time to write the file.
    pub write: BothClocks,
    /// Time to read it back.
    pub read: BothClocks,
}
// ANCHOR_END: both_clocks

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_search_finds_first_last_and_misses() {
        let list: Vec<u32> = (0..100).collect();
        assert!(linear_search(&list, 0));
        assert!(linear_search(&list, 99));
        assert!(!linear_search(&list, 100));
        assert!(!linear_search(&[], 0));
    }
}
