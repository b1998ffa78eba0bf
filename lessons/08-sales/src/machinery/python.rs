//! The Python script beside the Rust engines: `python/pipeline.py`, our
//! own version of seed 000's `run()` (standard library only), which prints
//! the same report as JSON.
//!
//! [`run`] starts it on the same files and times it; [`compare`] checks its
//! report against ours, field by field. Counts, money, min, max and
//! percentiles must be equal, to the last digit; the mean and standard
//! deviation, which Python computes from float sums, may differ in their
//! last digits, and the comparison says by how much.

use crate::error::Error;
use crate::machinery::dataset::Dataset;
use crate::report::Report;
use crate::rows::OnBadRow;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Where the script is.
pub fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/pipeline.py")
}

/// How long the script took, with how many worker processes.
#[derive(Debug, Clone, Copy)]
pub struct PythonTime {
    /// Its worker processes.
    pub processes: usize,
    /// Wall-clock time, start to report.
    pub elapsed: Duration,
}

/// One run of the script: how long it took and the report it printed.
#[derive(Debug, Clone)]
pub struct PythonRun {
    /// Wall time, from starting `python3` to its exit.
    pub elapsed: Duration,
    /// Its JSON report.
    pub report: Value,
}

/// Run the script on `dataset` with `processes` worker processes, failing
/// at a bad row or skipping it as `on_bad_row` says (as the engines do).
pub fn run(dataset: &Dataset, processes: usize, on_bad_row: OnBadRow) -> Result<PythonRun, Error> {
    let on_bad_row = match on_bad_row {
        OnBadRow::Fail => "fail",
        OnBadRow::Skip => "skip",
    };
    let started = Instant::now();
    let output = Command::new("python3")
        .arg(script())
        .arg("--data-dir")
        .arg(&dataset.dir)
        .arg("--processes")
        .arg(processes.to_string())
        .args(["--on-bad-row", on_bad_row])
        .output()
        .map_err(|e| Error::Other(format!("cannot run python3: {e}")))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Other(format!(
            "the Python script failed ({}): {stderr}",
            output.status
        )));
    }
    let report = serde_json::from_slice(&output.stdout)
        .map_err(|e| Error::Other(format!("the Python script printed no JSON report: {e}")))?;
    Ok(PythonRun { elapsed, report })
}

/// How Python's report compares with ours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Fields that must be equal and are not: `path: ours vs Python`.
    pub differences: Vec<String>,
    /// Float fields (mean, std) compared.
    pub floats: usize,
    /// The largest relative gap between a float of ours and Python's.
    pub largest_gap: f64,
}

/// Compare Python's report with ours, field by field.
pub fn compare(ours: &Report, python: &Value) -> Comparison {
    let mut comparison = Comparison::default();
    match serde_json::from_str::<Value>(&ours.to_json()) {
        Ok(ours) => walk("", &ours, python, &mut comparison),
        Err(e) => comparison
            .differences
            .push(format!("our own JSON does not parse: {e}")),
    }
    comparison
}

fn walk(path: &str, ours: &Value, python: &Value, comparison: &mut Comparison) {
    match (ours, python) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|key| !a.contains_key(*key))) {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                walk(&format!("{path}/{key}"), x, y, comparison);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(&format!("{path}/{i}"), x, y, comparison);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            let (a, b) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            let gap = (a - b).abs() / a.abs().max(b.abs()).max(f64::MIN_POSITIVE);
            comparison.floats += 1;
            comparison.largest_gap = comparison.largest_gap.max(if gap.is_nan() { 1.0 } else { gap });
        }
        _ if ours != python => comparison
            .differences
            .push(format!("{path}: ours {ours}, Python {python}")),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileSummary;
    use crate::summary::Summary;
    use serde_json::json;

    fn report() -> Report {
        let mut summary = Summary::default();
        summary.add(b"France", 4960, 9920).expect("text");
        summary.add(b"Japan", 1250, 1250).expect("text");
        Report::new(vec![FileSummary {
            file: "2015.csv".into(),
            summary,
        }])
    }

    #[test]
    fn our_own_report_agrees_with_itself() {
        let report = report();
        let same: Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
        let comparison = compare(&report, &same);
        assert_eq!(comparison.differences, Vec::<String>::new());
        assert_eq!(comparison.largest_gap, 0.0);
        assert_eq!(
            comparison.floats, 8,
            "mean and std of two columns, in the file and the total"
        );
    }

    #[test]
    fn exact_fields_must_match_and_floats_are_measured() {
        let report = report();
        let mut python: Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
        python["total"]["total_revenue"] = json!("11.170000001");
        let mean = python["total"]["stats"]["UnitPrice"]["mean"]
            .as_f64()
            .expect("a float");
        python["total"]["stats"]["UnitPrice"]["mean"] = json!(mean * (1.0 + 1e-15));
        let comparison = compare(&report, &python);
        assert_eq!(
            comparison.differences,
            ["/total/total_revenue: ours \"11.17\", Python \"11.170000001\""]
        );
        assert!(comparison.largest_gap > 0.0 && comparison.largest_gap < 1e-14);
    }
}
