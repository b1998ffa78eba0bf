//! The exercise tests of lesson 05. `just check 5` runs them against your
//! `src/exercises.rs`; `just solutions 5` against `src/solutions.rs`.
//! Each module tests the exercise of the same name. Every test runs under
//! the watchdog: a stage that never ends, a producer that waits forever or
//! a child that is never told to stop fails with a message instead of
//! hanging.

// Your file when `just check 5` turns on `learner`, the answer key otherwise.
// Compiled here only, so editing it never rebuilds the demo.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;

use std::time::Duration;
use workbook::watchdog;

const LIMIT: Duration = watchdog::DEFAULT_LIMIT;

mod pipeline {
    use super::*;
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};
    use std::thread::{self, ThreadId};
    use under_test::pipeline;

    /// Runs `body` under the watchdog, naming the usual cause of a hang.
    fn watched<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
        watchdog::try_within(LIMIT, body).unwrap_or_else(|_| {
            panic!(
                "`pipeline` did not return within {LIMIT:?}: a stage's `for x in receiver` \
                 never ended. It ends only when every Sender of its channel is gone: is one \
                 still alive (the original kept in the calling thread after handing out a \
                 clone, or a stage that never drops its output sender)? Move each sender \
                 into its stage, or `drop` it"
            )
        })
    }

    #[test]
    fn sums_the_squares_of_one_to_n() {
        let sum = watched(|| pipeline(1000, |x| x * x));
        assert_eq!(
            sum, 333_833_500,
            "1² + 2² + … + 1000² = 1000·1001·2001/6 = 333,833,500. A smaller sum means the sum \
             stage stopped early: a `try_recv` loop stops the first time the square stage has not \
             caught up yet; `for x in receiver` waits, and ends when the square stage is done"
        );
    }

    #[test]
    fn a_slow_square_stage_is_waited_for() {
        // The first square takes a while: a sum stage that polls with
        // `try_recv` finds the channel empty before it comes and stops
        // with 0. `for x in receiver` waits for it, however long it takes.
        let sum = watched(|| {
            pipeline(3, |x| {
                if x == 1 {
                    thread::sleep(Duration::from_millis(300));
                }
                x * x
            })
        });
        assert_eq!(
            sum, 14,
            "1 + 4 + 9 = 14, but the first square took 0.3 s and the sum came out {sum}: the sum \
             stage stopped before it came (`try_recv` says Empty for \"not yet\"; `while not \
             queue.empty()` in Python). `for x in receiver` waits, and ends when every sender \
             is gone"
        );
    }

    #[test]
    fn uses_the_square_stage_it_is_given() {
        let sum = watched(|| pipeline(4, |x| x * x * x));
        assert_eq!(sum, 100, "with cubes for squares: 1 + 8 + 27 + 64 = 100");
    }

    #[test]
    fn nothing_to_generate_sums_to_zero() {
        let sum = watched(|| pipeline(0, |x| x * x));
        assert_eq!(sum, 0, "n = 0 generates no numbers, and an empty sum is 0");
    }

    #[test]
    fn squares_on_one_thread_of_their_own() {
        let seen: Arc<Mutex<HashSet<ThreadId>>> = Arc::default();
        let record = Arc::clone(&seen);
        let caller = watched(move || {
            pipeline(50, move |x| {
                record
                    .lock()
                    .expect("no panic while recording")
                    .insert(thread::current().id());
                x * x
            });
            thread::current().id()
        });
        let seen = seen.lock().expect("no panic while recording");
        assert_eq!(
            seen.len(),
            1,
            "the square stage is one thread that squares every number, not {} threads",
            seen.len()
        );
        assert!(
            !seen.contains(&caller),
            "the squares were computed on the calling thread: the square stage needs a thread of its own"
        );
    }
}

mod bounded_hand_off {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::{self, ThreadId};
    use under_test::bounded_hand_off;

    /// What one run saw: the items in the order consumed, how far the
    /// producer got ahead of the consumer at most, and the threads.
    struct Seen {
        consumed: Vec<u32>,
        count: usize,
        most_ahead: usize,
        producer: Vec<ThreadId>,
        consumer: Vec<ThreadId>,
    }

    /// 40 items take about 0.1 s to hand over: 5 s is plenty on a busy
    /// machine, and a learner hears about a stuck consumer at once.
    const HAND_OFF_LIMIT: Duration = Duration::from_secs(5);

