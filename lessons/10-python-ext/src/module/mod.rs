//! The Python module `sales_ext` (the `python` feature): the glue between
//! Python and this library, with PyO3. Built by maturin (`just lesson 10`)
//! or, in the tests, by cargo; never part of `cargo test --workspace`.
//!
//! - [`report`]: lesson 08's report as a dict, file by file, Ctrl-C
//!   honoured between files; and every row as Python objects (part 3);
//! - [`gil`]: seed 002's sum with the GIL held, released, and on rayon;
//! - [`errors`]: `BadRowError`, the skipped rows' warning, a panic.

mod errors;
mod gil;
mod report;

// `sales_ext.exercises` (the `exercises` feature, the tests' builds
// only): your `src/exercises.rs` with `learner`, the answer key without.
#[cfg(all(feature = "exercises", feature = "learner"))]
#[path = "../exercises.rs"]
mod under_test;
#[cfg(all(feature = "exercises", not(feature = "learner")))]
#[path = "../solutions.rs"]
mod under_test;
// Wrong answers the exercise tests must fail (`tests/wrong/`).
#[cfg(feature = "exercises")]
#[path = "../../tests/wrong/interruptible.rs"]
mod wrong;

use pyo3::prelude::*;

// ANCHOR: pymodule
/// `import sales_ext`: the functions and exception classes Python sees.
#[pymodule]
fn sales_ext(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(report::report, m)?)?;
    m.add_function(wrap_pyfunction!(report::rows, m)?)?;
    m.add_function(wrap_pyfunction!(gil::sum_held, m)?)?;
    m.add_function(wrap_pyfunction!(gil::sum_detached, m)?)?;
    m.add_function(wrap_pyfunction!(gil::sum_rayon, m)?)?;
    m.add_function(wrap_pyfunction!(gil::spans, m)?)?;
    m.add_function(wrap_pyfunction!(errors::panic_in_rust, m)?)?;
    m.add("BadRowError", py.get_type::<errors::BadRowError>())?;
    m.add("SkippedRowsWarning", py.get_type::<errors::SkippedRowsWarning>())?;
    m.add("SalesError", py.get_type::<errors::SalesError>())?;
    #[cfg(feature = "exercises")]
    m.add_submodule(&exercises::module(py)?)?;
    Ok(())
}
// ANCHOR_END: pymodule

/// The submodule `sales_ext.exercises`: the exercises, and the helpers
/// the tests call beside them.
#[cfg(feature = "exercises")]
mod exercises {
    use super::under_test;
    use pyo3::prelude::*;

    /// The submodule, with the test's helpers beside the exercises.
    pub fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
        let m = PyModule::new(py, "exercises")?;
        m.add_function(wrap_pyfunction!(under_test::sum_released, &m)?)?;
        m.add_function(wrap_pyfunction!(under_test::rows_of_files, &m)?)?;
        m.add_function(wrap_pyfunction!(under_test::interruptible, &m)?)?;
        m.add_function(wrap_pyfunction!(report_or_raise, &m)?)?;
        m.add(
            "MissingColumnError",
            py.get_type::<under_test::MissingColumnError>(),
        )?;
        m.add_function(wrap_pyfunction!(reset, &m)?)?;
        m.add_function(wrap_pyfunction!(peak, &m)?)?;
        m.add_function(wrap_pyfunction!(python_ran, &m)?)?;
        m.add_function(wrap_pyfunction!(saw_python, &m)?)?;
        m.add_function(wrap_pyfunction!(press_ctrl_c_at, &m)?)?;
        m.add_function(wrap_pyfunction!(steps_done, &m)?)?;
        m.add_function(wrap_pyfunction!(super::wrong::interruptible_unchecked, &m)?)?;
        m.add_function(wrap_pyfunction!(super::wrong::interruptible_dropped, &m)?)?;
        m.add_function(wrap_pyfunction!(super::wrong::interruptible_at_the_end, &m)?)?;
        Ok(m)
    }

    /// Lesson 08's report of `data_dir` (sequential), its error mapped by
    /// your `python_error`.
    #[pyfunction]
    fn report_or_raise(py: Python<'_>, data_dir: std::path::PathBuf) -> PyResult<u64> {
        use lesson_10_python_ext::sales;
        let options = sales::Options::with_threads(1);
        sales::lesson_08(&data_dir, sales::Engine::Sequential, options)
            .map(|report| report.rows())
            .map_err(|error| under_test::python_error(py, error))
    }

    /// A fresh meeting for the next test.
    #[pyfunction]
    fn reset() {
        lesson_10_python_ext::meeting::reset();
    }

    /// The most calls that were inside at once.
    #[pyfunction]
    fn peak() -> usize {
        lesson_10_python_ext::meeting::current().probe.peak()
    }

    /// A Python thread ran (it holds the GIL while it calls this).
    #[pyfunction]
    fn python_ran() {
        lesson_10_python_ext::meeting::python_ran();
    }

    /// Ctrl-C, simulated, during step `at` of `meeting::step`: Python's
    /// `_thread.interrupt_main()`, which does what its SIGINT handler does
    /// (sets the flag; the handler runs when Python next looks). A C
    /// function: calling it runs no Python code, so nothing looks yet.
    #[pyfunction]
    fn press_ctrl_c_at(at: u64) {
        fn press() {
            // The step may run without the GIL: take it for the call.
            Python::attach(|py| {
                if let Err(e) = py
                    .import("_thread")
                    .and_then(|t| t.call_method0("interrupt_main"))
                {
                    e.print(py);
                }
            });
        }
        lesson_10_python_ext::meeting::press_ctrl_c_at(at, press);
    }

    /// How many steps `meeting::step` has run in this meeting.
    #[pyfunction]
    fn steps_done() -> u64 {
        let meeting = lesson_10_python_ext::meeting::current();
        meeting.steps.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Did a Python thread run while a call was inside?
    #[pyfunction]
    fn saw_python() -> bool {
        let meeting = lesson_10_python_ext::meeting::current();
        meeting.python_ran.load(std::sync::atomic::Ordering::SeqCst)
    }
}
