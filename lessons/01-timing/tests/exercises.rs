//! The exercise tests of lesson 01. `just check 1` runs them against your
//! `src/exercises.rs`; `just solutions 1` against `src/solutions.rs`.
//! Each module tests the exercise of the same name.

// `just check 1` turns on the `learner` feature: the tests then check your
// file; without it they check the answer key. Both are compiled here only,
// never into the demo, so editing your file rebuilds nothing else.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;

mod time_both {
    use super::under_test::time_both;
    use std::time::Duration;

    #[test]
    fn passes_the_result_of_the_work_through() {
        let (value, _) = time_both(|| 6 * 7);
        assert_eq!(value, 42);
    }

    /// What a learner most likely got wrong when a 20 ms sleep measured
    /// `ns`: a value near 20 is milliseconds, near 20,000 microseconds.
    fn likely_mistake(ns: i128) -> &'static str {
        match ns {
            ..=0 => "nothing measured: did you read the clock twice?",
            1..=999 => "milliseconds instead of nanoseconds? (use .as_nanos())",
            1_000..=999_999 => "microseconds instead of nanoseconds? (use .as_nanos())",
            _ => "too short: did you read the second clock before the work?",
        }
    }

    #[test]
    fn a_20_ms_sleep_takes_at_least_20_ms_on_the_monotonic_clock() {
        let (_, took) = time_both(|| std::thread::sleep(Duration::from_millis(20)));
        let ns = took.monotonic_ns;
        assert!(
            ns >= 20_000_000,
            "measured {ns} ns for a 20 ms sleep (expected ≥ 20,000,000 ns): {}",
            likely_mistake(ns as i128)
        );
        assert!(
            ns < 5_000_000_000,
            "measured {ns} ns for a 20 ms sleep: more than 5 s, is it in picoseconds?"
        );
    }

    #[test]
    fn both_clocks_see_the_same_sleep() {
        let (_, took) = time_both(|| std::thread::sleep(Duration::from_millis(20)));
        let (wall, monotonic) = (took.wall_ns, took.monotonic_ns as i128);
        // Both are nanoseconds: a 20 ms sleep is 20,000,000 of them on each
        // clock. The wall clock may be slewed by a time daemon (a fraction
        // of a percent), so only half the sleep is demanded of it.
        for (clock, ns, at_least) in [("wall", wall, 10_000_000), ("monotonic", monotonic, 20_000_000)] {
            assert!(
                ns >= at_least,
                "the {clock} clock measured {ns} ns for a 20 ms sleep \
                 (expected ≥ 20,000,000 ns): {}",
                likely_mistake(ns)
            );
        }
        // The wall clock could be adjusted mid-sleep, but not by a second.
        assert!(
            (wall - monotonic).abs() < 1_000_000_000,
            "wall {wall} ns vs monotonic {monotonic} ns: more than a second apart \
             for one 20 ms sleep; are both in nanoseconds?"
        );
    }
}

mod write_and_read {
    use super::under_test::write_and_read;

    #[test]
    fn writes_name_and_index_to_test_txt_in_the_given_dir() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let trip = write_and_read(dir.path(), "Tymoteusz", 144_298).expect("the round trip works");
        assert_eq!(trip.path, dir.path().join("test.txt"));
        let on_disk = std::fs::read_to_string(dir.path().join("test.txt")).expect("test.txt exists");
        assert_eq!(on_disk, "Tymoteusz 144298\n");
    }

    #[test]
    fn returns_the_text_it_read_back() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let trip = write_and_read(dir.path(), "Łucja", 7).expect("the round trip works");
        assert_eq!(trip.text, "Łucja 7\n");
    }

    #[test]
    fn times_both_steps() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let trip = write_and_read(dir.path(), "Ada", 1815).expect("the round trip works");
        assert!(trip.write.monotonic_ns > 0, "write took {:?}", trip.write);
        assert!(trip.read.monotonic_ns > 0, "read took {:?}", trip.read);
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let missing = dir.path().join("no-such-dir");
        let result = write_and_read(&missing, "Ada", 1815);
        let err = result.expect_err("writing into a missing directory must fail");
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}

mod is_name_index {
    use super::under_test::is_name_index;

    #[test]
    fn the_seeds_example_matches() {
        // 9 letters; 144298 contains a 9.
        assert!(is_name_index("Tymoteusz", 144_298));
    }

