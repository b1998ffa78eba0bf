//! Lesson 08's report, called from Python: `report(data_dir, engine,
//! threads, on_bad_row) -> dict`, equal to lesson 08's `--json` (print it
//! with `json.dumps(d, indent=2, ensure_ascii=False)`: the same bytes);
//! and `rows(data_dir)`, every row as a Python tuple, the boundary's cost.

use super::errors;
use lesson_10_python_ext::sales::{self, Dataset, Error, Options, Report};
use pyo3::prelude::*;
use std::path::PathBuf;

// ANCHOR: report
/// Lesson 08's report of the `*.csv` files in `data_dir`, as a dict.
#[pyfunction]
#[pyo3(signature = (data_dir, engine = "chunks", threads = 2, on_bad_row = "fail"))]
pub fn report(
    py: Python<'_>,
    data_dir: PathBuf,
    engine: &str,
    threads: usize,
    on_bad_row: &str,
) -> PyResult<Py<PyAny>> {
    let failed = |error: Error| errors::to_python(py, error);
    let engine = sales::engine(engine).map_err(failed)?;
    let mut options = Options::with_threads(threads.max(1));
    options.on_bad_row = sales::on_bad_row(on_bad_row).map_err(failed)?;
    let dataset = py.detach(|| Dataset::open(&data_dir)).map_err(failed)?;
    let mut files = Vec::new();
    for file in &dataset.files {
        // The file's work without the GIL: other Python threads run.
        let summary = py.detach(|| sales::summarise(file, &dataset.dir, engine, options));
        files.push(summary.map_err(failed)?);
        // Between files, with the GIL: a Ctrl-C (SIGINT) that arrived
        // meanwhile raises KeyboardInterrupt here, and the call ends.
        py.check_signals()?;
    }
    let report = Report::new(files);
    errors::warn_skipped(py, &report.total)?;
    // Lesson 08's JSON text, read by Python's json module: the dict keeps
    // its key order, so printing it gives lesson 08's bytes back.
    let json = py.import("json")?;
    Ok(json.call_method1("loads", (report.to_json(),))?.unbind())
}
// ANCHOR_END: report

// ANCHOR: rows
/// Every row of every file as a `(country, unit_price, total_price)`
/// tuple, prices in thousandths: read in Rust without the GIL, then one
/// Python object per value, made with it.
#[pyfunction]
pub fn rows(py: Python<'_>, data_dir: PathBuf) -> PyResult<Vec<sales::Row>> {
    let read = py.detach(|| {
        let dataset = Dataset::open(&data_dir)?;
        let mut all = Vec::new();
        for file in &dataset.files {
            all.extend(sales::rows(file)?);
        }
        Ok(all)
    });
    read.map_err(|error| errors::to_python(py, error))
}
// ANCHOR_END: rows
