//! The exercise tests of lesson 06. `just check 6` runs them against your
//! `src/exercises.rs`; `just solutions 6` against `src/solutions.rs`.
//! Each module tests the exercise of the same name. The HTTP tests start
//! the lesson's local API server; nothing goes to the internet.
//!
//! Every test runs its async body on a fresh runtime under the watchdog, so
//! a body that hangs — or blocks its thread, which a tokio timeout cannot
//! interrupt — fails with a message instead of hanging the test run.

use lesson_06_async::client::{fetch_satellite, local_base_url, record_url};
use lesson_06_async::server::{self, Fate, ServerConfig, ServerHandle};
// `just check 6` (the `learner` feature) tests your file; without the
// feature, the answer key. Only this test crate compiles either, so an edit
// to your file never rebuilds the demo.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use workbook::watchdog;

/// Run the async `body` on a new multi-threaded runtime, within the
/// watchdog's limit.
fn run<T, Fut>(what: &str, body: impl FnOnce() -> Fut + Send + 'static) -> T
where
    Fut: Future<Output = T>,
    T: Send + 'static,
{
    watchdog::within(watchdog::DEFAULT_LIMIT, what, move || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime starts")
            .block_on(body())
    })
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Start the local server; it runs until its handle is dropped.
async fn serve(config: ServerConfig) -> (SocketAddr, ServerHandle) {
    server::start(config).await.expect("the test server starts")
}

mod gather {
    use super::*;
    use lesson_06_async::{delay_message, random_delays};
    use std::sync::Arc;
    use std::time::Instant;
    use under_test::gather;
    use workbook::TimeScale;
    use workbook::probe::Probe;

    #[test]
    fn results_come_back_in_input_order_even_when_later_ones_finish_first() {
        let results = run("gather", || async {
            let coroutines = (0..8u64)
                .map(|i| async move {
                    tokio::time::sleep(ms(5 * (8 - i))).await;
                    i * 10
                })
                .collect();
            gather(coroutines).await
        });
        assert_eq!(
            results,
            [0, 10, 20, 30, 40, 50, 60, 70],
            "results in input order, as asyncio.gather gives them, not in the order they finished"
        );
    }

    #[test]
    fn a_hundred_coroutines_take_as_long_as_the_longest_not_the_sum() {
        // Seed 004's task, with 10 ms units: delays of 0 to 40 ms. Together
        // means all 100 in flight at once (a probe held across each
        // `.await` counts them), not a stopwatch under a bound.
        let scale = TimeScale::from_millis(10);
        let delays = random_delays(2024, 100);
        let longest = scale.units(delays.iter().copied().fold(0.0, f64::max));
        let probe = Arc::new(Probe::new());
        let inside = Arc::clone(&probe);
        // Each coroutine first waits until all 100 have started (an event),
        // so a short delay cannot end before the last one is polled on a busy
        // machine. Run in turns, the first would wait for the others forever:
        // 8 s after the test began they all stop waiting, and the peak below
        // names the mistake.
        let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let give_up = Instant::now() + Duration::from_secs(8);
        let (messages, took) = run("gather(100 delay_messages)", move || async move {
            let coroutines = delays
                .iter()
                .enumerate()
                .map(|(i, &units)| {
                    let probe = Arc::clone(&inside);
                    let started = Arc::clone(&started);
                    async move {
                        let _inside = probe.enter();
                        started.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        while started.load(std::sync::atomic::Ordering::SeqCst) < 100
                            && Instant::now() < give_up
                        {
                            tokio::time::sleep(Duration::from_millis(1)).await;
                        }
                        delay_message(scale, units, &format!("#{i}")).await
                    }
                })
                .collect();
            let start = Instant::now();
            let messages = gather(coroutines).await;
            (messages, start.elapsed())
        });
        assert!(
            took >= longest,
            "took {took:?}, less than the longest delay {longest:?}: was every coroutine awaited?"
        );
        assert_eq!(
            probe.peak(),
            100,
            "only {} of the 100 coroutines were waiting at once: they ran in turns, not \
             together (spawn them all before awaiting the first)",
            probe.peak()
        );
        let expected: Vec<String> = (0..100).map(|i| format!("#{i}")).collect();
        assert!(
            messages == expected,
            "one message per coroutine, in input order; got {:?}…",
            &messages[..5.min(messages.len())]
        );
    }

    #[test]
    fn every_coroutine_is_in_flight_at_the_same_time() {
        let probe = Arc::new(Probe::new());
        let inside = Arc::clone(&probe);
        run("gather", move || async move {
            let coroutines = (0..20)
                .map(|_| {
                    let probe = Arc::clone(&inside);
                    async move {
                        // The guard is held across the await: the probe
                        // counts coroutines between start and end.
                        let _inside = probe.enter();
                        tokio::time::sleep(ms(200)).await;
                    }
                })
                .collect();
            gather(coroutines).await
        });
        assert_eq!(probe.entered(), 20, "every coroutine must run once");
        assert_eq!(
            probe.peak(),
            20,
            "only {} coroutines were running at once: start them all before awaiting any",
            probe.peak()
        );
    }

    #[test]
    fn no_coroutines_give_no_results() {
        let results = run("gather(nothing)", || async {
            gather(Vec::<std::future::Ready<u8>>::new()).await
        });
        assert!(
            results.is_empty(),
            "no coroutines, no results: got {} results",
            results.len()
        );
    }
}

mod fetch_all_limited {
    use super::*;
    use lesson_06_async::FetchError;
    use under_test::fetch_all_limited;

    /// A server that takes `latency` per request and never fails.
    fn slow(latency: u64) -> ServerConfig {
        ServerConfig {
            latency: ms(latency),
            ..ServerConfig::default()
        }
    }

    fn ids(server: &ServerHandle, n: usize) -> Vec<String> {
        server.records()[..n].iter().map(|r| r.id.clone()).collect()
    }

    /// The stub says `Needs: gather`: check exercise 1 first, so that a
    /// `todo!` left in `gather` is named as such, not as a failure here.
    fn needs_gather() {
        let tried = std::panic::catch_unwind(|| {
            run("gather", || async {
                under_test::gather(vec![std::future::ready(1), std::future::ready(2)]).await
            })
        });
        if !matches!(tried.as_deref(), Ok([1, 2])) {
            panic!(
                "fetch_all_limited needs gather (exercise 1), and gather failed on two \
                 ready futures: make `just check 6 gather` pass first"
            );
        }
    }

    /// The likely mistake when more requests ran at once than the limit.
    const DROPPED_PERMIT: &str = "is the permit dropped at once? `let _ = \
        permits.acquire().await` drops it on the spot (`_` binds nothing), so \
        there is no limit; keep it in a named variable (`let _permit = ...`) \
        until the request is done";

    #[test]
    fn never_more_than_the_limit_in_flight_and_more_than_one() {
        needs_gather();
        let stats = run("fetch_all_limited", || async {
            let (address, server) = serve(slow(40)).await;
            let ids = ids(&server, 20);
            fetch_all_limited(&reqwest::Client::new(), &local_base_url(address), &ids, 4).await;
            server.stats()
        });
        assert_eq!(stats.requests, 20, "one request per id");
        assert!(
            stats.peak_in_flight <= 4,
            "the server had {} requests at once, with a limit of 4: {DROPPED_PERMIT}",
            stats.peak_in_flight
        );
        assert!(
            stats.peak_in_flight >= 2,
            "the server never had two requests at once: the requests ran one after another"
        );
    }

    #[test]
    fn every_record_comes_back_in_the_order_of_the_ids() {
        needs_gather();
        let (expected, got) = run("fetch_all_limited", || async {
            let (address, server) = serve(slow(5)).await;
            let ids = ids(&server, 30);
            let got = fetch_all_limited(&reqwest::Client::new(), &local_base_url(address), &ids, 7).await;
            (server.records()[..30].to_vec(), got)
        });
        let got: Vec<_> = got
            .into_iter()
            .map(|outcome| outcome.expect("a reliable server answers every request"))
            .collect();
        let got_ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
        let expected_ids: Vec<&str> = expected.iter().map(|r| r.id.as_str()).collect();
        assert!(
            got_ids == expected_ids,
            "the records should come back in the order of the ids, not in the order the \
             answers arrived: expected {:?}…, got {:?}…",
            &expected_ids[..3],
            &got_ids[..3.min(got_ids.len())]
        );
        assert!(
            got == expected,
            "the ids are right, but a record's fields differ from the server's"
        );
    }

    #[test]
    fn the_limit_is_used_in_full_and_never_passed() {
        needs_gather();
        // 20 requests, 5 at a time, 100 ms each. Decided by the server's
        // probe (how many it had in hand at once), not by a stopwatch: on
        // a busy machine the time says little, the count stays exact.
        let stats = run("fetch_all_limited", || async {
            let (address, server) = serve(slow(100)).await;
            let ids = ids(&server, 20);
            fetch_all_limited(&reqwest::Client::new(), &local_base_url(address), &ids, 5).await;
            server.stats()
        });
        assert_eq!(
            stats.requests, 20,
            "one request per id, 20 ids: the server saw {}",
            stats.requests
        );
        assert!(
            stats.peak_in_flight <= 5,
            "the server had {} requests at once, with a limit of 5: {DROPPED_PERMIT}",
            stats.peak_in_flight
        );
        assert_eq!(
            stats.peak_in_flight, 5,
            "never more than {} requests at once, with a limit of 5 and 20 waiting: start \
             every request at once and let the semaphore hold back all but 5",
            stats.peak_in_flight
        );
    }

    #[test]
    fn a_failed_request_is_an_error_in_its_place_not_a_gap() {
        needs_gather();
        let got = run("fetch_all_limited", || async {
            let (address, server) = serve(slow(5)).await;
            let mut ids = ids(&server, 2);
            ids.insert(1, "no-such-id".to_string());
            fetch_all_limited(&reqwest::Client::new(), &local_base_url(address), &ids, 2).await
        });
        assert_eq!(got.len(), 3, "one result per id: 3 ids, {} results", got.len());
        assert!(
            got[0].is_ok() && got[2].is_ok(),
            "the two known ids should be fetched around the unknown one: {got:?}"
        );
        assert!(
            got[1] == Err(FetchError::Status(404)),
            "the unknown id, second of three, should be Err(Status(404)) in its place; got {:?}",
            got[1]
        );
    }

    #[test]
    fn a_limit_of_one_is_one_at_a_time() {
        needs_gather();
        let stats = run("fetch_all_limited", || async {
            let (address, server) = serve(slow(10)).await;
            let ids = ids(&server, 5);
            fetch_all_limited(&reqwest::Client::new(), &local_base_url(address), &ids, 1).await;
            server.stats()
        });
        assert_eq!(stats.requests, 5, "one request per id");
        assert_eq!(
            stats.peak_in_flight, 1,
            "with a limit of 1 the server had {} requests at once: {DROPPED_PERMIT}",
            stats.peak_in_flight
        );
    }
}

mod with_retries {
    use super::*;
    use lesson_06_async::{FetchError, GaveUp, RetryPolicy};
    use std::time::Instant;
    use under_test::with_retries;

    /// Half the requests fail, half of those in silence.
    fn flaky() -> ServerConfig {
        ServerConfig {
            latency: ms(5),
            failure_rate: 0.5,
            ..ServerConfig::default()
        }
    }

    /// Every request is answered 500.
    fn broken() -> ServerConfig {
        ServerConfig {
            failure_rate: 1.0,
            silent_share: 0.0,
            ..ServerConfig::default()
        }
    }

    fn policy(attempts: u32, backoff: u64) -> RetryPolicy {
        RetryPolicy {
            attempts,
            timeout: ms(300),
            backoff: ms(backoff),
        }
    }

    /// The id of a record whose first tries will meet these fates: the
    /// server decides them from (seed, record, attempt), so they are known
    /// in advance.
    fn id_with(config: &ServerConfig, fates: &[Fate]) -> String {
        let record = (0..config.records)
            .find(|&record| {
                fates
                    .iter()
                    .enumerate()
                    .all(|(attempt, fate)| config.fate(record, attempt as u32) == *fate)
            })
            .expect("some record has these fates");
        lesson_06_async::records::generate(config.seed, config.records)[record]
            .id
            .clone()
    }

    /// What a fetch with retries gave: the outcome (the record's id, or the
    /// `GaveUp`), the tries the server saw, and when each try began.
    struct Fetched {
        outcome: Result<String, GaveUp>,
        tries: u32,
        began: Vec<Instant>,
    }

    /// Fetch `id` with retries, noting when each try begins (the closure is
    /// called once per try).
    fn fetch(config: ServerConfig, id: String, policy: RetryPolicy) -> Fetched {
        run("with_retries", move || async move {
            let (address, server) = serve(config).await;
            let (client, url) = (reqwest::Client::new(), record_url(&local_base_url(address), &id));
            let mut began = Vec::new();
            let outcome = with_retries(&policy, || {
                began.push(Instant::now());
                fetch_satellite(&client, &url)
            })
            .await;
            Fetched {
                outcome: outcome.map(|satellite| satellite.id),
                tries: server.attempts(&id),
                began,
            }
        })
    }

    /// The likely mistake when a server saw one try more than `policy.attempts`.
    fn one_too_many(attempts: u32, tries: u32) -> String {
        format!(
            "the server saw {tries} tries with `attempts: {attempts}`: one try too many. \
             `attempts` counts the first try too (3 is three tries, not one and three \
             retries): stop once {attempts} tries have failed"
        )
    }

    /// Check the tries the server saw against the tries expected.
    fn check_tries(expected: u32, tries: u32, attempts: u32) {
        if tries == attempts + 1 && expected == attempts {
            panic!("{}", one_too_many(attempts, tries));
        }
        assert_eq!(
            tries, expected,
            "the server saw {tries} tries, {expected} expected (attempts: {attempts})"
        );
    }

    /// Check that `outcome` is a `GaveUp` with exactly these errors.
    fn check_gave_up(outcome: &Result<String, GaveUp>, expected: &[FetchError], why: &str) {
        match outcome {
            Ok(id) => panic!("expected a GaveUp ({why}); got Ok({id})"),
            Err(gave_up) => assert!(
                gave_up.tries == expected,
                "expected GaveUp {{ tries: {expected:?} }} ({why}); got {gave_up:?}: `tries` holds \
                 every try's error, in order, the first try's first"
            ),
        }
    }

    /// The pauses between tries wait without holding the thread: on a
    /// runtime with ONE thread, a heartbeat task spawned beside the call
    /// must run while it waits. Decided by events: every try fails at once
    /// (a ready future), so the call yields to the runtime only in its
    /// pauses; `std::thread::sleep` never yields, and the heart never beats.
    #[test]
    fn the_pauses_let_other_tasks_run() {
        let beats = watchdog::within(watchdog::DEFAULT_LIMIT, "with_retries", || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime starts");
            runtime.block_on(async {
                let beats = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
                let heart = {
                    let beats = std::sync::Arc::clone(&beats);
                    tokio::spawn(async move {
                        loop {
                            beats.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            tokio::time::sleep(ms(1)).await;
                        }
                    })
                };
                let outcome: Result<(), GaveUp> =
                    with_retries(&policy(3, 20), || async { Err(FetchError::Status(500)) }).await;
                // Read before anything else yields: what ran during the call.
                let seen = beats.load(std::sync::atomic::Ordering::SeqCst);
                heart.abort();
                assert!(outcome.is_err(), "three 500s: expected a GaveUp, got {outcome:?}");
                seen
            })
        });
        assert!(
            beats > 0,
            "blocking the executor: a task spawned beside with_retries never ran while it \
             paused between three failing tries (on a runtime with one thread). A pause with \
             std::thread::sleep holds the runtime's thread and stops every other task: wait with \
             tokio::time::sleep(pause).await (asyncio.sleep, not time.sleep)"
        );
    }

    #[test]
    fn a_first_try_that_succeeds_is_not_repeated() {
        let id = id_with(&flaky(), &[Fate::Answer]);
        let got = fetch(flaky(), id.clone(), policy(3, 10));
        assert!(
            got.outcome == Ok(id),
            "the first try is answered: expected Ok, got {:?}",
            got.outcome
        );
        check_tries(1, got.tries, 3);
    }

    #[test]
    fn a_500_is_tried_again_and_the_next_try_succeeds() {
        let id = id_with(&flaky(), &[Fate::ServerError, Fate::Answer]);
        let got = fetch(flaky(), id.clone(), policy(3, 10));
        assert!(
            got.outcome == Ok(id),
            "a 500 is transient: the second try is answered; got {:?}",
            got.outcome
        );
        check_tries(2, got.tries, 3);
    }

    #[test]
    fn a_request_never_answered_is_cut_off_by_the_timeout_and_tried_again() {
        // Without the timeout the first try would wait forever (the
        // watchdog would end the test); so an answer at the third try is
        // itself the proof that the timeout cut the two silent ones off.
        let id = id_with(&flaky(), &[Fate::NoAnswer, Fate::NoAnswer, Fate::Answer]);
        let got = fetch(flaky(), id.clone(), policy(3, 10));
        assert!(
            got.outcome == Ok(id),
            "two silent tries, each cut off by the 300 ms timeout, then an answer; got {:?}",
            got.outcome
        );
        check_tries(3, got.tries, 3);
        for (k, pair) in got.began.windows(2).enumerate() {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= ms(300),
                "try {} began {gap:?} after try {}: a silent try should be waited for the \
                 whole 300 ms timeout before it is given up",
                k + 2,
                k + 1
            );
        }
    }

    #[test]
    fn a_timeout_is_reported_as_such() {
        let id = id_with(&flaky(), &[Fate::NoAnswer, Fate::NoAnswer]);
        let got = fetch(flaky(), id, policy(2, 10));
        let timed_out = FetchError::TimedOut(ms(300));
        check_tries(2, got.tries, 2);
        check_gave_up(
            &got.outcome,
            &[timed_out.clone(), timed_out],
            "two silent tries: each is FetchError::TimedOut(policy.timeout)",
        );
    }

    #[test]
    fn gives_up_after_the_last_try_and_says_why() {
        let id = id_with(&broken(), &[]);
        let got = fetch(broken(), id, policy(3, 10));
        check_tries(3, got.tries, 3);
        let status = FetchError::Status(500);
        check_gave_up(
            &got.outcome,
            &[status.clone(), status.clone(), status],
            "a server that always answers 500, and 3 tries",
        );
    }

    #[test]
    fn every_try_is_in_the_give_up_in_order() {
        // A silent try, then three 500s: the GaveUp must say so, not "four 500s".
        let mostly_failing = ServerConfig {
            failure_rate: 0.9,
            ..flaky()
        };
        let id = id_with(
            &mostly_failing,
            &[
                Fate::NoAnswer,
                Fate::ServerError,
                Fate::ServerError,
                Fate::ServerError,
            ],
        );
        let got = fetch(mostly_failing, id, policy(4, 10));
        check_tries(4, got.tries, 4);
        let status = FetchError::Status(500);
        check_gave_up(
            &got.outcome,
            &[
                FetchError::TimedOut(ms(300)),
                status.clone(),
                status.clone(),
                status,
            ],
            "no answer, then 500, 500, 500",
        );
    }

    #[test]
    fn a_request_that_cannot_succeed_is_not_tried_again() {
        let got = fetch(flaky(), "no-such-id".to_string(), policy(3, 10));
        // The server counts tries per record; an unknown id is none, so
        // count the calls of the closure instead.
        check_tries(1, got.began.len() as u32, 3);
        check_gave_up(
            &got.outcome,
            &[FetchError::Status(404)],
            "404 stays 404: retrying cannot help",
        );
    }

    #[test]
    fn each_pause_is_twice_the_one_before() {
        // Pauses of 40, 80 and 160 ms between four tries. Each gap between
        // two tries is at least its pause (a busy machine only lengthens
        // it); a pause that does not double fails the second or third gap.
        let id = id_with(&broken(), &[]);
        let got = fetch(broken(), id, policy(4, 40));
        check_tries(4, got.tries, 4);
        assert_eq!(got.began.len(), 4, "four tries, four calls of the closure");
        let gaps: Vec<Duration> = got.began.windows(2).map(|pair| pair[1] - pair[0]).collect();
        for (gap, pause) in gaps.iter().zip([40, 80, 160]) {
            assert!(
                *gap >= ms(pause),
                "the gaps between tries were {gaps:?}: each pause should be twice the one \
                 before, 40, 80 then 160 ms (is `pause` doubled after each sleep?)"
            );
            // Far past the pause: a wrong factor (×10), not a busy machine,
            // unless the machine is very busy: then run it again.
            assert!(
                *gap < ms(pause * 5),
                "the gaps between tries were {gaps:?}, expected about 40, 80 and 160 ms: \
                 the pauses grow too fast (doubling means × 2), or the machine is very busy"
            );
        }
    }
}

