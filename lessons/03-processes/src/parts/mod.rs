//! The eight parts of the demo, one module each, in the order a learner
//! meets them, and the two helpers they share.

pub mod cost;
pub mod failures;
pub mod isolation;
pub mod mistake;
pub mod order;
pub mod orphans;
pub mod reexec;
pub mod results;

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};
use workbook::TimeScale;

/// This program, `me`, as a child playing `role` (the hidden first argument).
pub fn child(me: &Path, role: &[&str]) -> Command {
    let mut command = Command::new(me);
    command.args(role);
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
