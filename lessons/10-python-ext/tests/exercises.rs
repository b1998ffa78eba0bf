//! The exercise tests. Your exercises are PyO3 functions: they run inside
//! a Python module. Each test below builds `sales_ext` with its
//! `exercises` feature (your `src/exercises.rs` under `just check 10`,
//! the answer key otherwise) and runs one class of
//! `python/test_exercises.py` against it: Python threads call your code,
//! and the module's probe says who overlapped. Skipped, with one line,
//! where `python3` (3.9 or later) is missing.

mod common;

use lesson_10_python_ext::script;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// A hang guard: a test of a wrong answer may wait for company twice
/// (`meeting::LIMIT`, 5 s each) before it fails.
const LIMIT: Duration = Duration::from_secs(120);

// `just check 10` turns on the `learner` feature: the module is then
// built with your file; without it, with the answer key.
#[cfg(feature = "learner")]
const FEATURES: &[&str] = &["exercises", "learner"];
#[cfg(not(feature = "learner"))]
const FEATURES: &[&str] = &["exercises"];

/// The folder of the module, built once for all tests; `None` without python3.
fn module() -> Option<&'static Path> {
    static MODULE: OnceLock<Option<PathBuf>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let which = if FEATURES.contains(&"learner") {
                "learner"
            } else {
                "solutions"
            };
            common::build_module(which, FEATURES)
        })
        .as_deref()
}

/// Run one class of `python/test_exercises.py`; fail with unittest's words.
fn python_tests(class: &str) {
    let Some(dir) = module() else { return };
    let (dir, test) = (dir.to_path_buf(), format!("test_exercises.{class}"));
    let outcome = workbook::watchdog::within(LIMIT, class, move || {
        let python = Path::new("python3");
        let args = ["-m", "unittest", "-v", &test];
        // `-m unittest` finds test_exercises.py in python/, the script's folder.
        script::run_module(python, Some(&dir), &args)
    });
    if let Err(said) = outcome {
        panic!("{said}");
    }
}

mod sum_released {
    #[test]
    fn two_python_threads_are_inside_the_loop_at_once() {
        super::python_tests("SumReleased");
    }
}

mod python_error {
    #[test]
    fn each_error_is_the_python_exception_a_caller_expects() {
        super::python_tests("PythonError");
    }
}

mod rows_of_files {
    #[test]
    fn files_are_read_in_parallel_while_python_runs() {
        super::python_tests("RowsOfFiles");
    }
}

mod interruptible {
    #[test]
    fn ctrl_c_ends_a_long_call_between_steps() {
        super::python_tests("Interruptible");
    }

    /// The check fails the chapter's wrong answers (`tests/wrong/`). Not
    /// under `just check 10`: it tests the tests, not your file.
    #[cfg(not(feature = "learner"))]
    mod wrong {
        #[test]
        fn each_fails_the_check_with_its_mistake_named() {
            super::super::python_tests("InterruptibleWrong");
        }
    }
}
