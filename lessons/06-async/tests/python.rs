//! The Python originals of chapter 06 run, and print what the chapter says
//! they print. Each runs at a few milliseconds per unit (skipped, saying
//! so, where there is no `python3`). `api_calls.py` calls the lesson's own
//! server, started here on a free port and stopped on every path.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;
use workbook::child::Guard;

/// Run `python/<name>` with `args`; its stdout, or `None` without python3.
fn run(name: &str, args: &[&str]) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, args, Duration::from_secs(60))
}

fn assert_prints(name: &str, out: &str, lines: &[&str]) {
    for line in lines {
        assert!(out.contains(line), "{name} prints `{line}`:\n{out}");
    }
}

#[test]
fn coroutines_overlap_and_await_reraises_or_says_cancelled() {
    let Some(out) = run("coroutines.py", &["--unit-ms", "10"]) else {
        return;
    };
    assert_prints(
        "coroutines.py",
        &out,
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
    assert_prints(
        "gather.py",
        &out,
        &["100 messages, in input order: True", "took "],
    );
}

#[test]
fn a_blocking_sleep_serialises_the_naps() {
    // 50 ms units: long beside Python's start-up of a thread, so that the
    // overlapping naps stay well under 4 units even on a busy machine.
    let Some(out) = run("blocking.py", &["--unit-ms", "50"]) else {
        return;
    };
    let took = |nap: &str| -> f64 {
        let line = out.lines().find(|l| l.starts_with(nap)).expect("a line per nap");
        let units = line.split_whitespace().rev().nth(1).expect("a number of units");
        units.parse().expect("a number")
    };
    assert!(took("nap_blocking") >= 5.0, "time.sleep holds the loop:\n{out}");
    assert!(took("nap_async") < 4.0, "asyncio.sleep overlaps:\n{out}");
    assert!(took("nap_offloaded") < 4.0, "to_thread overlaps:\n{out}");
}

#[test]
fn queue_lock_and_event_behave() {
    let Some(out) = run("primitives.py", &["--unit-ms", "20"]) else {
        return;
    };
    assert_prints(
        "primitives.py",
        &out,
        &[
            "the consumer got [1, 2, 3, 4, 5, 6]",
            "Lock: w1 in, w1 out, w2 in, w2 out, w3 in, w3 out",
            "Event: set at 0.5 units",
        ],
    );
}

#[test]
fn many_tasks_and_threads_finish() {
    let args = ["--unit-ms", "20", "--tasks", "2000", "--threads", "200"];
    let Some(out) = run("scale.py", &args) else {
        return;
    };
    assert_prints("scale.py", &out, &["2,000 tasks:", "200 threads:"]);
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
    assert_prints(
        "api_calls.py",
        &out,
        &[
            "sequential:",
            "threads, the seed's timer:",
            "20 of 20 answers",
            "the same answers: True",
        ],
    );
}
