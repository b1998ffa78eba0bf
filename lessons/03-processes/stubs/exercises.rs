//! Lesson 03 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 3` to test it. `just hint 3 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_03_processes::ChildError;
use std::io;
use std::process::Command;

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
