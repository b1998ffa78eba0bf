//! Runs lesson 08's Python files (`python/*.py`, shown in the chapter) and
//! checks what the chapter relies on: `pipeline.py` gives the report the
//! Rust engines give, skips bad rows as they do and fails in one line;
//! `peers.py` (which needs DuckDB and Polars, installed only by `just
//! bench-peers`) refuses in one line without its thread setting. Skipped, saying so,
//! where `python3` is absent. Neither script takes a time scale: nothing
//! in this lesson sleeps.

mod common;

use common::{HEADER, files, options, run as run_engine};
use lesson_08_sales::engines::Engine;
use lesson_08_sales::rows::OnBadRow;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Generous: a busy two-core machine starts Python processes slowly.
const LIMIT: Duration = Duration::from_secs(60);

const GOOD: &str = "a1,10001,RED MUG,2,4.96,9.92,France,2015/04/06\n";

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python").join(name)
}

/// `pipeline.py` on `dir`: (success, stdout, stderr), or `None` without python3.
fn pipeline(dir: &Path, on_bad_row: &str) -> Option<(bool, String, String)> {
    let dir = dir.display().to_string();
    let args = ["--data-dir", &dir, "--processes", "2", "--on-bad-row", on_bad_row];
    let output = workbook::python::run(script("pipeline.py"), &args, LIMIT)?;
    Some((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[test]
fn pipeline_py_counts_what_the_engines_count_skipping_alike() {
    let unclosed = "a2,10002,\"BOX,1,1.5,1.5,Japan,2015/01/01\n";
    let body = format!("{HEADER}{GOOD}a2,1,BOX,two,1.5,1.5,Japan,2015/01/01\n{unclosed}{GOOD}{GOOD}");
    let dir = files(&[
        ("a.csv", body.as_bytes()),
        ("b.csv", format!("{HEADER}{GOOD}").as_bytes()),
    ]);
    let Some((ok, stdout, stderr)) = pipeline(dir.path(), "skip") else {
        return;
    };
    assert!(ok, "{stderr}");
    let python: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON report");
    let ours = run_engine(Engine::Sequential, dir.path(), options(1, OnBadRow::Skip)).expect("a report");
    assert_eq!(python["total"]["rows"], ours.total.rows, "{stdout}");
    assert_eq!(python["total"]["rejected"], ours.total.rejected, "{stdout}");
    assert_eq!(python["total"]["total_revenue"], "19.84", "{stdout}");
}

#[test]
fn pipeline_py_fails_at_a_bad_row_in_one_line() {
    let dir = files(&[(
        "a.csv",
        format!("{HEADER}{GOOD}a2,1,BOX,1,12345678901234567890,1,Japan,2015/01/01\n").as_bytes(),
    )]);
    let Some((ok, stdout, stderr)) = pipeline(dir.path(), "fail") else {
        return;
    };
    assert!(!ok, "{stdout}");
    assert_eq!(
        stderr.trim_end(),
        "error: a.csv, line 3: UnitPrice is \"12345678901234567890\": too big (at most 12 digits before the point) \
         (use --on-bad-row skip to count and skip bad rows)",
        "one line, no traceback"
    );
}

#[test]
fn peers_py_without_its_thread_setting_refuses_in_one_line() {
    // `just bench-peers` sets POLARS_MAX_THREADS; polars reads it once, on
    // import, so the script insists on it rather than time the wrong thing.
    let Some(output) = workbook::python::run(script("peers.py"), &["--help"], LIMIT) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "set POLARS_MAX_THREADS (bench-peers.sh does) before polars is imported"
    );
}

#[test]
fn pipeline_py_reads_a_byte_order_mark_and_upper_case_names_as_the_engines_do() {
    // Country first, so that a mark taken as part of the name hides it.
    let header = "Country,TotalPrice,UnitPrice,Quantity,InvoiceNo\n";
    let row = "France,9.92,4.96,2,a1\n";
    for bom in ["", "\u{FEFF}"] {
        let text = format!("{bom}{header}{row}{row}");
        let dir = files(&[("2015.csv", text.as_bytes()), ("2016.CSV", text.as_bytes())]);
        let Some((ok, stdout, stderr)) = pipeline(dir.path(), "fail") else {
            return;
        };
        let mark = if bom.is_empty() { "without" } else { "with" };
        assert!(
            ok,
            "{mark} a byte-order mark: pipeline.py must read the header as the engines do \
             (open with encoding=\"utf-8-sig\"), but: {stderr}"
        );
        let python: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON report");
        let ours = run_engine(Engine::Chunks, dir.path(), options(2, OnBadRow::Fail)).expect("a report");
        assert_eq!(
            (
                python["total"]["rows"].as_u64(),
                python["files"].as_array().map(Vec::len)
            ),
            (Some(ours.total.rows), Some(ours.files.len())),
            "{mark} a byte-order mark: the same rows and files (2016.CSV included) as the engines:\n{stdout}"
        );
    }
}

#[cfg(unix)]
#[test]
fn pipeline_py_names_a_fifo_named_csv_as_the_engines_do() {
    let dir = files(&[("a.csv", format!("{HEADER}{GOOD}").as_bytes())]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("x.csv"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made x.csv");
    let Some((ok, _, stderr)) = pipeline(dir.path(), "fail") else {
        return;
    };
    assert!(
        !ok && stderr.contains("x.csv: a FIFO (named pipe), not a regular file"),
        "a FIFO named x.csv must be refused by name, not opened (that blocks for ever) \
         nor skipped without a word; got: {stderr}"
    );
}

#[test]
fn numpy_percentile_py_shows_inverted_cdf_is_nearest_rank_in_floats() {
    let Some(stdout) =
        workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), "numpy_percentile.py", &[], LIMIT)
    else {
        return;
    };
    // numpy is not part of the standard library: without it the script
    // says so in one line, and there is nothing more to check.
    if stdout.trim() == "skipped: numpy is not installed" {
        return;
    }
    assert!(
        stdout.contains("p14 of 1..50: nearest rank 7, numpy inverted_cdf 8 (0.14 * 50 = 7.000000000000001)"),
        "the chapter's mapping row says numpy's inverted_cdf takes rank 8 where \
         the whole-number rank is 7; the run said:\n{stdout}"
    );
}
