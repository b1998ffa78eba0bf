//! Lesson 05, the library half: what the demo, the child processes and the
//! tests share ([`frames`], [`roles`]), the exercises and their reference
//! solutions.
//!
//! [`under_test`] is [`exercises`] (your file) when `just check 5` builds with
//! the `learner` feature, and [`solutions`] otherwise.

pub mod exercises;
pub mod frames;
pub mod roles;
pub mod solutions;

#[cfg(feature = "learner")]
pub use exercises as under_test;
#[cfg(not(feature = "learner"))]
pub use solutions as under_test;
