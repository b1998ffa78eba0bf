//! Lesson 02, the library half: the exercises, their reference solutions,
//! and a compile-time check of the chapter's claim about shared flags.
//!
//! [`under_test`] is [`exercises`] (your file) when `just check 2` builds with
//! the `learner` feature, and [`solutions`] otherwise.

pub mod exercises;
pub mod solutions;

#[cfg(feature = "learner")]
pub use exercises as under_test;
#[cfg(not(feature = "learner"))]
pub use solutions as under_test;

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
