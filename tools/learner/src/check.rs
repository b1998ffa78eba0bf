//! `just check N [K|name|test]`: run a lesson's exercise tests against the
//! learner's file, and print a short summary that ends with what to do next.
//!
//! A check is: a first build that shows cargo's own progress; the exercise
//! tests; each failing test that printed no panic run again alone (a worker
//! thread's panic went elsewhere); and, once they pass, the lesson's model
//! check (`tests/loom.rs`, if it has one). `--full` shows every message whole.
//!
//! The last line of a failing check is the exact command that re-runs the
//! first failing test against the learner's file. (Cargo's own hint,
//! "to rerun pass `-p … --test exercises`", drops `--features learner` and so
//! tests the reference solutions: it is filtered out.)

use crate::lessons::Exercises as _;
use crate::lessons::{self, Exercise, Lesson};
use crate::libtest::{self, Results};
use crate::{run, text};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Which version of the exercises the tests check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The learner's `src/exercises.rs` (the `learner` feature).
    Learner,
    /// The reference `src/solutions.rs`.
    Solutions,
}

/// How a run of a lesson's exercise tests ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// They did not compile: rustc's errors, in full.
    DidNotCompile(String),
    /// The test binary ran but died before its summary (stack overflow...).
    Crashed { stdout: String, stderr: String },
    /// Each test's result, each failing test's output, rustc's warnings,
    /// and what the test programs themselves wrote to stderr (children the
    /// tests start on purpose print `error: ...` lines: shown with `--full`).
    Ran {
        results: Results,
        failures: std::collections::BTreeMap<String, String>,
        warnings: String,
        output: String,
    },
}

impl Outcome {
    pub fn results(&self) -> Option<&Results> {
        match self {
            Outcome::Ran { results, .. } => Some(results),
            _ => None,
        }
    }
}

/// The command: `cargo test -p lesson-NN-slug [--features learner]
/// --test exercises -- FILTERS`. `LEARNER_CARGO` replaces cargo (the tool's
/// tests use a fake one); cargo sets `CARGO` when it runs us.
pub fn command(root: &Path, lesson: &Lesson, code: Code, filters: &[String]) -> Command {
    let mut command = cargo(root, lesson, code, &["--test", "exercises"]);
    command.args(["--", "--color", "never"]).args(filters);
    command
}

/// `cargo test --color C --package P [--features learner] TARGET...`.
fn cargo(root: &Path, lesson: &Lesson, code: Code, target: &[&str]) -> Command {
    let cargo = std::env::var_os("LEARNER_CARGO")
        .or_else(|| std::env::var_os("CARGO"))
        .unwrap_or_else(|| "cargo".into());
    let color = if io::stdout().is_terminal() {
        "always"
    } else {
        "never"
    };
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["test", "--color", color, "--package", &lesson.package()]);
    if code == Code::Learner {
        command.args(["--features", "learner"]);
    }
    command.args(target);
    // Short failure messages: a backtrace per failing stub would bury them.
    command.env("RUST_BACKTRACE", "0");
    command
}

/// The build folder: `$CARGO_TARGET_DIR`, else `target/`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The model check of `lessons/NN-*/tests/loom.rs`, if the lesson has one:
/// `RUSTFLAGS="--cfg loom" cargo test --release --test loom`, in a build
/// folder of its own (`target/loom`): `--cfg loom` changes the flags of the
/// whole build, and sharing a folder would rebuild everything each time.
pub fn loom_command(root: &Path, lesson: &Lesson, code: Code, filters: &[String]) -> Option<Command> {
    if !lesson.loom_tests().is_file() {
        return None;
    }
    let mut command = loom_cargo(root, lesson, code, &["--release", "--test", "loom"]);
    command.args(["--", "--color", "never"]).args(filters);
    Some(command)
}

/// `cargo test ... TARGET...` with loom's flags and build folder.
fn loom_cargo(root: &Path, lesson: &Lesson, code: Code, target: &[&str]) -> Command {
    let mut command = cargo(root, lesson, code, target);
    let flags = match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} --cfg loom"),
        _ => "--cfg loom".to_string(),
    };
    command
        .env("RUSTFLAGS", flags)
        .env("CARGO_TARGET_DIR", loom_target_dir(root))
        // A failure names the source line of each step of the interleaving.
        .env("LOOM_LOCATION", "1");
    command
}

/// The model check's build folder.
fn loom_target_dir(root: &Path) -> PathBuf {
    target_dir(root).join("loom")
}

/// A loom test's name in a summary: `counter::two_adds (loom)`.
pub const LOOM_SUFFIX: &str = " (loom)";

/// When the lesson was last built in `profile` (`debug`, `release`) under
/// `target`: the newest of its package's fingerprint folders and their
/// files (cargo rewrites them when it builds the package), or the mark this tool leaves after a
/// build it showed, whichever is newer. `None`: never built there.
fn last_built(target: &Path, profile: &str, lesson: &Lesson) -> Option<SystemTime> {
    let folder = target.join(profile);
    let prefix = format!("{}-", lesson.package());
    let mut times: Vec<SystemTime> = Vec::new();
    let mut note = |time: SystemTime| times.push(time);
    for entry in fs::read_dir(folder.join(".fingerprint"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if !entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
            continue;
        }
        if let Ok(time) = entry.metadata().and_then(|m| m.modified()) {
            note(time);
        }
        for file in fs::read_dir(entry.path()).into_iter().flatten().flatten() {
            if let Ok(time) = file.metadata().and_then(|m| m.modified()) {
                note(time);
            }
        }
    }
    let newest = times.into_iter().max()?;
    let mark = fs::metadata(built_mark(target, profile, lesson)).and_then(|m| m.modified());
    Some(mark.map_or(newest, |mark| mark.max(newest)))
}