    /// Runs `body` under the watchdog with a short limit, and names the
    /// usual cause of a hang here.
    fn within<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
        watchdog::try_within(HAND_OFF_LIMIT, body).unwrap_or_else(|_| {
            panic!(
                "`bounded_hand_off` did not finish within {HAND_OFF_LIMIT:?} (40 items take \
                 about 0.1 s). Does the consumer drain with `try_recv`? It says `Empty` the \
                 moment the queue is empty for an instant, while the producer still runs; the \
                 loop ends, the receiver stays alive, and the producer waits forever for room. \
                 Consume with `for item in receiver`: it waits, and ends when the producer is done"
            )
        })
    }

    /// 40 items into a queue of `capacity`, consumed slowly (3 ms each).
    fn run(capacity: usize) -> Seen {
        within(move || {
            let made = Arc::new(AtomicUsize::new(0));
            let producer = Arc::new(Mutex::new(Vec::new()));
            let items = {
                let (made, producer) = (Arc::clone(&made), Arc::clone(&producer));
                // The iterator counts the items as the producer draws them.
                (0..40u32).inspect(move |_| {
                    made.fetch_add(1, Ordering::SeqCst);
                    producer.lock().expect("no panic").push(thread::current().id());
                })
            };
            let (mut consumed, mut consumer, mut most_ahead) = (Vec::new(), Vec::new(), 0);
            let count = bounded_hand_off(capacity, items, |item| {
                consumed.push(item);
                consumer.push(thread::current().id());
                most_ahead = most_ahead.max(made.load(Ordering::SeqCst) - consumed.len());
                thread::sleep(Duration::from_millis(3));
            });
            let producer = producer.lock().expect("no panic").clone();
            Seen {
                consumed,
                count,
                most_ahead,
                producer,
                consumer,
            }
        })
    }

    #[test]
    fn every_item_arrives_once_in_order() {
        let seen = run(4);
        assert_eq!(
            seen.consumed,
            (0..40).collect::<Vec<u32>>(),
            "a queue keeps the order of the items"
        );
        assert_eq!(seen.count, 40, "the return value counts the 40 items consumed");
    }

    #[test]
    fn a_fast_producer_waits_for_room() {
        let seen = run(4);
        assert!(
            seen.most_ahead <= 5,
            "the producer drew {} items more than the consumer had taken; a queue of 4 allows \
             at most 5 (4 queued, 1 in the producer's hand, waiting for room): is the queue bounded?",
            seen.most_ahead
        );
    }

    #[test]
    fn capacity_zero_hands_over_one_at_a_time() {
        let seen = run(0);
        assert_eq!(
            seen.consumed,
            (0..40).collect::<Vec<u32>>(),
            "all 40 items, in order"
        );
        assert!(
            seen.most_ahead <= 1,
            "with no room in the queue the producer can hold only the item it is handing over, \
             yet it drew {} items ahead of the consumer",
            seen.most_ahead
        );
    }

    #[test]
    fn producer_and_consumer_are_different_threads() {
        let seen = run(4);
        let first = seen.producer.first().copied();
        assert!(
            seen.producer.iter().all(|&id| Some(id) == first),
            "one producer thread draws every item"
        );
        assert!(
            seen.consumer.iter().all(|id| !seen.producer.contains(id)),
            "the items were drawn on the consumer's thread: the producer needs a thread of its own"
        );
    }

    #[test]
    fn no_items_is_zero_consumed() {
        let count = watchdog::within(LIMIT, "bounded_hand_off", || {
            bounded_hand_off(2, Vec::<String>::new(), |_| panic!("nothing to consume"))
        });
        assert_eq!(count, 0, "an empty iterator hands over nothing");
    }

    #[test]
    fn a_slow_producer_is_waited_for() {
        // The producer takes 5 ms to make each item, so the queue is often
        // empty while more items are coming; it has room for all of them,
        // so a consumer that stops early does not hang the producer.
        let items = (0..10u32).inspect(|_| thread::sleep(Duration::from_millis(5)));
        let (count, consumed) = within(move || {
            let mut consumed = Vec::new();
            let count = bounded_hand_off(64, items, |item| consumed.push(item));
            (count, consumed)
        });
        assert_eq!(
            consumed,
            (0..10).collect::<Vec<u32>>(),
            "the consumer took {count} of the 10 items: it stopped while the producer was still \
             making them. `try_recv` returns `Empty` whenever the producer has not caught up; it \
             does not wait. Consume with `for item in receiver`: it waits for each item and ends \
             only when the producer is done (its sender dropped)"
        );
    }
}

