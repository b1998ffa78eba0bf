//! Lesson 03: reference solutions to the exercises in `exercises.rs`.
//! `just solutions 3` runs the exercise tests against this file.

use crate::{ChildError, TAIL_LINES};
use std::io;
use std::process::{Child, Command, Output, Stdio};

// ANCHOR: outputs_in_order
/// Start every command, all at once, and return their stdouts in order.
pub fn outputs_in_order(commands: Vec<Command>) -> io::Result<Vec<String>> {
    // Start them all first, before waiting for any.
    let mut children: Vec<Child> = Vec::new();
    for mut command in commands {
        match command.stdout(Stdio::piped()).spawn() {
            Ok(child) => children.push(child),
            Err(error) => {
                // Leave no orphans: stop and reap the ones already running.
                for mut started in children {
                    let _ = started.kill();
                    let _ = started.wait();
                }
                return Err(error);
            }
        }
    }
    // Then wait in order. A child that finishes early waits, as a zombie
    // with its output in its pipe, until its turn comes.
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output()?;
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        })
        .collect()
}
// ANCHOR_END: outputs_in_order

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
