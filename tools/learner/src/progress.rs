//! `just progress`: every lesson's exercises, passing / total, and the
//! next exercise to do with its `file:line`.
//!
//! Running eight lessons' tests takes many seconds, so each lesson's last
//! result is kept in `target/learner/progress/`, under a hash of everything
//! the result depends on: the lesson's sources, tests, manifest and hints,
//! the helper crate's sources, the workspace's manifest and lock file. If
//! none changed, the lesson's tests are not run again.

use crate::check::{self, Code, Outcome};
use crate::lessons::Exercises as _;
use crate::lessons::{self, Lesson};
use crate::libtest::Results;
use crate::text;
use std::fs;
use std::path::{Path, PathBuf};

/// The cache's folder: `$CARGO_TARGET_DIR/learner`, else `target/learner`.
pub fn cache_dir(root: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    target.join("learner")
}

/// 64-bit FNV-1a: tiny, and the same on every run and every machine.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The hash of everything lesson's test results depend on.
pub fn key(root: &Path, lesson: &Lesson) -> String {
    let mut paths = Vec::new();
    for dir in ["src", "tests", "compile_fail"] {
        walk(&lesson.dir.join(dir), &mut paths);
    }
    for file in ["Cargo.toml", "hints.md", "build.rs"] {
        paths.push(lesson.dir.join(file));
    }
    walk(&root.join("src"), &mut paths);
    for file in ["Cargo.toml", "Cargo.lock", "rust-toolchain.toml"] {
        paths.push(root.join(file));
    }
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    // A new version of this tool may read results differently.
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    for path in paths {
        hash.write(lessons::shown(root, &path).as_bytes());
        // A missing file hashes as "missing": adding it changes the key.
        match fs::read(&path) {
            Ok(bytes) => {
                hash.write(&(bytes.len() as u64).to_le_bytes());
                hash.write(&bytes);
            }
            Err(_) => hash.write(b"\0missing"),
        }
    }
    format!("{:016x}", hash.0)
}

/// Every file under `dir`, sorted, skipping hidden ones (editor swap files).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A lesson's remembered result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remembered {
    DidNotCompile,
    Ran(Results),
}

fn cache_file(root: &Path, lesson: &Lesson) -> PathBuf {
    cache_dir(root)
        .join("progress")
        .join(format!("{}.txt", lesson.folder()))
}

/// Keep `outcome` under `key` (a crash is not kept: it may not repeat).
pub fn remember(root: &Path, lesson: &Lesson, key: &str, outcome: &Outcome) {
    let mut text = format!("key {key}\n");
    match outcome {
        Outcome::DidNotCompile(_) => text.push_str("did-not-compile\n"),
        Outcome::Crashed { .. } => return,
        Outcome::Ran { results, .. } => {
            text.push_str("ran\n");
            for (test, ok) in results {
                text.push_str(&format!("{} {test}\n", if *ok { "ok" } else { "FAILED" }));
            }
        }
    }
    let file = cache_file(root, lesson);
    // The cache only saves time: failing to write it is not an error.
    if let Some(dir) = file.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let _ = fs::write(file, text);
}

