//! Runs each Python original of lesson 05 (`python/*.py`, shown in the
//! chapter) at 5 ms per unit and checks the lines the chapter relies on,
//! among them the hazards of `while not queue.empty()` and of joining
//! before draining. Skipped, saying so, where `python3` is absent.

use std::time::Duration;
use workbook::python::expect_line;

/// Generous: a busy two-core machine starts Python processes slowly.
const LIMIT: Duration = Duration::from_secs(60);

/// What `name` printed on stdout, or `None` without `python3`.
fn run(name: &str) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, &["--unit-ms", "5"], LIMIT)
}

#[test]
fn hello_goes_through_the_pipe() {
    let Some(out) = run("hello_pipe.py") else { return };
    expect_line(&out, "hello_pipe.py", "Sent: Hello, team!");
    expect_line(&out, "hello_pipe.py", "Received: Hello, team!");
}

#[test]
fn the_queue_hazards_show() {
    let Some(out) = run("queue_drain.py") else { return };
    // Small items, joined then drained: all there (the seed's code works).
    expect_line(
        &out,
        "queue_drain.py",
        "1. join, then `while not queue.empty()`: got 10 of 10",
    );
    // Polling empty() while the producers run ends early.
    let race = out
        .lines()
        .find(|l| l.starts_with("2. "))
        .expect("queue_drain.py prints case 2");
    assert!(
        !race.contains("got 10 of 10"),
        "case 2 should miss messages: {race}"
    );
    // Big items: join before drain blocks until someone reads.
    expect_line(&out, "queue_drain.py", "producer still alive after join: True");
    expect_line(&out, "queue_drain.py", "it exited: True");
}

#[test]
fn one_sentinel_per_consumer_ends_them_all() {
    let Some(out) = run("consumers.py") else { return };
    expect_line(
        &out,
        "consumers.py",
        "messages taken by the 3 consumers: 12 of 12",
    );
}

#[test]
fn daemon_workers_finish_the_jobs() {
    let Some(out) = run("daemon_workers.py") else {
        return;
    };
    expect_line(&out, "daemon_workers.py", "jobs done: 6 of 6");
}

#[test]
fn the_python_pipeline_sums_the_squares() {
    let Some(out) = run("pipeline.py") else { return };
    expect_line(&out, "pipeline.py", "pipeline(1000) = 333,833,500");
}

#[test]
fn a_print_into_a_closed_pipe_raises_broken_pipe_error() {
    let Some(out) = run("broken_pipe.py") else { return };
    expect_line(&out, "broken_pipe.py", "parent read: line 0");
    expect_line(
        &out,
        "broken_pipe.py",
        "child exit status 1; its last error line: BrokenPipeError",
    );
}
