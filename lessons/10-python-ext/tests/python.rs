//! The Python side, from a Rust test: the module `sales_ext` built by
//! cargo (no venv, no network: `build::cargo_build`), then every script of
//! `python/` run against it and its output checked, and the module's own
//! unittest file (`python/test_sales_ext.py`) run. Skipped, with one line,
//! where `python3` (3.9 or later) is missing.

mod common;

use lesson_10_python_ext::build;
use lesson_10_python_ext::sales::{self, Dataset, Engine, Options, Size, generate};
use lesson_10_python_ext::script;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;
use workbook::watchdog;

/// A hang guard for each script: building is done before it starts.
const LIMIT: Duration = Duration::from_secs(120);

/// The folder holding `sales_ext.so`, built once for every test here; or
/// `None`, said once, without python3.
fn module() -> Option<&'static Path> {
    static MODULE: OnceLock<Option<PathBuf>> = OnceLock::new();
    MODULE
        .get_or_init(|| common::build_module("tests", &[]))
        .as_deref()
}

/// `python3 python/NAME args...` with the test module, within the limit.
fn python(name: &'static str, args: Vec<String>) -> String {
    let dir = module().map(Path::to_path_buf);
    watchdog::within(LIMIT, name, move || {
        script::run_with(Path::new("python3"), dir.as_deref(), name, &args)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn tiny() -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("a temp dir");
    generate(Size::Tiny, data.path(), 7, &indicatif::ProgressBar::hidden()).expect("generated");
    data
}

fn text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn report_py_prints_lesson_08s_json_byte_for_byte() {
    if module().is_none() {
        return;
    }
    let data = tiny();
    let broken = build::workspace().join("lessons/08-sales/broken");
    for (dir, skip) in [(data.path(), "fail"), (broken.as_path(), "skip")] {
        let printed = python("report.py", vec![text(dir), "--on-bad-row".into(), skip.into()]);
        let mut options = Options::with_threads(2);
        options.on_bad_row = sales::on_bad_row(skip).expect("fail or skip");
        let expected = sales::lesson_08(dir, Engine::Chunks, options)
            .expect("lesson 08's report")
            .to_json()
            + "\n";
        assert!(
            printed == expected,
            "report() printed with json.dumps(indent=2, ensure_ascii=False) must be lesson 08's \
             --json byte for byte ({skip}); Python printed:\n{printed}\nlesson 08:\n{expected}"
        );
    }
}

#[test]
fn the_modules_unittest_file_passes() {
    if module().is_none() {
        return;
    }
    let data = tiny();
    let printed = python("test_sales_ext.py", vec![text(data.path())]);
    assert!(printed.contains("\nOK"), "unittest ends with OK:\n{printed}");
}

#[test]
fn gil_py_runs_held_detached_and_rayon() {
    if module().is_none() {
        return;
    }
    let printed = python("gil.py", vec!["--n".into(), "200000".into()]);
    let result: serde_json::Value = serde_json::from_str(&printed).expect("gil.py prints JSON");
    let names: Vec<&str> = result["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .filter_map(|run| run["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["alone", "held", "detached", "rayon"],
        "gil.py's four runs, in order"
    );
    // Held, the four calls cannot overlap: each span ends before the next starts.
    let held = &result["runs"][1]["spans"];
    let mut spans: Vec<(f64, f64)> = held
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| (s[2].as_f64().expect("start"), s[3].as_f64().expect("end")))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(spans.len(), 4, "one span per call");
    for pair in spans.windows(2) {
        assert!(
            pair[0].1 <= pair[1].0,
            "with the GIL held no two calls overlap, yet {pair:?} do"
        );
    }
}

#[test]
fn boundary_py_reads_every_row_both_ways() {
    if module().is_none() {
        return;
    }
    let data = tiny();
    let printed = python("boundary.py", vec![text(data.path())]);
    let result: serde_json::Value = serde_json::from_str(&printed).expect("boundary.py prints JSON");
    let report = Dataset::open(data.path())
        .and_then(|_| sales::lesson_08(data.path(), Engine::Sequential, Options::with_threads(1)));
    let report = report.expect("lesson 08's report");
    assert_eq!(result["rows"], report.rows(), "rows() returns every row");
    let revenue = sales::Decimal(i128::from(result["revenue_milli"].as_i64().expect("an integer")));
    assert_eq!(
        revenue.to_string(),
        sales::Decimal(report.total.total_revenue()).to_string(),
        "the rows' revenue summed in Python is the report's"
    );
    assert!(
        result["rows_bytes"].as_f64() > result["report_bytes"].as_f64(),
        "a tuple per row holds more Python memory than one dict: {result}"
    );
}

#[test]
fn errors_py_shows_each_error_as_python_sees_it() {
    if module().is_none() {
        return;
    }
    let data = tiny();
    let broken = build::workspace().join("lessons/08-sales/broken");
    let printed = python("errors.py", vec![text(&broken), text(data.path())]);
    for expected in [
        "BadRowError: path=",
        "a.csv line=3",
        "reason: Quantity is \"two\", not a whole number",
        "skipped: 9 rows rejected (report: 9)",
        "PanicException: a bug in Rust",
        "the interpreter lives on",
    ] {
        assert!(
            printed.contains(expected),
            "errors.py did not print {expected:?}:\n{printed}"
        );
    }
}

#[test]
fn speed_py_times_one_and_two_threads() {
    if module().is_none() {
        return;
    }
    let data = tiny();
    let printed = python("speed.py", vec![text(data.path()), "--runs".into(), "1".into()]);
    let result: serde_json::Value = serde_json::from_str(&printed).expect("speed.py prints JSON");
    assert!(
        result["threads_1"].is_f64() && result["threads_2"].is_f64(),
        "{result}"
    );
}