mod ping_pong {
    use super::*;
    use lesson_05_pipes::roles::PONG;
    use std::fs;
    use std::io;
    use std::process::Command;
    use under_test::ping_pong;

    /// The lesson's own binary in the `pong` role.
    fn pong() -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lesson-05-pipes"));
        command.arg(PONG);
        // The child ends when this test process does, whatever your code
        // did with it: a test that fails or times out leaves nothing behind.
        workbook::lifecycle::lifeline(&mut command);
        command
    }

    #[test]
    fn ten_rounds_each_answer_one_more() {
        let answers = watchdog::within(LIMIT, "ping_pong", || ping_pong(pong(), 10))
            .expect("ten rounds with a pong child");
        assert_eq!(
            answers,
            [1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
            "ball 0 comes back as 1, so the next ball is 2, which comes back as 3, …"
        );
    }

    #[test]
    fn the_child_sees_the_end_and_exits_before_ping_pong_returns() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let score = dir.path().join("score.txt");
        let mut command = pong();
        command.arg("--score").arg(&score);
        let answers = watchdog::within(LIMIT, "ping_pong", move || ping_pong(command, 5))
            .expect("five rounds with a pong child");
        assert_eq!(answers.len(), 5, "five rounds, five answers");
        let written = fs::read_to_string(&score).unwrap_or_else(|e| {
            panic!(
                "pong writes its score when its stdin ends, just before it exits; there is none \
                 ({e}): close the child's stdin, then wait for the child"
            )
        });
        assert_eq!(written, "5", "pong returned 5 balls");
    }

    /// Play `rounds` with `command`, which must go wrong (`why`): the error.
    fn error_of(command: Command, rounds: u32, why: &str) -> io::Error {
        match watchdog::within(LIMIT, "ping_pong", move || ping_pong(command, rounds)) {
            Ok(answers) => panic!("{why}: ping_pong should return an error, not Ok({answers:?})"),
            Err(error) => error,
        }
    }

    #[test]
    fn a_child_that_stops_answering_is_an_error_naming_the_round() {
        let mut command = pong();
        command.args(["--quit-after", "3"]);
        let error = error_of(
            command,
            6,
            "pong walks away after 3 balls: round 4 gets no answer",
        );
        assert!(
            error.to_string().contains("round 4"),
            "the error should name round 4, the first without an answer; it says: {error}"
        );
    }

    #[test]
    fn a_child_that_fails_is_an_error_naming_the_round() {
        // The `shout` role expects JSON lines: the ball `0` is JSON but not
        // a message, so it fails at once and its stdout ends unanswered.
        let mut shout = Command::new(env!("CARGO_BIN_EXE_lesson-05-pipes"));
        shout.arg("shout");
        workbook::lifecycle::lifeline(&mut shout);
        let error = error_of(shout, 2, "`shout` fails on the first ball and never answers");
        assert!(
            error.to_string().contains("round 1"),
            "round 1 got no answer; the error says: {error}"
        );
    }

    #[test]
    fn a_child_that_exits_with_a_failure_is_an_error() {
        // Every ball comes back; then pong cannot write its score (the
        // folder does not exist) and exits with a failure status.
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut command = pong();
        command
            .arg("--score")
            .arg(dir.path().join("no-such-folder/score.txt"));
        error_of(
            command,
            3,
            "pong answered all 3 balls but then exited with a failure status (check `wait`'s status)",
        );
    }

    #[test]
    fn a_program_that_cannot_start_is_an_error() {
        error_of(
            Command::new("/no/such/pong"),
            1,
            "/no/such/pong does not exist: spawn fails",
        );
    }

    /// What is left of process `pid` after `ping_pong` returned: `None` if
    /// it is gone (reaped), else its state letter from /proc (`Z` zombie).
    fn state_of(pid: &str) -> Option<String> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (name) S ...": the state follows the closing parenthesis.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        Some(after_name.split_whitespace().next().unwrap_or("?").to_string())
    }

    /// A child that broke the protocol must be stopped *and reaped* before
    /// `ping_pong` returns its error. Decided by the process table, not a
    /// clock: a reaped child's /proc entry is gone when `wait` returns.
    fn reaped_after(extra: &[&str], rounds: u32, why: &str) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let pid_file = dir.path().join("pong.pid");
        let mut command = pong();
        command.args(extra).arg("--pid-file").arg(&pid_file);
        error_of(command, rounds, why);
        let pid = fs::read_to_string(&pid_file).expect("pong writes its pid when it starts");
        // A child killed a moment ago may still show R or S until the
        // signal lands: wait for the state to change (an event), and call
        // it "still running" only if it has not changed after a long while.
        let mut state = state_of(pid.trim());
        let patience = std::time::Instant::now();
        while matches!(state.as_deref(), Some(s) if s != "Z")
            && patience.elapsed() < std::time::Duration::from_secs(10)
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
            state = state_of(pid.trim());
        }
        match state.as_deref() {
            None => {}
            Some("Z") => panic!(
                "{why}: ping_pong returned its error, and pong (pid {}) is a zombie: it ended \
                 or was killed, and nobody waited for it. After `kill()`, call `wait()`: \
                 that reaps the child",
                pid.trim()
            ),
            Some(state) => panic!(
                "{why}: ping_pong returned its error with pong (pid {}) still running (state \
                 {state}) 10 s later: it was never killed. On an error, `kill()` the child, \
                 then `wait()` for it",
                pid.trim()
            ),
        }
    }

    #[test]
    fn a_child_that_answers_nonsense_is_killed_and_reaped() {
        reaped_after(
            &["--garble-after", "2"],
            5,
            "pong answers \"fault\" to the third ball and plays on",
        );
    }

    #[test]
    fn a_child_that_walks_away_is_reaped() {
        reaped_after(&["--quit-after", "1"], 3, "pong walks away after 1 ball");
    }

    #[test]
    fn nonsense_is_an_error_naming_the_round() {
        let mut command = pong();
        command.args(["--garble-after", "2"]);
        let error = error_of(command, 5, "pong answers \"fault\" to the third ball");
        assert!(
            error.to_string().contains("round 3"),
            "the error should name round 3, whose answer was not a number; it says: {error}"
        );
    }
}

