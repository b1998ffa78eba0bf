//! What chapter 05 says about killing and reaping a child, shown by running it.

use std::fs;
use std::process::{Command, Stdio};
use workbook::watchdog;

/// The state letter of process `pid` in /proc (`Z` for a zombie), or
/// `None` once it is gone from the process table.
fn state_of(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after_name.split_whitespace().next()?.chars().next()
}

#[test]
fn a_killed_child_is_a_zombie_until_waited_for_and_kill_again_is_ok() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lesson-05-pipes"));
    command.arg("pong").stdin(Stdio::piped()).stdout(Stdio::piped());
    workbook::lifecycle::lifeline(&mut command);
    let mut child = command.spawn().expect("the lesson's binary starts");
    let pid = child.id();
    child.kill().expect("a running child can be killed");
    // The kill is sent; the child dies soon after. Wait for that event by
    // watching its state, without reaping it.
    let state = watchdog::within(watchdog::DEFAULT_LIMIT, "the child to die", move || {
        loop {
            match state_of(pid) {
                Some('Z') | None => return state_of(pid),
                Some(_) => std::thread::yield_now(),
            }
        }
    });
    assert_eq!(
        state,
        Some('Z'),
        "killed but not waited for, the child stays in the process table as a zombie"
    );
    assert!(
        child.kill().is_ok(),
        "kill on a child that has exited but is not reaped returns Ok(()) (as std's docs say; \
         checked on Rust 1.95; the chapter relies on it)"
    );
    let status = child.wait().expect("wait reaps it");
    assert!(!status.success(), "killed by a signal: {status}");
    assert_eq!(
        state_of(pid),
        None,
        "after wait the child is gone from the process table"
    );
}
