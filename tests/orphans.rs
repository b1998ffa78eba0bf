//! No process of this workspace outlives its parent: the check, and a test
//! that the check catches one.
//!
//! `no_workspace_process_left` is `#[ignore]`d: CI runs it on its own, after
//! every demo and every other test (`cargo test --test orphans -- --ignored`),
//! and it fails listing each process still running a binary of this
//! workspace's target directory — a child that some test or demo forgot to
//! reap. `a_child_left_running_is_found` shows that the check sees such a
//! process: it makes one on purpose (this test binary, started again, starts
//! a sleeper and exits without waiting for it, so the sleeper is adopted by
//! PID 1 like any orphan), then kills it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use workbook::orphans::{Leftover, leftover, target_dir};

/// The environment variable that gives this binary a role when a test
/// starts it again.
const ROLE: &str = "WORKBOOK_ORPHANS_ROLE";

/// Not a test on its own: what this binary does when started by the tests
/// below. `sleeper` sleeps; `abandon` starts a sleeper, prints its pid and
/// exits without waiting for it (the mistake the no-orphan check exists for).
#[test]
fn child_role() {
    match std::env::var(ROLE).as_deref() {
        Ok("sleeper") => std::thread::sleep(Duration::from_secs(30)),
        Ok("abandon") => {
            // The point of this role: clippy rightly warns about it.
            #[allow(clippy::zombie_processes)]
            let sleeper = again("sleeper")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the test binary starts again");
            println!("sleeper pid {}", sleeper.id());
            // Dropping a Child neither kills nor waits: the sleeper runs on.
        }
        _ => {}
    }
}

/// This test binary, to be started again in `role`.
fn again(role: &str) -> Command {
    let exe = std::env::current_exe().expect("a test knows its binary");
    let mut command = Command::new(exe);
    command
        .args(["--exact", "child_role", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .stdin(Stdio::null());
    command
}

/// Kills a process that is not our child (so no `Child` to kill) on drop,
/// so that a failing assertion below still leaves nothing behind.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", &self.0.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

fn listed(found: &[Leftover]) -> String {
    found.iter().map(|l| format!("\n  {l}")).collect()
}

#[test]
#[cfg(target_os = "linux")]
fn a_child_left_running_is_found() {
    let target = target_dir().expect("tests run from Cargo's target directory");
    let output = again("abandon").output().expect("the abandoning child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let pid: u32 = stdout
        .lines()
        // The test runner prints "test child_role ... " before the line.
        .find_map(|line| Some(line.split_once("sleeper pid ")?.1))
        .and_then(|pid| pid.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("the abandoning child printed no pid:\n{stdout}"));
    let sleeper = KillOnDrop(pid);

    let found = leftover(&target);
    let left = found.iter().find(|l| l.pid == pid);
    assert!(
        left.is_some_and(|l| l.cmdline.contains("child_role")),
        "leftover() missed the abandoned sleeper {pid}; it found:{}",
        listed(&found)
    );

    drop(sleeper);
    let killed = Instant::now();
    while leftover(&target).iter().any(|l| l.pid == pid) {
        assert!(
            killed.elapsed() < Duration::from_secs(5),
            "{pid} survived kill -KILL"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Run by CI after all other tests: nothing of ours may still run.
#[test]
#[ignore = "run on its own after every other test: cargo test --test orphans -- --ignored"]
fn no_workspace_process_left() {
    let target = target_dir().expect("tests run from Cargo's target directory");
    let found = leftover(&target);
    assert!(
        found.is_empty(),
        "{} process(es) of this workspace outlived their parent (a child not \
         killed and waited for on every path; see workbook::child::Guard):{}",
        found.len(),
        listed(&found)
    );
}
