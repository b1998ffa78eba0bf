//! The Python originals of chapter 06 run, and print what the chapter says
//! they print. Each runs at a few milliseconds per unit (skipped, saying
//! so, where there is no `python3`). `api_calls.py` calls the lesson's own
//! server, started here on a free port and stopped on every path.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;
use workbook::child::Guard;
use workbook::python::expect_lines;

/// Run `python/<name>` with `args`; its stdout, or `None` without python3.
fn run(name: &str, args: &[&str]) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, args, Duration::from_secs(60))
}

#[test]
fn coroutines_overlap_and_await_reraises_or_says_cancelled() {
    let Some(out) = run("coroutines.py", &["--unit-ms", "10"]) else {
        return;
    };
    expect_lines(
        &out,
        "coroutines.py",
        &[
            "Current registered tasks: 1",
            "Current registered tasks: 3",
            "Printing TWO",
            "Main ended",
            "raised    task: await re-raised ValueError: a task that raises",
            "cancelled task: await raised CancelledError",
        ],
    );
}

#[test]
fn gather_takes_about_the_longest_delay() {
    let Some(out) = run("gather.py", &["--unit-ms", "10"]) else {
        return;
    };
    expect_lines(
        &out,
        "gather.py",
        &["100 messages, in input order: True", "took "],
    );
}

#[test]
fn a_blocking_sleep_serialises_the_naps() {
    // Decided by how many naps were under way at once (counted as each
    // begins and ends), not by a stopwatch: a busy machine changes the
    // times, not the count.
    let Some(out) = run("blocking.py", &["--unit-ms", "20"]) else {
        return;
    };
    let line = |nap: &str| out.lines().find(|l| l.starts_with(nap)).unwrap_or_default();
    assert!(
        line("nap_blocking").ends_with("at most 1 at once"),
        "time.sleep holds the loop: one nap at a time expected:\n{out}"
    );
    assert!(
        line("nap_async").ends_with("at most 5 at once"),
        "asyncio.sleep overlaps all five:\n{out}"
    );
    assert!(
        line("nap_offloaded").ends_with("at most 5 at once"),
        "to_thread overlaps all five:\n{out}"
    );
    let took = |nap: &str| -> f64 {
        let units = line(nap)
            .split(" took ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next());
        units.and_then(|u| u.parse().ok()).expect("a number of units")
    };
    // A lower bound only: five naps one after another take five units at least.
    assert!(took("nap_blocking") >= 5.0, "time.sleep holds the loop:\n{out}");
}

#[test]
fn queue_lock_and_event_behave() {
    let Some(out) = run("primitives.py", &["--unit-ms", "20"]) else {
        return;
    };
    expect_lines(
        &out,
        "primitives.py",
        &[
            "the consumer got [1, 2, 3, 4, 5, 6]",
            "Lock: w1 in, w1 out, w2 in, w2 out, w3 in, w3 out",
            "Event: set at 0.5 units",
            "Queue(0): holds 1000 jobs, never full",
        ],
    );
    // 3.13 added Queue.shutdown(), the closer analogue of dropping every
    // sender; older versions say they lack it.
    assert!(
        out.contains("Queue.shutdown(): the consumer got ['last job', 'QueueShutDown']")
            || out.contains("Queue.shutdown(): Python 3.13+ only"),
        "primitives.py says what Queue.shutdown() did, or that this Python lacks it:\n{out}"
    );
}

#[test]
fn many_tasks_and_threads_finish() {
    let args = ["--unit-ms", "20", "--tasks", "2000", "--threads", "200"];
    let Some(out) = run("scale.py", &args) else {
        return;
    };
    expect_lines(&out, "scale.py", &["2,000 tasks:", "200 threads:"]);
}

#[test]
fn the_seeds_timer_stops_before_the_answers_are_in() {
    let server = Command::new(env!("CARGO_BIN_EXE_lesson-06-async"))
        .args(["serve", "--port", "0", "--unit-ms", "20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut server = Guard::new(server); // killed and reaped on every path
    let stdout = server.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let base = lines
        .find_map(|line| {
            line.strip_prefix("A Starlink-like API is listening on ")
                .map(str::to_string)
        })
        .expect("the server prints its address");
    std::thread::spawn(move || lines.for_each(drop)); // keep its stdout open
    let Some(out) = run("api_calls.py", &["--base-url", &base, "--calls", "20"]) else {
        return;
    };
    expect_lines(
        &out,
        "api_calls.py",
        &[
            "sequential:",
            "threads, the seed's timer:",
            "20 of 20 answers",
            "the same answers: True",
        ],
    );
}

#[test]
fn a_python_timeout_limits_each_wait_not_the_whole_request() {
    // 200 ms units: the trickle's gaps (40 ms) stay far under the timeout
    // (200 ms) even on a busy machine; the whole body takes 1 s.
    let Some(out) = run("timeouts.py", &["--unit-ms", "200"]) else {
        return;
    };
    expect_lines(
        &out,
        "timeouts.py",
        &["urlopen(timeout=1 unit): the whole body, 25 of 25 bytes, after"],
    );
}