mod run_blocking {
    //! Each check takes the function it checks, so that the chapter's wrong
    //! answers (in `wrong` below) can be shown to fail the same checks.
    use super::under_test::run_blocking;
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;
    use workbook::probe::Probe;

    /// A blocking job, as the checks hand them over.
    type Job = Box<dyn FnOnce() -> usize + Send>;

    /// How long a job waits for what it needs (heartbeats, the other jobs)
    /// before it gives up and reports what it saw: a hang guard, far above
    /// what a right answer needs on a busy machine.
    const PATIENCE: Duration = Duration::from_secs(8);

    /// On a runtime with ONE thread, beside a heartbeat task that ticks
    /// every 2 ms, three jobs each wait (blocking, `std::thread::sleep`)
    /// until the heart has beaten 3 times since the job began. Off the
    /// runtime's thread they see it beat; run on it, the heart cannot beat
    /// and the jobs give up after `patience`.
    fn check_heartbeat<F, Fut>(run_blocking: F, patience: Duration) -> Result<(), String>
    where
        F: FnOnce(Vec<Job>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<usize>>,
    {
        let seen = watchdog::within(watchdog::DEFAULT_LIMIT, "run_blocking", move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime starts");
            runtime.block_on(async move {
                let beats = Arc::new(AtomicUsize::new(0));
                let heart = {
                    let beats = Arc::clone(&beats);
                    tokio::spawn(async move {
                        loop {
                            tokio::time::sleep(ms(2)).await;
                            beats.fetch_add(1, Ordering::SeqCst);
                        }
                    })
                };
                let give_up = Instant::now() + patience;
                let jobs = (0..3)
                    .map(|_| {
                        let beats = Arc::clone(&beats);
                        Box::new(move || {
                            let first = beats.load(Ordering::SeqCst);
                            while beats.load(Ordering::SeqCst) < first + 3 && Instant::now() < give_up {
                                std::thread::sleep(ms(1));
                            }
                            beats.load(Ordering::SeqCst) - first
                        }) as Job
                    })
                    .collect();
                let seen = run_blocking(jobs).await;
                heart.abort();
                seen
            })
        });
        if seen.len() != 3 {
            return Err(format!("3 jobs, 3 results expected; got {}", seen.len()));
        }
        if seen.iter().any(|&beats| beats < 3) {
            return Err(format!(
                "blocking the executor: on a one-thread runtime the heartbeat task beat {seen:?} \
                 times while each of the three jobs ran (3 each expected). A job called inside \
                 your async fn runs on the runtime's only thread and stops every other task: \
                 hand it to tokio::task::spawn_blocking"
            ));
        }
        Ok(())
    }

