//! `learner`: the learner's loop of the Rust Concurrency Workbook, behind
//! `just list`, `just hint`, `just check`, `just watch`, `just reset`,
//! `just progress`, `just solutions` and CI's `just verify-stubs`.
//!
//! The justfile never parses anything: every command reads the lessons
//! through `lessons.rs`, so the list of exercises is read one way only.

#[macro_use]
mod text;

mod check;
mod lessons;
mod libtest;
mod progress;
mod reset;
mod run;
mod verify;
mod watch;

use crate::lessons::Exercises as _;
use check::Code;
use clap::{Parser, Subcommand};
use lessons::Lesson;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Lessons, hints, checks and progress of the Rust Concurrency Workbook")]
struct Args {
    /// The workbook's folder (default: found upwards from here)
    #[arg(long, global = true, hide = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// List the lessons and their exercises
    List,
    /// Show the hint of exercise K (a number or a name) of lesson N; without K, list them
    Hint {
        lesson: String,
        exercise: Option<String>,
    },
    /// Test your exercises of lesson N; add exercise numbers, names or test names to narrow
    Check {
        lesson: String,
        only: Vec<String>,
        /// Show each failing test's whole output, and the tests' own stderr
        #[arg(long)]
        full: bool,
    },
    /// Run lesson N's exercise tests against the reference solutions
    Solutions {
        lesson: String,
        only: Vec<String>,
        /// Show each failing test's whole output, and the tests' own stderr
        #[arg(long)]
        full: bool,
    },
    /// Re-run the current exercise's check whenever you save (Ctrl-C ends)
    Watch {
        lesson: Option<String>,
        /// Poll the files every 500 ms (for WSL2's /mnt, network drives)
        #[arg(long, conflicts_with = "events")]
        poll: bool,
        /// Use file events even where they may not arrive
        #[arg(long)]
        events: bool,
        /// Show each failing test's whole output
        #[arg(long)]
        full: bool,
    },
    /// Put exercise K (or all of lesson N's) back to its stub
    Reset {
        lesson: String,
        exercise: Option<String>,
        /// Do not ask
        #[arg(long)]
        yes: bool,
    },
    /// Your exercises, lesson by lesson, and what to do next
    Progress,
    /// CI: every exercise test fails on the stubs and passes on the solutions
    VerifyStubs {
        /// Also require each src/exercises.rs to equal its stubs/exercises.rs
        #[arg(long)]
        ci: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match dispatch(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            esay!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Run one command: `Ok(false)` is "ran, and says no" (failing tests).
fn dispatch(args: Args) -> Result<bool, String> {
    let root = match args.root {
        Some(root) => root,
        None => find_root()?,
    };
    let all = lessons::lessons(&root)?;
    let lesson = |which: &str| lessons::find(&all, which);
    match args.command {
        Cmd::List => list(&all),
        Cmd::Hint { lesson: n, exercise } => hint(&lesson(&n)?, exercise.as_deref()),
        Cmd::Check {
            lesson: n,
            only,
            full,
        } => check_once(&root, &all, &lesson(&n)?, Code::Learner, &only, full),
        Cmd::Solutions {
            lesson: n,
            only,
            full,
        } => check_once(&root, &all, &lesson(&n)?, Code::Solutions, &only, full),
        Cmd::Watch {
            lesson: n,
            poll,
            events,
            full,
        } => {
            let mode = match (poll, events) {
                (true, _) => Some(watch::Mode::Poll),
                (_, true) => Some(watch::Mode::Events),
                _ => None,
            };
            let start = n.as_deref().map(lesson).transpose()?;
            watch::watch(&root, &all, start, mode, full)
        }
        Cmd::Reset {
            lesson: n,
            exercise,
            yes,
        } => reset::reset(&root, &lesson(&n)?, exercise.as_deref(), yes),
        Cmd::Progress => progress::progress(&root, &all),
        Cmd::VerifyStubs { ci } => verify::verify_stubs(&root, &all, ci),
    }
}

/// The workbook's folder: the nearest one upwards holding `lessons/` and
/// `Cargo.toml` (`just` runs us from there; a learner may run us deeper).
fn find_root() -> Result<PathBuf, String> {
    let here = std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    here.ancestors()
        .find(|dir| dir.join("lessons").is_dir() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "{} is not inside the workbook (no lessons/ folder above it)",
                here.display()
            )
        })
}

fn list(all: &[Lesson]) -> Result<bool, String> {
    for lesson in all {
        let names = match lesson.exercises() {
            Err(_) if !lesson.dir.join("hints.md").exists() => "(none)".to_string(),
            Ok(exercises) => exercises
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => format!("(cannot read its exercises: {e})"),
        };
        let row = format!("{:>2}  {:<12} exercises: {names}", lesson.number, lesson.slug);
        // Continuations line up under the first exercise (column 28).
        let indent = row.len() - row.trim_start().len();
        println!("{}", text::wrap_line(&row, 28 - indent));
    }
    say!("\nRun a lesson: just lesson N    check your exercises: just check N");
    say!("(or leave just watch N running: it checks each time you save)");
    Ok(true)
}

fn hint(lesson: &Lesson, which: Option<&str>) -> Result<bool, String> {
    let n = lesson.number;
    match which {
        None => {
            say!("Exercises of lesson {n} ({}):", lesson.slug);
            for (i, e) in lesson.exercises()?.iter().enumerate() {
                say!("  {}. {:<24} just hint {n} {}", i + 1, e.name, i + 1);
            }
        }
        Some(which) => {
            let (k, e) = lesson.exercise(which)?;
            say!("Hint for exercise {k} of lesson {n}: {}\n", e.name);
            println!("{}", text::wrap_markdown(&e.hint));
        }
    }
    Ok(true)
}

/// The lesson after `lesson`, if any.
fn next_lesson(all: &[Lesson], lesson: &Lesson) -> Option<u32> {
    all.iter().map(|l| l.number).find(|&m| m > lesson.number)
}

fn check_once(
    root: &Path,
    all: &[Lesson],
    lesson: &Lesson,
    code: Code,
    only: &[String],
    full: bool,
) -> Result<bool, String> {
    run::on_interrupt();
    let exercises = lesson.exercises()?;
    let filters = check::filters(lesson, only)?;
    let against = match code {
        Code::Learner => format!("your {}", lessons::shown(root, &lesson.exercises_file())),
        Code::Solutions => "the reference solutions".to_string(),
    };
    // The cache key is taken before the run: a save during it makes it stale.
    let key = (code == Code::Learner && only.is_empty()).then(|| progress::key(root, lesson));
    // A first build, or one after a dependency change, shows cargo's own
    // progress; later ones take seconds.
    match check::needs_long_build(root, lesson) {
        true => esay!(
            "Building and testing lesson {} against {against}\n\
             (cargo shows its progress: a first build, or one after a dependency change, \
             takes a minute or more) ...",
            lesson.number
        ),
        false => esay!(
            "Building and testing lesson {} against {against} ...",
            lesson.number
        ),
    }
    let outcome = check::run_tests(root, lesson, code, &filters)
        .map_err(|e| format!("cannot run cargo test for lesson {}: {e}", lesson.number))?;
    let ctx = check::Context {
        root,
        lesson,
        exercises: &exercises,
        code,
        filtered: !only.is_empty(),
        next_lesson: next_lesson(all, lesson),
        full,
    };
    let (text, passed) = check::summary(&ctx, &outcome);
    print!("{text}");
    // A whole-lesson run of the learner's file is what `progress` needs.
    if let Some(key) = key {
        progress::remember(root, lesson, &key, &outcome);
    }
    Ok(passed)
}
