//! The learner tool as a learner meets it, on throwaway copies: `reset`
//! changes one exercise and nothing else; `check` ends with the command
//! that re-runs the failing test against the learner's file; `progress`
//! does not re-run what did not change; `watch` re-runs within 2 s of a
//! save (polling and events) and leaves no child behind on Ctrl-C.
//!
//! Cargo is replaced by a fake (`LEARNER_CARGO`): a shell script that logs
//! each run and prints what libtest prints. These tests check the loop
//! around the tests, not cargo, and they stay fast.

#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const LEARNER: &str = env!("CARGO_BIN_EXE_learner");

/// How long a test waits for an event before it calls it a hang: a guard,
/// never the pass/fail criterion (each takes well under a second idle).
const HANG_GUARD: Duration = Duration::from_secs(60);

/// Kills and reaps the child on drop: a failing assertion leaves nothing.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const STUB: &str = "//! The learner's file.\n\n// ANCHOR: one\n/// Exercise 1.\npub fn one() -> u32 {\n    todo!()\n}\n\
    // ANCHOR_END: one\n\n// ANCHOR: two\n/// Exercise 2. Needs: `one`.\npub fn two() -> u32 {\n    todo!()\n}\n\
    // ANCHOR_END: two\n";

/// The libtest output the fake cargo prints: exercise one fails.
const FAILING_RUN: &str = "running 2 tests\ntest one::a ... FAILED\ntest two::b ... FAILED\n\nfailures:\n\n\
    ---- one::a stdout ----\n\nthread 'one::a' (7) panicked at lessons/01-fake/src/exercises.rs:6:5:\n\
    not yet implemented\n\n---- two::b stdout ----\n\nthread 'two::b' (8) panicked at x.rs:1:1:\nnot yet implemented\n\n\
    failures:\n    one::a\n    two::b\n\ntest result: FAILED. 0 passed; 2 failed\n";

/// A workbook with one lesson, `lessons/01-fake`, and a fake cargo.
struct Workbook {
    dir: tempfile::TempDir,
}

impl Workbook {
    fn new() -> Workbook {
        let dir = tempfile::tempdir().expect("a temp dir");
        let lesson = dir.path().join("lessons/01-fake");
        for sub in ["src", "stubs"] {
            fs::create_dir_all(lesson.join(sub)).expect("mkdir");
        }
        fs::write(
            lesson.join("hints.md"),
            "# Hints\n\n## `one`\nFirst.\n\n## two\nSecond.\n",
        )
        .expect("write");
        fs::write(lesson.join("src/exercises.rs"), STUB).expect("write");
        fs::write(lesson.join("stubs/exercises.rs"), STUB).expect("write");
        fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").expect("write");
        fs::write(dir.path().join("run.txt"), FAILING_RUN).expect("write");
        // The lesson was built before (a first build is tested on its own).
        fs::create_dir_all(dir.path().join("target/debug/.fingerprint/lesson-01-fake-0123")).expect("mkdir");
        // Each run appends its arguments and RUST_BACKTRACE to log.txt. A
        // first build (`--no-run`) says so on stderr; the model check
        // (`--test loom`) logs its RUSTFLAGS and build folder and prints
        // loom.txt; a run alone (`--nocapture`) prints nocapture.txt on
        // stderr. run-learner.txt and loom-learner.txt, where they exist,
        // replace run.txt and loom.txt for the stubs (the learner's feature),
        // run-key.txt and loom-key.txt for the answer key; a run alone prints
        // nocapture.txt on stderr; any run prints stderr.txt on stderr. With
        // FAKE_HANG set it writes its pid and sleeps (a check still running).
        let script = format!(
            "#!/bin/sh\necho \"$RUST_BACKTRACE $*\" >> '{root}/log.txt'\n\
             case \"$*\" in *learner*) code=learner;; *) code=key;; esac\n\
             run='{root}/run.txt'; [ -f \"{root}/run-$code.txt\" ] && run=\"{root}/run-$code.txt\"\n\
             loom='{root}/loom.txt'; [ -f \"{root}/loom-$code.txt\" ] && loom=\"{root}/loom-$code.txt\"\n\
             case \"$*\" in\n\
             *--no-run*) echo '   Compiling lesson-01-fake (a first build)' >&2; exit 0;;\n\
             *'--test loom'*) echo \"$RUSTFLAGS|$CARGO_TARGET_DIR\" >> '{root}/loom-env.txt'; \
             cat \"$loom\"; exit 101;;\n\
             *--nocapture*) cat '{root}/nocapture.txt' >&2; cat \"$run\"; exit 101;;\n\
             esac\n\
             if [ -n \"$FAKE_HANG\" ]; then echo $$ > '{root}/pid.txt'; \
             cat '{root}/stderr.txt' >&2 2>/dev/null; exec sleep 60; fi\n\
             [ -f '{root}/stderr.txt' ] && cat '{root}/stderr.txt' >&2\n\
             cat \"$run\"\nexit 101\n",
            root = dir.path().display()
        );
        let cargo = dir.path().join("cargo");
        fs::write(&cargo, script).expect("write");
        Command::new("chmod")
            .arg("+x")
            .arg(&cargo)
            .status()
            .expect("chmod");
        Workbook { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self) -> PathBuf {
        self.root().join("lessons/01-fake/src/exercises.rs")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(LEARNER);
        command
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("LEARNER_CARGO", self.root().join("cargo"))
            .env("CARGO_TARGET_DIR", self.root().join("target"))
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the learner tool runs")
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.root().join(name), text).expect("write");
    }

