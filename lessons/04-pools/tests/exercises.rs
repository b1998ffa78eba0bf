//! The exercise tests of lesson 04. `just check 4` runs them against your
//! `src/exercises.rs`; `just solutions 4` against `src/solutions.rs`.
//! Each module tests the exercise of the same name. Tests that could hang (a
//! call that waits when it should return, a channel that never closes) run
//! under the watchdog and fail with a message instead; tests that must check
//! *how* the work ran use the concurrency probe. No test measures time.

// Your file when `just check 4` turns on `learner`, the answer key otherwise.
// Compiled here only, so editing it never rebuilds the demo.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;
use workbook::probe::Probe;
use workbook::watchdog;

const LIMIT: Duration = watchdog::DEFAULT_LIMIT;

/// Gives rayon's global pool 8 threads in this test binary, whatever the
/// machine's cores: the tests run side by side, and one of them keeps pool
/// threads waiting at a gate. Every test calls this first (the first call
/// builds the pool; later calls change nothing), so that the global pool is
/// the same whichever test happens to run first.
fn wide_global_pool() {
    let _ = rayon::ThreadPoolBuilder::new().num_threads(8).build_global();
}

/// A gate that work waits at until the test opens it: makes "the call
/// returned before the work was done" certain, without measuring time.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn wait(&self) {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let _open = self
            .opened
            .wait_while(open, |open| !*open)
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn open(&self) {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.opened.notify_all();
    }
}

/// A meeting point for tasks: each one that enters waits until two tasks
/// have been inside at the same moment. Tasks that run one at a time never
/// meet, and the first waits until the test gives up (`release`); tasks
/// that run in parallel meet however late the second one starts. Decides
/// "ran in parallel" by that event, not by a clock.
#[derive(Default)]
struct Meeting {
    state: Mutex<MeetingState>,
    changed: Condvar,
}

#[derive(Default)]
struct MeetingState {
    inside: usize,
    peak: usize,
    released: bool,
}

impl Meeting {
    fn attend(&self, body: impl FnOnce()) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.inside += 1;
        state.peak = state.peak.max(state.inside);
        self.changed.notify_all();
        let state = self
            .changed
            .wait_while(state, |s| s.peak < 2 && !s.released)
            .unwrap_or_else(PoisonError::into_inner);
        drop(state);
        body();
        self.state.lock().unwrap_or_else(PoisonError::into_inner).inside -= 1;
    }

    /// The most tasks inside at once.
    fn peak(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).peak
    }

    /// Let every waiting task go (the test has given up on a meeting).
    fn release(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).released = true;
        self.changed.notify_all();
    }
}

mod map_async {
    use super::*;
    use lesson_04_pools::{howmany_within_range, random_rows};
    use under_test::map_async;

    #[test]
    fn counts_seed_004s_rows_in_input_order() {
        wide_global_pool();
        let rows = vec![
            vec![1, 5, 7, 3, 7, 8, 10, 22, 0],
            vec![4, 8],
            vec![],
            vec![9, 9, 3],
        ];
        let counts = watchdog::within(LIMIT, "map_async", move || {
            map_async(rows, |row: Vec<u8>| howmany_within_range(&row, 4, 8)).get()
        });
        assert_eq!(
            counts,
            [4, 2, 0, 0],
            "one count per row, in row order: 5, 7, 7, 8 lie in 4..=8; both ends count; \
             an empty row has none"
        );
    }

    #[test]
    fn a_big_table_gives_the_sequential_answer() {
        wide_global_pool();
        let rows = random_rows(2024, 20_000, 5);
        let expected: Vec<usize> = rows.iter().map(|r| howmany_within_range(r, 4, 8)).collect();
        let counts = watchdog::within(LIMIT, "map_async", move || {
            map_async(rows, |row: Vec<u8>| howmany_within_range(&row, 4, 8)).get()
        });
        assert_eq!(
            counts, expected,
            "get() must return the counts of all 20,000 rows in row order, as a sequential loop does"
        );
    }

    #[test]
    fn returns_before_the_work_is_done() {
        wide_global_pool();
        let gate = Arc::new(Gate::default());
        let waits = Arc::clone(&gate);
        // The work cannot finish until the gate opens, and the gate opens
        // only after map_async has returned: a map_async that waits for its
        // results never returns.
        let returned = watchdog::try_within(Duration::from_secs(5), move || {
            let pending = map_async(vec![1, 2, 3], move |x: u32| {
                waits.wait();
                x * 10
            });
            let ready_early = pending.ready();
            (pending, ready_early)
        });
        let Ok((pending, ready_early)) = returned else {
            gate.open(); // let the stuck work end
            panic!(
                "map_async did not return while its work was still running: it must start the \
                 work and return at once, like Python's map_async (it waited, like map)"
            );
        };
        assert!(
            !ready_early,
            "ready() said true while every task was still waiting at the gate"
        );
        gate.open();
        // The work can end now: ready() must turn true without get() being
        // called. The loop asks until it does; a ready() that never does
        // fails under the watchdog.
        let became_ready = watchdog::try_within(LIMIT, move || {
            while !pending.ready() {
                std::thread::sleep(Duration::from_millis(1));
            }
            pending
        });
        let Ok(pending) = became_ready else {
            panic!(
                "ready() still said false {LIMIT:?} after the work could end: it must say true \
                 once every result is in, like Python's ready()"
            );
        };
        let results = watchdog::within(LIMIT, "AsyncResult::get", move || pending.get());
        assert_eq!(results, [10, 20, 30], "get() returns the results in input order");
    }

