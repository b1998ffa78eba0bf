//! The exercise tests of lesson 09. `just check 9` runs them against your
//! `src/exercises.rs`; `just solutions 9` against `src/solutions.rs`. Each
//! module tests the exercise of the same name. Every test that could hang
//! runs under the watchdog and fails with a message instead; the one that
//! starts a process (this test binary again) waits for it and reaps it.

// `just check 9` turns on the `learner` feature: the tests then check your
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

mod worker_for {
    use super::*;
    use under_test::worker_for;

    /// Keys like the lesson's: file names.
    fn keys() -> Vec<String> {
        (0..400).map(|i| format!("{}-{i}.csv", 2015 + i % 7)).collect()
    }

    fn routes(peers: usize) -> Vec<usize> {
        keys().iter().map(|key| worker_for(key, peers)).collect()
    }

    #[test]
    fn a_key_goes_to_the_same_worker_every_time() {
        let (first, second) = watchdog::within(LIMIT, "worker_for", || (routes(4), routes(4)));
        assert!(
            first == second,
            "the same key went to different workers on two calls: a hasher made per call \
             (RandomState::new(), HashMap's default) has new random keys each time; use a \
             fixed function of the key's bytes"
        );
    }

    #[test]
    fn every_worker_is_one_of_the_peers() {
        for peers in [1, 2, 3, 7] {
            let outside: Vec<usize> = routes(peers).into_iter().filter(|&w| w >= peers).collect();
            assert!(
                outside.is_empty(),
                "with {peers} peers, workers are 0..{peers}, but keys went to {outside:?}: take the hash modulo peers"
            );
        }
    }

    #[test]
    fn keys_spread_over_all_workers() {
        let mut counts = [0usize; 4];
        for worker in routes(4) {
            counts[worker] += 1;
        }
        assert!(
            counts.iter().all(|&n| (50..=150).contains(&n)),
            "400 keys over 4 workers gave {counts:?}: each should get about 100. A hash of the \
             length, of the first byte, or a constant sends most keys to one worker"
        );
    }

    /// Run by `every_process_routes_alike` in a second process: prints its routes.
    #[test]
    #[ignore = "run by every_process_routes_alike, in another process"]
    fn print_routes() {
        if std::env::var_os("LESSON09_PRINT_ROUTES").is_some() {
            let text: Vec<String> = routes(5).iter().map(usize::to_string).collect();
            println!("routes: {}", text.join(","));
        }
    }

    #[test]
    fn every_process_routes_alike() {
        let mine = routes(5);
        let output = watchdog::within(LIMIT, "this test binary, run again", || {
            // Held by a Guard: killed and reaped on every path out of here.
            let mut child = workbook::child::Guard::new(
                std::process::Command::new(std::env::current_exe().expect("the test binary"))
                    .args([
                        "--exact",
                        "worker_for::print_routes",
                        "--ignored",
                        "--nocapture",
                        "--test-threads",
                        "1",
                    ])
                    .env("LESSON09_PRINT_ROUTES", "1")
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("the test binary runs again"),
            );
            let mut stdout = Vec::new();
            let mut pipe = child.stdout.take().expect("piped");
            std::io::Read::read_to_end(&mut pipe, &mut stdout).expect("its stdout");
            std::process::Output {
                status: child.wait().expect("reaped"),
                stdout,
                stderr: Vec::new(),
            }
        });
        let stdout = String::from_utf8_lossy(&output.stdout);
        let theirs = stdout
            .lines()
            .find_map(|line| line.split_once("routes: ").map(|(_, routes)| routes))
            .map(|line| {
                line.split(',')
                    .filter_map(|n| n.parse().ok())
                    .collect::<Vec<usize>>()
            });
        let Some(theirs) = theirs else {
            panic!("the other process printed no routes (did worker_for panic there?):\n{stdout}");
        };
        assert!(
            theirs == mine,
            "another process sent the same keys to different workers: a hasher with random keys \
             per process (Python's hash(), Rust's RandomState, even kept in a static) differs \
             between processes; use a fixed function of the key's bytes such as FNV-1a"
        );
    }
}