    fn runs(&self) -> Vec<String> {
        fs::read_to_string(self.root().join("log.txt"))
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn reset_of_one_exercise_changes_only_its_block() {
    let book = Workbook::new();
    let mine = STUB
        .replace(
            "pub fn one() -> u32 {\n    todo!()",
            "pub fn one() -> u32 {\n    1",
        )
        .replace(
            "pub fn two() -> u32 {\n    todo!()",
            "pub fn two() -> u32 {\n    // my try\n    2",
        );
    fs::write(book.file(), &mine).expect("write");
    let out = book.run(&["reset", "1", "2", "--yes"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let after = fs::read_to_string(book.file()).expect("read");
    let expected = STUB.replace(
        "pub fn one() -> u32 {\n    todo!()",
        "pub fn one() -> u32 {\n    1",
    );
    assert_eq!(
        after, expected,
        "exercise 2 is the stub again, exercise 1 is still the learner's"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("// my try"),
        "it shows what it overwrites:\n{stdout}"
    );
    let backups = fs::read_dir(book.root().join("target/learner/backups"))
        .expect("a backup folder")
        .count();
    assert_eq!(backups, 1, "the old file is kept");
}

#[test]
fn reset_without_a_terminal_or_yes_refuses_and_changes_nothing() {
    let book = Workbook::new();
    let mine = STUB.replace("todo!()", "7");
    fs::write(book.file(), &mine).expect("write");
    let out = book.run(&["reset", "1"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Add --yes"), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(book.file()).expect("read"), mine);
}

#[test]
fn a_failing_check_tests_the_learners_file_and_ends_with_the_rerun_command() {
    let book = Workbook::new();
    let out = book.run(&["check", "1", "`one`"]);
    assert!(!out.status.success(), "failing tests fail the check");
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().last(), Some("just check 1 one::a"), "{stdout}");
    let runs = book.runs();
    assert_eq!(runs.len(), 1);
    assert!(runs[0].starts_with("0 test "), "RUST_BACKTRACE=0: {}", runs[0]);
    assert!(
        runs[0].contains("--features learner --test exercises"),
        "{}",
        runs[0]
    );
    assert!(
        runs[0].ends_with("-- --color never one::"),
        "`one` selects one:: : {}",
        runs[0]
    );
}

#[test]
fn progress_names_the_next_exercise_and_reruns_only_what_changed() {
    let book = Workbook::new();
    let first = book.run(&["progress"]);
    let stdout = text(&first.stdout);
    assert!(
        stdout.contains("1. one at lessons/01-fake/src/exercises.rs:5"),
        "{stdout}"
    );
    assert!(stdout.contains("0 of 1 lessons unchanged"), "{stdout}");
    let second = book.run(&["progress"]);
    assert!(
        text(&second.stdout).contains("1 of 1 lessons unchanged"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(
        book.runs().len(),
        1,
        "nothing changed: the tests did not run again"
    );
    fs::write(book.file(), STUB.replace("todo!()", "1")).expect("write");
    book.run(&["progress"]);
    assert_eq!(
        book.runs().len(),
        2,
        "the learner's file changed: the tests ran again"
    );
    // Exercise two's doc says it needs one, which is not done.
    fs::write(
        book.root().join("run.txt"),
        "running 2 tests\ntest one::a ... ok\ntest two::b ... FAILED\n\ntest result: FAILED.\n",
    )
    .expect("write");
    fs::write(book.file(), STUB.replace("todo!()", "2")).expect("write");
    let stdout = text(&book.run(&["progress"]).stdout);
    assert!(
        stdout.contains("2. two at lessons/01-fake/src/exercises.rs:12 (needs 1. one)"),
        "{stdout}"
    );
}

/// Start `watch 1` and hand its stdout lines to a channel.
fn watch(book: &Workbook, mode: &str, hang: bool) -> (Guard, mpsc::Receiver<String>) {
    watch_with(book, &["watch", "1", mode], hang)
}

fn watch_with(book: &Workbook, args: &[&str], hang: bool) -> (Guard, mpsc::Receiver<String>) {
    let mut command = book.command(args);
    if hang {
        command.env("FAKE_HANG", "1");
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("watch starts");
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (Guard(child), rx)
}

/// The lines a running tool prints, up to and including the first that
/// starts with `start` (within [`HANG_GUARD`]).
fn wait_for_line(rx: &mpsc::Receiver<String>, start: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(HANG_GUARD) {
            Ok(line) => {
                let found = line.starts_with(start);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(e) => panic!("no line starting {start:?} ({e}); it printed:\n{seen:#?}"),
        }
    }
}

/// Wait until `done` holds, failing after `limit` (a hang guard) with `what`.
fn wait_for(limit: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    start.elapsed()
}

fn reruns_after_a_save(mode: &str) {
    let book = Workbook::new();
    let (mut guard, rx) = watch(&book, mode, false);
    let expected = if mode == "--poll" {
        "polling every 500 ms (--poll)"
    } else {
        "file events (--events)"
    };
    let first = rx.recv_timeout(HANG_GUARD).expect("watch prints its mode");
    assert!(first.contains(expected), "{first}");
    // It waits for a save once it says so (an event, not a pause).
    let mut lines = wait_for_line(&rx, "watch: save ");
    // The learner edits exercise two while exercise one is the current one.
    let two = "pub fn two() -> u32 {\n    todo!()";
    fs::write(book.file(), STUB.replace(two, "pub fn two() -> u32 {\n    2")).expect("write");
    // On an idle machine this takes tens of milliseconds (printed below).
    let took = wait_for(HANG_GUARD, "a re-run after the save", || book.runs().len() == 2);
    eprintln!("{mode}: re-run {took:?} after the save");
    assert!(
        book.runs()[1].ends_with("one:: two::"),
        "it re-runs the current exercise and the one edited: {:?}",
        book.runs()
    );
    // Ctrl-C only once the re-check has printed its whole report and waits
    // again: a Ctrl-C while it runs stops it before its heading (seen under
    // load).
    lines.extend(wait_for_line(&rx, "watch: save "));
    Command::new("kill")
        .args(["-INT", &guard.0.id().to_string()])
        .status()
        .expect("kill");
    wait_for(HANG_GUARD, "exit after Ctrl-C", || {
        matches!(guard.0.try_wait(), Ok(Some(_)))
    });
    // All of it: the reader thread ends at the pipe's end, after the exit.
    lines.extend(rx.iter());
    assert!(lines.iter().any(|l| l == "watch: stopped."), "{lines:#?}");
    let headings: Vec<&String> = lines.iter().filter(|l| l.starts_with("----- watch")).collect();
    assert_eq!(
        headings,
        [
            "----- watch: first check -----",
            "----- watch: checked again -----"
        ],
        "{lines:#?}"
    );
}

#[test]
fn watch_reruns_after_a_save_when_polling() {
    reruns_after_a_save("--poll");
}

#[test]
fn watch_reruns_after_a_save_with_file_events() {
    reruns_after_a_save("--events");
}

#[test]
fn ctrl_c_during_a_check_ends_watch_and_its_check() {
    let book = Workbook::new();
    let (mut guard, _rx) = watch(&book, "--poll", true);
    let pid_file = book.root().join("pid.txt");
    wait_for(HANG_GUARD, "the check starts", || {
        fs::read_to_string(&pid_file).is_ok_and(|s| s.ends_with('\n'))
    });
    let pid = fs::read_to_string(&pid_file).expect("read").trim().to_string();
    Command::new("kill")
        .args(["-INT", &guard.0.id().to_string()])
        .status()
        .expect("kill");
    wait_for(HANG_GUARD, "exit after Ctrl-C", || {
        matches!(guard.0.try_wait(), Ok(Some(_)))
    });
    let alive = Command::new("kill")
        .args(["-0", &pid])
        .stderr(Stdio::null())
        .status()
        .expect("kill -0");
    assert!(!alive.success(), "the running check (pid {pid}) outlived watch");
}

const PASSING_RUN: &str = "running 2 tests\ntest one::a ... ok\ntest two::b ... ok\n\ntest result: ok.\n";

#[test]
fn watch_of_no_lesson_says_when_the_lesson_passes_and_moves_on() {
    let book = Workbook::new();
    book.write("run.txt", PASSING_RUN);
    let (mut guard, rx) = watch_with(&book, &["watch", "--poll"], false);
    // One lesson only: after it, there is nothing left to watch.
    wait_for(HANG_GUARD, "watch ends", || {
        matches!(guard.0.try_wait(), Ok(Some(_)))
    });
    let lines: Vec<String> = rx.iter().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Every exercise of lesson 1 passes")),
        "{lines:#?}"
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some("Every exercise of every lesson passes. Well done!")
    );
}

#[test]
fn watch_of_a_named_lesson_stays_on_it_after_it_passes() {
    let book = Workbook::new();
    book.write("run.txt", PASSING_RUN);
    let (guard, rx) = watch(&book, "--poll", false);
    let lines = wait_for_line(&rx, "watch: lesson 1 passes; still watching it");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Every exercise of lesson 1 passes")),
        "{lines:#?}"
    );
    fs::write(book.file(), STUB.replace("todo!()", "1")).expect("write");
    wait_for_line(&rx, "watch: a file changed, checking again");
    wait_for(HANG_GUARD, "a check after the save", || book.runs().len() == 2);
    drop(guard);
}

#[test]
fn a_first_build_shows_cargos_own_progress() {
    let book = Workbook::new();
    fs::remove_dir_all(book.root().join("target/debug/.fingerprint")).expect("rm");
    let out = book.run(&["check", "1"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cargo shows its progress"), "{stderr}");
    assert!(
        stderr.contains("Compiling lesson-01-fake (a first build)"),
        "cargo's own stderr reaches the learner:\n{stderr}"
    );
    let runs = book.runs();
    assert!(runs[0].contains("--features learner --no-run --bins"), "{runs:?}");
    assert!(runs[1].contains("--test exercises"), "{runs:?}");
}

#[test]
fn the_tests_own_stderr_is_hidden_on_success_and_shown_with_full() {
    let book = Workbook::new();
    book.write("run.txt", PASSING_RUN);
    book.write(
        "stderr.txt",
        "   Compiling lesson-01-fake\nwarning: unused variable: `x`\n\
         \x20    Running tests/exercises.rs (target/debug/deps/exercises-1)\n\
         error: the child failed on purpose\n",
    );
    let out = book.run(&["check", "1"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("unused variable"),
        "rustc's warnings stay: {stdout}"
    );
    assert!(!stdout.contains("failed on purpose"), "{stdout}");
    let stdout = text(&book.run(&["check", "1", "--full"]).stdout);
    assert!(stdout.contains("error: the child failed on purpose"), "{stdout}");
}

#[test]
fn a_panic_on_a_worker_thread_reaches_the_failure() {
    let book = Workbook::new();
    // Its panic went to another test's capture: the failure is empty.
    book.write(
        "run.txt",
        "running 2 tests\ntest one::a ... FAILED\ntest two::b ... ok\n\nfailures:\n\n\
         ---- one::a stdout ----\n\nfailures:\n    one::a\n\ntest result: FAILED. 1 passed; 1 failed\n",
    );
    book.write(
        "nocapture.txt",
        "     Running tests/exercises.rs (target/debug/deps/exercises-1)\n\
         thread '<unnamed>' (9) panicked at lessons/01-fake/src/exercises.rs:6:5:\n\
         attempt to add with overflow\n",
    );
    let out = book.run(&["check", "1"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("attempt to add with overflow"), "{stdout}");
    assert!(
        stdout.contains("panicked at lessons/01-fake/src/exercises.rs:6:5"),
        "{stdout}"
    );
    let runs = book.runs();
    assert!(
        runs[1].ends_with("one::a --exact --nocapture --test-threads=1"),
        "the silent test alone: {runs:?}"
    );
}

#[test]
fn a_test_still_waiting_says_so_while_the_check_runs() {
    let book = Workbook::new();
    book.write(
        "stderr.txt",
        "still waiting: `one::a` has run 5 s (it fails at 20 s): a deadlock?\n",
    );
    let mut child = book
        .command(&["check", "1"])
        .env("FAKE_HANG", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("check starts");
    let stderr = child.stderr.take().expect("piped");
    let guard = Guard(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Seen while the check still runs (the fake cargo sleeps on).
    wait_for_line(&rx, "still waiting: `one::a` has run 5 s");
    let pid = fs::read_to_string(book.root().join("pid.txt")).expect("the check runs");
    let alive = Command::new("kill")
        .args(["-0", pid.trim()])
        .status()
        .expect("kill -0");
    assert!(alive.success(), "said before the check ended");
    drop(guard);
}

/// A lesson with `tests/loom.rs`: once its exercise tests pass, the model
/// check runs (release, `--cfg loom`, its own build folder), and its
/// failures are reported like the others.
#[test]
fn the_model_check_runs_after_the_tests_pass_and_reports_its_failures() {
    let book = Workbook::new();
    fs::create_dir_all(book.root().join("lessons/01-fake/tests")).expect("mkdir");
    book.write("lessons/01-fake/tests/loom.rs", "// loom tests\n");
    book.write("run.txt", FAILING_RUN);
    book.run(&["check", "1"]);
    assert_eq!(book.runs().len(), 1, "failing tests: no model check");
    book.write("run.txt", PASSING_RUN);
    book.write(
        "loom.txt",
        "running 1 test\ntest one::interleaved ... FAILED\n\nfailures:\n\n\
         ---- one::interleaved stdout ----\n\
         thread 'one::interleaved' panicked at lessons/01-fake/tests/loom.rs:9:5:\n\
         lost update: 1 of 2 adds counted\n\nfailures:\n    one::interleaved\n\n\
         test result: FAILED. 0 passed; 1 failed\n",
    );
    let out = book.run(&["check", "1"]);
    let stdout = text(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("one::interleaved (loom)"), "{stdout}");
    assert!(stdout.contains("lost update: 1 of 2 adds counted"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("just check 1 one::interleaved"),
        "{stdout}"
    );
    let runs = book.runs();
    let loom = runs.last().expect("runs");
    assert!(
        loom.contains("--features learner --release --test loom -- --color never"),
        "{runs:?}"
    );
    let env = fs::read_to_string(book.root().join("loom-env.txt")).expect("logged");
    let (flags, target) = env.trim().split_once('|').expect("two fields");
    assert!(flags.ends_with("--cfg loom"), "{env}");
    assert!(target.ends_with("target/loom"), "its own build folder: {env}");
    // The answer key: the same model check, without the learner's feature.
    book.run(&["solutions", "1"]);
    let runs = book.runs();
    let loom = runs.last().expect("runs");
    assert!(loom.contains("--release --test loom"), "{runs:?}");
    assert!(!loom.contains("learner"), "{runs:?}");
}

/// `verify-stubs` holds the model check to the same rule as the tests.
#[test]
fn verify_stubs_includes_the_model_check() {
    let book = Workbook::new();
    fs::create_dir_all(book.root().join("lessons/01-fake/tests")).expect("mkdir");
    book.write("lessons/01-fake/tests/loom.rs", "// loom tests\n");
    book.write("run-learner.txt", FAILING_RUN);
    book.write("run-key.txt", PASSING_RUN);
    let loom = |outcome: &str| {
        format!("running 1 test\ntest one::interleaved ... {outcome}\n\ntest result: {outcome}.\n")
    };
    book.write("loom-learner.txt", &loom("FAILED"));
    book.write("loom-key.txt", &loom("ok"));
    let out = book.run(&["verify-stubs"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        book.runs().iter().filter(|r| r.contains("--test loom")).count() == 2,
        "{:?}",
        book.runs()
    );
    book.write("loom-learner.txt", &loom("ok"));
    let out = book.run(&["verify-stubs"]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("the model check `one::interleaved` passes against the untouched stubs"),
        "{stderr}"
    );
}

/// The workbook's own lessons: every list of exercises reads, and every
/// lesson with exercises ships its stubs (what `reset` restores). Whether
/// the stubs fail and the solutions pass is `just verify-stubs`' job.
#[test]
fn the_workbooks_lessons_list_their_exercises_and_ship_stubs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(LEARNER)
        .arg("--root")
        .arg(&root)
        .arg("list")
        .output()
        .expect("runs");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(!stdout.contains("cannot read its exercises"), "{stdout}");
    for entry in fs::read_dir(root.join("lessons")).expect("lessons/").flatten() {
        let dir = entry.path();
        if dir.join("hints.md").exists() {
            assert!(
                dir.join("stubs/exercises.rs").exists(),
                "{} has no stubs/exercises.rs",
                dir.display()
            );
        }
    }
}

#[test]
fn a_build_after_a_dependency_change_shows_cargos_own_progress() {
    let book = Workbook::new();
    // The lesson was built (its fingerprint), then Cargo.lock changed.
    let print = book.root().join("target/debug/.fingerprint/lesson-01-fake-0123");
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&print)
        .or_else(|_| fs::File::open(&print))
        .and_then(|dir| dir.set_modified(long_ago))
        .expect("the fingerprint's time set back");
    book.write("Cargo.lock", "# a dependency changed\n");
    let out = book.run(&["check", "1"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cargo shows its progress"),
        "a build after a dependency change is announced as long:\n{stderr}"
    );
    assert!(
        stderr.contains("Compiling lesson-01-fake (a first build)"),
        "cargo's own stderr reaches the learner:\n{stderr}"
    );
    let runs = book.runs();
    assert!(runs[0].contains("--no-run"), "{runs:?}");
    // Once built, the next check is quiet again (the tool's mark is newer).
    let out = book.run(&["check", "1"]);
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("cargo shows its progress"), "{stderr}");
    let runs = book.runs();
    assert!(
        !runs[2..].iter().any(|run| run.contains("--no-run")),
        "no second shown build: {runs:?}"
    );
}

#[test]
fn the_model_checks_first_build_shows_cargos_own_progress() {
    let book = Workbook::new();
    fs::create_dir_all(book.root().join("lessons/01-fake/tests")).expect("mkdir");
    book.write("lessons/01-fake/tests/loom.rs", "// loom tests\n");
    book.write("run.txt", PASSING_RUN);
    book.write("loom.txt", PASSING_RUN);
    let out = book.run(&["check", "1"]);
    let stderr = text(&out.stderr);
    let runs = book.runs();
    let shown = runs
        .iter()
        .position(|run| run.contains("--release --no-run --lib"))
        .unwrap_or_else(|| panic!("no shown build of the model check: {runs:?}"));
    let loom = runs
        .iter()
        .position(|run| run.contains("--release --test loom"))
        .unwrap_or_else(|| panic!("no model check: {runs:?}"));
    assert!(
        shown < loom,
        "the build is shown before the model check runs: {runs:?}"
    );
    assert!(
        stderr.contains("Compiling lesson-01-fake (a first build)"),
        "cargo's own stderr reaches the learner:\n{stderr}"
    );
}
