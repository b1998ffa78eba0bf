//! A watchdog for tests: a hang becomes a failure with a useful message.
//!
//! Concurrency bugs often do not crash, they *hang*: two threads wait on each
//! other's lock, a consumer waits for a message no one will send. A test that
//! hangs tells the learner nothing. [`within`] runs the test body on its own
//! thread and waits for it with a time limit; past the limit the test fails
//! and says it looks like a deadlock. (The stuck thread is left behind: Rust
//! cannot kill a thread from outside, and the test process ends anyway.)

use std::panic;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The limit [`within`] is usually given: far above what any exercise needs
/// on a busy two-core machine, far below a learner's patience.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(20);

/// `body` did not finish within the limit: it is still running (or stuck).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    /// The limit that passed.
    pub limit: Duration,
}

/// Run `body` on its own thread and wait at most `limit` for its value.
/// `Err(TimedOut)` leaves the thread behind, still running: use this where a
/// hang is an outcome to report (a demo of a deadlock), not a test failure.
/// A panic inside `body` is passed on unchanged.
pub fn try_within<T, F>(limit: Duration, body: F) -> Result<T, TimedOut>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (done, finished) = mpsc::channel();
    // Name the thread after its caller: in a test, that is the test's name,
    // so a panic message says which test it came from.
    let caller = thread::current().name().unwrap_or("main").to_string();
    thread::Builder::new()
        .name(format!("{caller} (watched)"))
        .spawn(move || {
            let outcome = panic::catch_unwind(panic::AssertUnwindSafe(body));
            // The receiver is gone only if we already gave up on this thread.
            let _ = done.send(outcome);
        })
        .expect("the OS refused to start a thread for the watchdog");
    match finished.recv_timeout(limit) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(_) => Err(TimedOut { limit }),
    }
}

/// Run `body` and return its value, or panic if it has not finished after
/// `limit`, saying that it looks like a deadlock. A panic inside `body` (a
/// failed assertion, a `todo!()`) is passed on unchanged, so the test
/// reports it as usual.
pub fn within<T, F>(limit: Duration, what: &str, body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    try_within(limit, body).unwrap_or_else(|TimedOut { limit }| {
        panic!(
            "`{what}` did not finish within {limit:?}: it looks like a deadlock \
             (threads waiting on each other), a thread that is never told to stop, \
             or a wait with no timeout (an answer that never comes)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_the_value_of_a_quick_body() {
        assert_eq!(within(Duration::from_secs(5), "sum", || 2 + 2), 4);
    }

    #[test]
    #[should_panic(expected = "`stuck` did not finish within 50ms: it looks like a deadlock")]
    fn a_hang_becomes_a_failure() {
        within(Duration::from_millis(50), "stuck", || {
            let (_keep_open, never) = mpsc::channel::<()>();
            never.recv().ok()
        });
    }

    #[test]
    fn try_within_reports_a_hang_as_a_value() {
        let outcome = try_within(Duration::from_millis(50), || {
            let (_keep_open, never) = mpsc::channel::<()>();
            never.recv().ok()
        });
        assert_eq!(
            outcome,
            Err(TimedOut {
                limit: Duration::from_millis(50)
            })
        );
    }

    #[test]
    #[should_panic(expected = "not yet implemented")]
    fn a_panic_inside_is_passed_on() {
        within(Duration::from_secs(5), "stub", || -> u32 { todo!() });
    }
}
