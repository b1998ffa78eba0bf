//! A child process that cannot outlive the code that started it.
//!
//! In Python, `subprocess.Popen` used as a context manager waits for the child
//! when the `with` block ends — but it does not kill it, and a test that fails
//! inside the block leaves the child running on. Rust's `std::process::Child`
//! does even less: dropping it neither kills nor waits (the child runs on,
//! and once it ends it stays a zombie until this process exits). [`Guard`]
//! holds a `Child` and, when dropped — at the end of a scope, or while a
//! failing assertion unwinds — kills it if it still runs and waits for it, so
//! nothing is left behind on any path.
//!
//! ```
//! # #[cfg(unix)] {
//! use workbook::child::Guard;
//! let mut sleeper = Guard::new(std::process::Command::new("sleep").arg("30").spawn()?);
//! assert!(sleeper.try_wait()?.is_none(), "still sleeping");
//! drop(sleeper); // killed and reaped here, 30 s early
//! # }
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::process::Child;

/// How many of its last stderr lines a failed child is quoted by: enough
/// for the error and its cause, few enough for one line of a report.
pub const TAIL_LINES: usize = 3;

/// The last [`TAIL_LINES`] non-empty lines a child wrote to stderr, oldest
/// first: what an error about a failed child quotes (Python's
/// `CalledProcessError` keeps all of `stderr`; one line is enough to say why).
pub fn stderr_tail(stderr: &[u8]) -> Vec<String> {
    let mut tail = Tail::default();
    String::from_utf8_lossy(stderr)
        .lines()
        .for_each(|line| tail.push(line.to_string()));
    tail.lines()
}

/// The end of a child's stderr, kept as it is read line by line (a child
/// still running): at most [`TAIL_LINES`] non-empty lines, the oldest
/// dropped first, so memory stays bounded however much the child writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail {
    lines: VecDeque<String>,
}

impl Tail {
    /// Keep `line` (a blank one says nothing and is skipped).
    pub fn push(&mut self, line: String) {
        if line.trim().is_empty() {
            return;
        }
        if self.lines.len() == TAIL_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
    }

    /// The lines kept, oldest first.
    pub fn lines(&self) -> Vec<String> {
        self.lines.iter().cloned().collect()
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// A [`Child`] that is killed (if still running) and waited for on drop.
/// It derefs to the `Child`, so `id()`, `stdin`, `try_wait()`, `wait()` work
/// as usual.
#[derive(Debug)]
pub struct Guard {
    child: Child,
}

impl Guard {
    /// Take charge of `child`.
    pub fn new(child: Child) -> Self {
        Self { child }
    }
}

impl Deref for Guard {
    type Target = Child;

    fn deref(&self) -> &Child {
        &self.child
    }
}

impl DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // Already ended (and now reaped by try_wait): nothing to do.
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // Errors are ignored on purpose: a drop must not panic while a test
        // is unwinding. (`kill` on a child that has just ended returns
        // `Ok(())` in Rust 1.95: see the test below.)
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    fn sleeper() -> Guard {
        Guard::new(
            Command::new("sleep")
                .arg("30")
                .spawn()
                .expect("`sleep` is on every Linux machine"),
        )
    }

    #[test]
    fn the_child_is_gone_after_a_panic_in_its_scope() {
        let mut pid = 0;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let child = sleeper();
            pid = child.id();
            assert!(Path::new(&format!("/proc/{pid}")).exists(), "it runs");
            panic!("a failing assertion while the child runs");
        }));
        assert!(outcome.is_err(), "the scope panicked");
        // Killed *and* reaped: not even a zombie entry is left in /proc.
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "child {pid} outlived the panic: Guard::drop must kill and wait"
        );
    }

    #[test]
    fn the_tail_is_the_last_non_empty_lines_oldest_first() {
        let tail = stderr_tail(b"one\ntwo\n\nthree\nfour\n  \n");
        assert_eq!(
            tail,
            ["two", "three", "four"],
            "the last {TAIL_LINES}, blanks skipped"
        );
        assert!(stderr_tail(b"\n\n").is_empty(), "a silent child has no tail");
    }

    #[test]
    fn a_child_that_ended_is_left_alone() {
        let mut child = Guard::new(Command::new("true").spawn().expect("`true` exists"));
        let status = child.wait().expect("it ends at once");
        assert!(status.success());
        drop(child); // must not fail: a child already reaped is left alone
    }

    #[test]
    fn kill_on_a_child_that_ended_returns_ok() {
        // Shown, not assumed: std's docs say `kill` on a child that has
        // exited returns Ok(()), and Rust 1.95 does so, whether the child
        // was reaped or is still a zombie.
        let mut reaped = Command::new("true").spawn().expect("`true` exists");
        reaped.wait().expect("it ends at once");
        assert!(reaped.kill().is_ok(), "kill after wait: {:?}", reaped.kill());
        let mut zombie = Command::new("true").spawn().expect("`true` exists");
        while !std::fs::read_to_string(format!("/proc/{}/stat", zombie.id())).is_ok_and(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| rest.trim_start().starts_with('Z'))
        }) {
            std::thread::yield_now(); // until it has ended, unreaped
        }
        assert!(zombie.kill().is_ok(), "kill on a zombie: {:?}", zombie.kill());
        zombie.wait().expect("reaped");
    }
}
