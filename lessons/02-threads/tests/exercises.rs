//! The exercise tests of lesson 02. `just check 2` runs them against your
//! `src/exercises.rs`; `just solutions 2` against `src/solutions.rs`.
//! Each module tests the exercise of the same name. Every test that could
//! hang (a deadlock, a thread never stopped) runs under the watchdog and
//! fails with a message instead. Under `--cfg loom` these are not built:
//! `tests/loom.rs` checks exercises 3 and 4 there, in every interleaving.
#![cfg(not(loom))]

// `just check 2` turns on the `learner` feature: the tests then check your
// file; without it they check the answer key. Both are compiled here only,
// never into the demo, so editing your file rebuilds nothing else.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;
use std::time::Duration;
use workbook::watchdog;

const LIMIT: Duration = watchdog::DEFAULT_LIMIT;

mod collect_in_order {
    use super::*;
    use under_test::collect_in_order;
    use workbook::probe::Probe;

    #[test]
    fn results_come_back_in_input_order_even_when_later_inputs_finish_first() {
        let results = watchdog::within(LIMIT, "collect_in_order", || {
            collect_in_order((0..8u64).collect(), |i| {
                std::thread::sleep(Duration::from_millis(5 * (8 - i)));
                i * 10
            })
        });
        assert_eq!(
            results,
            [0, 10, 20, 30, 40, 50, 60, 70],
            "result i must be work(input i), in input order, although later inputs finish \
             first. Likely: results collected in the order the threads finished (a channel), \
             not by joining the handles in the order they were spawned"
        );
    }

    #[test]
    fn the_work_runs_in_parallel() {
        // Decided by an event, not a time: every call waits at a barrier
        // until all six have arrived. Run together, they all pass it; run
        // one at a time, the first waits forever for the other five.
        let barrier = std::sync::Barrier::new(6);
        let probe = Probe::new();
        let ran = watchdog::try_within(LIMIT, move || {
            collect_in_order(vec![(); 6], |()| {
                let _inside = probe.enter();
                barrier.wait();
            });
            probe.entered()
        });
        let Ok(entered) = ran else {
            panic!(
                "the six calls never all ran at once (each waits for the other five): the \
                 inputs ran one at a time. Likely: joining each thread inside the loop that \
                 spawns it; spawn them all first, then join"
            );
        };
        assert_eq!(entered, 6, "work must run once per input");
    }

    #[test]
    fn a_panic_in_a_thread_comes_through_with_its_message() {
        // The pitfall "throwing away what join returns": a panicking input
        // must not vanish (`let _ =`, `.ok()`), and its message must come
        // through (`resume_unwind`; `.expect` would replace it with its own).
        let outcome = watchdog::within(LIMIT, "collect_in_order", || {
            std::panic::catch_unwind(|| {
                collect_in_order(vec![1, 2, 3], |i| {
                    if i == 2 {
                        panic!("input 2 failed");
                    }
                    i
                })
            })
        });
        let Err(payload) = outcome else {
            panic!(
                "input 2 panicked, yet collect_in_order returned: the panic was thrown away. \
                 handle.join() returns Err(payload) for a thread that panicked; pass it on \
                 with std::panic::resume_unwind(payload)"
            );
        };
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(
            !message.contains("not yet implemented"),
            "collect_in_order is still a todo!(): {message}"
        );
        assert!(
            message.contains("input 2 failed"),
            "the panic came through as {message:?}, without the thread's own message \
             (\"input 2 failed\"): `.expect(..)` on join replaces it with `Any {{ .. }}`; \
             std::panic::resume_unwind(payload) passes on the thread's panic as it was"
        );
    }

    #[test]
    fn owned_values_go_in_and_come_out() {
        let words = vec!["thread".to_string(), "scope".to_string(), "join".to_string()];
        let lengths = watchdog::within(LIMIT, "collect_in_order", || collect_in_order(words, |w| w.len()));
        assert_eq!(
            lengths,
            [6, 5, 4],
            "the lengths of \"thread\", \"scope\", \"join\", in that order: each owned input \
             goes into its own thread and its result comes back"
        );
    }

