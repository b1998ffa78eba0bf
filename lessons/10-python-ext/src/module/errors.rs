//! Errors across the boundary. A bad row becomes `BadRowError`, a
//! `ValueError` with `path`, `line` and `reason`, so Python code catches it
//! as it would catch its own; rows skipped with `on_bad_row="skip"` are a
//! warning (lesson 08 lists them on stderr; Python's warnings go there
//! too); any other failure is a `SalesError`. A Rust panic is caught by
//! PyO3 at the boundary and raised as `PanicException`: the interpreter
//! lives on.

use lesson_10_python_ext::sales::{BadRow, Error, Summary};
use pyo3::exceptions::{PyRuntimeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;

// ANCHOR: exceptions
pyo3::create_exception!(
    sales_ext,
    BadRowError,
    PyValueError,
    "A row that cannot be read: .path, .line (from 1, the header is 1), .reason."
);
pyo3::create_exception!(
    sales_ext,
    SalesError,
    PyRuntimeError,
    "The report could not be made."
);
pyo3::create_exception!(
    sales_ext,
    SkippedRowsWarning,
    PyUserWarning,
    "Bad rows were skipped: .rejected (how many), .first_rejected (the first few, as lines)."
);

/// Lesson 08's error as the Python exception a caller expects.
pub fn to_python(py: Python<'_>, error: Error) -> PyErr {
    match error {
        Error::BadRow(bad) => bad_row(py, &bad),
        other => SalesError::new_err(other.to_string()),
    }
}

/// `BadRowError(message)` with the row's place and problem as attributes.
fn bad_row(py: Python<'_>, bad: &BadRow) -> PyErr {
    let message = format!("{bad} (on_bad_row=\"skip\" counts and skips bad rows)");
    let error = BadRowError::new_err(message);
    let value = error.value(py);
    let set = value
        .setattr("path", &bad.file)
        .and_then(|()| value.setattr("line", bad.line))
        .and_then(|()| value.setattr("reason", bad.problem.to_string()));
    // Setting an attribute on a fresh exception fails only short of
    // memory; then that is the error to raise.
    if let Err(failed) = set {
        return failed;
    }
    error
}
// ANCHOR_END: exceptions

/// With `on_bad_row="skip"`: warn, as lesson 08 lists them on stderr.
pub fn warn_skipped(py: Python<'_>, total: &Summary) -> PyResult<()> {
    if total.rejected == 0 {
        return Ok(());
    }
    let first: Vec<String> = total.first_rejected.iter().map(BadRow::to_string).collect();
    let message = format!(
        "{} bad rows were skipped and counted as rejected; the first: {}",
        total.rejected,
        first.first().map_or("", String::as_str)
    );
    let warning = py.get_type::<SkippedRowsWarning>().call1((message,))?;
    warning.setattr("rejected", total.rejected)?;
    warning.setattr("first_rejected", first)?;
    let warnings = py.import("warnings")?;
    // stacklevel 2: the warning names the caller's line, not ours.
    warnings.call_method1("warn", (warning, py.None(), 2))?;
    Ok(())
}

// ANCHOR: panic
/// Panic in Rust, with the GIL released, on purpose: PyO3 catches the
/// unwinding panic at the boundary and raises `PanicException` (a
/// `BaseException`, so a bare `except Exception` does not swallow a bug).
#[pyfunction]
pub fn panic_in_rust(py: Python<'_>, message: String) {
    py.detach(move || panic!("{message}"));
}
// ANCHOR_END: panic