/// The mark [`shown_build`] leaves: a build after a dependency change
/// that rebuilt nothing rewrites no fingerprint, and would otherwise be
/// shown again at every check.
fn built_mark(target: &Path, profile: &str, lesson: &Lesson) -> PathBuf {
    target
        .join(profile)
        .join(format!(".learner-built-{}", lesson.package()))
}

/// Will the next build take long: never built, or a dependency changed
/// since the last build (`Cargo.lock`, the workspace's `Cargo.toml` or the
/// lesson's, newer than it)? Then cargo's own progress is shown.
pub fn needs_long_build(root: &Path, lesson: &Lesson) -> bool {
    needs_build_in(root, &target_dir(root), "debug", lesson)
}

fn needs_build_in(root: &Path, target: &Path, profile: &str, lesson: &Lesson) -> bool {
    let Some(built) = last_built(target, profile, lesson) else {
        return true;
    };
    [
        root.join("Cargo.lock"),
        root.join("Cargo.toml"),
        lesson.dir.join("Cargo.toml"),
    ]
    .iter()
    .filter_map(|manifest| fs::metadata(manifest).and_then(|m| m.modified()).ok())
    .any(|changed| changed > built)
}

/// A long build (the first, or one after a dependency change) shows
/// cargo's own progress (its stderr is the learner's): the dependencies
/// and the lesson's library, everything but the learner's file, whose
/// errors the check itself reads and explains.
pub fn first_build(root: &Path, lesson: &Lesson, code: Code) -> io::Result<()> {
    if !needs_long_build(root, lesson) {
        return Ok(());
    }
    let part = if lesson.dir.join("src").join("lib.rs").is_file() {
        "--lib"
    } else {
        "--bins"
    };
    shown_build(
        cargo(root, lesson, code, &["--no-run", part]),
        &target_dir(root),
        "debug",
        lesson,
    )
}

/// The model check's first build (or one after a dependency change), in its
/// own folder, shown as [`first_build`] is: a minute or more of silence
/// otherwise, after the exercise tests have passed.
fn loom_first_build(root: &Path, lesson: &Lesson, code: Code) -> io::Result<()> {
    let target = loom_target_dir(root);
    if !needs_build_in(root, &target, "release", lesson) {
        return Ok(());
    }
    let build = loom_cargo(root, lesson, code, &["--release", "--no-run", "--lib"]);
    shown_build(build, &target, "release", lesson)
}

/// Run `build` with its stderr the learner's, then leave the mark.
fn shown_build(mut build: Command, target: &Path, profile: &str, lesson: &Lesson) -> io::Result<()> {
    // Its own errors (the workbook's, not the learner's) come again below.
    let finished = run::start_shown(&mut build)?.wait()?;
    if finished.status.success() {
        let mark = built_mark(target, profile, lesson);
        // No mark (a folder not made yet): the next check shows it again.
        let _ = fs::write(mark, "");
    }
    Ok(())
}

/// Read a finished run.
pub fn outcome(finished: &run::Finished) -> Outcome {
    // The test crate includes the learner's file as `tests/../src/...`.
    let stdout = &text::tidy_paths(&finished.stdout);
    let stderr = text::tidy_paths(&finished.stderr);
    let ran = stdout.lines().any(|line| line.starts_with("running "));
    // Cargo's `Running tests/...` line divides rustc's output (before) from
    // the test program's own stderr (after: its children's lines).
    let lines: Vec<&str> = stderr.lines().collect();
    let split = lines
        .iter()
        .position(|l| libtest::is_running_line(l))
        .unwrap_or(lines.len());
    let (built, program) = lines.split_at(split);
    let kept: Vec<&str> = built
        .iter()
        .filter(|l| !libtest::is_cargo_noise(l))
        .copied()
        .collect();
    let program: Vec<&str> = program
        .iter()
        .filter(|l| !libtest::is_cargo_noise(l) && !l.starts_with(libtest::STILL_WAITING))
        .copied()
        .collect();
    if !ran {
        return Outcome::DidNotCompile(kept.join("\n"));
    }
    if !libtest::finished(stdout) {
        let stderr = format!(
            "{}\n(the test program ended with {})",
            kept.iter()
                .chain(&program)
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
            finished.status
        );
        return Outcome::Crashed {
            stdout: stdout.to_string(),
            stderr,
        };
    }
    let warnings = kept
        .iter()
        .filter(|l| !l.starts_with("error: test failed"))
        .copied()
        .collect::<Vec<_>>();
    Outcome::Ran {
        results: libtest::results(stdout),
        failures: libtest::failure_output(stdout),
        warnings: warnings.join("\n").trim().to_string(),
        output: program.join("\n").trim().to_string(),
    }
}

/// Waits for a started run: `Ok(None)` when it was given up (a new save).
pub type Wait<'a> = dyn FnMut(run::Running) -> io::Result<Option<run::Finished>> + 'a;