    /// Four jobs, each waiting (blocking) until all four have started: run
    /// together they meet at once; one after another, the first waits for
    /// the others until `patience` passes. The probe counts them inside.
    fn check_together<F, Fut>(run_blocking: F, patience: Duration) -> Result<(), String>
    where
        F: FnOnce(Vec<Job>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<usize>>,
    {
        let probe = Arc::new(Probe::new());
        let inside = Arc::clone(&probe);
        let seen = run("run_blocking", move || async move {
            let started = Arc::new(AtomicUsize::new(0));
            let give_up = Instant::now() + patience;
            let jobs = (0..4)
                .map(|_| {
                    let (probe, started) = (Arc::clone(&inside), Arc::clone(&started));
                    Box::new(move || {
                        let _inside = probe.enter();
                        started.fetch_add(1, Ordering::SeqCst);
                        while started.load(Ordering::SeqCst) < 4 && Instant::now() < give_up {
                            std::thread::sleep(ms(1));
                        }
                        started.load(Ordering::SeqCst)
                    }) as Job
                })
                .collect();
            run_blocking(jobs).await
        });
        if probe.entered() != 4 || seen.len() != 4 {
            return Err(format!(
                "4 jobs: each must run once and give one result; {} ran, {} results",
                probe.entered(),
                seen.len()
            ));
        }
        if probe.peak() != 4 {
            return Err(format!(
                "the jobs ran one after another ({} at most at once, 4 expected): is each \
                 job called in place, or each handle awaited before the next job is spawned? \
                 Spawn every job first (spawn_blocking), then await the handles",
                probe.peak()
            ));
        }
        Ok(())
    }

    /// Eight jobs that finish in reverse order: the results must come back
    /// in the order of the jobs.
    fn check_order<F, Fut>(run_blocking: F) -> Result<(), String>
    where
        F: FnOnce(Vec<Job>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<usize>>,
    {
        let got = run("run_blocking", move || async move {
            let jobs = (0..8usize)
                .map(|i| {
                    Box::new(move || {
                        std::thread::sleep(ms(5 * (8 - i as u64)));
                        i * 10
                    }) as Job
                })
                .collect();
            run_blocking(jobs).await
        });
        if got != [0, 10, 20, 30, 40, 50, 60, 70] {
            return Err(format!(
                "results in the order of the jobs, [0, 10, …, 70], expected; got {got:?}: \
                 await the handles in input order, not as they finish (JoinSet::join_next)"
            ));
        }
        Ok(())
    }

    fn passes(outcome: Result<(), String>) {
        if let Err(why) = outcome {
            panic!("{why}");
        }
    }

    #[test]
    fn other_tasks_keep_running_while_the_jobs_block() {
        passes(check_heartbeat(run_blocking, PATIENCE));
    }

    #[test]
    fn every_job_runs_at_the_same_time() {
        passes(check_together(run_blocking, PATIENCE));
    }

    #[test]
    fn results_come_back_in_the_order_of_the_jobs() {
        passes(check_order(run_blocking));
    }

    #[test]
    fn no_jobs_give_no_results() {
        let got = run("run_blocking(nothing)", || async {
            run_blocking(Vec::<fn() -> u8>::new()).await
        });
        assert!(got.is_empty(), "no jobs, no results: got {} results", got.len());
    }

    /// The chapter's pitfall and its cousins, written as a learner would:
    /// each must fail the check that names it, every time. Not under
    /// `just check 6`: these test the tests, not your file.
    #[cfg(not(feature = "learner"))]
    mod wrong {
        use super::*;
        use tokio::task::JoinSet;

        /// "Blocking the executor": each job called in place.
        async fn in_place(jobs: Vec<Job>) -> Vec<usize> {
            jobs.into_iter().map(|job| job()).collect()
        }

        /// Each job spawned, then awaited before the next is spawned.
        async fn one_at_a_time(jobs: Vec<Job>) -> Vec<usize> {
            let mut results = Vec::new();
            for job in jobs {
                results.push(tokio::task::spawn_blocking(job).await.expect("no panic"));
            }
            results
        }

        /// Every job at once, results as they finish.
        async fn as_they_finish(jobs: Vec<Job>) -> Vec<usize> {
            let mut set = JoinSet::new();
            for job in jobs {
                set.spawn_blocking(job);
            }
            set.join_all().await
        }

        /// Decided by events: on a one-thread runtime the heart cannot beat
        /// while a job holds the thread, however long the job waits.
        const SHORT: Duration = Duration::from_millis(300);

        fn fails_naming(outcome: Result<(), String>, words: &str) {
            match outcome {
                Ok(()) => panic!("the wrong answer passed a check that must catch it ({words})"),
                Err(why) => assert!(why.contains(words), "the failure should name {words:?}: {why}"),
            }
        }

        #[test]
        fn a_job_called_in_place_fails_as_blocking_the_executor() {
            fails_naming(check_heartbeat(in_place, SHORT), "blocking the executor");
        }

        #[test]
        fn jobs_awaited_one_by_one_fail_as_one_after_another() {
            fails_naming(check_together(one_at_a_time, SHORT), "one after another");
            // It does keep the runtime free: only the other check catches it.
            passes(check_heartbeat(one_at_a_time, PATIENCE));
        }

        #[test]
        fn results_in_finishing_order_fail_as_such() {
            fails_naming(check_order(as_they_finish), "input order");
        }
    }
}
