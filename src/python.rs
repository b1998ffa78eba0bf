//! Run a lesson's Python original from a Rust test, with a time limit.
//!
//! Every chapter shows Python beside Rust, and the Python it shows must run:
//! each lesson's `tests/python.rs` runs its `python/*.py` through [`run`] and
//! checks what they print. The scripts read their time scale from
//! `--unit-ms MS` or the environment variable `WORKBOOK_UNIT_MS`; [`run`]
//! passes the first on as the second too, so a script that only reads the
//! environment runs at the test's scale. A learner's machine may have no
//! `python3`: then the test is skipped with one clear line, not failed. A
//! script that hangs is killed and reaped at the limit (a [`Guard`] holds
//! it, so a panic anywhere on the way reaps it too), and the test fails
//! saying so.

use crate::child::Guard;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The interpreter: the name it has on Linux and macOS.
pub const PYTHON: &str = "python3";

/// The environment variable the scripts read their unit from.
pub const UNIT_VAR: &str = "WORKBOOK_UNIT_MS";

/// Run `python3 script args...` and return what it printed and how it ended,
/// or `None` (after printing `skipped: python3 not found`) when there is no
/// `python3`. `--unit-ms MS` among `args` is also set as `WORKBOOK_UNIT_MS`.
///
/// # Panics
/// When the script runs longer than `limit` (it is killed and reaped first,
/// and the message quotes what it printed on stderr), or when `python3`
/// exists but cannot be started. This is a test helper: a panic is the
/// test's failure.
pub fn run(script: impl AsRef<Path>, args: &[&str], limit: Duration) -> Option<Output> {
    run_with(PYTHON, script.as_ref(), args, limit)
}

/// What `python3 lesson_dir/python/name args...` printed on stdout, after
/// checking that it succeeded; `None` (said on stderr) without `python3`.
/// Every lesson's `tests/python.rs` starts with this.
///
/// # Panics
/// As [`run`], and when the script fails: the message names it and quotes
/// its status, stdout and stderr.
pub fn stdout_of(lesson_dir: &str, name: &str, args: &[&str], limit: Duration) -> Option<String> {
    let script = Path::new(lesson_dir).join("python").join(name);
    let output = run(&script, args, limit)?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{name} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout)
}

/// Check that `name` printed `line` (a whole line or part of one); the
/// failure names the script and the line and quotes all it printed.
///
/// # Panics
/// When `stdout` does not contain `line`: that is the test's failure.
pub fn expect_line(stdout: &str, name: &str, line: &str) {
    assert!(
        stdout.contains(line),
        "{name} did not print {line:?}; it printed:\n{stdout}"
    );
}

/// [`expect_line`] for each of `lines`.
///
/// # Panics
/// At the first line `stdout` does not contain.
pub fn expect_lines(stdout: &str, name: &str, lines: &[&str]) {
    for line in lines {
        expect_line(stdout, name, line);
    }
}

/// [`run`] with another interpreter (the tests use a missing one).
fn run_with(python: &str, script: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut command = Command::new(python);
    command
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(ms) = unit_ms(args) {
        command.env(UNIT_VAR, ms);
    }
    let mut child = match command.spawn() {
        Ok(child) => Guard::new(child),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            println!("skipped: {python} not found");
            return None;
        }
        Err(error) => panic!("cannot start {python} {}: {error}", script.display()),
    };
    // Read both pipes while waiting: a script that fills a pipe nobody reads
    // blocks forever, and would look like a hang.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < limit => thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                drop(child); // killed and reaped; the pipes close, the readers end
                let said = String::from_utf8_lossy(&join(stderr)).into_owned();
                panic!(
                    "{python} {} ran past its limit of {limit:?} and was killed; stderr:\n{said}",
                    script.display()
                );
            }
            Err(error) => panic!("cannot wait for {python} {}: {error}", script.display()),
        }
    };
    Some(Output {
        status,
        stdout: join(stdout),
        stderr: join(stderr),
    })
}

/// The value of `--unit-ms MS` or `--unit-ms=MS` in `args`.
fn unit_ms<'a>(args: &[&'a str]) -> Option<&'a str> {
    args.iter()
        .enumerate()
        .find_map(|(i, arg)| match arg.strip_prefix("--unit-ms") {
            Some("") => args.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        })
}

type Reader = Option<thread::JoinHandle<Vec<u8>>>;

/// Read a pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> Reader {
    pipe.map(|mut pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            // A read error leaves what was read so far: enough for a message.
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    })
}

fn join(reader: Reader) -> Vec<u8> {
    reader.and_then(|r| r.join().ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_is_found_in_either_spelling() {
        assert_eq!(unit_ms(&["--unit-ms", "5", "x"]), Some("5"));
        assert_eq!(unit_ms(&["x", "--unit-ms=7"]), Some("7"));
        assert_eq!(unit_ms(&["--seed", "1"]), None);
    }

    fn script(name: &str, body: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("workbook-{}-{name}.py", std::process::id()));
        std::fs::write(&path, body).expect("the temp dir is writable");
        path
    }

    #[test]
    fn output_and_the_unit_reach_the_caller() {
        let path = script(
            "echo",
            "import os, sys\nprint(os.environ['WORKBOOK_UNIT_MS'], sys.argv[1:])\n",
        );
        if let Some(output) = run(&path, &["--unit-ms", "5"], Duration::from_secs(20)) {
            assert!(output.status.success());
            assert_eq!(String::from_utf8_lossy(&output.stdout), "5 ['--unit-ms', '5']\n");
        }
        let _ = std::fs::remove_file(path);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_script_past_its_limit_is_killed_and_reaped() {
        let path = script("hang", "import time\ntime.sleep(30)\n");
        let outcome = std::panic::catch_unwind(|| run(&path, &[], Duration::from_millis(300)));
        let message = outcome
            .err()
            .and_then(|e| e.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // Without python3 there was nothing to kill (and no panic).
        if Command::new(PYTHON).arg("-V").output().is_ok() {
            assert!(message.contains("ran past its limit of 300ms"), "{message}");
            let name = path.to_string_lossy().into_owned();
            let left = crate::orphans::running_with(&name);
            assert!(left.is_empty(), "python3 left running: {left:?}");
        }
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_missing_interpreter_is_a_skip_not_a_failure() {
        let path = script("never", "print('never run')\n");
        let output = run_with("workbook-no-such-python", &path, &[], Duration::from_secs(5));
        assert!(output.is_none(), "no interpreter, no output: skipped");
        let _ = std::fs::remove_file(path);
    }
}
