//! Lesson 02: threads with locks, the library half: what the demo's parts
//! share, and a compile-time check of the chapter's claim about shared flags.
//!
//! # Layout
//!
//! **The library** (this crate): [`tasks`], seed 002's fake I/O task,
//! which parts 1 and 2 both run; [`UnsynchronisedFlagDoesNotCompile`], a
//! doc-test (`compile_fail/`).
//!
//! **The demo** (the binary, `just lesson 2`): `src/main.rs` calls one
//! module per part, in the chapter's order, `src/p1_delays.rs` to
//! `src/p6_deadlock.rs`.
//!
//! **Your file**: `src/exercises.rs` (`just check 2`), compiled only into
//! the exercise tests (`tests/exercises.rs`, and `tests/loom.rs` under
//! `just loom 2`) when the `learner` feature is on, so editing it never
//! rebuilds the demo; the answer key is `src/solutions.rs`, what the tests
//! check without the feature. Nothing else imports it.

pub mod tasks;

/// Seed 001 stops its counting thread with a global `complete = True`. The
/// same program in Rust, with a plain `bool`, does not compile: the thread
/// may outlive the variable it borrows (error E0373), and even with `move`
/// it would get its own copy. This doc-test keeps the chapter honest: it
/// fails the build if the code ever starts to compile.
///
/// ```compile_fail,E0373
#[doc = include_str!("../compile_fail/unsynchronised_flag.rs")]
/// ```
pub struct UnsynchronisedFlagDoesNotCompile;
