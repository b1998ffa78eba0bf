//! Lesson 10's answer key: the same exercises solved. A leaf: only the
//! module the exercise tests build includes it (feature `exercises`
//! without `learner`); the demo's module never does.

use lesson_10_python_ext::meeting;
use lesson_10_python_ext::sales::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyKeyError, PyRuntimeError};
use pyo3::prelude::*;
use rayon::prelude::*;
use std::path::PathBuf;

// ANCHOR: sum_released
/// `sum(range(n))` with the GIL released while the loop runs.
#[pyfunction]
pub fn sum_released(py: Python<'_>, n: u64) -> u64 {
    // `n` is a u64, `Send`: the closure may run without the GIL.
    py.detach(|| meeting::sum_below(n))
}
// ANCHOR_END: sum_released

// ANCHOR: python_error
pyo3::create_exception!(
    exercises,
    MissingColumnError,
    PyKeyError,
    "A header without a column the report needs: .path, .column."
);

/// Lesson 08's error as the Python exception a Python caller expects.
pub fn python_error(py: Python<'_>, error: Error) -> PyErr {
    match error {
        // OSError(errno, strerror, filename) fills all three attributes.
        Error::NoDirectory(dir) => {
            PyFileNotFoundError::new_err((2, "no such directory", dir.display().to_string()))
        }
        Error::MissingColumn { path, column } => {
            let message = format!("{}: the header has no column {column:?}", path.display());
            let error = MissingColumnError::new_err(message);
            let value = error.value(py);
            let path = path.display().to_string();
            match value
                .setattr("path", path)
                .and_then(|()| value.setattr("column", column))
            {
                Ok(()) => error,
                Err(failed) => failed,
            }
        }
        other => PyRuntimeError::new_err(other.to_string()),
    }
}
// ANCHOR_END: python_error

// ANCHOR: rows_of_files
/// Each file's rows, counted in parallel without the GIL.
#[pyfunction]
pub fn rows_of_files(py: Python<'_>, paths: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
    // With the GIL: Python objects become Rust values (`PathBuf` takes
    // `str` and `os.PathLike`).
    let paths: Vec<PathBuf> = paths
        .try_iter()?
        .map(|path| path?.extract::<PathBuf>())
        .collect::<PyResult<_>>()?;
    // Without it: only Rust values cross into the closure.
    let counted = py.detach(|| {
        paths
            .par_iter()
            .map(|path| meeting::rows_in(path))
            .collect::<Result<Vec<u64>, Error>>()
    });
    counted.map_err(|error| python_error(py, error))
}
// ANCHOR_END: rows_of_files

// ANCHOR: interruptible
/// Ctrl-C honoured between steps.
#[pyfunction]
pub fn interruptible(py: Python<'_>, steps: u64) -> PyResult<u64> {
    for _ in 0..steps {
        py.detach(meeting::step);
        // Ctrl-C only sets a flag; Python acts on it when it next runs
        // Python code, and this loop runs none. `check_signals` runs the
        // handler now: `Err(KeyboardInterrupt)`, which `?` returns.
        py.check_signals()?;
    }
    Ok(steps)
}
// ANCHOR_END: interruptible
