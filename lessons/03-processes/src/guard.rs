//! Children that cannot be forgotten: a guard that kills and reaps its child
//! when dropped, and waiting for a child with a time limit.
//!
//! A `std::process::Child` that is dropped is *not* killed: it runs on, and
//! when it ends it stays a zombie (an exit status nobody collected) until
//! the parent waits for it or exits. Python's `multiprocessing` kills daemon
//! children and joins the others at exit; Rust does neither, so the lesson
//! writes the rule down once, in a type.

use std::io;
use std::ops::{Deref, DerefMut};
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: kill_on_drop
/// Owns a child process; when the guard goes away (the end of a scope, an
/// early `return`, a `?`, a panic) the child is killed and waited for, so it
/// leaves neither a running orphan nor a zombie behind. Only the child: a
/// grandchild it started lives on, adopted by init (part 8; killing a whole
/// tree takes a process group).
#[derive(Debug)]
pub struct KillOnDrop(Child);

impl KillOnDrop {
    /// Guard `child` from now on.
    pub fn new(child: Child) -> Self {
        Self(child)
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // `kill` on a child that has already ended returns Ok(()) (std's
        // docs; shown in the workbook's `child` tests): nothing to do then.
        let _ = self.0.kill();
        // Collect its exit status: without this wait, a killed child stays in
        // the process table as a zombie for as long as we run.
        let _ = self.0.wait();
    }
}

// The guard is used like the `Child` it holds: `guard.id()`, `guard.stdout.take()`.
impl Deref for KillOnDrop {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}
// ANCHOR_END: kill_on_drop

// ANCHOR: wait_timeout
/// Wait at most `limit` for `child` to end: `Some(status)` if it did, `None`
/// if it is still running (then the caller decides: kill it, or wait more).
/// `Child` has no `wait_timeout`, so poll `try_wait`, which never blocks.
pub fn wait_timeout(child: &mut Child, limit: Duration) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        // A millisecond between looks: a quick answer, and almost no CPU.
        thread::sleep((deadline - now).min(Duration::from_millis(1)));
    }
}
// ANCHOR_END: wait_timeout

/// Is there a process `pid` (running, or a zombie)? `None` where the
/// system has no `/proc` to ask (macOS, Windows).
pub fn process_exists(pid: u32) -> Option<bool> {
    let proc = std::path::Path::new("/proc");
    proc.is_dir().then(|| proc.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sleep(seconds: &str) -> Child {
        Command::new("sleep")
            .arg(seconds)
            .spawn()
            .expect("`sleep` runs on Unix")
    }

    #[test]
    fn wait_timeout_gives_up_on_a_running_child_and_sees_an_ended_one() {
        let mut child = sleep("30");
        let status = wait_timeout(&mut child, Duration::from_millis(50)).expect("try_wait works");
        assert_eq!(status, None, "a child sleeping 30 s is still running after 50 ms");
        child.kill().expect("the child is running, so it can be killed");
        let status = wait_timeout(&mut child, Duration::from_secs(10)).expect("try_wait works");
        assert!(
            status.is_some_and(|s| !s.success()),
            "a killed child ends unsuccessfully"
        );
    }

    #[test]
    fn the_guard_kills_and_reaps_its_child() {
        let guard = KillOnDrop::new(sleep("30"));
        let pid = guard.id();
        assert!(
            process_exists(pid).unwrap_or(true),
            "the child runs while guarded"
        );
        drop(guard);
        // Reaped means gone from the process table: no zombie left.
        assert!(
            !process_exists(pid).unwrap_or(false),
            "after the guard's drop, pid {pid} is neither running nor a zombie"
        );
    }
}
