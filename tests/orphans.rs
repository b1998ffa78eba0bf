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

/// A lesson's demo binary, built first if needed (`cargo build`, as the
/// smoke tests do): it sits beside this test's own folder, `target/debug`.
fn lesson_binary(package: &str) -> std::path::PathBuf {
    let built = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--package", package])
        .stdin(Stdio::null())
        .status()
        .expect("cargo runs");
    assert!(built.success(), "cargo build --package {package} failed");
    let exe = std::env::current_exe().expect("a test knows its binary");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a test binary lives in target/<profile>/deps");
    debug.join(package)
}

/// The pids of the processes whose parent is `parent` (from `/proc`).
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // "pid (name) state ppid ...": the name may hold spaces and `)`.
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                == Some(parent)
        })
        .collect()
}

/// Whether `pid` still runs `program` (not ended, not a zombie).
fn runs(pid: u32, program: &std::path::Path) -> bool {
    let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(true);
    !zombie && std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == program)
}

/// Kills every pid it holds on drop: workers adopted by PID 1 are no
/// children of ours, so no `Guard` can hold them.
#[derive(Default)]
struct KillAllOnDrop(Vec<u32>);

impl Drop for KillAllOnDrop {
    fn drop(&mut self) {
        for pid in &self.0 {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A folder of sales files that removes itself.
struct TempData(std::path::PathBuf);

impl Drop for TempData {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Lesson 08's `processes` engine, its parent killed mid-run: no worker
/// survives. Each worker is made to wait for ever on its next file (the
/// files turn into FIFOs with no writer once the first worker runs), so
/// that it cannot end by finishing its work: only its lifeline
/// (`workbook::lifecycle::lifeline`, watched by `watch_parent` in the
/// worker role) can end it once the parent is killed.
#[test]
#[cfg(target_os = "linux")]
fn lesson_08s_workers_end_with_their_killed_parent() {
    // Generous: only a hang guard (a busy machine starts processes slowly).
    const LIMIT: Duration = Duration::from_secs(120);
    let program = lesson_binary("lesson-08-sales");
    let dir = std::env::temp_dir().join(format!("workbook-orphans-08-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp folder");
    let data = TempData(dir);
    let row = "a1,10001,RED MUG,2,4.96,9.92,France,2015/04/06\n";
    let text = "InvoiceNo,StockCode,Description,Quantity,UnitPrice,TotalPrice,Country,Date\n".to_string()
        + &row.repeat(20_000);
    // Eight files, two workers: each worker reads four, one after another.
    let files: Vec<_> = (2015..2023)
        .map(|year| data.0.join(format!("{year}.csv")))
        .collect();
    for file in &files {
        std::fs::write(file, &text).expect("a sales file");
    }
    let mut parent = workbook::child::Guard::new(
        Command::new(&program)
            .args([
                "--json",
                "--engine",
                "processes",
                "--threads",
                "2",
                "--batches",
                "2",
            ])
            .arg("--data-dir")
            .arg(&data.0)
            .env_remove(workbook::lifecycle::PARENT_PID_VAR)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("lesson 08's demo starts"),
    );
    let deadline = Instant::now() + LIMIT;
    let mut workers = KillAllOnDrop::default();
    let wait = |what: &str, parent: &mut workbook::child::Guard| {
        if let Ok(Some(status)) = parent.try_wait() {
            panic!("lesson 08's demo ended ({status}) before {what}");
        }
        assert!(Instant::now() < deadline, "no {what} within {LIMIT:?}");
        std::thread::sleep(Duration::from_millis(1));
    };
    // 1. The first worker runs: the parent has checked the files already.
    while children_of(parent.id()).is_empty() {
        wait("it started a worker", &mut parent);
    }
    // 2. Every file a FIFO from now on: opening one waits for a writer.
    for file in &files {
        let fifo = data.0.join("next.fifo");
        let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success(), "mkfifo {}", fifo.display());
        std::fs::rename(&fifo, file).expect("the FIFO takes the file's name");
    }
    // 3. A worker waits on one: it can no longer end by finishing its work.
    let blocked = |pid: &u32| {
        std::fs::read_to_string(format!("/proc/{pid}/wchan"))
            .is_ok_and(|wchan| wchan.trim() == "wait_for_partner")
    };
    loop {
        workers.0 = children_of(parent.id());
        if workers.0.iter().any(blocked) {
            break;
        }
        wait(
            "a worker waited on a FIFO (were the files too small?)",
            &mut parent,
        );
    }
    // 4. Kill the parent where no destructor runs: only lifelines act.
    parent.kill().expect("the demo can be killed");
    parent.wait().expect("and reaped");
    // 5. Every worker ends, adopted and reaped by PID 1.
    loop {
        let alive: Vec<u32> = workers
            .0
            .iter()
            .copied()
            .filter(|&pid| runs(pid, &program))
            .collect();
        if alive.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "lesson 08's worker(s) {alive:?} outlived their killed parent by {LIMIT:?}: does \
             engines/processes.rs give each worker a lifeline (workbook::lifecycle::lifeline), and \
             does the worker role call workbook::lifecycle::watch_parent()?"
        );
        std::thread::sleep(Duration::from_millis(10));
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
