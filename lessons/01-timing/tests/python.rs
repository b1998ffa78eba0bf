//! The Python originals of chapter 01 run, and print what the chapter says
//! they print. Each runs at a small scale (skipped, saying so, where there
//! is no `python3`).

use std::time::Duration;

/// Run `python/<name>` with `args`; its stdout, or `None` without python3.
fn run(name: &str, args: &[&str]) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, args, Duration::from_secs(60))
}

#[test]
fn clocks_time_one_sleep_on_both() {
    let Some(out) = run("clocks.py", &["--unit-ms", "20"]) else {
        return;
    };
    for line in ["wall clock:", "perf_counter:", "time.time():"] {
        assert!(out.contains(line), "clocks.py prints `{line}`:\n{out}");
    }
}

#[test]
fn linear_search_times_every_position() {
    let Some(out) = run("linear_search.py", &["--samples", "4"]) else {
        return;
    };
    assert_eq!(out.matches(" ns\n").count(), 5, "five one-shot timings:\n{out}");
    for line in ["µs per call", "     0:", "  5000:", "  9999:", " 10000:"] {
        assert!(out.contains(line), "linear_search.py prints `{line}`:\n{out}");
    }
}

#[test]
fn sum_range_runs_the_loop() {
    let Some(out) = run("sum_range.py", &["--n", "10000"]) else {
        return;
    };
    assert!(out.contains("sum(range(10_000)):"), "{out}");
}

#[test]
fn autorange_tries_1_2_5_10() {
    let Some(out) = run("autorange.py", &[]) else {
        return;
    };
    let tries: Vec<&str> = out
        .lines()
        .filter(|line| line.contains(" calls:"))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        tries[..4],
        ["1", "2", "5", "10"],
        "the chapter says autorange steps 1, 2, 5, 10, not doubling:\n{out}"
    );
}

#[test]
fn dash_o_removes_assert_and_debug_blocks() {
    let Some(out) = run("debug_blocks.py", &[]) else {
        return;
    };
    let (plain, optimised) = out.split_once("python -O:").expect("both runs print");
    assert!(
        plain.contains("__debug__ block ran") && plain.contains("assert stopped it"),
        "{out}"
    );
    assert!(
        !optimised.contains("__debug__ block ran") && optimised.contains("total: 0"),
        "under -O neither the if __debug__ block nor the assert runs:\n{out}"
    );
}
