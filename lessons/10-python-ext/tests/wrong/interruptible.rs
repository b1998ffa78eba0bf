//! Wrong answers to exercise 4 (`interruptible`), as a learner writes them
//! from the chapter's pitfall "a long call that never looks at Ctrl-C".
//! Built into `sales_ext.exercises` beside your answer (feature
//! `exercises`), so that `python/test_exercises.py` can show that its
//! check fails each of them, with the message naming the mistake.

use lesson_10_python_ext::meeting;
use pyo3::prelude::*;

/// Never looks: Python raises the interrupt only once the call returns.
#[pyfunction]
pub fn interruptible_unchecked(py: Python<'_>, steps: u64) -> PyResult<u64> {
    for _ in 0..steps {
        py.detach(meeting::step);
    }
    Ok(steps)
}

/// Looks, and throws the interrupt away.
#[pyfunction]
pub fn interruptible_dropped(py: Python<'_>, steps: u64) -> PyResult<u64> {
    for _ in 0..steps {
        py.detach(meeting::step);
        let _ = py.check_signals();
    }
    Ok(steps)
}

/// Looks once, at the end.
#[pyfunction]
pub fn interruptible_at_the_end(py: Python<'_>, steps: u64) -> PyResult<u64> {
    for _ in 0..steps {
        py.detach(meeting::step);
    }
    py.check_signals()?;
    Ok(steps)
}
