//! Seed 002's CPU task called from Python threads: the same Rust loop with
//! the GIL held, with it released (`Python::detach`), and split over
//! rayon's pool inside one call. Each call records a span (task, worker,
//! start, end) that the demo draws.

use lesson_10_python_ext::cpu::{self, Span};
use pyo3::prelude::*;

// ANCHOR: held
/// `sum(range(n))` in Rust, holding the GIL throughout: a `#[pyfunction]`
/// is entered with the GIL held and keeps it unless it lets go, so no
/// other Python thread runs until this returns.
#[pyfunction]
pub fn sum_held(n: u64, task: &str) -> u64 {
    cpu::record(task, task, || cpu::sum_below(n))
}
// ANCHOR_END: held

// ANCHOR: detached
/// The same loop with the GIL released: `py.detach` lets go of it, runs
/// the closure, takes it back. The closure must not touch Python objects
/// (PyO3 refuses to compile one that captures them: they are not `Ungil`),
/// so `n` and `task` are copied in as plain Rust values.
#[pyfunction]
pub fn sum_detached(py: Python<'_>, n: u64, task: String) -> u64 {
    py.detach(move || cpu::record(&task, &task, || cpu::sum_below(n)))
}
// ANCHOR_END: detached

// ANCHOR: rayon
/// One call, many threads: the GIL released, the sum split into `parts`
/// ranges on a rayon pool of `threads` threads (named `rayon 1`...).
#[pyfunction]
pub fn sum_rayon(py: Python<'_>, n: u64, threads: usize, parts: u64, task: String) -> PyResult<u64> {
    let pool = workbook::pool::builder("rayon", threads.max(1))
        .build()
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    Ok(py.detach(move || cpu::sum_parallel(n, parts, &pool, &task)))
}
// ANCHOR_END: rayon

/// The spans recorded since the last call: `(task, worker, start, end)`,
/// seconds from the first span this process recorded.
#[pyfunction]
pub fn spans() -> Vec<Span> {
    cpu::take_spans()
}
