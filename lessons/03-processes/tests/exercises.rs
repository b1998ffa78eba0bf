//! The exercise tests of lesson 03. `just check 3` runs them against your
//! `src/exercises.rs`; `just solutions 3` against `src/solutions.rs`.
//! Each module tests the exercise of the same name. The child processes are
//! the lesson's own binary in its hidden roles (`say`, `fail`, `meet`...),
//! and every test runs under the watchdog, so a child waited for forever
//! fails the test with a message instead of hanging `just check`.

// `just check 3` turns on the `learner` feature: the tests then check your
// file; without it they check the answer key. Both are compiled here only,
// never into the demo, so editing your file rebuilds nothing else.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;
use std::process::Command;
use std::time::Duration;
use workbook::watchdog;

const LIMIT: Duration = watchdog::DEFAULT_LIMIT;

/// The lesson's binary as a child playing `role`.
fn child(role: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lesson-03-processes"));
    command.args(role);
    command
}

mod outputs_in_order {
    use super::*;
    use under_test::outputs_in_order;

    /// How `outputs_in_order` usually hangs (the watchdog names them).
    const HANGS: &[&str] = &[
        "`wait()` on a child before reading its pipe: a child that writes more than the \
         pipe holds (64 KiB) blocks, and so does the wait (use `wait_with_output()`)",
        "children started and left running when a later one fails: `?` on `spawn()` \
         returns at once; kill and wait for the ones already started first",
        "a child's stdin left open while you wait for it to end",
    ];

    #[test]
    fn children_run_at_the_same_time_and_come_back_in_order() {
        let place = tempfile::tempdir().expect("a temp dir for the meeting");
        let dir = place
            .path()
            .to_str()
            .expect("the temp dir's path is UTF-8")
            .to_string();
        // Each child waits until all four have arrived, then lingers: the
        // first lingers longest, so the last finishes first.
        let commands = [("a", "120"), ("b", "80"), ("c", "40"), ("d", "0")]
            .map(|(name, linger_ms)| child(&["meet", &dir, "4", name, linger_ms]))
            .into();
        let outputs =
            watchdog::within_because(LIMIT, "outputs_in_order", HANGS, || outputs_in_order(commands))
                .expect("the four children start and are waited for");
        assert_eq!(
            outputs,
            ["a\n", "b\n", "c\n", "d\n"],
            "each child prints its name only once all four run at the same time (a child \
             started after another ended waits in vain and prints nothing); the outputs come \
             in the order of the commands, although d finishes first"
        );
    }

    #[test]
    fn thirty_children_in_the_order_given() {
        let commands = (0..30).map(|i| child(&["say", &i.to_string()])).collect();
        let outputs =
            watchdog::within_because(LIMIT, "outputs_in_order", HANGS, || outputs_in_order(commands))
                .expect("thirty children start");
        let expected: Vec<String> = (0..30).map(|i| format!("{i}\n")).collect();
        assert_eq!(
            outputs, expected,
            "output i is what command i printed, with its newline"
        );
    }

    #[test]
    fn a_failing_child_is_not_an_error_and_gives_what_it_printed() {
        let commands = vec![
            child(&["say", "x"]),
            child(&["fail", "3", "0"]),
            child(&["say", "y"]),
        ];
        let outputs =
            watchdog::within_because(LIMIT, "outputs_in_order", HANGS, || outputs_in_order(commands))
                .expect("a child that exits with 3 is no error for outputs_in_order");
        assert_eq!(
            outputs,
            ["x\n", "", "y\n"],
            "the failing child printed nothing on stdout: an empty string in its place"
        );
    }

    #[test]
    fn children_that_write_more_than_a_pipe_holds_do_not_deadlock() {
        // 200 KB each, three times what a Linux pipe holds (64 KiB): each
        // child blocks in its write until the parent reads. Decided by
        // events: the outputs come back whole, or the watchdog names the
        // deadlock.
        const BYTES: usize = 200_000;
        let commands = (0..2).map(|_| child(&["bulk", &BYTES.to_string()])).collect();
        let outcome = watchdog::try_within(LIMIT, move || outputs_in_order(commands));
        let Ok(outputs) = outcome else {
            panic!(
                "outputs_in_order never returned for two children writing {BYTES} bytes each: \
                 a DEADLOCK. Likely: `wait()` on a child before reading its stdout. A pipe holds \
                 64 KiB; a child that writes more blocks until someone reads, while you wait for \
                 it to end. Read each pipe to its end first, then reap the child: \
                 `wait_with_output()` does both"
            );
        };
        let lengths: Vec<usize> = outputs
            .expect("the two children start")
            .iter()
            .map(String::len)
            .collect();
        assert_eq!(
            lengths,
            [BYTES, BYTES],
            "each child wrote {BYTES} bytes: all of them must come back, in order"
        );
    }

