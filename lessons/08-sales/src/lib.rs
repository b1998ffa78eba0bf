//! Lesson 08, the library half: seed 000's sales pipeline, in Rust.
//!
//! The data and the figures:
//! - [`generate`]: writes the sales files, the same bytes for the same seed;
//! - [`dataset`]: finds the files of a run;
//! - [`money`]: amounts as exact integers of thousandths;
//! - [`summary`]: the figures of some rows, and how two of them merge;
//! - [`report`]: every file's figures and the total, as JSON or tables;
//! - [`error`]: bad rows and the other ways a run can fail.
//!
//! Reading rows:
//! - [`rows`]: finding the columns by name, checking and adding a row;
//! - [`scan`]: the byte-level parser of the fast engine.
//!
//! Running and measuring:
//! - [`engines`]: five ways to split the work, one report;
//! - [`python`]: the Python script beside them, and how its figures compare;
//! - [`bench`](mod@bench): every engine at 1 and all threads, against the floor.
//!
//! And [`exercises`] (your file), [`solutions`] (the reference), and
//! [`under_test`], the one of the two that the tests check.

pub mod bench;
pub mod dataset;
pub mod engines;
pub mod error;
pub mod generate;
pub mod money;
pub mod python;
pub mod report;
pub mod rows;
pub mod scan;
pub mod summary;

pub mod exercises;
pub mod solutions;

// `just check 8` builds with the `learner` feature and tests your file;
// the repository's own `cargo test` checks the reference solutions.
#[cfg(feature = "learner")]
pub use exercises as under_test;
#[cfg(not(feature = "learner"))]
pub use solutions as under_test;

// ANCHOR: partial
/// A partial report, cut down for exercise 3: what some rows add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    /// How many rows.
    pub rows: u64,
    /// Revenue per country, in milli-units.
    pub revenue: std::collections::BTreeMap<String, i64>,
    /// How often each price (in milli-units) occurred.
    pub prices: std::collections::BTreeMap<i64, u64>,
}
// ANCHOR_END: partial
