//! Runs each Python original of lesson 04 (`python/*.py`, shown in the
//! chapter) at 5 ms per unit and checks the lines the chapter relies on.
//! Skipped, saying so, where `python3` is absent.

use std::time::Duration;
use workbook::python::expect_line;

/// Generous: a busy two-core machine starts Python processes slowly.
const LIMIT: Duration = Duration::from_secs(60);

/// What `name` printed on stdout, or `None` without `python3`.
fn run(name: &str) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, &["--unit-ms", "5"], LIMIT)
}

#[test]
fn pool_api_calls_every_kind_of_call() {
    let Some(out) = run("pool_api.py") else { return };
    for line in [
        "apply: file_empid_27468.txt",
        "map: file_10.txt … file_19.txt (in input order)",
        "starmap: file_20.txt … file_29.txt",
        "get(): file_10.txt … file_19.txt",
        "callback: file_40.txt created",
        "error_callback: FileNotFoundError",
    ] {
        expect_line(&out, "pool_api.py", line);
    }
}

#[test]
fn cpu_task_sums_the_same_in_all_four() {
    let Some(out) = run("cpu_task.py") else { return };
    expect_line(
        &out,
        "cpu_task.py",
        "sum of 500,000 numbers: 124,999,750,000, the same in all 4: True",
    );
    expect_line(&out, "cpu_task.py", "4 tasks on a pool of 4");
}

#[test]
fn waits_keep_the_order() {
    let Some(out) = run("waits.py") else { return };
    expect_line(&out, "waits.py", "400 items");
    expect_line(&out, "waits.py", "squares in order: True");
}

#[test]
fn callbacks_get_the_same_counts() {
    let Some(out) = run("ranges.py") else { return };
    expect_line(&out, "ranges.py", "apply per row, same counts as the loop: True");
    expect_line(
        &out,
        "ranges.py",
        "apply_async + callback, same counts, sorted: True",
    );
    // The order of the callbacks is the finishing order: not asserted.
}
