//! Tests of what the demo shows about real processes: the roles the demo
//! relies on, and the claim of part 8 that a lifeline takes a grandchild
//! down with its killed parent while a grandchild without one runs on.

use lesson_03_processes::guard::{KillOnDrop, process_exists};
use lesson_03_processes::roles::Tally;
use std::io::{BufRead, BufReader, Read};
use std::process::{ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use workbook::watchdog;

/// The pid of a grandchild that is not our child (its parent was killed),
/// so no `Child` guards it: when the test ends, on any path, a failed
/// assertion or the watchdog's panic included, it is killed by its pid.
#[derive(Default)]
struct KillPidOnDrop(Arc<AtomicU32>);

impl Drop for KillPidOnDrop {
    fn drop(&mut self) {
        let pid = self.0.load(Ordering::SeqCst);
        if pid != 0 {
            // It may be gone already (the lifeline worked): then `kill` fails, harmlessly.
            let _ = Command::new("kill")
                .args(["-9", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn child(role: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lesson-03-processes"));
    command.args(role);
    command
}

#[test]
fn a_child_bumps_its_own_counter_from_zero() {
    let output = child(&["bump"]).output().expect("the bump child runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "1\n",
        "a fresh process's COUNTER starts at 0, so one bump makes 1"
    );
}

#[test]
fn a_counting_child_sends_one_json_line_per_step() {
    let output = child(&["count", "3", "--unit-ms", "1"])
        .output()
        .expect("the count child runs");
    let tallies: Vec<Tally> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is a Tally in JSON"))
        .collect();
    let counts: Vec<u32> = tallies.iter().map(|t| t.count).collect();
    assert_eq!(counts, [1, 2, 3], "counting to 3 sends the steps 1, 2, 3");
    assert!(
        tallies.iter().all(|t| t.pid == tallies[0].pid),
        "every step carries the same pid, the child's own: {tallies:?}"
    );
}

/// Start the `parent` role that `command` runs, its stdout piped; return
/// it (guarded), its stdout, and the pid of the sleeping grandchild it
/// started (its first line).
fn start_parent(command: &mut Command) -> (KillOnDrop, BufReader<ChildStdout>, u32) {
    let mut parent = KillOnDrop::new(
        command
            .stdout(Stdio::piped())
            .spawn()
            .expect("the parent role starts"),
    );
    let mut stdout = BufReader::new(parent.stdout.take().expect("stdout was piped"));
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .expect("the parent writes its grandchild's pid");
    let grandchild = line.trim().parse().expect("the first line is a pid");
    (parent, stdout, grandchild)
}

/// Start `parent` with a sleeping grandchild, kill the parent, and return
/// the grandchild's pid and the parent's stdout, which the grandchild shares.
fn kill_parent(grandchild_ms: &str, lifeline: bool) -> (u32, impl Read) {
    let mut role = vec!["parent", grandchild_ms];
    if lifeline {
        role.push("--lifeline");
    }
    let (mut parent, stdout, grandchild) = start_parent(&mut child(&role));
    parent.kill().expect("the parent is running, so it can be killed");
    parent.wait().expect("the killed parent can be reaped");
    (grandchild, stdout)
}

#[test]
fn a_grandchild_with_a_lifeline_dies_with_its_killed_parent() {
    // The grandchild would sleep a minute. The parent's stdout, which it
    // shares, ends only when the grandchild, its last writer, is gone: if
    // the pipe ends within the watchdog's 20 s, the lifeline worked.
    let orphan = KillPidOnDrop::default();
    let pid = Arc::clone(&orphan.0);
    watchdog::within(
        watchdog::DEFAULT_LIMIT,
        "the grandchild with a lifeline should exit with its killed parent, not sleep its minute",
        move || {
            let (grandchild, mut stdout) = kill_parent("60000", true);
            pid.store(grandchild, Ordering::SeqCst);
            stdout
                .read_to_end(&mut Vec::new())
                .expect("the pipe reads to its end")
        },
    );
}

#[test]
fn a_grandchild_without_a_lifeline_outlives_its_killed_parent() {
    let (grandchild, mut stdout) = kill_parent("60000", false);
    let orphan = KillPidOnDrop::default();
    orphan.0.store(grandchild, Ordering::SeqCst);
    if let Some(alive) = process_exists(grandchild) {
        assert!(
            alive,
            "without a lifeline, grandchild {grandchild} (sleeping a minute) still runs once its parent is killed"
        );
    }
    // Leave no orphan behind: it is not our child, so `kill` it by its pid,
    // and wait until its end of the shared pipe closes.
    let killed = Command::new("kill")
        .arg(grandchild.to_string())
        .status()
        .expect("`kill` runs on Unix");
    assert!(killed.success(), "the orphan {grandchild} could be killed");
    watchdog::within(watchdog::DEFAULT_LIMIT, "the killed orphan's end", move || {
        stdout
            .read_to_end(&mut Vec::new())
            .expect("the pipe reads to its end")
    });
}

// ANCHOR: process_group
/// `KillOnDrop` and `Child::kill` end one process: a grandchild lives on
/// (the test above). To end a whole tree, start the child in a process
/// group of its own (`process_group(0)`: its pid becomes the group's id,
/// and its children inherit the group), then signal the group: `kill` with
/// a negative pid, here through the `kill` program, since std has no
/// `killpg` (Python: `os.killpg(pgid, signal.SIGKILL)`).
#[cfg(unix)]
#[test]
fn killing_a_process_group_ends_the_grandchild_too() {
    use std::os::unix::process::CommandExt;
    let orphan = KillPidOnDrop::default();
    let pid = Arc::clone(&orphan.0);
    watchdog::within(
        watchdog::DEFAULT_LIMIT,
        "the grandchild should die with its process group, not sleep its minute",
        move || {
            // No lifeline: only the group can end the grandchild.
            let (mut parent, mut stdout, grandchild) =
                start_parent(child(&["parent", "60000"]).process_group(0));
            pid.store(grandchild, Ordering::SeqCst);
            let group = format!("-{}", parent.id()); // a negative pid: the whole group
            let killed = Command::new("kill")
                .args(["-KILL", "--", &group])
                .status()
                .expect("`kill` runs on Unix");
            assert!(killed.success(), "kill -KILL -- {group} signals the group");
            parent.wait().expect("the killed parent can be reaped");
            // The grandchild shares the parent's stdout: the pipe ends when
            // it, the last writer, is gone too.
            stdout
                .read_to_end(&mut Vec::new())
                .expect("the pipe reads to its end")
        },
    );
}
// ANCHOR_END: process_group

/// The mapping table's note on `Command::output()`: unlike Python's
/// `subprocess.run(capture_output=True)`, whose child inherits the
/// parent's stdin, `output()` gives the child no stdin (it reads end of
/// file at once) unless `.stdin(...)` says otherwise.
#[cfg(unix)]
#[test]
fn output_gives_the_child_an_empty_stdin() {
    let output = watchdog::within(watchdog::DEFAULT_LIMIT, "sh reading its stdin", || {
        Command::new("sh")
            .args([
                "-c",
                "if read line; then echo got a line; else echo end of file; fi",
            ])
            .output()
    })
    .expect("sh runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "end of file\n",
        "output() connects the child's stdin to nothing: its first read is end of file"
    );
}