/// Run the tests and wait (Ctrl-C stops them and returns `Interrupted`).
pub fn run_tests(root: &Path, lesson: &Lesson, code: Code, filters: &[String]) -> io::Result<Outcome> {
    let mut wait = |running: run::Running| running.wait().map(Some);
    run_tests_with(root, lesson, code, filters, &mut wait)
        .map(|o| o.unwrap_or(Outcome::DidNotCompile(String::new())))
}

/// The exercise tests only, no model check (`verify-stubs` runs it apart).
pub fn run_exercise_tests(root: &Path, lesson: &Lesson, code: Code) -> io::Result<Outcome> {
    let mut wait = |running: run::Running| running.wait().map(Some);
    let outcome = exercise_tests(root, lesson, code, &[], &mut wait)?;
    Ok(outcome.unwrap_or(Outcome::DidNotCompile(String::new())))
}

/// The whole check: a first build shown as cargo shows it, the exercise
/// tests, each panic a worker thread hid found again, and once they pass,
/// the lesson's model check (loom).
pub fn run_tests_with(
    root: &Path,
    lesson: &Lesson,
    code: Code,
    filters: &[String],
    wait: &mut Wait,
) -> io::Result<Option<Outcome>> {
    let Some(mut outcome) = exercise_tests(root, lesson, code, filters, wait)? else {
        return Ok(None);
    };
    let passed = outcome
        .results()
        .is_some_and(|r| !r.is_empty() && r.values().all(|&ok| ok));
    // A filter that names a model-check test (the re-run line of a loom
    // failure) matches no exercise test: the model check runs for it alone.
    let only_loom = !filters.is_empty() && outcome.results().is_some_and(|r| r.is_empty());
    if (passed || only_loom) && loom_command(root, lesson, code, filters).is_some() {
        esay!(
            "The exercise tests pass; now the model check (loom tries every interleaving of \
             the threads; its first build takes a minute or more) ..."
        );
        match run_loom(root, lesson, code, filters, wait)? {
            Loom::Absent => {}
            Loom::GivenUp => return Ok(None),
            Loom::Ran(loom) => merge_loom(&mut outcome, loom),
        }
    }
    Ok(Some(outcome))
}

/// A first build, the exercise tests, and the panics worker threads hid.
fn exercise_tests(
    root: &Path,
    lesson: &Lesson,
    code: Code,
    filters: &[String],
    wait: &mut Wait,
) -> io::Result<Option<Outcome>> {
    first_build(root, lesson, code)?;
    let Some(finished) = wait(run::start(command(root, lesson, code, filters))?)? else {
        return Ok(None);
    };
    let mut outcome = outcome(&finished);
    if !find_lost_panics(root, lesson, code, &mut outcome, wait)? {
        return Ok(None);
    }
    Ok(Some(outcome))
}

/// What the model check gave.
pub enum Loom {
    /// The lesson has no `tests/loom.rs`.
    Absent,
    /// Stopped (a new save).
    GivenUp,
    Ran(Outcome),
}

/// Run the lesson's loom tests, if it has them.
pub fn run_loom(
    root: &Path,
    lesson: &Lesson,
    code: Code,
    filters: &[String],
    wait: &mut Wait,
) -> io::Result<Loom> {
    let Some(command) = loom_command(root, lesson, code, filters) else {
        return Ok(Loom::Absent);
    };
    loom_first_build(root, lesson, code)?;
    if run::interrupted() {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
    }
    Ok(match wait(run::start(command)?)? {
        Some(finished) => Loom::Ran(outcome(&finished)),
        None => Loom::GivenUp,
    })
}

/// The loom run's results join the exercise tests', each name marked.
fn merge_loom(outcome: &mut Outcome, loom: Outcome) {
    let Outcome::Ran {
        results, failures, ..
    } = outcome
    else {
        return;
    };
    match loom {
        Outcome::Ran {
            results: loom_results,
            failures: loom_failures,
            ..
        } => {
            for (test, ok) in loom_results {
                results.insert(format!("{test}{LOOM_SUFFIX}"), ok);
            }
            for (test, text) in loom_failures {
                failures.insert(format!("{test}{LOOM_SUFFIX}"), text);
            }
        }
        // The model check did not build or crashed: that is the news.
        other => *outcome = other,
    }
}

/// Failing tests whose output holds no panic at all: their panic happened
/// on a thread whose output went elsewhere (rayon's shared pool was started
/// by another test and prints into that test's capture; a re-raised panic
/// prints nothing). Each is run again alone with `--nocapture`, and the
/// panics it prints are its message. At most this many are run again.
const LOST_PANICS_RERUN: usize = 3;

