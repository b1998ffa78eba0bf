//! The model checks of lesson 02: exercises 3 and 4 again, run by loom's
//! model checker in every interleaving of their threads (up to loom's
//! bounds), so that a race fails every time instead of one run in ten.
//! Built only with `RUSTFLAGS="--cfg loom"`: `just loom 2` (and `just check
//! 2`) run it as
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release
//! -p lesson-02-threads --test loom [--features learner]`.
#![cfg(loom)]

// The same switch as tests/exercises.rs: your file with `learner`, the
// answer key without. Exercises 1 and 2 are not model-checked (scoped
// threads, timeouts): unused here.
#[allow(dead_code)]
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[allow(dead_code)]
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;

mod loom_checks;

/// The file under test, to check that it takes its threads and locks from
/// `workbook::sync`: loom sees nothing else.
#[cfg(feature = "learner")]
const SOURCE: (&str, &str) = ("src/exercises.rs", include_str!("../src/exercises.rs"));
#[cfg(not(feature = "learner"))]
const SOURCE: (&str, &str) = ("src/solutions.rs", include_str!("../src/solutions.rs"));

/// Fails, naming the line, where the file uses `std::sync` or `std::thread`
/// outside a comment: the model checker cannot see those types, so a race
/// through them would pass unseen.
fn takes_its_types_from_workbook_sync(exercise: &str) {
    let (path, source) = SOURCE;
    for (number, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(what) = ["std::sync", "std::thread"]
            .iter()
            .find(|what| code.contains(**what))
        {
            panic!(
                "{exercise}: line {} of {path} names `{what}`: the model checker sees only the \
                 threads and locks of `workbook::sync` (std's in a normal run, loom's here), so a \
                 race through std's types would pass unseen. Write `workbook::sync::...` \
                 instead:\n    {}",
                number + 1,
                line.trim()
            );
        }
    }
}

mod counter {
    use super::*;
    use under_test::Counter;

    #[test]
    fn no_update_is_lost_in_any_interleaving() {
        takes_its_types_from_workbook_sync("counter");
        loom_checks::counter(
            Counter::new,
            Counter::add_one,
            Counter::total,
            Counter::per_thread,
        );
    }
}

mod ordered_sentence {
    use super::*;
    use under_test::ordered_sentence;

    #[test]
    fn the_words_land_in_order_in_every_interleaving() {
        takes_its_types_from_workbook_sync("ordered_sentence");
        loom_checks::ordered_sentence(|words| ordered_sentence(words, |_| ()));
    }
}
