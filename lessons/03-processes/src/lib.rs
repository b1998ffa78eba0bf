//! Lesson 03: processes, the library half: what the demo's parts, the
//! children they start, and the exercise tests share.
//!
//! # Layout
//!
//! **The library** (this crate):
//! - [`roles`]: everything a child process can be asked to do (the
//!   lesson's one binary plays the parent when started plainly, and a
//!   child when started with a hidden role, as in
//!   `lesson-03-processes task coffee`);
//! - [`tasks`]: seed 001's standup, work and coffee;
//! - [`children`]: starting this program again as a child, used by every
//!   part;
//! - [`guard`]: a child killed and reaped when its guard is dropped, and
//!   waiting with a time limit;
//! - [`ChildError`] (here): a child's failure, naming the child (exercise 2
//!   returns it).
//!
//! **The demo** (the binary, `just lesson 3`): `src/main.rs` either plays a
//! child's role or calls one module per part, in the chapter's order,
//! `src/p1_reexec.rs` to `src/p8_orphans.rs`.
//!
//! **Your file**: `src/exercises.rs` (`just check 3`), compiled only into
//! the exercise tests (`tests/exercises.rs`) when the `learner` feature is
//! on, so editing it never rebuilds the demo; the answer key is
//! `src/solutions.rs`, what the tests check without the feature. Nothing
//! else imports it.

use std::fmt;
use std::io;
use std::process::ExitStatus;

pub mod children;
pub mod guard;
pub mod roles;
pub mod tasks;

/// How many of its last stderr lines a failed child is quoted by (the
/// helper crate's, where [`workbook::child::stderr_tail`] reads them).
pub use workbook::child::TAIL_LINES;

// ANCHOR: ending
/// How a child process ended: with an exit code (its own `exit`, or
/// `return` from `main`; 101 for a Rust panic), or killed by a signal
/// (Unix), which leaves no exit code at all. Exercises 3 and 4 return it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited with this code.
    Code(i32),
    /// A signal ended it: 9 is `SIGKILL` (`kill -9`, `Child::kill`), 15
    /// `SIGTERM` (plain `kill`).
    Signal(i32),
}
// ANCHOR_END: ending

// ANCHOR: child_error
/// Why a child process gave no result. Both variants name the child, so that
/// an error from one of twenty children says which one.
#[derive(Debug)]
pub enum ChildError {
    /// The program could not be started at all (not found, not executable).
    Start {
        /// The name the caller gave the child.
        child: String,
        /// What the operating system said.
        source: io::Error,
    },
    /// The child ran and ended unsuccessfully: an exit code other than 0, a
    /// panic (exit code 101), or a signal that killed it.
    Failed {
        /// The name the caller gave the child.
        child: String,
        /// How it ended.
        status: ExitStatus,
        /// The last [`TAIL_LINES`] non-empty lines it wrote to stderr, oldest first.
        stderr_tail: Vec<String>,
    },
}
// ANCHOR_END: child_error

impl fmt::Display for ChildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChildError::Start { child, source } => write!(f, "child `{child}` could not start: {source}"),
            ChildError::Failed {
                child,
                status,
                stderr_tail,
            } if stderr_tail.is_empty() => write!(f, "child `{child}` failed ({status}) and said nothing"),
            ChildError::Failed {
                child,
                status,
                stderr_tail,
            } => write!(
                f,
                "child `{child}` failed ({status}); it said: {}",
                stderr_tail.join(" / ")
            ),
        }
    }
}

impl std::error::Error for ChildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChildError::Start { source, .. } => Some(source),
            ChildError::Failed { .. } => None,
        }
    }
}

/// Seed 003 writes `Process(target=spawn())`: the parentheses call `spawn`
/// in the parent, and the process gets its result, `None`, as a target. The
/// same slip with a Rust thread does not compile: `thread::spawn` wants a
/// closure, and `spawn()` is a `()` (error E0277). This doc-test keeps the
/// chapter honest: it fails the build if the code ever starts to compile.
///
/// ```compile_fail,E0277
#[doc = include_str!("../compile_fail/call_instead_of_closure.rs")]
/// ```
pub struct CallInsteadOfClosureDoesNotCompile;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_error_names_the_child_and_the_cause() {
        let error = ChildError::Start {
            child: "fetcher".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "no such file"),
        };
        assert_eq!(error.to_string(), "child `fetcher` could not start: no such file");
    }
}