/// `false`: a rerun was given up (a new save).
fn find_lost_panics(
    root: &Path,
    lesson: &Lesson,
    code: Code,
    outcome: &mut Outcome,
    wait: &mut Wait,
) -> io::Result<bool> {
    let Outcome::Ran {
        results, failures, ..
    } = outcome
    else {
        return Ok(true);
    };
    let silent: Vec<String> = results
        .iter()
        .filter(|(test, ok)| !**ok && failures.get(*test).is_none_or(|o| libtest::panics(o).is_empty()))
        .map(|(test, _)| test.clone())
        .take(LOST_PANICS_RERUN)
        .collect();
    for test in silent {
        let args = [
            test.clone(),
            "--exact".into(),
            "--nocapture".into(),
            "--test-threads=1".into(),
        ];
        // With a backtrace: a panic inside the standard library (an
        // overflowing `sum`) is placed at the learner's line that called it.
        let mut alone = command(root, lesson, code, &args);
        alone.env("RUST_BACKTRACE", "1");
        let Some(finished) = wait(run::start(alone)?)? else {
            return Ok(false);
        };
        // Its stderr after cargo's `Running` line is the program's own.
        let stderr = text::tidy_paths(&finished.stderr);
        let lines: Vec<&str> = stderr
            .lines()
            .skip_while(|l| !libtest::is_running_line(l))
            .skip(1)
            .filter(|l| !libtest::is_cargo_noise(l))
            .collect();
        let program = without_backtraces(&lines, lesson);
        if !libtest::panics(&program).is_empty() {
            let before = failures.get(&test).cloned().unwrap_or_default();
            failures.insert(test, format!("{before}{program}\n"));
        }
    }
    Ok(true)
}

