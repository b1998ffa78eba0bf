//! The model checks of lesson 02, shared by `tests/loom.rs` (your file, or
//! the answer key) and `tests/loom_pitfalls.rs` (the chapter's wrong answers,
//! which must fail them). Each check is a small test that loom runs once per
//! interleaving it can tell apart: every order in which the threads can take
//! locks, touch atomics and start and end, up to its bounds. A normal test
//! runs one interleaving, chosen by the scheduler; this one runs them all.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use workbook::sync::thread::{self, ThreadId};
use workbook::sync::{Arc, model};

/// How to see the interleaving loom found, printed under every failure.
const SEE_IT: &str = "To watch the failing interleaving step by step (each step names a line of your \
file), run the check again with loom's log on:\n    LOOM_LOG=trace LOOM_LOCATION=1 just loom 2 {name}\n\
The last iteration printed before the panic is the one that broke.";

/// Set in the child process that runs the model itself (see [`run`]).
const IN_CHILD: &str = "WORKBOOK_LOOM_CHILD";

/// Marks the verdict a child prints, for the parent to find.
const VERDICT: &str = "-----loom verdict-----";

/// Run `check` under loom's model checker; on a failure, name the exercise,
/// what loom found, the likely mistake, and how to see the interleaving.
///
/// The model runs in a child process (this test binary again, running only
/// this test): when loom finds a deadlock it panics with threads still
/// blocked, and unwinding them aborts the process, which would take the
/// whole test run down with it. The child also gets loom's preemption bound
/// (`LOOM_MAX_PREEMPTIONS`, 2 unless you set it): every interleaving in
/// which a thread is interrupted at most twice, which is where these races
/// live, in seconds instead of minutes.
pub fn run(name: &str, mistake: &str, check: impl Fn() + Sync + Send + 'static) {
    if std::env::var_os(IN_CHILD).is_some() {
        return run_here(name, mistake, check);
    }
    let this_test = std::thread::current()
        .name()
        .filter(|test| *test != "main")
        .map(str::to_string);
    let exe = std::env::current_exe().expect("the test binary knows its own path");
    let mut child = Command::new(exe);
    match &this_test {
        Some(test) => child.args([test.as_str(), "--exact"]),
        None => child.arg(format!("{name}::")),
    };
    // LOOM_LOCATION=1: loom records where each thread took a lock, waited
    // or notified (`#[track_caller]`, in loom and in `workbook::sync`), so
    // that a deadlock names the lines of your file where the threads wait.
    child
        .arg("--nocapture")
        .env(IN_CHILD, "1")
        .env("LOOM_LOCATION", "1");
    if std::env::var_os("LOOM_MAX_PREEMPTIONS").is_none() {
        child.env("LOOM_MAX_PREEMPTIONS", "2");
    }
    if std::env::var_os("LOOM_LOG").is_some() {
        // The log goes straight to the terminal.
        let status = child.status().expect("the model check's child process starts");
        assert!(
            status.success(),
            "{name}: the model check failed ({status}); loom's log above shows the \
             interleavings it tried, the last one the one that broke"
        );
        return;
    }
    let output = child.output().expect("the model check's child process starts");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The verdict decides, not the exit status: in a `should_panic` test
    // (tests/loom_pitfalls.rs) the child's own harness counts a failure as
    // a pass.
    let verdict = said.split(VERDICT).nth(1).map(str::trim);
    if verdict.is_none() && output.status.success() {
        return;
    }
    let found = match verdict {
        Some(verdict) => verdict.to_string(),
        None if said.contains("deadlock; threads") => {
            let line = said
                .lines()
                .find(|l| l.contains("deadlock; threads"))
                .unwrap_or("");
            let places = blocked_at(line);
            let places = if places.is_empty() {
                format!("({})", line.trim())
            } else {
                format!("waiting at {}", places.join(", "))
            };
            format!(
                "in one interleaving every thread ended up waiting and none could go on: a \
                 DEADLOCK, {places}. Likely: `notify_one` where the thread it wakes may not \
                 be the one whose turn it is (use `notify_all`), or a thread that waits \
                 without anyone left to notify it."
            )
        }
        None => {
            let tail: Vec<&str> = said.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!(
                "the model check ended with {} and said:\n{}",
                output.status,
                tail.join("\n")
            )
        }
    };
    panic!(
        "{name}: loom tried the interleavings of this small test one by one, and one of them \
         breaks it:\n{found}\n{}",
        SEE_IT.replace("{name}", name)
    );
}

