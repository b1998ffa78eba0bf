//! Lesson 03 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 3` to test it. `just hint 3 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_03_processes::{ChildError, Ending};
use std::io;
use std::process::{Child, Command, ExitStatus};
use std::time::Duration;

// ANCHOR: outputs_in_order
/// Exercise 1. Start every command, **all of them running at the same
/// time**, and return what each wrote to its stdout, in the order of the
/// commands (not the order they finish). The children's stdin and stderr
/// stay the caller's. If a command cannot be started, kill and wait for the
/// children already started (leave no orphans), then return spawn's error
/// as it is; an error waiting is returned as it is too. A child that exits
/// unsuccessfully is not an error here (exercise 2 deals with failure).
pub fn outputs_in_order(commands: Vec<Command>) -> io::Result<Vec<String>> {
    todo!("spawn every command with stdout piped, then wait for each in order")
}
// ANCHOR_END: outputs_in_order

// ANCHOR: run_checked
/// Exercise 2. Run `command` to its end and return its stdout if it
/// succeeded. Otherwise return a [`ChildError`] that names the child
/// (`child`): `Start` if it could not be started, `Failed` with its exit
/// status and the last [`lesson_03_processes::TAIL_LINES`] non-empty lines of its stderr
/// (oldest first) if it ended unsuccessfully.
pub fn run_checked(child: &str, command: Command) -> Result<String, ChildError> {
    todo!("collect the output, then check the status")
}
// ANCHOR_END: run_checked

// ANCHOR: how_it_ended
/// Exercise 3. Say how a child ended, from the status `wait` gave: its exit
/// code, or (on Unix) the signal that killed it. Python's `returncode` is
/// negative for a signal (`-9`); Rust keeps the two apart: a killed process
/// has no exit code at all (`status.code()` is `None`).
pub fn how_it_ended(status: ExitStatus) -> Ending {
    todo!("status.code(), else the signal from std::os::unix::process::ExitStatusExt")
}
// ANCHOR_END: how_it_ended

// ANCHOR: wait_or_kill
/// Exercise 4. Wait for `child` to end, but at most `limit`; if it is still
/// running then, kill it. Either way, reap it (collect its exit status, so
/// no zombie is left) and say how it ended. Return as soon as the child
/// ends, not at the limit. Python: `p.join(timeout)`, then `p.kill()` and
/// `p.join()`; `subprocess.run(..., timeout=)` does the same and raises.
pub fn wait_or_kill(child: Child, limit: Duration) -> io::Result<Ending> {
    todo!("poll try_wait until the deadline; then kill and wait")
}
// ANCHOR_END: wait_or_kill