/// A panic's output with each backtrace replaced by one line: the first
/// frame in the learner's file, if any ("reached from your code at ...").
pub fn without_backtraces(lines: &[&str], lesson: &Lesson) -> String {
    let mut out = String::new();
    let mut in_trace = false;
    let mut placed = false;
    for line in lines {
        if line.starts_with("stack backtrace:") {
            (in_trace, placed) = (true, false);
            continue;
        }
        if in_trace {
            if line.starts_with(' ') || line.starts_with("note: Some details") {
                let at = line.trim_start().strip_prefix("at ");
                if let Some(place) = at.map(|p| p.trim_start_matches("./"))
                    && !placed
                    && lesson.owns_place(place)
                {
                    // The learner's file as they know it, whatever path rustc saw.
                    let line_col = place.split_once(':').map_or("", |(_, rest)| rest);
                    let file = format!("lessons/{}/src/exercises.rs", lesson.folder());
                    out.push_str(&format!("(reached from your code at {file}:{line_col})\n"));
                    placed = true;
                }
                continue;
            }
            in_trace = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// What the learner typed after the lesson, as libtest filters: exercise K
/// or its name selects its test module `name::` (so `1` and `time_both`
/// and `` `time_both` `` select the same tests); anything else (a test's
/// name) is passed through.
pub fn filters(lesson: &Lesson, words: &[String]) -> Result<Vec<String>, String> {
    let exercises = lesson.exercises()?;
    words
        .iter()
        .map(|word| {
            let name = word.trim_matches('`');
            if name.chars().all(|c| c.is_ascii_digit()) {
                lesson.exercise(name).map(|(_, e)| format!("{}::", e.name))
            } else if exercises.iter().any(|e| e.name == name) {
                Ok(format!("{name}::"))
            } else {
                Ok(word.clone())
            }
        })
        .collect()
}

/// rustc's first error (warnings before it are skipped): its heading and
/// every place it names (`path:line:col`: the error's own ` --> ` line
/// first, then its notes'), in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FirstError {
    pub heading: String,
    pub places: Vec<String>,
}

pub fn first_error(errors: &str) -> Option<FirstError> {
    let mut found: Option<FirstError> = None;
    for line in errors.lines() {
        let plain = libtest::strip_ansi(line);
        let heading = ["error", "warning", "For more information"]
            .iter()
            .any(|word| plain.starts_with(word));
        if plain.starts_with("error") && found.is_none() {
            found = Some(FirstError {
                heading: plain.clone(),
                places: Vec::new(),
            });
            continue;
        }
        let Some(error) = found.as_mut() else { continue };
        if heading {
            // The next error or warning: the first error's block has ended.
            break;
        }
        let trimmed = plain.trim_start();
        if let Some(place) = trimmed
            .strip_prefix("--> ")
            .or_else(|| trimmed.strip_prefix("::: "))
        {
            error.places.push(place.trim().to_string());
        }
    }
    found
}

/// A missing `Send` or `Sync`, in one line a Python programmer can act on.
pub fn send_sync_explained(heading: &str) -> Option<String> {
    let what = heading
        .split_once('`')
        .and_then(|(_, rest)| rest.rsplit_once('`'))
        .map(|(what, _)| what)?;
    if heading.contains("cannot be shared between threads safely") {
        Some(format!(
            "`{what}` is not `Sync`: threads would use it at once, and it does no locking \
             (a `RefCell`, a `Cell`): use a `Mutex`, an `RwLock` or an atomic instead."
        ))
    } else if heading.contains("cannot be sent between threads safely") {
        Some(format!(
            "`{what}` is not `Send`: it may not move to another thread (an `Rc`'s count is not \
             atomic: use an `Arc`; a lock's guard stays on the thread that locked)."
        ))
    } else {
        None
    }
}

/// Everything the summary needs besides the outcome.
pub struct Context<'a> {
    pub root: &'a Path,
    pub lesson: &'a Lesson,
    pub exercises: &'a [Exercise],
    pub code: Code,
    /// The learner narrowed the run (`just check 1 2`).
    pub filtered: bool,
    /// The lesson after this one, for "next".
    pub next_lesson: Option<u32>,
    /// `--full`: every failing test's whole output, and the test
    /// programs' own stderr.
    pub full: bool,
}

/// Failing tests listed per exercise; the rest are counted.
const TESTS_SHOWN: usize = 5;

/// The short summary, and whether everything that ran passed.
pub fn summary(ctx: &Context, outcome: &Outcome) -> (String, bool) {
    let n = ctx.lesson.number;
    let file = lessons::shown(ctx.root, &ctx.lesson.exercises_file());
    let mut out = String::new();
    match outcome {
        Outcome::DidNotCompile(errors) => {
            // rustc's own lines, as they are (its code excerpts keep their shape).
            let _ = writeln!(out, "{}\n", errors.trim_end());
            let error = first_error(errors).unwrap_or_default();
            if let Some(line) = send_sync_explained(&error.heading) {
                let _ = writeln!(out, "{}\n", text::wrap(&line));
            }
            let first = error.places.first().cloned();
            let mine = first.as_deref().map(|place| ctx.lesson.owns_place(place));
            // rustc's notes may point at the learner's file when the error
            // itself is reported in the tests (a type that is not `Sync`).
            let noted = error.places.iter().find(|p| ctx.lesson.owns_place(p));
            let what = match (ctx.code, first, mine) {
                (Code::Learner, Some(place), Some(true)) => format!(
                    "Lesson {n} does not compile: fix the FIRST error above, at {place} \
                     (later errors often follow from it). Then run:"
                ),
                (Code::Learner, Some(place), Some(false)) if noted.is_some() => format!(
                    "Lesson {n} does not compile: the FIRST error above is reported where the \
                     tests use your code ({place}), and rustc's note points at your file: {}. \
                     Fix it there (later errors often follow from it). Then run:",
                    noted.map_or("", String::as_str)
                ),
                (Code::Learner, None, _) => format!(
                    "Lesson {n} does not compile: fix the FIRST error above (later errors often \
                     follow from it); your file is {file}. Then run:"
                ),
                (_, place, _) => format!(
                    "Lesson {n} does not compile, and the first error above is in {}, not in your \
                     file: that is the workbook's bug, not yours. Please report it. Once it is \
                     fixed, run:",
                    place.as_deref().unwrap_or("the workbook's code")
                ),
            };
            let _ = writeln!(out, "{}\n{}", text::wrap(&what), rerun(ctx, None));
            (out, false)
        }
        Outcome::Crashed { stdout, stderr } => {
            let tail: Vec<&str> = stdout.lines().rev().take(15).collect();
            for line in tail.iter().rev() {
                let _ = writeln!(out, "{line}");
            }
            let _ = writeln!(out, "{}\n", stderr.trim_end());
            let _ = writeln!(
                out,
                "The test program of lesson {n} crashed before it finished (above: its last lines). \
                 Endless recursion or a stack overflow in {file}? Run again with:\n{}",
                rerun(ctx, None)
            );
            (text::wrap(&out), false)
        }
        Outcome::Ran {
            results,
            failures,
            warnings,
            output,
        } => {
            // rustc's warnings as they are; our own lines fit the column.
            let mut out = warnings_shown(warnings);
            // The test programs' own stderr: their children's `error:`
            // lines are expected (a test makes them fail on purpose).
            if ctx.full && !output.is_empty() {
                let _ = writeln!(out, "What the test programs wrote to stderr:\n{output}\n");
            }
            let (text, passed) = ran_summary(ctx, results, failures);
            out.push_str(&text::wrap(&text));
            (out, passed)
        }
    }
}

/// rustc's warnings, the first 30 lines of them, then a blank line.
fn warnings_shown(warnings: &str) -> String {
    let mut out = String::new();
    let warning_lines: Vec<&str> = warnings.lines().collect();
    if !warning_lines.is_empty() {
        for line in warning_lines.iter().take(30) {
            let _ = writeln!(out, "{line}");
        }
        if warning_lines.len() > 30 {
            let _ = writeln!(out, "(... {} more lines of warnings)", warning_lines.len() - 30);
        }
        out.push('\n');
    }
    out
}

fn ran_summary(
    ctx: &Context,
    results: &Results,
    failures: &std::collections::BTreeMap<String, String>,
) -> (String, bool) {
    let n = ctx.lesson.number;
    let mut out = String::new();
    let passed = results.values().filter(|&&ok| ok).count();
    let what = match ctx.code {
        Code::Learner => format!("your {}", lessons::shown(ctx.root, &ctx.lesson.exercises_file())),
        Code::Solutions => "the reference solutions".to_string(),
    };
    let _ = writeln!(
        out,
        "Lesson {n} ({}), {what}: {passed} of {} tests pass\n",
        ctx.lesson.slug,
        results.len()
    );
    let mut first_failure: Option<(usize, String)> = None;
    for (k, group) in groups(ctx.exercises, results) {
        let name = group.name;
        let ok = group.tests.iter().filter(|(_, ok)| *ok).count();
        let mark = if ok == group.tests.len() { "✓" } else { "✗" };
        let label = if k == 0 {
            "other tests".to_string()
        } else {
            format!("exercise {k}, {name}")
        };
        let _ = writeln!(out, "{mark} {label}: {ok} of {} pass", group.tests.len());
        let failing: Vec<&String> = group
            .tests
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(t, _)| *t)
            .collect();
        let mut last_message: Option<Vec<String>> = None;
        for test in failing.iter().take(TESTS_SHOWN) {
            let output = failures.get(*test).map(String::as_str).unwrap_or_default();
            let mut message = libtest::short_message(output, ctx.full);
            // A hang: what the exercise's hint says hangs usually are.
            if output.contains(libtest::WATCHDOG_SAYS)
                && let Some(said) = k
                    .checked_sub(1)
                    .and_then(|i| ctx.exercises.get(i))
                    .and_then(|e| e.if_it_hangs())
            {
                message.push(format!("{said} (just hint {n} {k})"));
            }
            if message.is_empty() {
                message.push(
                    "(it failed with no message: a panic on another thread, re-raised without \
                     its text? run it alone with the command below)"
                        .to_string(),
                );
            }
            // The same panic (place and first line) as the test before it.
            let same = last_message
                .as_ref()
                .is_some_and(|m| m.len() >= 2 && message.get(..2) == m.get(..2));
            if same {
                // Said shorter where a long test name leaves no room.
                let line = format!("  {test}  (the same message)");
                let line = match line.chars().count() > text::WIDTH {
                    true => format!("  {test}  (same)"),
                    false => line,
                };
                let _ = writeln!(out, "{line}");
            } else {
                let _ = writeln!(out, "  {test}");
                for line in &message {
                    let _ = writeln!(out, "      {line}");
                }
            }
            last_message = Some(message);
        }
        if failing.len() > TESTS_SHOWN {
            let _ = writeln!(out, "  ... and {} more failing", failing.len() - TESTS_SHOWN);
        }
        if let Some(test) = failing.first() {
            first_failure.get_or_insert((k, test.to_string()));
        }
    }
    out.push('\n');
    match first_failure {
        Some((k, test)) => {
            let _ = writeln!(out, "{}", next_step(ctx, k));
            let _ = writeln!(
                out,
                "Re-run only the first failing test:\n{}",
                rerun(ctx, Some(&test))
            );
            (out, false)
        }
        None if results.is_empty() => {
            let _ = writeln!(
                out,
                "No test matched: the exercises are listed by `just hint {n}`."
            );
            (out, false)
        }
        None => {
            let _ = writeln!(out, "{}", all_pass(ctx));
            (out, true)
        }
    }
}