mod send_json_line {
    use super::under_test::send_json_line;
    use serde::Serialize;
    use std::io::{self, Write};

    #[derive(Serialize)]
    struct Note {
        from: String,
        text: String,
    }

    fn note(text: &str) -> Note {
        Note {
            from: "parent".into(),
            text: text.into(),
        }
    }

    /// A `Write` that records each call to `write` (each taking all the
    /// bytes offered, as a pipe with room does) and each `flush`.
    #[derive(Default)]
    struct Recorder {
        writes: Vec<Vec<u8>>,
        flushed_after: Option<usize>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushed_after = Some(self.writes.len());
            Ok(())
        }
    }

    fn sent(text: &str) -> Recorder {
        let mut out = Recorder::default();
        send_json_line(&mut out, &note(text))
            .unwrap_or_else(|e| panic!("writing into memory cannot fail, but send_json_line returned: {e}"));
        out
    }

    #[test]
    fn the_line_goes_out_in_one_write() {
        let out = sent("Hello, team!");
        let pieces: Vec<String> = out
            .writes
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect();
        assert_eq!(
            pieces.len(),
            1,
            "the whole line must go out in ONE write; it went in {} pieces: {pieces:?}. \
             `to_writer` or `writeln!` on the pipe writes piece by piece: build the line in a \
             Vec first, then write_all it once",
            pieces.len()
        );
        assert_eq!(
            pieces[0], "{\"from\":\"parent\",\"text\":\"Hello, team!\"}\n",
            "the message's JSON, then one newline"
        );
    }

    #[test]
    fn it_flushes_after_the_write() {
        let out = sent("Hello, team!");
        assert!(
            out.flushed_after.is_some_and(|writes| writes >= 1),
            "call flush() after the write: a reader waits for what a buffered writer still holds"
        );
    }

    #[test]
    fn a_newline_in_the_text_stays_inside_the_line() {
        let out = sent("two\nlines");
        let all = out.writes.concat();
        assert_eq!(
            all.iter().filter(|&&b| b == b'\n').count(),
            1,
            "one raw newline, at the end: JSON writes the text's newline as \\n; got {:?}",
            String::from_utf8_lossy(&all)
        );
    }

    /// A pipe whose reader has gone: every write fails.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_returned() {
        let outcome = send_json_line(&mut Closed, &note("anyone?"));
        assert!(
            outcome
                .as_ref()
                .is_err_and(|e| e.kind() == io::ErrorKind::BrokenPipe),
            "the pipe's BrokenPipe error must come back to the caller, not be dropped or \
             panic; got {outcome:?}"
        );
    }
}
