//! Find processes of this workspace that outlived the code that started them.
//!
//! Lesson 03 teaches that a child process does not end with its parent: kill
//! the parent, or let a failing test unwind past its `wait()`, and the child
//! runs on, adopted by PID 1. The workbook promises that none of its demos or
//! tests leaves one behind. [`leftover`] checks the promise: it lists the
//! processes whose program is a binary built into this workspace's target
//! directory, other than this process and its ancestors (the test runner
//! that asks). CI runs the `no_workspace_process_left` test in
//! `tests/orphans.rs` after every other test; any process it finds is a
//! child someone forgot to reap.
//!
//! Linux only: it reads `/proc/<pid>/exe` and `/proc/<pid>/cmdline`.
//! Elsewhere the lists are empty (the check passes without checking).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// A process that should not be running any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// Its process id.
    pub pid: u32,
    /// Its command line, arguments separated by spaces.
    pub cmdline: String,
}

impl fmt::Display for Leftover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pid {}: {}", self.pid, self.cmdline)
    }
}

/// The processes running a program from under `target_dir` that are not
/// this process or one of its ancestors.
pub fn leftover(target_dir: &Path) -> Vec<Leftover> {
    let Ok(target) = target_dir.canonicalize() else {
        return Vec::new();
    };
    others(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe.starts_with(&target)))
}

/// The processes (not this one or its ancestors) whose command line
/// contains `needle`: for a test that started a program from elsewhere
/// (`python3 script.py`) and wants to see it gone.
pub fn running_with(needle: &str) -> Vec<Leftover> {
    others(|pid| cmdline(pid).is_some_and(|line| line.contains(needle)))
}

/// The target directory the running program was built into: the nearest
/// directory above it that holds Cargo's `CACHEDIR.TAG`; or, where there is
/// none (Cargo writes it only when it creates the directory, so a target
/// directory made beforehand, or copied, lacks it), the one above the
/// profile's: `target/<profile>/deps/test` or `target/<profile>/program`.
pub fn target_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    if let Some(dir) = exe.ancestors().find(|dir| dir.join("CACHEDIR.TAG").is_file()) {
        return Some(dir.to_path_buf());
    }
    let mut dir = exe.parent()?;
    if dir.file_name().is_some_and(|name| name == "deps") {
        dir = dir.parent()?;
    }
    dir.parent().map(Path::to_path_buf)
}

/// Every process but ours for which `wanted(pid)` holds, by pid.
fn others(wanted: impl Fn(u32) -> bool) -> Vec<Leftover> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let ours = ours();
    let mut found: Vec<Leftover> = entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| !ours.contains(pid) && wanted(*pid))
        // A process that ended between the two reads has no command line.
        .filter_map(|pid| {
            Some(Leftover {
                pid,
                cmdline: cmdline(pid)?,
            })
        })
        .collect();
    found.sort_by_key(|l| l.pid);
    found
}

/// This process and its ancestors, up to PID 1.
fn ours() -> HashSet<u32> {
    let mut ours = HashSet::new();
    let mut pid = std::process::id();
    while pid > 1 && ours.insert(pid) {
        match parent_of(pid) {
            Some(parent) => pid = parent,
            None => break,
        }
    }
    ours
}

/// The parent's pid, from `/proc/<pid>/stat`: `"123 (name) S 45 ..."`.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name may hold spaces and parentheses: the fields start after the last ')'.
    let (_, fields) = stat.rsplit_once(')')?;
    fields.split_whitespace().nth(1)?.parse().ok()
}

/// The command line of `pid`, arguments joined by spaces; `None` when the
/// process is gone or is a zombie (an empty command line).
fn cmdline(pid: u32) -> Option<String> {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let line = bytes
        .split(|b| *b == 0)
        .filter(|arg| !arg.is_empty())
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(" ");
    (!line.is_empty()).then_some(line)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn this_process_and_its_parent_are_ours() {
        let ours = ours();
        assert!(ours.contains(&std::process::id()));
        assert!(ours.len() >= 2, "the test runner has a parent: {ours:?}");
    }

    #[test]
    fn this_test_binary_is_not_a_leftover_of_its_own_target_dir() {
        let target = target_dir().expect("tests run from Cargo's target dir");
        let me = std::process::id();
        assert!(leftover(&target).iter().all(|l| l.pid != me));
    }

    #[test]
    fn a_missing_target_dir_has_no_leftovers() {
        assert!(leftover(Path::new("/no/such/target")).is_empty());
    }
}
