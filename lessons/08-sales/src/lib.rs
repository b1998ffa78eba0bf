//! Lesson 08: seed 000's sales pipeline, in Rust — five ways to split the
//! work, one exact report.
//!
//! # Layout
//!
//! Start with the teaching core; the machinery is there so that the core
//! can be run, measured and compared. The chapter reads parts of it as
//! deep dives (the generator, the byte-level scanner, the newline count):
//! read them after the core, when the chapter does.
//!
//! **The teaching core** (the library, what the chapter reads):
//! - [`engines`]: the concurrency. Five ways to split the same work —
//!   `sequential`, `threads` (the seed's design), `rayon`, `chunks`
//!   (inside files) and `processes` (the seed's literal port) — one
//!   module each, all returning the same [`report::Report`];
//! - [`summary`]: what some rows add up to, and how two partial summaries
//!   *merge* (only integer additions, so any split gives the same total);
//! - [`money`]: amounts as exact integers of thousandths, never floats;
//! - [`rows`]: a row's fields checked and added; stop at a bad row or skip it;
//! - [`report`]: every file's summary and the total, as tables or JSON;
//! - [`error`]: bad rows and every other way a run can fail, as values.
//!
//! **The machinery** ([`machinery`], library too; each file says why it exists):
//! the byte-level CSV scanner of the `chunks` engine, the dataset and its
//! generator, the Python script's runner and the benchmark.
//!
//! **The demo** (the binary, `just lesson 8`): `src/main.rs` reads the
//! arguments and runs the parts in order, one module each —
//! `p1_data.rs`, `p2_report.rs`, `p3_times.rs`, `p4_timelines.rs`.
//!
//! **Your file**: `src/exercises.rs` (`just check 8`); the answer key is
//! `src/solutions.rs`. Neither is part of this library: only the exercise
//! tests (`tests/exercises.rs`) compile them, so the pipeline never runs
//! your code or the answers.

pub mod engines;
pub mod error;
pub mod money;
pub mod report;
pub mod rows;
pub mod summary;

pub mod machinery;
