//! Where the demo's words go: stdout, or stderr when stdout carries the
//! JSON report (`--json`), so that `... --json > report.json` holds the
//! report and nothing else. Machinery: it only routes text.

use std::fmt::Display;

/// The demo's voice: stdout, or stderr under `--json`.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    /// Is stdout the JSON report's?
    pub json: bool,
}

impl Out {
    /// Print one line (or several) where people read.
    pub fn say(&self, text: impl Display) {
        if self.json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}
