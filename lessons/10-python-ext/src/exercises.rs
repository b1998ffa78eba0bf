//! Lesson 10's exercises: your file. `just check 10` builds the module
//! `sales_ext` with this file inside it (as `sales_ext.exercises`), then
//! runs `python/test_exercises.py` against it: Python threads call your
//! functions. Each is a `#[pyfunction]` or what one calls.
//!
//! The library is `lesson_10_python_ext` (its `meeting` module has the
//! work the tests watch); PyO3 is `pyo3`.
#![allow(unused_variables, unused_imports)]

use lesson_10_python_ext::meeting;
use lesson_10_python_ext::sales::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyKeyError, PyRuntimeError};
use pyo3::prelude::*;
use rayon::prelude::*;
use std::path::PathBuf;

// ANCHOR: sum_released
/// `sum(range(n))`, computed by `meeting::sum_below(n)`, with the GIL
/// released while it runs: two Python threads calling this at once must
/// both be inside `meeting::sum_below` at the same moment. (It waits for
/// the other call to arrive; with the GIL held, none can.)
#[pyfunction]
pub fn sum_released(py: Python<'_>, n: u64) -> u64 {
    todo!("py.detach(|| meeting::sum_below(n)): the GIL let go while it runs")
}
// ANCHOR_END: sum_released

// ANCHOR: python_error
pyo3::create_exception!(
    exercises,
    MissingColumnError,
    PyKeyError,
    "A header without a column the report needs: .path, .column."
);

/// Lesson 08's error as the Python exception a Python caller expects:
/// - `Error::NoDirectory(dir)`: `FileNotFoundError` with `.errno` 2
///   (ENOENT), `.strerror` "no such directory" and `.filename` the path;
/// - `Error::MissingColumn { path, column }`: `MissingColumnError` (a
///   `KeyError`) with `.path` and `.column` as attributes (strings);
/// - anything else: `RuntimeError` with the error's text.
pub fn python_error(py: Python<'_>, error: Error) -> PyErr {
    todo!(
        "match the error: PyFileNotFoundError::new_err((2, ..., path)), MissingColumnError, else PyRuntimeError"
    )
}
// ANCHOR_END: python_error

// ANCHOR: rows_of_files
/// The rows of each file in `paths`, any Python iterable of paths (`str`
/// or `pathlib.Path`), in the order given: the paths collected into Rust
/// values while the GIL is held, then each file counted by
/// `meeting::rows_in(&path)` on rayon's pool, in parallel, with the GIL
/// released (a Python thread must be able to run meanwhile). An error
/// becomes `python_error(py, error)`.
#[pyfunction]
pub fn rows_of_files(py: Python<'_>, paths: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
    todo!("collect the paths while holding the GIL, then py.detach and rayon's par_iter over them")
}
// ANCHOR_END: rows_of_files

// ANCHOR: interruptible
/// A long call that Ctrl-C can stop: run `meeting::step()` `steps` times
/// (each a millisecond of work; run it without the GIL if you like), and
/// return `steps`. A Ctrl-C pressed meanwhile must end the call after the
/// step it came in, with Python's `KeyboardInterrupt`, not after the last
/// step. (The tests press it, simulated, during a step.)
#[pyfunction]
pub fn interruptible(py: Python<'_>, steps: u64) -> PyResult<u64> {
    todo!("a loop of meeting::step(), with py.check_signals()? after every step")
}
// ANCHOR_END: interruptible