/// Tests grouped by exercise, in the order of `hints.md` (K from 1); tests
/// of no exercise come last as K = 0. Exercises with no test run are left out.
pub struct Group<'a> {
    pub name: &'a str,
    pub tests: Vec<(&'a String, bool)>,
}

pub fn groups<'a>(exercises: &'a [Exercise], results: &'a Results) -> Vec<(usize, Group<'a>)> {
    let mut groups: Vec<(usize, Group)> = exercises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let prefix = format!("{}::", e.name);
            let tests = results
                .iter()
                .filter(|(t, _)| t.starts_with(&prefix))
                .map(|(t, &ok)| (t, ok))
                .collect();
            (i + 1, Group { name: &e.name, tests })
        })
        .collect();
    let other: Vec<(&String, bool)> = results
        .iter()
        .filter(|(t, _)| !exercises.iter().any(|e| t.starts_with(&format!("{}::", e.name))))
        .map(|(t, &ok)| (t, ok))
        .collect();
    groups.push((
        0,
        Group {
            name: "",
            tests: other,
        },
    ));
    groups.retain(|(_, g)| !g.tests.is_empty());
    groups
}

fn next_step(ctx: &Context, k: usize) -> String {
    let n = ctx.lesson.number;
    let Some(exercise) = k.checked_sub(1).and_then(|i| ctx.exercises.get(i)) else {
        return format!("Next: make the failing test above pass. Stuck? just hint {n}");
    };
    if ctx.code == Code::Solutions {
        return "The reference solutions fail: that is a bug in the workbook, please report it.".to_string();
    }
    let text = std::fs::read_to_string(ctx.lesson.exercises_file()).unwrap_or_default();
    let line = lessons::line_of(&text, &exercise.name);
    let file = lessons::shown(ctx.root, &ctx.lesson.exercises_file());
    format!(
        "Next: exercise {k}, {}, at {file}:{line}.\n\
         The first message above says what is missing. Stuck? just hint {n} {k}",
        exercise.name
    )
}

fn all_pass(ctx: &Context) -> String {
    let n = ctx.lesson.number;
    if ctx.code == Code::Solutions {
        return format!("The reference solutions of lesson {n} pass.");
    }
    if ctx.filtered {
        return format!("These tests pass. The whole lesson: just check {n}");
    }
    match ctx.next_lesson {
        Some(next) => {
            format!("Every exercise of lesson {n} passes. Next: just lesson {next}, then just check {next}")
        }
        None => format!("Every exercise of lesson {n} passes: that was the last lesson. Well done!"),
    }
}

