//! A watchdog for tests: a hang becomes a failure with a useful message.
//!
//! Concurrency bugs often do not crash, they *hang*: two threads wait on each
//! other's lock, a consumer waits for a message no one will send. A test that
//! hangs tells the learner nothing. [`within`] runs the test body on its own
//! thread and waits for it with a time limit; past the limit the test fails
//! and says it looks like a deadlock. (The stuck thread is left behind: Rust
//! cannot kill a thread from outside, and the test process ends anyway.)
//!
//! A test that knows how its exercise usually hangs names the likely causes
//! ([`within_because`]); after [`STILL_WAITING_AFTER`] a test still waiting
//! says so once, on the real stderr (past the test harness's capture), so
//! the learner is not left with seconds of silence.

use std::io::Write as _;
use std::panic;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The limit [`within`] is usually given: far above what any exercise needs
/// on a busy two-core machine, far below a learner's patience.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(20);

/// After this long (or a tenth of its limit, if longer) a watched body that
/// is still running says so, once.
pub const STILL_WAITING_AFTER: Duration = Duration::from_secs(3);

/// What a hang usually is when a test names nothing more likely.
pub const GENERIC_CAUSES: [&str; 3] = [
    "a deadlock: threads waiting on each other (two locks taken in opposite orders)",
    "a thread that is never told to stop (a loop that waits for more work forever)",
    "a wait with no timeout for an answer that never comes",
];

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
    watch(limit, None, body)
}

/// A callback told how long a body has been running.
type Say<'a> = Box<dyn FnOnce(Duration) + 'a>;

/// [`try_within`], calling `say(STILL_WAITING_AFTER)` once if `body` is
/// still running then (and the limit is longer than that).
fn watch<T, F>(limit: Duration, say: Option<Say>, body: F) -> Result<T, TimedOut>
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
    // A long limit (a whole demo run) says so later: a tenth of the limit,
    // never sooner than STILL_WAITING_AFTER, so a slow but healthy run is quiet.
    let after = STILL_WAITING_AFTER.max(limit / 10);
    let received = match say {
        Some(say) if limit > after => match finished.recv_timeout(after) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                say(after);
                finished.recv_timeout(limit - after)
            }
            other => other,
        },
        _ => finished.recv_timeout(limit),
    };
    match received {
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
    within_because(limit, what, &[], body)
}

/// [`within`], naming the likely causes of a hang in this exercise (the
/// ones its chapter teaches: "a `Sender` still alive: the loop over the
/// receiver never ends"). They are printed with the failure, and in the
/// "still waiting" line; with none, [`GENERIC_CAUSES`] are.
pub fn within_because<T, F>(limit: Duration, what: &str, causes: &[&str], body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let named = causes.first().copied();
    let causes: Vec<&str> = match causes {
        [] => GENERIC_CAUSES.to_vec(),
        named => named.to_vec(),
    };
    let still_waiting = |after: Duration| {
        // Straight to the process's stderr: `eprintln!` in a test is
        // captured and shown only at the end. `just check` relays it.
        // Said once, and neutrally: on a busy machine a slow test is fine.
        // The likely cause only where the test named one: a generic guess
        // ("a deadlock") beside a healthy slow run would mislead.
        let line = match named {
            Some(cause) => format!(
                "still waiting: `{what}` is still running after {after:?} (it fails at {limit:?}); \
                 if it hangs, the likely cause: {cause}\n"
            ),
            None => {
                format!("still waiting: `{what}` is still running after {after:?} (it fails at {limit:?})\n")
            }
        };
        let _ = std::io::stderr().write_all(line.as_bytes());
    };
    let outcome = watch(limit, Some(Box::new(still_waiting)), body);
    outcome.unwrap_or_else(|TimedOut { limit }| {
        let list: String = causes.iter().map(|c| format!("\n  - {c}")).collect();
        panic!("`{what}` did not finish within {limit:?}: it looks like a hang. Likely causes:{list}")
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
    #[should_panic(
        expected = "`stuck` did not finish within 50ms: it looks like a hang. Likely causes:\n  - a deadlock"
    )]
    fn a_hang_becomes_a_failure() {
        within(Duration::from_millis(50), "stuck", || {
            let (_keep_open, never) = mpsc::channel::<()>();
            never.recv().ok()
        });
    }

    #[test]
    fn a_hang_names_the_causes_the_test_gives() {
        let outcome = panic::catch_unwind(|| {
            within_because(
                Duration::from_millis(50),
                "pipeline",
                &["a `Sender` still alive: the consumer's loop never ends"],
                || {
                    let (_keep_open, never) = mpsc::channel::<()>();
                    never.recv().ok()
                },
            )
        });
        let payload = outcome.expect_err("it hangs");
        let message = payload.downcast_ref::<String>().expect("a formatted message");
        assert_eq!(
            message,
            "`pipeline` did not finish within 50ms: it looks like a hang. Likely causes:\n  \
             - a `Sender` still alive: the consumer's loop never ends"
        );
    }

    #[test]
    fn a_body_still_running_after_a_few_seconds_says_so_once() {
        let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = said.clone();
        // The body ends when told to, after the word "still waiting".
        let (go, wait) = mpsc::channel::<()>();
        let (saw, seen) = mpsc::channel::<()>();
        let say: Say = Box::new(move |after| {
            log.lock().expect("not poisoned").push(after);
            let _ = saw.send(());
        });
        thread::spawn(move || {
            // Released by the event, not by the clock.
            let _ = seen.recv();
            let _ = go.send(());
        });
        let value = watch(DEFAULT_LIMIT, Some(say), move || wait.recv().map(|()| 7));
        assert_eq!(value, Ok(Ok(7)));
        assert_eq!(*said.lock().expect("not poisoned"), [STILL_WAITING_AFTER]);
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
