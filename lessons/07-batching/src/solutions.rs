//! Lesson 07: the answer key. Try the exercises in `exercises.rs` first;
//! `just solutions 7` runs the same tests against this file.
//!
//! The answers are the library's own batching functions, the ones the demo
//! and lesson 08 run: the chapter shows them from `src/split.rs`.

pub use lesson_07_batching::{by_weight, contiguous, round_robin};