    #[test]
    fn the_work_runs_in_parallel() {
        wide_global_pool();
        let meeting = Arc::new(Meeting::default());
        let inside = Arc::clone(&meeting);
        let ran = watchdog::try_within(LIMIT, move || {
            map_async(vec![(); 8], move |()| inside.attend(|| ())).get()
        });
        if ran.is_err() {
            meeting.release(); // let the stuck task go
            panic!(
                "the first item waited {LIMIT:?} for a second to run beside it, and none did: \
                 the items ran one at a time. map_async should run them on rayon's pool \
                 (`into_par_iter`), not in a loop"
            );
        }
        assert!(
            meeting.peak() >= 2,
            "the items ran one at a time: map_async should use the pool"
        );
    }

    #[test]
    fn a_panic_in_the_work_reaches_get() {
        wide_global_pool();
        let outcome = std::panic::catch_unwind(|| {
            watchdog::within(LIMIT, "map_async with a panicking task", || {
                map_async(vec![1, 2, 3], |x: u32| {
                    assert!(x != 2, "bad row {x}");
                    x
                })
                .get()
            })
        });
        let message = outcome
            .err()
            .and_then(|payload| {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            })
            .unwrap_or_default();
        assert!(
            message.contains("bad row 2"),
            "get() must pass on the task's panic (\"bad row 2\"), as Python's get() re-raises \
             the task's exception; got {message:?}"
        );
    }
}

mod imap_unordered {
    use super::*;
    use std::num::NonZeroUsize;
    use under_test::imap_unordered;

    fn threads(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).expect("the tests ask for at least one thread")
    }

    #[test]
    fn results_arrive_in_the_order_the_tasks_finish() {
        wide_global_pool();
        // Item i may finish only after the reader has received FINISH[i]
        // earlier results, so the finishing order is forced to 2, 0, 3, 1
        // whatever the machine's timing. A pool that hands results back in
        // input order (imap) or one at a time waits forever for item 0.
        const FINISH: [usize; 4] = [1, 3, 0, 2];
        let received = Arc::new((Mutex::new(0_usize), Condvar::new()));
        let counter = Arc::clone(&received);
        let order = watchdog::try_within(Duration::from_secs(10), move || {
            let results = imap_unordered(vec![0, 1, 2, 3], threads(4), move |i: usize| {
                let (count, changed) = &*counter;
                let count = count.lock().unwrap_or_else(PoisonError::into_inner);
                let _turn = changed
                    .wait_while(count, |count| *count != FINISH[i])
                    .unwrap_or_else(PoisonError::into_inner);
                i
            })
            .expect("a pool of 4 threads starts");
            let mut order = Vec::new();
            for result in results {
                order.push(result);
                let (count, changed) = &*received;
                *count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                changed.notify_all();
            }
            order
        });
        let Ok(order) = order else {
            panic!(
                "no result came while a finished task's result was waiting: imap_unordered \
                 must hand each result over as soon as its task ends, not in input order and \
                 not after all of them (and run up to `threads` tasks at once)"
            );
        };
        assert_eq!(
            order,
            [2, 0, 3, 1],
            "results must come in the order the tasks finished (2, 0, 3, 1), not the input order"
        );
    }

    #[test]
    fn every_result_comes_exactly_once_and_the_channel_closes() {
        wide_global_pool();
        let mut results: Vec<u64> = watchdog::within(LIMIT, "imap_unordered", || {
            imap_unordered((0..50_u64).collect(), threads(3), |i| {
                std::thread::sleep(Duration::from_millis(i % 5));
                i * i
            })
            .expect("a pool of 3 threads starts")
            .iter()
            .collect()
        });
        results.sort_unstable();
        let expected: Vec<u64> = (0..50).map(|i| i * i).collect();
        assert_eq!(
            results, expected,
            "each of the 50 squares exactly once, and then the channel closes (the loop ends)"
        );
    }

    #[test]
    fn never_more_tasks_at_once_than_threads() {
        // The global pool has 8 threads: an imap_unordered that ignores
        // `threads` and spawns there runs more than 3 at once, and fails.
        // The tasks meet (two inside at once) before any ends, so a pool
        // that runs one at a time fails too, by that event, not a clock.
        wide_global_pool();
        let meeting = Arc::new(Meeting::default());
        let probe = Arc::new(Probe::new());
        let (inside, counted) = (Arc::clone(&meeting), Arc::clone(&probe));
        let ran = watchdog::try_within(LIMIT, move || {
            imap_unordered(vec![(); 12], threads(3), move |()| {
                let _counted = counted.enter();
                inside.attend(std::thread::yield_now);
            })
            .expect("a pool of 3 threads starts")
            .iter()
            .count()
        });
        if ran.is_err() {
            meeting.release();
            panic!(
                "the first task waited {LIMIT:?} for a second to run beside it, and none did: \
                 the tasks ran one at a time (or the channel never closed). A pool of 3 runs up \
                 to 3 at once"
            );
        }
        assert_eq!(probe.entered(), 12, "work must run once per item");
        assert!(
            (2..=3).contains(&probe.peak()),
            "a pool of 3 threads runs 2 to 3 tasks at once here, not {} (one at a time is no \
             pool; more than 3 is not a pool of 3)",
            probe.peak()
        );
    }

    #[test]
    fn no_items_give_a_closed_channel() {
        wide_global_pool();
        let results: Vec<u8> = watchdog::within(LIMIT, "imap_unordered", || {
            imap_unordered(Vec::<u8>::new(), threads(2), |x| x)
                .expect("a pool of 2 threads starts")
                .iter()
                .collect()
        });
        assert!(
            results.is_empty(),
            "no items, no results, and the channel must close"
        );
    }
}