    #[test]
    fn no_inputs_give_no_results() {
        let results: Vec<u8> = watchdog::within(LIMIT, "collect_in_order", || {
            collect_in_order(Vec::<u8>::new(), |x| x)
        });
        assert!(
            results.is_empty(),
            "no inputs, no threads, no results: got {results:?}"
        );
    }
}

mod worker {
    use super::*;
    use std::sync::mpsc;
    use under_test::Worker;

    #[test]
    fn workers_announce_their_ids_until_stopped() {
        // Decided by events, not by the clock: wait until every worker has
        // announced itself three times (however busy the machine), then
        // stop them all and compare what each said with what stop() returns.
        let (counts, lines) = watchdog::within(LIMIT, "Worker", || {
            let (log, lines) = mpsc::channel();
            let workers: Vec<Worker> = (1..=3)
                .map(|id| Worker::start(id, Duration::from_millis(20), log.clone()))
                .collect();
            drop(log); // only the workers hold senders now
            let mut heard = Vec::new();
            let times =
                |heard: &[String], id: u32| heard.iter().filter(|l| **l == format!("worker {id}")).count();
            while (1..=3).any(|id| times(&heard, id) < 3) {
                match lines.recv() {
                    Ok(line) => heard.push(line),
                    Err(_) => panic!(
                        "every worker's sender was dropped before each had announced itself 3 \
                         times (heard: {heard:?}): a worker must keep announcing, once every \
                         `every`, until stop() is called"
                    ),
                }
            }
            let counts: Vec<u32> = workers.into_iter().map(Worker::stop).collect();
            // Every worker thread has ended, so every sender is gone and
            // this loop ends once the channel is drained.
            heard.extend(lines.iter());
            (counts, heard)
        });
        for (id, &count) in (1..=3).zip(&counts) {
            let said = lines
                .iter()
                .filter(|line| **line == format!("worker {id}"))
                .count();
            assert_eq!(
                said as u32, count,
                "worker {id} sent {said} lines but stop() returned {count}: stop() must return \
                 how many times the worker announced itself"
            );
            assert!(
                count >= 3,
                "worker {id}: 3 announcements were received, so stop() must return at least 3, \
                 not {count}"
            );
        }
    }

    #[test]
    fn stop_is_prompt_even_when_the_pause_is_long() {
        let (log, _lines) = mpsc::channel();
        let worker = Worker::start(7, Duration::from_secs(60), log);
        std::thread::sleep(Duration::from_millis(50));
        // A worker that sleeps its 60 s pause cannot hear the stop request:
        // give stop() ten seconds (a prompt stop takes microseconds, even on
        // a busy machine), then fail with that diagnosis.
        let stopped = watchdog::try_within(Duration::from_secs(10), move || worker.stop());
        let Ok(count) = stopped else {
            panic!(
                "stop() did not return within 10 s of a 60 s pause: the worker sleeps through \
                 its pause instead of waiting on its stop channel (recv_timeout)"
            );
        };
        assert_eq!(count, 1, "the worker announces itself once, right at the start");
    }
}

mod counter {
    use super::*;
    use std::collections::HashMap;
    use std::thread;
    use under_test::Counter;

    #[test]
    fn a_new_counter_is_zero() {
        let counter = Counter::new();
        assert_eq!(
            counter.total(),
            0,
            "Counter::new() has counted nothing: total() must be 0"
        );
        let per_thread = counter.per_thread();
        assert!(
            per_thread.is_empty(),
            "Counter::new() has counted nothing: per_thread() must be empty, got {per_thread:?}"
        );
    }

    #[test]
    fn no_update_is_lost_across_eight_threads() {
        let total = watchdog::within(LIMIT, "Counter", || {
            let counter = Counter::new();
            thread::scope(|s| {
                for _ in 0..8 {
                    s.spawn(|| (0..10_000).for_each(|_| counter.add_one()));
                }
            });
            counter.total()
        });
        assert_eq!(
            total,
            80_000,
            "8 threads each called add_one() 10,000 times, and total() said {total}: {} updates \
             were lost. Likely: the read and the write of the total are two steps (an atomic \
             `load` then `store`, or a lock taken once to read and again to write), and another \
             thread's add comes in between. Make it one step: `fetch_add`, or read and write \
             under one lock guard",
            80_000_u64.saturating_sub(total)
        );
    }

