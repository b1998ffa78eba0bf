//! Every Python file the chapter shows runs, and prints what the chapter
//! says: `python/managers.py` gives lesson 08's row count and revenue,
//! under each of `fork`, `spawn` and `forkserver` (Python's default start
//! method is `fork` on Linux up to 3.13, `forkserver` from 3.14, `spawn` on
//! macOS and Windows). Skipped, with a message, where `python3` is missing.

use lesson_09_distributed::run;
use lesson_09_distributed::sales::{Dataset, Decimal, Engine, OnBadRow, Size, generate};
use std::time::Duration;

#[test]
fn managers_py_merges_partials_from_processes_over_tcp() {
    let data = tempfile::tempdir().expect("a temp dir");
    generate(Size::Tiny, data.path(), 7, &indicatif::ProgressBar::hidden()).expect("generated");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/python/managers.py");
    let dir = data.path().to_str().expect("a UTF-8 path");
    let dataset = Dataset::open(data.path()).expect("a dataset");
    let (report, _) =
        run::lesson_08(&dataset, Engine::Sequential, 1, OnBadRow::Fail).expect("lesson 08's report");
    for method in ["fork", "spawn", "forkserver"] {
        // Killed and reaped if it runs past the limit (a hang guard); the
        // script's own `finally` shuts its manager process down.
        let Some(output) = workbook::python::run(
            script,
            &[dir, "--workers", "2", "--start-method", method],
            Duration::from_secs(120),
        ) else {
            return; // skipped: python3 not found (said on stderr)
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "under {method}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = format!(
            "total: {} rows, revenue {} from 2 processes over TCP ({method})",
            report.rows(),
            Decimal(report.total.total_revenue())
        );
        assert!(
            stdout.contains(&expected),
            "under {method}: expected {expected:?} in:\n{stdout}"
        );
    }
}