    #[test]
    fn a_missing_digit_does_not_match() {
        assert!(!is_name_index("Tymoteusz", 144_288));
    }

    #[test]
    fn letters_are_counted_not_bytes() {
        let why = "\"Łukasz\" has 6 letters in 7 bytes: count chars, not bytes";
        assert!(is_name_index("Łukasz", 16), "16 contains a 6: {why}");
        assert!(!is_name_index("Łukasz", 17), "17 has no 6: {why}");
    }

    #[test]
    fn spaces_hyphens_and_apostrophes_are_not_letters() {
        assert!(
            is_name_index("Jean-Luc", 7),
            "Jean-Luc has 7 letters; the hyphen is not one"
        );
        assert!(
            is_name_index("O'Brien", 6),
            "O'Brien has 6 letters; the apostrophe is not one"
        );
        assert!(
            is_name_index("Anna Maria", 9),
            "Anna Maria has 9 letters; the space is not one"
        );
        assert!(!is_name_index("Jean-Luc", 8), "Jean-Luc has 7 letters, not 8");
    }

    #[test]
    fn ten_letters_look_for_the_digit_zero() {
        assert!(
            is_name_index("Maximilian", 105),
            "10 letters: 10 % 10 = 0, and 105 has a 0"
        );
        assert!(
            !is_name_index("Maximilian", 123),
            "10 letters look for a 0; 123 has none"
        );
        assert!(is_name_index("Maximilian", 0), "the index 0 has the digit 0");
    }

    #[test]
    fn a_name_without_letters_matches_nothing() {
        assert!(!is_name_index("", 0), "an empty name has no letters: false");
        assert!(
            !is_name_index("1234 -", 1_234_567_890),
            "digits and punctuation are not letters: false"
        );
    }
}

mod benchmark_with_repeat {
    use super::under_test::benchmark_with_repeat;
    use std::cell::Cell;
    use workbook::watchdog;

    /// `is_name_index`, counting its calls and checking its arguments.
    fn counted(calls: &Cell<u64>) -> impl FnMut(&str, u64) -> bool + '_ {
        move |name, index| {
            assert_eq!(
                (name, index),
                ("Tymoteusz", 144_298),
                "benchmark is_name_index(\"Tymoteusz\", 144298), the seed's example"
            );
            calls.set(calls.get() + 1);
            lesson_01_timing::is_name_index(name, index)
        }
    }

    #[test]
    fn takes_the_requested_number_of_samples() {
        // A benchmark that never ends fails here instead of hanging.
        let stats = watchdog::within(watchdog::DEFAULT_LIMIT, "benchmark_with_repeat(7)", || {
            benchmark_with_repeat(7, counted(&Cell::new(0)))
        });
        assert_eq!(stats.runs(), 7, "7 samples were asked for: {stats}");
    }

    #[test]
    fn batches_calls_and_reports_the_time_of_one() {
        let (stats, calls) = watchdog::within(watchdog::DEFAULT_LIMIT, "benchmark_with_repeat(5)", || {
            let calls = Cell::new(0);
            let stats = benchmark_with_repeat(5, counted(&calls));
            (stats, calls.get())
        });
        let per_sample = stats.calls_per_sample();
        assert!(
            per_sample > 1,
            "one call is too short to time alone (a few ns, about a clock reading): batch \
             calls, e.g. .batch_at_least(Duration::from_millis(1)). Got: {stats}"
        );
        // The samples make runs × calls_per_sample calls; warm-up calls and
        // a calibration (1 + 2 + 4 + ... < 2 × the batch) may add some.
        let reported = 5 * per_sample;
        let allowed = reported + 2 * per_sample + 1_000;
        assert!(
            calls >= reported,
            "Stats says 5 samples × {per_sample} calls = {reported} calls, but is_name_index \
             was called only {calls} times: the samples did not make the calls they report"
        );
        assert!(
            calls <= allowed,
            "Stats says 5 samples × {per_sample} calls = {reported} calls, but is_name_index \
             was called {calls} times: each sample timed more calls than it reports (a loop \
             inside the closure given to .run()?), so its \"time of one call\" is the time of \
             a loop. Give .run() one call; .batch() or .batch_at_least() repeats it"
        );
        assert!(stats.median_ns() > 0.0, "a median of nothing: {stats}");
    }
}