/// The result kept under `key`, if any.
pub fn recall(root: &Path, lesson: &Lesson, key: &str) -> Option<Remembered> {
    let text = fs::read_to_string(cache_file(root, lesson)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("key {key}") {
        return None;
    }
    match lines.next()? {
        "did-not-compile" => Some(Remembered::DidNotCompile),
        "ran" => Some(Remembered::Ran(
            lines
                .filter_map(|line| line.split_once(' '))
                .map(|(outcome, test)| (test.to_string(), outcome == "ok"))
                .collect(),
        )),
        _ => None,
    }
}

/// The lesson's result: remembered if nothing changed, else run now.
pub fn result(root: &Path, lesson: &Lesson) -> Result<(Remembered, bool), String> {
    let key = key(root, lesson);
    if let Some(known) = recall(root, lesson, &key) {
        return Ok((known, true));
    }
    esay!(
        "testing lesson {} (changed since the last run) ...",
        lesson.number
    );
    let outcome = check::run_tests(root, lesson, Code::Learner, &[])
        .map_err(|e| format!("cannot run the tests of lesson {}: {e}", lesson.number))?;
    remember(root, lesson, &key, &outcome);
    Ok(match outcome {
        Outcome::Ran { results, .. } => (Remembered::Ran(results), false),
        _ => (Remembered::DidNotCompile, false),
    })
}

/// The first exercise not done (K from 1), if any: done means it has tests
/// and all of them pass.
pub fn next_exercise(exercises: &[lessons::Exercise], results: &Results) -> Option<usize> {
    exercises.iter().position(|e| !done(&e.name, results))
}

/// An exercise is done when it has tests and all of them pass.
pub fn done(name: &str, results: &Results) -> bool {
    let prefix = format!("{name}::");
    let mut mine = results.iter().filter(|(t, _)| t.starts_with(&prefix)).peekable();
    mine.peek().is_some() && mine.all(|(_, &ok)| ok)
}

/// Where the table's "next" column starts (after lesson, exercises, tests).
const NEXT_COLUMN: usize = 16 + 1 + 9 + 1 + 7 + 3;

pub fn progress(root: &Path, all: &[Lesson]) -> Result<bool, String> {
    crate::run::on_interrupt();
    // Say up front how much testing this run needs: a first run (or one
    // after a change to every lesson) builds and tests them all, minutes.
    let stale = all
        .iter()
        .filter(|lesson| lesson.exercises().is_ok())
        .filter(|lesson| recall(root, lesson, &key(root, lesson)).is_none())
        .count();
    if stale > 1 {
        esay!(
            "{stale} lessons changed since their last test (all of them, on a first run): \
             building and testing each, several minutes; later runs answer at once"
        );
    }
    say!("{:<16} {:>9} {:>7}   next", "lesson", "exercises", "tests");
    let mut first_todo: Option<String> = None;
    let (mut cached, mut with_exercises) = (0, 0);
    for lesson in all {
        let label = format!("{:02} {}", lesson.number, lesson.slug);
        let Ok(exercises) = lesson.exercises() else {
            say!("{label:<16} {:>9} {:>7}   (no exercises)", "-", "-");
            continue;
        };
        with_exercises += 1;
        let (remembered, from_cache) = result(root, lesson)?;
        cached += usize::from(from_cache);
        let results = match remembered {
            Remembered::DidNotCompile => {
                let todo = format!("does not compile: just check {}", lesson.number);
                say!(
                    "{label:<16} {:>9} {:>7}   {todo}",
                    format!("0/{}", exercises.len()),
                    "-"
                );
                first_todo.get_or_insert(format!("lesson {}: {todo}", lesson.number));
                continue;
            }
            Remembered::Ran(results) => results,
        };
        let next = next_exercise(&exercises, &results);
        let done = exercises.len() - count_not_done(&exercises, &results);
        let passed = results.values().filter(|&&ok| ok).count();
        let tests = format!("{passed}/{}", results.len());
        let todo = match next {
            None => "all done".to_string(),
            Some(i) => describe_next(root, lesson, &exercises, &results, i),
        };
        let row = format!(
            "{label:<16} {:>9} {tests:>7}   {todo}",
            format!("{done}/{}", exercises.len())
        );
        // A long "next" wraps under its own column.
        println!("{}", text::wrap_line(&row, NEXT_COLUMN));
        if let Some(i) = next {
            first_todo.get_or_insert(format!(
                "lesson {n}, {todo}\n      just check {n} {k}   (or: just watch {n})",
                n = lesson.number,
                k = i + 1
            ));
        }
    }
    match first_todo {
        Some(todo) => say!("\nNext: {todo}"),
        None => say!("\nEvery exercise passes. Well done!"),
    }
    say!("({cached} of {with_exercises} lessons unchanged since the last run: not tested again)");
    Ok(true)
}

fn count_not_done(exercises: &[lessons::Exercise], results: &Results) -> usize {
    exercises.iter().filter(|e| !done(&e.name, results)).count()
}

/// "3. is_name_index at lessons/01-timing/src/exercises.rs:42 (needs 1. time_both, not done yet)"
fn describe_next(
    root: &Path,
    lesson: &Lesson,
    exercises: &[lessons::Exercise],
    results: &Results,
    i: usize,
) -> String {
    let name = &exercises[i].name;
    let file = lesson.exercises_file();
    let text = fs::read_to_string(&file).unwrap_or_default();
    let mut line = format!(
        "{}. {name} at {}:{}",
        i + 1,
        lessons::shown(root, &file),
        lessons::line_of(&text, name)
    );
    let needs = lessons::needs(&text, name, exercises);
    if !needs.is_empty() {
        let named: Vec<String> = needs
            .iter()
            .map(|n| {
                let k = exercises.iter().position(|e| &e.name == n).map_or(0, |k| k + 1);
                format!("{k}. {n}{}", if done(n, results) { "" } else { ", not done yet" })
            })
            .collect();
        line.push_str(&format!(" (needs {})", named.join("; ")));
    }
    line
}
