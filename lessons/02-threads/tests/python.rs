//! The Python originals of chapter 02 run, and print what the chapter says
//! they print. Each runs at a few milliseconds per unit (skipped, saying
//! so, where there is no `python3`).

use std::time::Duration;

/// Run `python/<name>` with `args`; its stdout, or `None` without python3.
fn run(name: &str, args: &[&str]) -> Option<String> {
    workbook::python::stdout_of(env!("CARGO_MANIFEST_DIR"), name, args, Duration::from_secs(60))
}

/// The number before " units" on the line that starts with `label`.
fn units(out: &str, label: &str) -> f64 {
    let line = out
        .lines()
        .find(|line| line.starts_with(label))
        .unwrap_or_else(|| panic!("no line `{label}` in:\n{out}"));
    let number = line.rsplit(": ").next().and_then(|rest| rest.split(' ').next());
    number
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number of units in `{line}`"))
}

#[test]
fn io_tasks_take_the_sum_the_longest_and_the_sum_again() {
    let Some(out) = run("io_tasks.py", &["--unit-ms", "20"]) else {
        return;
    };
    assert!(out.contains("delays: [2, 2, 1, 2, 3] sum 10 longest 3"), "{out}");
    assert!(units(&out, "one after another") >= 10.0, "{out}");
    let together = units(&out, "all started, then all joined");
    assert!(
        (3.0..9.0).contains(&together),
        "about the longest, 3 units:\n{out}"
    );
    assert!(units(&out, "joined in the loop") >= 10.0, "the sum again:\n{out}");
}

#[test]
fn results_come_back_through_a_list_or_an_executor() {
    let Some(out) = run("results.py", &["--unit-ms", "20"]) else {
        return;
    };
    assert_eq!(out.matches("join() returns None").count(), 5, "{out}");
    assert!(
        out.contains(
            "executor, in the order submitted: ['result 0', 'result 1', 'result 2', 'result 3', 'result 4']"
        ),
        "{out}"
    );
}

#[test]
fn a_lock_keeps_words_whole_but_does_not_order_them() {
    const SENTENCE: &str = "I want this to end up looking like a nice sentence";
    let Some(out) = run("sentence.py", &[]) else {
        return;
    };
    fn sorted(line: &str) -> Vec<&str> {
        let mut words: Vec<&str> = line.split_whitespace().collect();
        words.sort();
        words
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    assert_eq!(lines.len(), 2, "two sentences:\n{out}");
    for line in &lines {
        assert_eq!(
            sorted(line),
            sorted(SENTENCE),
            "the lock keeps every word whole:\n{out}"
        );
    }
    assert_ne!(
        lines[1], SENTENCE,
        "with work of shuffled lengths first, the lock lets the words in as their work ends, \
         not in sentence order:\n{out}"
    );
}

#[test]
fn the_flag_stops_the_worker_at_its_next_look() {
    let Some(out) = run("stop_flag.py", &["--unit-ms", "100"]) else {
        return;
    };
    // The flag is set at 3.5 units; the worker sees it at its next look,
    // after `count = 3` on a quiet machine (a busy one shifts it by one).
    let counts = out.matches("count = ").count();
    assert!(
        (3..=5).contains(&counts),
        "the worker stops at its next look:\n{out}"
    );
    assert!(out.ends_with("stopped\n"), "{out}");
}

#[test]
fn the_manager_dict_counts_ten_per_process() {
    let Some(out) = run("manager_counts.py", &[]) else {
        return;
    };
    assert!(out.contains("[10, 10] from 2 processes"), "{out}");
}

#[test]
fn opposite_lock_orders_deadlock() {
    let Some(out) = run("deadlock.py", &["--unit-ms", "20"]) else {
        return;
    };
    assert!(out.contains("2 of 2 threads still wait: a deadlock"), "{out}");
}

#[test]
fn the_worker_stops_when_asked_through_its_queue() {
    let Some(out) = run("worker.py", &["--unit-ms", "100"]) else {
        return;
    };
    // Stopped after 2.5 units: it announced at 0, 1 and 2 (give or take one
    // on a busy machine), and stopped at once, without waiting for a third.
    let announced = out.matches("worker 1\n").count();
    assert!((2..=4).contains(&announced), "{out}");
    assert!(out.contains("stopped"), "{out}");
}

#[test]
fn count_plus_one_on_a_global_loses_nothing_from_cpython_3_10() {
    let Some(out) = run("lost_updates.py", &[]) else {
        return;
    };
    assert!(out.contains("expected 4,000,000, counted"), "{out}");
    // CPython 3.10-3.13 switch threads only at backward jumps and calls:
    // `count += 1` is never split, every time (3.9 loses updates).
    let minor: Option<u32> = out
        .split_whitespace()
        .nth(1)
        .and_then(|version| version.split('.').nth(1))
        .and_then(|minor| minor.parse().ok());
    if minor.is_some_and(|minor| (10..=13).contains(&minor)) {
        assert!(
            out.contains("lost 0"),
            "CPython 3.10-3.13 lose no update here: {out}"
        );
    }
}

#[test]
fn hashing_on_two_threads_overlaps_because_hashlib_releases_the_gil() {
    let Some(out) = run("gil_released.py", &["--mb", "16"]) else {
        return;
    };
    assert!(
        out.contains("the two hashes on threads overlapped: True"),
        "hashlib lets go of the GIL while it hashes a large buffer, so the second thread's \
         hash starts before the first ends: {out}"
    );
}
