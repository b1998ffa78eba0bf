//! The chapter's wrong answers to exercises 3 and 4 (`tests/wrong/`), each
//! put through the same model checks as your file (`tests/loom_checks/`):
//! each must fail them, every time, with a message naming its mistake. The
//! normal tests (`tests/exercises.rs`) pass some of these in most runs;
//! that is why the model checks exist. `LOOM_KEY=1 just loom 2` runs it.
#![cfg(loom)]
#![allow(missing_docs)]

mod loom_checks;

#[path = "wrong/counter_load_then_store.rs"]
mod counter_load_then_store;
#[path = "wrong/sentence_lock_only.rs"]
mod sentence_lock_only;
#[path = "wrong/sentence_turn.rs"]
mod sentence_turn;

#[test]
#[should_panic(expected = "LOST UPDATE")]
fn counter_load_then_store_is_a_lost_update() {
    use counter_load_then_store::Counter;
    loom_checks::counter(
        Counter::new,
        Counter::add_one,
        Counter::total,
        Counter::per_thread,
    );
}

#[test]
#[should_panic(expected = "a lock alone gives no order")]
fn sentence_with_a_lock_only_comes_out_of_order() {
    loom_checks::ordered_sentence(|words| sentence_lock_only::ordered_sentence(words, |_| ()));
}

#[test]
#[should_panic(expected = "DEADLOCK")]
fn sentence_with_notify_one_deadlocks() {
    use sentence_turn::{Mistake, ordered_sentence};
    loom_checks::ordered_sentence(|words| ordered_sentence(words, Mistake::NotifyOne));
}

#[test]
#[should_panic(expected = "an `if` looks once")]
fn sentence_with_if_instead_of_while_comes_out_of_order() {
    use sentence_turn::{Mistake, ordered_sentence};
    loom_checks::ordered_sentence(|words| ordered_sentence(words, Mistake::IfNotWhile));
}

/// With `LOOM_LOCATION=1` (which the checks set), a deadlock names the
/// lines of the learner's file where the threads wait: `workbook::sync`'s
/// `Condvar` passes its caller's place to loom (`#[track_caller]`), so the
/// place is the wrong answer's `wait_while`, not `src/sync.rs`.
#[test]
#[should_panic(expected = "waiting at lessons/02-threads/tests/wrong/sentence_turn.rs:")]
fn a_deadlock_names_the_lines_of_the_file_where_threads_wait() {
    use sentence_turn::{Mistake, ordered_sentence};
    loom_checks::ordered_sentence(|words| ordered_sentence(words, Mistake::NotifyOne));
}

#[test]
fn the_places_of_a_deadlock_are_read_from_loom_s_message() {
    let line = r#"deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: "lessons/02-threads/tests/../src/exercises.rs", line: 101, column: 17 })))), (Id(1), Terminated), (Id(2), Blocked(Location(Some(Location { file: "src/sync.rs", line: 80, column: 25 }))))]"#;
    assert_eq!(
        loom_checks::blocked_at(line),
        ["lessons/02-threads/src/exercises.rs:101", "src/sync.rs:80"],
        "each blocked thread's place, as path:line"
    );
}
