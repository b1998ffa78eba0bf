//! Lesson 10: Rust inside Python — lesson 08's report as a Python module,
//! built with PyO3 and maturin, the GIL held and released, measured.
//!
//! # Layout
//!
//! **The library** (plain Rust, no Python in it: `cargo test --workspace`
//! builds it without PyO3 and needs no libpython):
//! - [`sales`]: everything taken from lesson 08, in one adapter;
//! - [`cpu`]: seed 002's sum, and the spans the module records;
//! - [`meeting`]: the exercise tests' witness (who overlapped, by events);
//! - [`build`]: the virtual environment, maturin, the module's build;
//! - [`script`]: running a Python script of `python/` as a reaped child.
//!
//! **The module** (`src/module/`, the `python` feature, built by maturin):
//! `sales_ext`, the glue between Python and the library, with PyO3.
//!
//! **The Python side** (`python/`): the scripts the demo runs, the tests
//! (`python/test_sales_ext.py`), and seed 000's pipeline for comparison.
//!
//! **The demo** (the binary, `just lesson 10`): `src/main.rs` builds the
//! module into `target/lesson-10/venv`, then runs the parts in order,
//! `p1_build.rs` … `p6_speed.rs`, each driving one Python script.
//!
//! **Your file**: `src/exercises.rs` (`just check 10`): compiled only into
//! the module the exercise tests build (features `exercises` and
//! `learner`), never into the demo's; the answer key is `src/solutions.rs`.

// The module and the exercises inside it name this library as the test
// crates of other lessons do: `lesson_10_python_ext::sales`.
#[cfg(feature = "python")]
extern crate self as lesson_10_python_ext;

pub mod build;
pub mod cpu;
pub mod meeting;
pub mod sales;
pub mod script;

#[cfg(feature = "python")]
mod module;
