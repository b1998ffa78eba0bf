//! The Python originals of chapter 03 run, and print what the chapter says
//! they print, the seeds' mistakes included. Each runs at a few
//! milliseconds per unit (skipped, saying so, where there is no `python3`).

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

/// Run `python/<name>` with `args`, to its end, whatever its exit status.
fn run(name: &str, args: &[&str]) -> Option<Output> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(name);
    workbook::python::run(&script, args, Duration::from_secs(60))
}

/// Its stdout, after checking that it succeeded.
fn stdout(name: &str, output: &Output) -> String {
    assert!(
        output.status.success(),
        "{name} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn chores_in_processes_take_about_the_longest() {
    let Some(output) = run("chores.py", &["--unit-ms", "20"]) else {
        return;
    };
    let out = stdout("chores.py", &output);
    assert!(out.contains("coffee break is done"), "{out}");
    assert!(
        out.contains("one after another:") && out.contains("three processes:"),
        "{out}"
    );
}

#[test]
fn calling_the_target_prints_from_the_parent() {
    let Some(output) = run("call_not_target.py", &[]) else {
        return;
    };
    let out = stdout("call_not_target.py", &output);
    let parent = out
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("parent pid "))
        .expect("the first line names the parent");
    let pids: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("test! from pid "))
        .collect();
    assert_eq!(pids.len(), 10, "{out}");
    assert!(
        pids[..5].iter().all(|pid| *pid == parent),
        "target=spawn(): all from the parent:\n{out}"
    );
    assert!(
        pids[5..].iter().all(|pid| *pid != parent),
        "target=spawn: from the children:\n{out}"
    );
}

#[test]
fn without_a_main_guard_a_spawn_child_raises_runtime_error() {
    let Some(output) = run("no_main_guard.py", &[]) else {
        return;
    };
    let out = stdout("no_main_guard.py", &output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        out.matches("top level runs in pid").count(),
        2,
        "parent and child:\n{out}"
    );
    assert!(out.contains("the child's exit code: 1"), "{out}");
    assert!(
        stderr.contains("RuntimeError") && stderr.contains("bootstrapping phase"),
        "the child stops with RuntimeError, no runaway:\n{stderr}"
    );
}

#[test]
fn each_process_counts_ten_into_the_manager() {
    let Some(output) = run("manager_counter.py", &["--unit-ms", "5"]) else {
        return;
    };
    let out = stdout("manager_counter.py", &output);
    assert!(out.contains("[10, 10, 10, 10] from 4 processes"), "{out}");
}

#[test]
fn exit_codes_as_python_reports_them() {
    let Some(output) = run("exit_codes.py", &[]) else {
        return;
    };
    let out = stdout("exit_codes.py", &output);
    for line in [
        "returns: exitcode 0",
        "exits_3: exitcode 3",
        "raises: exitcode 1",
        "sleeps: exitcode -9",
    ] {
        assert!(out.contains(line), "`{line}` in:\n{out}");
    }
}

#[test]
fn fork_copies_the_parent_and_spawn_starts_afresh() {
    let Some(output) = run("isolation.py", &[]) else {
        return;
    };
    let out = stdout("isolation.py", &output);
    for line in [
        "a fork child adds 1 and sees 11",
        "a spawn child adds 1 and sees 1",
        "the parent's COUNTER is still 10",
    ] {
        assert!(out.contains(line), "`{line}` in:\n{out}");
    }
}

#[test]
fn start_cost_measures_fork_spawn_and_threads() {
    let Some(output) = run("start_cost.py", &["--n", "5"]) else {
        return;
    };
    let out = stdout("start_cost.py", &output);
    for line in ["fork:", "spawn:", "thread:"] {
        assert!(out.contains(line), "`{line}` in:\n{out}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn fork_is_linuxs_default_and_forking_with_threads_warns_from_3_12() {
    let Some(output) = run("start_methods.py", &[]) else {
        return;
    };
    let out = stdout("start_methods.py", &output);
    let version: Vec<u32> = out
        .split_whitespace()
        .next()
        .unwrap_or("")
        .split('.')
        .filter_map(|part| part.parse().ok())
        .collect();
    let minor = version.get(1).copied().unwrap_or(0);
    // 3.14 made forkserver Linux's default (not measured here: pyenv has 3.9-3.13).
    if minor < 14 {
        assert!(
            out.contains("default start method: fork"),
            "before 3.14, fork: {out}"
        );
    }
    let warned = out.contains("warned: ['DeprecationWarning']");
    assert_eq!(
        warned,
        minor >= 12,
        "CPython 3.12+ warns when a process with threads forks, older versions do not: {out}"
    );
}

/// The mapping row `os.cpu_count()` ↔ `available_parallelism()`: under
/// `taskset -c 0` Python's `os.cpu_count()` still counts the machine, while
/// the affinity-based counts (and Rust) say 1.
#[cfg(target_os = "linux")]
#[test]
fn under_taskset_only_the_affinity_counts_say_one() {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/cpu_counts.py");
    let Ok(output) = std::process::Command::new("taskset")
        .args(["-c", "0", "python3"])
        .arg(&script)
        .output()
    else {
        eprintln!("skipped: no taskset here");
        return;
    };
    if !output.status.success() {
        eprintln!(
            "skipped: taskset or python3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let out = String::from_utf8_lossy(&output.stdout);
    let machine = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(out.contains("len(os.sched_getaffinity(0)): 1"), "{out}");
    let cpu_count: usize = out
        .lines()
        .find_map(|line| line.strip_prefix("os.cpu_count(): "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(
        cpu_count >= machine,
        "os.cpu_count() counts the machine's CPUs ({machine} or more), not the affinity \
         mask: {out}"
    );
    if out.contains("process_cpu_count") {
        assert!(out.contains("os.process_cpu_count(): 1"), "{out}");
    }
}