    #[test]
    fn each_thread_has_its_own_count() {
        let (expected, counted) = watchdog::within(LIMIT, "Counter", || {
            let counter = Counter::new();
            let expected: HashMap<thread::ThreadId, u64> = thread::scope(|s| {
                let handles: Vec<_> = (1..=4u64)
                    .map(|k| {
                        let counter = &counter;
                        s.spawn(move || {
                            (0..k * 100).for_each(|_| counter.add_one());
                            (thread::current().id(), k * 100)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a counting thread panicked"))
                    .collect()
            });
            (expected, counter.per_thread())
        });
        assert_eq!(
            counted, expected,
            "4 threads added 100, 200, 300 and 400 times: per_thread() must map each thread's \
             ThreadId to its own count (left: what it said; right: what was expected). Likely: \
             counts keyed by something other than `thread::current().id()`, or a lost update"
        );
    }
}

mod ordered_sentence {
    use super::*;
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};
    use under_test::ordered_sentence;
    use workbook::probe::Probe;

    const SENTENCE: [&str; 11] = [
        "I", "want", "this", "to", "end", "up", "looking", "like", "a", "nice", "sentence",
    ];

    #[test]
    fn the_words_come_out_in_order_every_time() {
        for run in 0..20 {
            let sentence =
                watchdog::within(LIMIT, "ordered_sentence", || ordered_sentence(&SENTENCE, |_| ()));
            assert_eq!(
                sentence,
                SENTENCE.join(" "),
                "run {run} of 20: the words came out of order (or with the spaces wrong). The \
                 threads write in the order they get the lock, which is no order: each must wait \
                 for its turn (a Condvar and `wait_while(turn, |next| *next != position)`), and \
                 a space goes before every word but the first"
            );
        }
    }

    #[test]
    fn the_words_are_prepared_in_parallel() {
        // Every prepare waits at a barrier until all eleven have arrived:
        // decided by that event, not by a time. Prepared one at a time, or
        // inside the turn, the first waits forever.
        let barrier = Arc::new(std::sync::Barrier::new(SENTENCE.len()));
        let probe = Arc::new(Probe::new());
        let inside = probe.clone();
        let sentence = watchdog::try_within(LIMIT, move || {
            ordered_sentence(&SENTENCE, move |_| {
                let _inside = inside.enter();
                barrier.wait();
            })
        });
        let Ok(sentence) = sentence else {
            panic!(
                "the eleven prepare() calls never all ran at once (each waits for the others): \
                 the words were prepared one at a time. Likely: prepare() called while holding \
                 the turn's lock, or after waiting for the turn; call it first, outside any lock"
            );
        };
        assert_eq!(
            sentence,
            SENTENCE.join(" "),
            "the words, prepared in parallel, must still be written in order"
        );
        assert_eq!(probe.entered(), SENTENCE.len(), "prepare must run once per word");
    }

    #[test]
    fn each_word_gets_its_own_thread() {
        let seen = Arc::new(Mutex::new(HashSet::new()));
        let record = seen.clone();
        watchdog::within(LIMIT, "ordered_sentence", move || {
            ordered_sentence(&SENTENCE, move |_| {
                record
                    .lock()
                    .expect("no panic while recording")
                    .insert(std::thread::current().id());
            })
        });
        let seen = seen.lock().expect("no panic while recording");
        assert_eq!(
            seen.len(),
            SENTENCE.len(),
            "{} threads for {} words",
            seen.len(),
            SENTENCE.len()
        );
        assert!(
            !seen.contains(&std::thread::current().id()),
            "a word was prepared on the calling thread: every word needs a thread of its own"
        );
    }

    #[test]
    fn one_word_and_no_words() {
        assert_eq!(
            watchdog::within(LIMIT, "ordered_sentence", || ordered_sentence(&["alone"], |_| ())),
            "alone",
            "one word is the whole sentence, with no space before or after it"
        );
        assert_eq!(
            watchdog::within(LIMIT, "ordered_sentence", || ordered_sentence(&[], |_| ())),
            "",
            "no words make an empty sentence"
        );
    }
}
