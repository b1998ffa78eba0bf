//! Lesson 03: reference solutions to the exercises in `exercises.rs`.
//! `just solutions 3` runs the exercise tests against this file.

use lesson_03_processes::{ChildError, Ending};
use std::io;
use std::process::{Child, Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

/// Exercise 1: start every command, all at once, and return their stdouts
/// in order. The demo's part 2 runs the same function, so it lives in the
/// library: see `outputs_in_order` in `src/children.rs`.
pub use lesson_03_processes::children::outputs_in_order;

// ANCHOR: run_checked
/// Run `command`; its stdout, or an error that names `child`.
pub fn run_checked(child: &str, mut command: Command) -> Result<String, ChildError> {
    let output = command.output().map_err(|source| ChildError::Start {
        child: child.to_string(),
        source,
    })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    Err(ChildError::Failed {
        child: child.to_string(),
        status: output.status,
        // The last `TAIL_LINES` non-empty lines, oldest first.
        stderr_tail: workbook::child::stderr_tail(&output.stderr),
    })
}
// ANCHOR_END: run_checked

// ANCHOR: how_it_ended
/// Exercise 3: an exit code, or the signal that ended the child.
pub fn how_it_ended(status: ExitStatus) -> Ending {
    if let Some(code) = status.code() {
        return Ending::Code(code);
    }
    // No code: on Unix, a signal ended it. (On Windows every ending has a
    // code, so this is not reached there.)
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return Ending::Signal(signal);
    }
    unreachable!("an ExitStatus has a code or, on Unix, a signal: {status}")
}
// ANCHOR_END: how_it_ended

// ANCHOR: wait_or_kill
/// Exercise 4: wait at most `limit`, then kill; reap it either way.
pub fn wait_or_kill(mut child: Child, limit: Duration) -> io::Result<Ending> {
    let deadline = Instant::now() + limit;
    // `try_wait` never blocks: it reaps the child if it has ended.
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            return Ok(how_it_ended(status));
        }
        thread::sleep(Duration::from_millis(1)); // look again soon
    }
    // Still running at the deadline. `kill` sends SIGKILL (it returns Ok
    // even if the child ended just now); `wait` then reaps it: without the
    // wait, the killed child stays a zombie for as long as we run.
    child.kill()?;
    let status = child.wait()?;
    Ok(how_it_ended(status))
}
// ANCHOR_END: wait_or_kill