    #[test]
    fn no_commands_give_no_outputs() {
        let outputs =
            watchdog::within_because(LIMIT, "outputs_in_order", HANGS, || outputs_in_order(Vec::new()))
                .expect("nothing to start, nothing to fail");
        assert!(outputs.is_empty(), "no commands, no outputs: got {outputs:?}");
    }

    #[test]
    fn a_program_that_cannot_start_is_an_error() {
        let commands = vec![child(&["noop"]), Command::new("/no/such/program")];
        let outcome =
            watchdog::within_because(LIMIT, "outputs_in_order", HANGS, || outputs_in_order(commands));
        let error = outcome.expect_err("/no/such/program cannot be started: spawn's error must come back");
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::NotFound,
            "the error is spawn's own, unchanged: {error}"
        );
    }

    #[test]
    fn children_already_started_are_killed_when_a_later_one_cannot_start() {
        // The sleeper's stderr is a pipe whose only other writer we drop:
        // the pipe ends when, and only when, the sleeper is gone.
        let (mut stderr, writer) = std::io::pipe().expect("a pipe");
        // Its stdin is a lifeline, a pipe whose write end this test holds:
        // if the sleeper is left running (the mistake this test catches),
        // it still ends when this test does, on any path, a failed
        // assertion and the watchdog's panic included, instead of running
        // on for a minute as an orphan.
        let (lifeline, _lifeline_end) = std::io::pipe().expect("a pipe");
        let mut sleeper = child(&["sleep", "60000", "--lifeline"]);
        sleeper.stderr(writer).stdin(lifeline);
        let commands = vec![sleeper, Command::new("/no/such/program")];
        let outcome = watchdog::within(
            LIMIT,
            "outputs_in_order, whose first child sleeps a minute (when the second cannot start, \
             kill the first instead of waiting for it)",
            || outputs_in_order(commands),
        );
        assert!(outcome.is_err(), "/no/such/program cannot be started: an error");
        watchdog::within(
            LIMIT,
            "the sleeper started before the failed spawn should be killed, not left running for a minute",
            move || std::io::Read::read_to_end(&mut stderr, &mut Vec::new()),
        )
        .expect("the sleeper's stderr reads to its end");
    }
}

mod run_checked {
    use super::*;
    use lesson_03_processes::ChildError;
    use under_test::run_checked;

    fn run(name: &'static str, command: Command) -> Result<String, ChildError> {
        watchdog::within(LIMIT, "run_checked", move || run_checked(name, command))
    }

    /// The parts of a `Failed` error, or a panic saying what came instead.
    fn failed(outcome: Result<String, ChildError>) -> (String, std::process::ExitStatus, Vec<String>) {
        match outcome {
            Err(ChildError::Failed {
                child,
                status,
                stderr_tail,
            }) => (child, status, stderr_tail),
            other => panic!("expected ChildError::Failed for a child that failed, got {other:?}"),
        }
    }

    #[test]
    fn a_child_that_succeeds_gives_its_stdout() {
        let stdout = run("greeter", child(&["say", "hello"]));
        assert_eq!(
            stdout.expect("`say hello` exits with 0"),
            "hello\n",
            "all of stdout, newline included"
        );
    }

    #[test]
    fn a_failure_names_the_child_its_code_and_its_last_three_lines() {
        let (child_name, status, tail) = failed(run("fetcher", child(&["fail", "3", "5"])));
        assert_eq!(
            child_name, "fetcher",
            "the error names the child as the caller did"
        );
        assert_eq!(status.code(), Some(3), "the child exited with code 3");
        assert_eq!(
            tail,
            ["fail: line 3 of 5", "fail: line 4 of 5", "fail: line 5 of 5"],
            "of five stderr lines, the last three, oldest first"
        );
        let message = ChildError::Failed {
            child: child_name,
            status,
            stderr_tail: tail,
        }
        .to_string();
        assert!(
            message.contains("`fetcher`") && message.contains("exit status: 3"),
            "the message names the child and its status: {message}"
        );
    }