mod chunked_sum {
    use super::*;
    use lesson_04_pools::{ChunkedSum, ZeroChunkLen};
    use under_test::chunked_sum;

    fn sum(numbers: &[u32], chunk_len: usize) -> Result<ChunkedSum, ZeroChunkLen> {
        wide_global_pool();
        let numbers = numbers.to_vec();
        watchdog::within(LIMIT, "chunked_sum", move || chunked_sum(&numbers, chunk_len))
    }

    #[test]
    fn chunks_keep_their_order_and_the_last_may_be_short() {
        let numbers: Vec<u32> = (1..=10).collect();
        assert_eq!(
            sum(&numbers, 3),
            Ok(ChunkedSum {
                total: 55,
                per_chunk: vec![6, 15, 24, 10]
            }),
            "1..=10 in chunks of 3: [1,2,3] [4,5,6] [7,8,9] [10] sum to 6, 15, 24, 10; total 55"
        );
    }

    #[test]
    fn seed_002s_range_sums_exactly_past_u32() {
        // sum(range(100_000)) = 4,999,950,000: more than a u32 holds.
        let numbers: Vec<u32> = (0..100_000).collect();
        let result = sum(&numbers, 1_000).expect("1,000 is a valid chunk length");
        assert_eq!(
            result.total, 4_999_950_000,
            "0 + 1 + ... + 99,999 = 99,999 * 100,000 / 2 exactly (a u32 sum would overflow)"
        );
        assert_eq!(result.per_chunk.len(), 100, "100,000 numbers in chunks of 1,000");
        assert_eq!(result.per_chunk[0], 499_500, "the first chunk is 0..1000");
    }

    #[test]
    fn big_numbers_do_not_overflow_a_chunk() {
        let max = u64::from(u32::MAX);
        assert_eq!(
            sum(&[u32::MAX; 5], 2),
            Ok(ChunkedSum {
                total: 5 * max,
                per_chunk: vec![2 * max, 2 * max, max]
            }),
            "two u32::MAX in one chunk already overflow a u32: sum each chunk in u64"
        );
    }

    #[test]
    fn equals_the_sequential_sum_for_any_chunk_length() {
        let numbers: Vec<u32> = (0..1_001).map(|i| i * 7 % 1_000).collect();
        let sequential: u64 = numbers.iter().map(|&n| u64::from(n)).sum();
        for chunk_len in [1, 2, 10, 999, 1_000, 1_001, 5_000] {
            let result = sum(&numbers, chunk_len).expect("a chunk length of 1 or more is valid");
            assert_eq!(
                result.total, sequential,
                "chunks of {chunk_len}: the total must equal the sequential sum"
            );
            assert_eq!(
                result.per_chunk.len(),
                numbers.len().div_ceil(chunk_len),
                "1,001 numbers in chunks of {chunk_len} make ⌈1001/{chunk_len}⌉ chunks"
            );
        }
    }

