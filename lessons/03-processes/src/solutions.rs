//! Lesson 03: reference solutions to the exercises in `exercises.rs`.
//! `just solutions 3` runs the exercise tests against this file.

use lesson_03_processes::{ChildError, TAIL_LINES};
use std::process::{Command, Output};

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
        stderr_tail: stderr_tail(&output),
    })
}

/// The last `TAIL_LINES` non-empty lines of a child's stderr, oldest first.
fn stderr_tail(output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.trim().is_empty()).collect();
    let from = lines.len().saturating_sub(TAIL_LINES);
    lines[from..].iter().map(|line| line.to_string()).collect()
}
// ANCHOR_END: run_checked
