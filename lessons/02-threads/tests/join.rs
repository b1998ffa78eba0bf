//! The chapter's pitfall "throwing away what `join` returns": what
//! `.expect` and `resume_unwind` pass on from a thread that panicked.

use std::panic::{catch_unwind, resume_unwind};
use std::thread;

/// The panic `f` ends with, as text.
fn panic_message(f: fn()) -> String {
    let payload = catch_unwind(f).expect_err("f panics");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(not text)".to_string())
}

#[test]
fn expect_loses_the_threads_message_and_resume_unwind_keeps_it() {
    let expected = panic_message(|| {
        thread::spawn(|| panic!("the disk is full"))
            .join()
            .expect("a worker panicked");
    });
    assert_eq!(
        expected, "a worker panicked: Any { .. }",
        "`.expect` passes on its own message and the payload's Debug, not the thread's message"
    );
    let resumed = panic_message(|| {
        let Err(payload) = thread::spawn(|| panic!("the disk is full")).join();
        resume_unwind(payload);
    });
    assert_eq!(
        resumed, "the disk is full",
        "`resume_unwind` passes on the thread's own panic"
    );
}