    #[test]
    fn a_short_or_empty_stderr_gives_a_short_or_empty_tail() {
        let (_, status, tail) = failed(run("one-liner", child(&["fail", "2", "1"])));
        assert_eq!(status.code(), Some(2), "the child exited with code 2");
        assert_eq!(
            tail,
            ["fail: line 1 of 1"],
            "one line on stderr, one line in the tail"
        );
        let (_, status, tail) = failed(run("silent", child(&["fail", "4", "0"])));
        assert_eq!(status.code(), Some(4), "the child exited with code 4");
        assert!(
            tail.is_empty(),
            "a child that wrote nothing has an empty tail, got {tail:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn blank_stderr_lines_are_not_part_of_the_tail() {
        let mut shell = Command::new("sh");
        shell.args([
            "-c",
            "echo one >&2; echo two >&2; echo >&2; echo '   ' >&2; exit 1",
        ]);
        let (_, _, tail) = failed(run("spacer", shell));
        assert_eq!(
            tail,
            ["one", "two"],
            "the tail keeps the last non-empty lines: blank ones and ones of spaces are skipped"
        );
    }

    #[test]
    fn a_panic_is_a_failure_with_code_101_and_its_message() {
        let mut panicking = child(&["panic", "the disk is full"]);
        // Without a backtrace, the panic's last lines are its message and a note.
        panicking.env("RUST_BACKTRACE", "0");
        let (_, status, tail) = failed(run("writer", panicking));
        assert_eq!(
            status.code(),
            Some(101),
            "a Rust panic ends the process with exit code 101"
        );
        assert!(
            tail.iter().any(|line| line == "the disk is full"),
            "the panic's message is among the last three stderr lines: {tail:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_child_killed_by_a_signal_is_a_failure_without_a_code() {
        use std::os::unix::process::ExitStatusExt;
        let mut shell = Command::new("sh");
        shell.args(["-c", "echo going >&2; kill -9 $$"]);
        let (_, status, tail) = failed(run("victim", shell));
        assert_eq!(
            status.code(),
            None,
            "a process killed by a signal has no exit code"
        );
        assert_eq!(
            status.signal(),
            Some(9),
            "the shell killed itself with SIGKILL (9)"
        );
        assert_eq!(tail, ["going"], "what it wrote before it died is kept");
    }

    #[test]
    fn a_program_that_cannot_start_names_the_child() {
        match run("ghost", Command::new("/no/such/program")) {
            Err(ChildError::Start { child, source }) => {
                assert_eq!(child, "ghost", "the error names the child as the caller did");
                assert_eq!(
                    source.kind(),
                    std::io::ErrorKind::NotFound,
                    "the cause is spawn's own error: {source}"
                );
            }
            other => panic!("expected ChildError::Start for a program that does not exist, got {other:?}"),
        }
    }
}

mod how_it_ended {
    use super::*;
    use lesson_03_processes::Ending;
    use under_test::how_it_ended;

    /// The status of `sh -c script`, run to its end.
    fn status_of(script: &str) -> std::process::ExitStatus {
        let mut shell = Command::new("sh");
        shell.args(["-c", script]);
        watchdog::within(LIMIT, "sh", move || shell.status()).expect("sh starts")
    }

    #[test]
    fn an_exit_code_is_reported_as_a_code() {
        assert_eq!(
            how_it_ended(status_of("exit 0")),
            Ending::Code(0),
            "`exit 0` is code 0"
        );
        assert_eq!(
            how_it_ended(status_of("exit 3")),
            Ending::Code(3),
            "`exit 3` is code 3"
        );
    }

    #[test]
    fn a_rust_panic_is_code_101() {
        let mut panicking = child(&["panic", "boom"]);
        panicking
            .env("RUST_BACKTRACE", "0")
            .stderr(std::process::Stdio::null());
        let status = watchdog::within(LIMIT, "panic", move || panicking.status()).expect("it starts");
        assert_eq!(
            how_it_ended(status),
            Ending::Code(101),
            "a panicking Rust program exits with 101"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_is_reported_as_a_signal_not_a_code() {
        for (script, signal, name) in [("kill -9 $$", 9, "SIGKILL"), ("kill -TERM $$", 15, "SIGTERM")] {
            let ending = how_it_ended(status_of(script));
            assert_eq!(
                ending,
                Ending::Signal(signal),
                "`sh -c '{script}'` is ended by {name} ({signal}) and has no exit code \
                 (status.code() is None): got {ending:?}. Likely: a made-up code for None; \
                 std::os::unix::process::ExitStatusExt::signal() gives the signal"
            );
        }
    }
}

mod wait_or_kill {
    use super::*;
    use lesson_03_processes::Ending;
    use std::process::Stdio;
    use under_test::wait_or_kill;

    /// A child that sleeps `ms` and exits at once if this test process dies
    /// (its stdin is a pipe we hold: see the `sleep` role's lifeline).
    fn sleeper(ms: u64) -> std::process::Child {
        child(&["sleep", &ms.to_string(), "--lifeline"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("the sleeper starts")
    }

    /// Is `pid` a zombie (ended, never waited for)? Linux's /proc says.
    fn is_zombie(pid: u32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit(')')
                    .next()
                    .map(|rest| rest.trim_start().starts_with('Z'))
            })
            .unwrap_or(false)
    }

    #[test]
    fn a_child_that_ends_in_time_gives_its_code() {
        let quick = child(&["fail", "4", "0"]).spawn().expect("it starts");
        let ending = watchdog::within(LIMIT, "wait_or_kill", move || wait_or_kill(quick, LIMIT))
            .expect("waiting works");
        assert_eq!(
            ending,
            Ending::Code(4),
            "the child exits with 4 long before the limit"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_child_still_running_at_the_limit_is_killed_and_reaped() {
        let long = sleeper(60_000);
        let pid = long.id();
        let outcome = watchdog::try_within(LIMIT, move || wait_or_kill(long, Duration::from_millis(100)));
        let Ok(ending) = outcome else {
            panic!(
                "wait_or_kill(a child sleeping 60 s, limit 100 ms) was still waiting after \
                 {LIMIT:?}: likely a plain wait(), which has no limit. Poll try_wait() until the \
                 deadline, then kill()"
            );
        };
        assert_eq!(
            ending.expect("killing and waiting work"),
            Ending::Signal(9),
            "the child sleeps a minute, so at the 100 ms limit it is killed with SIGKILL (9)"
        );
        assert!(
            !is_zombie(pid),
            "the killed child {pid} is a zombie: it was killed but never waited for. kill() only \
             sends the signal; wait() collects the exit status and frees the process"
        );
    }

    #[test]
    fn a_child_still_running_well_before_the_limit_is_left_alone() {
        // The child runs until this test closes its stdin; the limit is a
        // minute. A right answer cannot return before the close, so its
        // result comes after it, whenever that is: Code(0). An answer whose
        // deadline is already past (`now - limit`, a loop condition turned
        // around) kills the child at once and returns without the close.
        let mut running = sleeper(60_000);
        let lifeline = running.stdin.take().expect("the sleeper's stdin is piped");
        let (result, ended) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _ = result.send(wait_or_kill(running, Duration::from_secs(60)));
        });
        let early = ended.recv_timeout(Duration::from_secs(2));
        if let Err(std::sync::mpsc::RecvTimeoutError::Disconnected) = early {
            // wait_or_kill panicked (a `todo!()`?): pass its panic on.
            if let Err(panic) = waiter.join() {
                std::panic::resume_unwind(panic);
            }
        }
        if let Ok(early) = early {
            panic!(
                "wait_or_kill(a running child, limit 60 s) returned {early:?} within 2 s, while \
                 the child was still running: it must wait until the child ends or the limit \
                 passes. Likely: a deadline already in the past (`Instant::now() - limit`, or \
                 a `while` condition turned around), so the child is killed at once"
            );
        }
        drop(lifeline); // the child now ends by itself, with code 0
        let ending = watchdog::within(LIMIT, "wait_or_kill", move || ended.recv())
            .expect("wait_or_kill's thread sends its result")
            .expect("waiting works");
        assert_eq!(
            ending,
            Ending::Code(0),
            "the child ended by itself (code 0) 2 s into a 60 s limit: it must not be killed, \
             got {ending:?}"
        );
    }

    #[test]
    fn it_returns_when_the_child_ends_not_at_the_limit() {
        // The limit is a minute; the child ends at once. An answer that
        // sleeps the whole limit before looking is still asleep after 10 s
        // (six times shorter than the limit, however busy the machine).
        let quick = child(&["noop"]).spawn().expect("it starts");
        let outcome = watchdog::try_within(Duration::from_secs(10), move || {
            wait_or_kill(quick, Duration::from_secs(60))
        });
        let Ok(ending) = outcome else {
            panic!(
                "a child that ends at once, limit 60 s: wait_or_kill had not returned after 10 s. \
                 Likely: sleeping the whole limit before looking; look with try_wait() every \
                 millisecond or so instead"
            );
        };
        assert_eq!(
            ending.expect("waiting works"),
            Ending::Code(0),
            "`noop` exits with 0"
        );
    }
}
