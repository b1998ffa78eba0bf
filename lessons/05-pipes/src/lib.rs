//! Lesson 05: pipes and queues — what the demo, its child processes and the
//! tests share.
//!
//! # Layout
//!
//! **The library** (this file's modules):
//! - [`frames`]: the two ways to cut a byte stream into messages (JSON
//!   lines, length-prefixed frames);
//! - [`roles`]: the child processes the demo and the tests start (the same
//!   binary, run with a hidden role argument).
//!
//! **The demo** (the binary, `just lesson 5`): `src/main.rs`, then one
//! module per part in reading order, `p1_hello.rs` … `p7_throughput.rs`.
//!
//! **Your file**: `src/exercises.rs` (`just check 5`), compiled only into
//! the exercise tests (`tests/exercises.rs`), never into the demo;
//! `src/solutions.rs` is the answer key those tests check when you are not
//! (`just solutions 5`).

pub mod frames;
pub mod roles;