/// Where each blocked thread of loom's deadlock message waits, as
/// `path:line` (loom prints `Blocked(Location(Some(Location { file: "…",
/// line: N, column: C })))` when `LOOM_LOCATION` is set), one per thread, in
/// its order; a path through `tests/../src/` is shortened to `src/`.
pub fn blocked_at(deadlock: &str) -> Vec<String> {
    let mut places = Vec::new();
    for blocked in deadlock.split("Blocked(").skip(1) {
        let Some(rest) = blocked.split("file: \"").nth(1) else {
            continue;
        };
        let Some((file, rest)) = rest.split_once('"') else {
            continue;
        };
        let Some(rest) = rest.split("line: ").nth(1) else {
            continue;
        };
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        places.push(format!("{}:{line}", file.replace("tests/../", "")));
    }
    places
}

/// The child's half of [`run`]: the model itself, and a verdict on failure.
fn run_here(name: &str, mistake: &str, check: impl Fn() + Sync + Send + 'static) {
    let Err(panic) = catch_unwind(AssertUnwindSafe(|| model(check))) else {
        return;
    };
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(a panic without a message)")
        .to_string();
    let found = if message.contains("not yet implemented") {
        format!("a `todo!()` is still there: write the exercise first ({message}).")
    } else if message.contains("maximum number of branches") {
        "the model never finished: a thread waits by spinning (lock, look, unlock, again) \
         instead of sleeping on a `Condvar`; loom tries every pass of that loop."
            .to_string()
    } else if message.contains("loom execution state") || message.contains("thread local") {
        format!(
            "your code ran loom's types on a thread loom did not start ({message}). Likely: \
             `thread::scope`, which loom cannot model: use `thread::spawn` and an `Arc`."
        )
    } else {
        format!("{message}\nLikely: {mistake}")
    };
    eprintln!("{VERDICT}\n{found}\n{VERDICT}");
    panic!("{name}: {found}");
}

/// Two threads each call `add_one` once; then the total must be 2 and each
/// thread's own count 1, in every interleaving.
pub fn counter<C: Send + Sync + 'static>(
    new: fn() -> C,
    add_one: fn(&C),
    total: fn(&C) -> u64,
    per_thread: fn(&C) -> HashMap<ThreadId, u64>,
) {
    run(
        "counter",
        "a LOST UPDATE: a total read in one step and written back in another (an atomic's \
         `load` then `store`, or a value read under one lock and written under another), so \
         that the other thread's add, made in between, is overwritten. Make the whole add one \
         step: `fetch_add`, or the read and the write under one lock guard.",
        move || {
            let counter = Arc::new(new());
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let counter = Arc::clone(&counter);
                    thread::spawn(move || {
                        add_one(&counter);
                        thread::current().id()
                    })
                })
                .collect();
            let ids: Vec<ThreadId> = handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect();
            let total = total(&counter);
            assert!(
                total == 2,
                "two threads each called add_one() once, and total() then said {total}: an \
                 update was lost"
            );
            let counted = per_thread(&counter);
            let expected: HashMap<ThreadId, u64> = ids.into_iter().map(|id| (id, 1)).collect();
            assert_eq!(
                counted, expected,
                "two threads each called add_one() once: per_thread() must hold each thread's \
                 id with 1 (left: what it said; right: what was expected)"
            );
        },
    );
}

/// Three words, one thread each: the sentence must come out in order in
/// every interleaving, and the function must end (no deadlock).
pub fn ordered_sentence(sentence_of: fn(&[&str]) -> String) {
    run(
        "ordered_sentence",
        "the threads write in the order they get the lock, not the order of the words: a \
         lock alone gives no order. Wait for your turn with `Condvar::wait_while(guard, |next| \
         *next != position)`, a loop that looks at the turn again after every wake-up (an `if` \
         looks once).",
        move || {
            let words = ["one", "two", "three"];
            let sentence = sentence_of(&words);
            assert_eq!(
                sentence, "one two three",
                "three threads, one per word: the words must land in order in every interleaving"
            );
        },
    );
}