/// The command that runs `test` (or the whole lesson) again, the same way.
fn rerun(ctx: &Context, test: Option<&str>) -> String {
    let verb = match ctx.code {
        Code::Learner => "check",
        Code::Solutions => "solutions",
    };
    let full = if ctx.full { " --full" } else { "" };
    match test {
        Some(test) => format!(
            "just {verb} {} {}{full}",
            ctx.lesson.number,
            test.trim_end_matches(LOOM_SUFFIX)
        ),
        None => format!("just {verb} {}{full}", ctx.lesson.number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn lesson() -> Lesson {
        Lesson {
            number: 7,
            slug: "batching".into(),
            dir: PathBuf::from("/nowhere/lessons/07-batching"),
        }
    }

    fn exercises() -> Vec<Exercise> {
        lessons::parse_hints("## contiguous\n## round_robin\n").expect("parses")
    }

    fn ran(stdout: &str) -> Outcome {
        outcome(&run::Finished {
            status: exit_status(),
            stdout: stdout.into(),
            stderr: String::new(),
        })
    }

    #[cfg(unix)]
    fn exit_status() -> std::process::ExitStatus {
        std::os::unix::process::ExitStatusExt::from_raw(256)
    }

    fn summary_of(outcome: &Outcome, filtered: bool) -> (String, bool) {
        let (lesson, exercises) = (lesson(), exercises());
        let ctx = Context {
            root: Path::new("/nowhere"),
            lesson: &lesson,
            exercises: &exercises,
            code: Code::Learner,
            filtered,
            next_lesson: Some(8),
            full: false,
        };
        summary(&ctx, outcome)
    }

    #[test]
    fn a_failing_check_ends_with_the_command_that_reruns_the_first_failing_test() {
        let mut stdout = String::from("running 12 tests\n");
        for i in 0..10 {
            stdout += &format!("test round_robin::t{i} ... FAILED\n");
        }
        stdout += "test contiguous::b ... FAILED\ntest contiguous::a ... ok\n\nfailures:\n\n";
        for i in 0..10 {
            stdout += &format!(
                "---- round_robin::t{i} stdout ----\nthread 'x' panicked at s.rs:1:1:\nnot yet implemented\n\n"
            );
        }
        stdout += "---- contiguous::b stdout ----\nthread 'x' panicked at s.rs:2:1:\nwrong\n\ntest result: FAILED. 1 passed; 11 failed\n";
        let (text, passed) = summary_of(&ran(&stdout), false);
        assert!(!passed);
        let last = text.lines().last().expect("some output");
        assert_eq!(last, "just check 7 contiguous::b", "{text}");
        assert!(text.contains("(the same message)"), "{text}");
        assert!(text.contains("... and 5 more failing"), "{text}");
        assert!(text.contains("Stuck? just hint 7 1"), "{text}");
        assert!(text.lines().count() < 40, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= text::WIDTH), "{text}");
    }

    #[test]
    fn a_compile_error_is_shown_in_full_without_cargos_rerun_hint() {
        let finished = run::Finished {
            status: exit_status(),
            stdout: String::new(),
            stderr: "   Compiling lesson-07-batching v0.1.0\nerror[E0308]: mismatched types\n  --> src/exercises.rs:3:5\n\
                     error: test failed, to rerun pass `-p lesson-07-batching --test exercises`\n"
                .into(),
        };
        let (text, passed) = summary_of(&outcome(&finished), false);
        assert!(!passed);
        assert!(
            text.starts_with("error[E0308]: mismatched types\n  --> src/exercises.rs:3:5\n"),
            "{text}"
        );
        assert!(!text.contains("to rerun pass"), "{text}");
        assert_eq!(text.lines().last(), Some("just check 7"));
    }

    #[test]
    fn a_compile_error_outside_the_learners_file_is_not_blamed_on_them() {
        let finished = run::Finished {
            status: exit_status(),
            stdout: String::new(),
            stderr:
                "error[E0061]: this function takes 3 arguments\n   --> lessons/09-x/src/dataflow.rs:404:17\n"
                    .into(),
        };
        let (text, _) = summary_of(&outcome(&finished), false);
        assert!(text.contains("not in your"), "{text}");
        assert_eq!(text.lines().last(), Some("just check 7"));
    }

    #[test]
    fn a_compile_error_names_the_file_of_the_first_error() {
        // The library fails first; the learner's file fails only because of it.
        let finished = run::Finished {
            status: exit_status(),
            stdout: String::new(),
            stderr: "warning: unused import\n  --> lessons/07-batching/src/exercises.rs:1:5\n\n\
                     error[E0061]: this function takes 3 arguments\n\
                     \x20  --> lessons/07-batching/src/plan.rs:40:17\n\n\
                     error[E0425]: cannot find function\n\
                     \x20  --> lessons/07-batching/tests/../src/exercises.rs:9:5\n"
                .into(),
        };
        let (text, _) = summary_of(&outcome(&finished), false);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("the first error above is in lessons/07-batching/src/plan.rs:40:17"),
            "{text}"
        );
        assert!(flat.contains("the workbook's bug, not yours"), "{text}");
        assert!(!text.contains("tests/../src"), "paths are tidied: {text}");
        let finished = run::Finished {
            status: exit_status(),
            stdout: String::new(),
            stderr: "error[E0425]: cannot find function\n\
                     \x20  --> lessons/07-batching/tests/../src/exercises.rs:9:5\n"
                .into(),
        };
        let (text, _) = summary_of(&outcome(&finished), false);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("fix the FIRST error above, at lessons/07-batching/src/exercises.rs:9:5"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.chars().count() <= text::WIDTH), "{text}");
    }

    /// rustc's error for a `Counter` holding a `RefCell` (not `Sync`): it
    /// is reported in the tests, and its note points at the learner's file.
    const NOT_SYNC: &str = "error[E0277]: `RefCell<HashMap<String, u64>>` cannot be shared between threads safely\n\
        \x20  --> lessons/07-batching/tests/exercises.rs:50:24\n\
        \x20   |\n\
        50  |     std::thread::spawn(move || c2.add(\"a\"));\n\
        \x20   |     ------------------ ^^^^^^^^^^^^^^^^^^^^^\n\
        \x20   |\n\
        \x20   = help: within `Counter`, the trait `Sync` is not implemented for `RefCell<HashMap<String, u64>>`\n\
        note: required because it appears within the type `Counter`\n\
        \x20  --> lessons/07-batching/tests/../src/exercises.rs:75:12\n\
        \x20   |\n\
        75  | pub struct Counter {\n\
        \x20   |            ^^^^^^^\n\
        note: required by a bound in `spawn`\n\
        \x20  --> /rustc/5980/library/std/src/thread/functions.rs:125:0\n\n\
        error[E0425]: cannot find function\n\
        \x20  --> lessons/07-batching/src/plan.rs:9:5\n";

    #[test]
    fn a_compile_error_whose_note_points_at_the_learners_file_blames_it() {
        let error = first_error(NOT_SYNC).expect("an error");
        assert_eq!(
            error.places,
            [
                "lessons/07-batching/tests/exercises.rs:50:24",
                "lessons/07-batching/tests/../src/exercises.rs:75:12",
                "/rustc/5980/library/std/src/thread/functions.rs:125:0"
            ]
        );
        let finished = run::Finished {
            status: exit_status(),
            stdout: String::new(),
            stderr: NOT_SYNC.into(),
        };
        let (text, _) = summary_of(&outcome(&finished), false);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!flat.contains("workbook's bug"), "{text}");
        assert!(
            flat.contains("rustc's note points at your file: lessons/07-batching/src/exercises.rs:75:12"),
            "{text}"
        );
        assert!(
            flat.contains("`RefCell<HashMap<String, u64>>` is not `Sync`"),
            "one line says what a missing Sync means: {text}"
        );
    }

    #[test]
    fn a_missing_send_is_explained() {
        let line = send_sync_explained("error[E0277]: `Rc<u8>` cannot be sent between threads safely")
            .expect("explained");
        assert!(line.starts_with("`Rc<u8>` is not `Send`"), "{line}");
        assert!(line.contains("`Arc`"), "{line}");
        assert_eq!(send_sync_explained("error[E0308]: mismatched types"), None);
    }

    #[test]
    fn an_empty_failure_says_why_it_may_be_empty() {
        let stdout = "running 1 test\ntest contiguous::a ... FAILED\n\nfailures:\n\n\
            ---- contiguous::a stdout ----\n\ntest result: FAILED. 0 passed; 1 failed\n";
        let (text, _) = summary_of(&ran(stdout), false);
        assert!(text.contains("it failed with no message"), "{text}");
    }

    #[test]
    fn a_backtrace_becomes_the_learners_line_that_led_to_the_panic() {
        let lesson = lesson();
        let lines = [
            "thread '<unnamed>' (9) panicked at /rustc/abc/library/core/src/iter/traits/accum.rs:204:1:",
            "attempt to add with overflow",
            "stack backtrace:",
            "   0: __rustc::rust_begin_unwind",
            "             at /rustc/abc/library/std/src/panicking.rs:689:5",
            "  12: exercises::under_test::chunked_sum::{{closure}}",
            "             at ./src/exercises.rs:78:80",
            "  13: rayon::iter::plumbing::bridge",
            "             at ./lessons/07-batching/src/exercises.rs:80:1",
            "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.",
            "test chunked_sum::big ... FAILED",
        ];
        assert_eq!(
            without_backtraces(&lines, &lesson),
            "thread '<unnamed>' (9) panicked at /rustc/abc/library/core/src/iter/traits/accum.rs:204:1:\n\
             attempt to add with overflow\n\
             (reached from your code at lessons/07-batching/src/exercises.rs:78:80)\n\
             test chunked_sum::big ... FAILED\n"
        );
    }

    #[test]
    fn a_hang_shows_what_the_hint_says_of_hangs() {
        let (lesson, mut exercises) = (lesson(), exercises());
        exercises[1].hint = "Use channels.\n\nIf it hangs: a `Sender` still alive.".into();
        let stdout = "running 1 test\ntest round_robin::a ... FAILED\n\nfailures:\n\n\
            ---- round_robin::a stdout ----\n\
            thread 'round_robin::a' panicked at src/watchdog.rs:9:9:\n\
            `round_robin` did not finish within 20s: it looks like a hang. Likely causes:\n\
            \x20 - a deadlock\n\ntest result: FAILED. 0 passed; 1 failed\n";
        let ctx = Context {
            root: Path::new("/nowhere"),
            lesson: &lesson,
            exercises: &exercises,
            code: Code::Learner,
            filtered: false,
            next_lesson: None,
            full: false,
        };
        let (text, _) = summary(&ctx, &ran(stdout));
        assert!(text.contains("  - a deadlock"), "{text}");
        assert!(
            text.contains("If it hangs: a `Sender` still alive. (just hint 7 2)"),
            "{text}"
        );
    }

    #[test]
    fn all_passing_says_what_comes_next() {
        let stdout = "running 1 test\ntest contiguous::a ... ok\n\ntest result: ok. 1 passed\n";
        let (text, passed) = summary_of(&ran(stdout), false);
        assert!(passed);
        assert!(
            text.ends_with("Next: just lesson 8, then just check 8\n"),
            "{text}"
        );
        let (text, _) = summary_of(&ran(stdout), true);
        assert!(text.ends_with("The whole lesson: just check 7\n"), "{text}");
    }
}