mod merge_partials {
    use super::*;
    use lesson_09_distributed::sales::{FileSummary, Summary};
    use proptest::prelude::*;
    use under_test::merge_partials;

    /// Reported, not saved: no `proptest-regressions/` folder in the lesson.
    fn cases() -> ProptestConfig {
        ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(300)
        }
    }

    const COUNTRIES: [&str; 3] = ["France", "Japan", "Canada"];

    /// A row: file, country, unit price, quantity; and which part it is in.
    type Row = (usize, usize, i64, i64, usize);

    fn row() -> impl Strategy<Value = Row> {
        (0usize..4, 0usize..3, 1i64..5_000, 1i64..10, 0usize..5)
    }

    fn summary<'a>(rows: impl Iterator<Item = &'a Row>) -> Summary {
        let mut summary = Summary::default();
        for &(_, country, unit, quantity, _) in rows {
            summary
                .add(COUNTRIES[country].as_bytes(), unit, unit * quantity)
                .expect("text");
        }
        summary
    }

    fn file(index: usize) -> String {
        format!("{}.csv", 2021 - index)
    }

    /// The rows cut into parts (by file and part number), in a shuffled order.
    fn split(rows: &[Row]) -> Vec<FileSummary> {
        let mut parts = Vec::new();
        for f in 0..4 {
            for p in 0..5 {
                let mine: Vec<&Row> = rows.iter().filter(|r| r.0 == f && r.4 == p).collect();
                if !mine.is_empty() {
                    parts.push(FileSummary {
                        file: file(f),
                        summary: summary(mine.into_iter()),
                    });
                }
            }
        }
        parts
    }

    fn check(rows: &[Row], parts: Vec<FileSummary>) -> Result<(), TestCaseError> {
        let mut expected: Vec<FileSummary> = (0..4)
            .filter(|&f| rows.iter().any(|r| r.0 == f))
            .map(|f| FileSummary {
                file: file(f),
                summary: summary(rows.iter().filter(|r| r.0 == f)),
            })
            .collect();
        expected.sort_by(|a, b| a.file.cmp(&b.file));
        let got = watchdog::within(LIMIT, "merge_partials", move || merge_partials(parts));
        let names: Vec<&str> = got.iter().map(|f| f.file.as_str()).collect();
        let wanted: Vec<&str> = expected.iter().map(|f| f.file.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert!(
            sorted.len() == names.len(),
            "one FileSummary per file, but got {names:?}: merge the parts of a file into one"
        );
        prop_assert!(
            names == wanted,
            "got the files {names:?}, expected {wanted:?}: sorted by file name, whatever the order the parts came in"
        );
        for (got, expected) in got.iter().zip(&expected) {
            prop_assert!(
                got.summary == expected.summary,
                "{}: {} rows, expected {}: every part of a file must be merged (keeping the first \
                 or last part loses the others)",
                got.file,
                got.summary.rows,
                expected.summary.rows
            );
        }
        Ok(())
    }

    #[test]
    fn two_parts_of_one_file_are_merged() {
        let rows = [(0, 0, 100, 1, 0), (0, 1, 250, 2, 1)];
        check(&rows, split(&rows)).expect("merged");
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn any_split_in_any_order_gives_the_same_files(
            (rows, parts) in prop::collection::vec(row(), 0..40)
                .prop_flat_map(|rows| { let parts = split(&rows); (Just(rows), Just(parts).prop_shuffle()) })
        ) {
            check(&rows, parts)?;
        }
    }
}

mod await_peers {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;
    use under_test::{MissingPeer, await_peers};

