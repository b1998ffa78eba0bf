//! Starting this program again as a child, the plumbing every part of the
//! demo uses: a [`Command`] for a role, the time scale as an argument, a
//! status checked, and [`outputs_in_order`], which starts many children at
//! once and collects what each printed (exercise 1 asks you to write it; the
//! demo's part 2 runs this one).

use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use workbook::TimeScale;

/// This program, `me`, as a child playing `role` (the hidden first argument).
/// The child is told this process's pid, and ends soon after this process
/// is gone (`workbook::lifecycle::watch_parent`), even after a `kill -9`.
pub fn child(me: &Path, role: &[&str]) -> Command {
    let mut command = Command::new(me);
    workbook::lifecycle::lifeline(command.args(role));
    command
}

/// The time scale as a child's argument: children sleep in the same units.
pub fn unit_ms(scale: TimeScale) -> String {
    scale.unit().as_millis().to_string()
}

/// An error unless `status` is a success: a demo's child must not fail silently.
pub fn expect_success(what: &str, status: ExitStatus) -> io::Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("{what} failed: {status}")))
    }
}

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