    /// Both chunks must be in flight at once: a number whose conversion to
    /// `u64` waits until the other chunk's number is being converted too.
    /// `chunks()` on one thread converts the first and waits there for a
    /// second that never starts; `par_chunks` hands the second chunk to
    /// another worker of the pool, and the two meet. Decided by that event,
    /// not by a clock: a slow machine only makes the meeting later.
    #[derive(Clone, Copy)]
    struct Meets(u32);

    /// How many numbers are converting now, and whether the test gave up.
    static MEETING: Mutex<(usize, bool)> = Mutex::new((0, false));
    static MET: Condvar = Condvar::new();

    impl From<Meets> for u64 {
        fn from(Meets(n): Meets) -> u64 {
            let mut state = MEETING.lock().unwrap_or_else(PoisonError::into_inner);
            state.0 += 1;
            MET.notify_all();
            let _state = MET
                .wait_while(state, |(converting, gave_up)| *converting < 2 && !*gave_up)
                .unwrap_or_else(PoisonError::into_inner);
            // The count stays up: once the two have met, the rest pass.
            u64::from(n)
        }
    }

    #[test]
    fn two_chunks_are_summed_at_the_same_time() {
        wide_global_pool();
        let numbers = [Meets(40), Meets(2)];
        let summed = watchdog::try_within(LIMIT, move || chunked_sum(&numbers, 1));
        let Ok(result) = summed else {
            // Let the stuck conversion go, so its thread can end.
            MEETING.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
            MET.notify_all();
            panic!(
                "the first chunk waited {LIMIT:?} for the second to be summed beside it, and \
                 it never was: the chunks were summed one after the other, on one thread \
                 (`chunks()` in a loop?). Sum them in parallel: `par_chunks`"
            );
        };
        assert_eq!(
            result,
            Ok(ChunkedSum {
                total: 42,
                per_chunk: vec![40, 2]
            }),
            "[40, 2] in chunks of 1: the chunks sum to 40 and 2, the total is 42"
        );
    }

    #[test]
    fn no_numbers_sum_to_zero_in_no_chunks() {
        assert_eq!(
            sum(&[], 4),
            Ok(ChunkedSum {
                total: 0,
                per_chunk: vec![]
            }),
            "an empty input has no chunks and sums to 0"
        );
    }

    #[test]
    fn a_chunk_length_of_zero_is_an_error() {
        let outcome = sum(&[1, 2, 3], 0);
        assert_eq!(
            outcome,
            Err(ZeroChunkLen),
            "chunks of 0 numbers cannot cover the input: return the error, do not panic"
        );
        assert_eq!(
            ZeroChunkLen.to_string(),
            "chunk length must be at least 1, got 0",
            "the error names what was wrong"
        );
    }
}

mod word_counts {
    use super::*;
    use std::collections::HashMap;
    use under_test::word_counts;

    fn counts(lines: &[&str]) -> HashMap<String, usize> {
        wide_global_pool();
        let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        watchdog::within(LIMIT, "word_counts", move || {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            word_counts(&lines)
        })
    }

    fn table(pairs: &[(&str, usize)]) -> HashMap<String, usize> {
        pairs.iter().map(|&(w, n)| (w.to_string(), n)).collect()
    }

    #[test]
    fn counts_each_word_of_three_lines() {
        assert_eq!(
            counts(&["the cat", "the  dog\tand the cat", ""]),
            table(&[("the", 3), ("cat", 2), ("dog", 1), ("and", 1)]),
            "words are split on any whitespace (two spaces, a tab); an empty line has none"
        );
    }

    #[test]
    fn words_are_compared_as_they_are() {
        assert_eq!(
            counts(&["The the THE"]),
            table(&[("The", 1), ("the", 1), ("THE", 1)]),
            "no lower-casing: \"The\" and \"the\" are two words"
        );
    }

    #[test]
    fn no_lines_no_words() {
        assert!(
            counts(&[]).is_empty(),
            "no lines give an empty table, not a table with an empty word"
        );
    }

    #[test]
    fn many_lines_give_the_sequential_counts() {
        // 10,000 lines over several pieces of work: a merge that overwrites
        // instead of adding (`insert(word, count)`) loses the other
        // pieces' counts, and this table shows it.
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"];
        let lines: Vec<String> = (0..10_000_usize)
            .map(|i| format!("{} {}", words[i % 5], words[i * 7 % 5]))
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut expected: HashMap<String, usize> = HashMap::new();
        for word in lines.iter().flat_map(|line| line.split_whitespace()) {
            *expected.entry(word.to_string()).or_default() += 1;
        }
        let got = counts(&lines);
        for (word, count) in &expected {
            assert_eq!(
                got.get(word),
                Some(count),
                "{word:?} occurs {count} times in the 10,000 lines; a merge of two pieces' \
                 tables must add their counts (not keep one of them)"
            );
        }
        assert_eq!(
            got.len(),
            expected.len(),
            "only the 5 words of the lines, no others: {got:?}"
        );
    }
}