    fn addresses(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("127.0.0.1:{}", 4100 + i)).collect()
    }

    /// A timeout no test waits for: a wait that ends must have ended for
    /// the reason the test checks, not because the clock ran out.
    const NEVER: Duration = Duration::from_secs(3_600);

    /// Call `await_peers` on its own thread with these peers already
    /// reported, keeping the sender alive (a launcher still reading) until
    /// it returns; the watchdog, a hang guard, turns a wait that never ends
    /// into a failure that says `hang`.
    fn wait(
        n: usize,
        me: usize,
        sent: &[usize],
        timeout: Duration,
        hang: &str,
    ) -> (Result<(), MissingPeer>, Duration) {
        let (tx, rx) = mpsc::channel();
        for &peer in sent {
            tx.send(peer).expect("open");
        }
        let addresses = addresses(n);
        let started = Instant::now();
        let result = watchdog::within(Duration::from_secs(10), hang, move || {
            await_peers(&rx, &addresses, me, timeout)
        });
        drop(tx);
        (result, started.elapsed())
    }

    #[test]
    fn all_peers_connected_is_ok_at_once() {
        let (result, _) = wait(
            3,
            1,
            &[0, 2],
            NEVER,
            "await_peers with everyone connected (return as soon as every peer is seen, not at the timeout)",
        );
        assert_eq!(
            result,
            Ok(()),
            "peers 0 and 2 connected to process 1: that is everyone"
        );
    }

    #[test]
    fn a_missing_peer_is_named_with_its_address_after_the_timeout() {
        let (result, elapsed) = wait(
            3,
            0,
            &[1],
            Duration::from_millis(300),
            "await_peers (a recv() without a deadline waits forever for a peer that never comes: use recv_timeout)",
        );
        assert_eq!(
            result,
            Err(MissingPeer {
                index: 2,
                address: "127.0.0.1:4102".into()
            }),
            "peer 2 never connected: name it, with its address"
        );
        // A lower bound only: a busy machine makes the wait longer, never
        // shorter, so this cannot fail a right answer.
        assert!(
            elapsed >= Duration::from_millis(300),
            "gave up after {elapsed:?}, before the 300 ms timeout, while the launcher was still there"
        );
    }

    /// CPU time this thread has used, from Linux's /proc/thread-self/schedstat
    /// (nanoseconds on a CPU); `None` where there is no such file (macOS).
    fn thread_cpu() -> Option<Duration> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let ns = text.split_whitespace().next()?.parse().ok()?;
        Some(Duration::from_nanos(ns))
    }

    /// A wait sleeps until a message or the deadline comes: `recv_timeout`
    /// costs almost no CPU time over a 300 ms wait. A loop of `try_recv()`
    /// until the deadline spins a core for all of it (the chapter's busy
    /// waiting). The bound, a tenth of the wait, is far above what a
    /// sleeping wait uses even on a busy machine (under 1 ms); a spinning one
    /// used all 300 ms on a quiet machine and about 95 ms beside two busy
    /// loops per core (on a far busier one it might get less, and pass).
    #[test]
    fn a_wait_sleeps_instead_of_spinning() {
        let (tx, rx) = mpsc::channel::<usize>();
        let addresses = addresses(3);
        let (result, cpu) = watchdog::within(Duration::from_secs(10), "await_peers", move || {
            let before = thread_cpu();
            let result = await_peers(&rx, &addresses, 0, Duration::from_millis(300));
            (result, before.zip(thread_cpu()).map(|(a, b)| b.saturating_sub(a)))
        });
        drop(tx);
        assert!(result.is_err(), "no peer connected: expected Err, got {result:?}");
        if let Some(cpu) = cpu {
            assert!(
                cpu < Duration::from_millis(30),
                "busy waiting: await_peers used {cpu:?} of CPU time during a 300 ms wait for \
                 peers that never came. A loop of try_recv() until the deadline spins a core \
                 the whole time; recv_timeout(deadline - now) sleeps until a message or the \
                 deadline"
            );
        }
    }

    #[test]
    fn a_peer_reported_twice_is_one_peer() {
        let (result, _) = wait(3, 0, &[1, 1], Duration::from_millis(200), "await_peers");
        assert_eq!(
            result.map_err(|m| m.index),
            Err(2),
            "peer 1 was reported twice and peer 2 never: count distinct peers, not messages"
        );
    }

    #[test]
    fn this_process_is_not_a_peer_to_wait_for() {
        let (result, _) = wait(3, 1, &[0], Duration::from_millis(200), "await_peers");
        assert_eq!(
            result.map_err(|m| m.index),
            Err(2),
            "process 1 is `me`: wait for 0 and 2 only, and name 2"
        );
    }

    #[test]
    fn the_timeout_is_for_the_whole_wait() {
        // Peer 1 is reported again and again, every 50 ms, and peer 2 never
        // comes. With one deadline for the whole wait, the call returns
        // after 300 ms; with a fresh timeout per message it never does (the
        // messages keep coming), and the watchdog says so. The verdict is
        // whether it returns, not how fast.
        let (tx, rx) = mpsc::channel();
        let sender = std::thread::spawn(move || {
            while tx.send(1).is_ok() {
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let addresses = addresses(3);
        let result = watchdog::within(
            Duration::from_secs(10),
            "await_peers while a peer is reported every 50 ms (a fresh timeout per message never runs out: \
             compute one deadline at the start and wait only for what is left of it)",
            move || await_peers(&rx, &addresses, 0, Duration::from_millis(300)),
        );
        sender.join().expect("the sender thread");
        assert_eq!(
            result.map_err(|m| m.index),
            Err(2),
            "peer 2 never connected, yet await_peers did not name it"
        );
    }

    #[test]
    fn a_closed_channel_ends_the_wait_at_once() {
        let (tx, rx) = mpsc::channel();
        tx.send(1).expect("open");
        drop(tx);
        let addresses = addresses(3);
        let result = watchdog::within(
            Duration::from_secs(10),
            "await_peers on a closed channel (Disconnected means no peer can come any more: stop waiting)",
            move || await_peers(&rx, &addresses, 0, NEVER),
        );
        assert_eq!(
            result.map_err(|m| m.index),
            Err(2),
            "the sender is gone: peer 2 can no longer come"
        );
    }
}

mod proof_holds {
    //! Each check takes the function it checks, so that the chapter's
    //! wrong answers (in `wrong` below) can be shown to fail it.
    use super::under_test::proof_holds;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::Sha256;

    /// What the checks call: `proof_holds` or a wrong answer.
    type Check = fn(&[u8], &str, &[u8], &[u8], &[u8]) -> bool;

    const SECRET: &[u8] = b"the run's secret: 32 random bytes";
    /// Two hellos as the mesh sends them: index, nonce, settings.
    const DIALER: &[u8] = b"\x01\x00hello from 1: nonce 8f2a41c07d3e9b56, workers 2";
    const LISTENER: &[u8] = b"\x00\x00hello from 0: nonce 3c9d17e2a0b84f65, workers 2";

    /// The proof a peer that knows `secret` sends, computed here.
    fn genuine(secret: &[u8], role: &str, dialer: &[u8], listener: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
        mac.update(role.as_bytes());
        mac.update(dialer);
        mac.update(listener);
        mac.finalize().into_bytes().to_vec()
    }

    fn check_genuine(holds: Check) -> Result<(), String> {
        for role in ["dialer", "listener"] {
            let tag = genuine(SECRET, role, DIALER, LISTENER);
            if !holds(SECRET, role, DIALER, LISTENER, &tag) {
                return Err(format!(
                    "the {role}'s genuine proof was refused: the tag is the HMAC-SHA-256 under \
                     the secret of the role's bytes, then the dialer's hello, then the \
                     listener's, in that order"
                ));
            }
        }
        Ok(())
    }

    fn check_every_byte(holds: Check) -> Result<(), String> {
        let tag = genuine(SECRET, "dialer", DIALER, LISTENER);
        for k in 0..tag.len() {
            let mut forged = tag.clone();
            forged[k] ^= 0x01;
            if holds(SECRET, "dialer", DIALER, LISTENER, &forged) {
                return Err(format!(
                    "a tag with byte {k} of 32 changed was accepted: every byte must match"
                ));
            }
        }
        Ok(())
    }

    fn check_length(holds: Check) -> Result<(), String> {
        let tag = genuine(SECRET, "dialer", DIALER, LISTENER);
        let mut longer = tag.clone();
        longer.push(0);
        for (what, forged) in [
            ("an empty tag", &[][..]),
            ("the first 16 bytes", &tag[..16]),
            ("33 bytes", &longer[..]),
        ] {
            if holds(SECRET, "dialer", DIALER, LISTENER, forged) {
                return Err(format!(
                    "a tag of another length ({what}) was accepted: a comparison with `zip` stops \
                     at the shorter of the two; `verify_slice` refuses a tag that is not 32 bytes"
                ));
            }
        }
        Ok(())
    }

    fn check_secret(holds: Check) -> Result<(), String> {
        let tag = genuine(b"another run's secret", "dialer", DIALER, LISTENER);
        if holds(SECRET, "dialer", DIALER, LISTENER, &tag) {
            return Err("a proof made under another secret was accepted: key the HMAC with `secret`".into());
        }
        Ok(())
    }

    fn check_reflection(holds: Check) -> Result<(), String> {
        let listeners = genuine(SECRET, "listener", DIALER, LISTENER);
        if holds(SECRET, "dialer", DIALER, LISTENER, &listeners) {
            return Err(
                "a reflection: the listener's own proof, sent back to it as the dialer's, was \
                 accepted. Put the role into the HMAC first, so that a proof made for one role \
                 is worthless for the other"
                    .into(),
            );
        }
        Ok(())
    }

    fn check_order(holds: Check) -> Result<(), String> {
        let swapped = genuine(SECRET, "dialer", LISTENER, DIALER);
        if holds(SECRET, "dialer", DIALER, LISTENER, &swapped) {
            return Err(
                "a proof over the two hellos in the other order was accepted: feed the dialer's \
                 hello, then the listener's"
                    .into(),
            );
        }
        Ok(())
    }

    fn passes(outcome: Result<(), String>) {
        if let Err(why) = outcome {
            panic!("{why}");
        }
    }

    #[test]
    fn a_genuine_proof_holds_for_either_role() {
        passes(check_genuine(proof_holds));
    }

    #[test]
    fn a_tag_with_any_byte_wrong_is_refused() {
        passes(check_every_byte(proof_holds));
    }

    #[test]
    fn a_tag_of_another_length_is_refused() {
        passes(check_length(proof_holds));
    }

    #[test]
    fn a_proof_under_another_secret_is_refused() {
        passes(check_secret(proof_holds));
    }

    #[test]
    fn a_proof_reflected_to_its_maker_is_refused() {
        passes(check_reflection(proof_holds));
    }

    #[test]
    fn the_hellos_count_in_their_order() {
        passes(check_order(proof_holds));
    }

    /// The chapter's pitfalls as a learner would write them: each must fail
    /// the check that names it. Not under `just check 9`: these test the
    /// tests, not your file.
    #[cfg(not(feature = "learner"))]
    mod wrong {
        use super::*;

        /// The role left out of the MAC.
        fn without_role(secret: &[u8], _role: &str, dialer: &[u8], listener: &[u8], tag: &[u8]) -> bool {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
            mac.update(dialer);
            mac.update(listener);
            mac.verify_slice(tag).is_ok()
        }

        /// `finalize()`, then the bytes compared pairwise with `zip`.
        fn zipped(secret: &[u8], role: &str, dialer: &[u8], listener: &[u8], tag: &[u8]) -> bool {
            let expected = genuine(secret, role, dialer, listener);
            expected.iter().zip(tag).all(|(a, b)| a == b)
        }

        fn fails_naming(outcome: Result<(), String>, words: &str) {
            match outcome {
                Ok(()) => panic!("the wrong answer passed a check that must catch it ({words})"),
                Err(why) => assert!(why.contains(words), "the failure should name {words:?}: {why}"),
            }
        }

        #[test]
        fn the_role_left_out_fails_as_a_genuine_proof_refused() {
            fails_naming(check_genuine(without_role), "the role's bytes");
        }

        #[test]
        fn a_zip_comparison_fails_on_the_length() {
            passes(check_every_byte(zipped));
            fails_naming(check_length(zipped), "`zip`");
        }
    }
}
