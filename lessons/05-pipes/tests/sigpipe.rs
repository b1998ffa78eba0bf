//! What happens to a Rust program whose stdout's reader goes away, shown by
//! running the lesson's `chatter` role: it prints lines with `println!`
//! until the parent, having read one, closes its end of the pipe.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use workbook::child::Guard;
use workbook::watchdog;

// ANCHOR: broken_pipe
#[test]
fn println_into_a_closed_pipe_panics_and_exits_101() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lesson-05-pipes"));
    command
        .arg("chatter")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    workbook::lifecycle::lifeline(&mut command);
    let mut child = Guard::new(command.spawn().expect("the lesson's binary starts"));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout was piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("the first line comes");
    assert_eq!(first, "line 0\n", "chatter prints numbered lines");
    drop(stdout); // the only read end: the next write has no reader
    let mut stderr = child.stderr.take().expect("stderr was piped");
    let (status, errors) = watchdog::within(watchdog::DEFAULT_LIMIT, "chatter", move || {
        let mut errors = String::new();
        let _ = stderr.read_to_string(&mut errors);
        (child.wait().expect("the child is waited for"), errors)
    });
    assert_eq!(
        status.code(),
        Some(101),
        "a Rust program ignores SIGPIPE, so println! into a closed pipe fails, and \
         println! panics on a failed write: exit status 101 (a panic), not a signal. \
         Its stderr: {errors}"
    );
    assert!(
        errors.contains("failed printing to stdout") && errors.contains("Broken pipe"),
        "the panic says what failed: {errors}"
    );
}
// ANCHOR_END: broken_pipe
