//! `workbook`: the learner's companion behind `just list`, `just hint`,
//! `just progress`, and CI's stub check (`workbook verify-stubs`).

use clap::{Parser, Subcommand};
use std::path::Path;
use std::process::ExitCode;
use workbook::exercises::{self, Code, Lesson, TestRun};

#[derive(Parser)]
#[command(about = "Lessons, hints and progress of the Rust Concurrency Workbook")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the lessons and their exercises
    List,
    /// Show the hint of exercise K of lesson N (without K: list the exercises)
    Hint { lesson: u32, exercise: Option<usize> },
    /// Run your exercise tests of every lesson and show what passes
    Progress,
    /// CI: every exercise test fails on the stubs and passes on the solutions
    VerifyStubs,
}

/// The workspace root: this crate is the root package.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn main() -> ExitCode {
    let root = root();
    let result = exercises::lessons(root)
        .map_err(|e| format!("cannot read {}/lessons: {e}", root.display()))
        .and_then(|lessons| match Args::parse().command {
            Command::List => list(&lessons),
            Command::Hint { lesson, exercise } => hint(&lessons, lesson, exercise),
            Command::Progress => progress(&lessons),
            Command::VerifyStubs => verify_stubs(&lessons),
        });
    workbook::cli::exit_code(result)
}

fn exercises_of(lesson: &Lesson) -> Result<Vec<exercises::Exercise>, String> {
    lesson
        .exercises()
        .map_err(|e| format!("lesson {}: {e}", lesson.number))
}

fn list(lessons: &[Lesson]) -> Result<(), String> {
    for lesson in lessons {
        // A lesson still being written may have no hints yet: list it anyway.
        let names: Vec<String> = lesson
            .exercises()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.name)
            .collect();
        println!(
            "{:>2}  {:<12} exercises: {}",
            lesson.number,
            lesson.slug,
            names.join(", ")
        );
    }
    println!("\nRun a lesson: just lesson N    check your exercises: just check N");
    Ok(())
}

fn find(lessons: &[Lesson], number: u32) -> Result<&Lesson, String> {
    let known: Vec<String> = lessons.iter().map(|l| l.number.to_string()).collect();
    lessons.iter().find(|l| l.number == number).ok_or_else(|| {
        format!(
            "there is no lesson {number}; the lessons are {}",
            known.join(", ")
        )
    })
}

fn hint(lessons: &[Lesson], number: u32, exercise: Option<usize>) -> Result<(), String> {
    let lesson = find(lessons, number)?;
    let exercises = exercises_of(lesson)?;
    match exercise {
        None => {
            println!("Exercises of lesson {number} ({}):", lesson.slug);
            for (k, e) in exercises.iter().enumerate() {
                println!("  {}. {:<24} just hint {number} {}", k + 1, e.name, k + 1);
            }
        }
        Some(k) => {
            let e = k
                .checked_sub(1)
                .and_then(|i| exercises.get(i))
                .ok_or_else(|| format!("lesson {number} has exercises 1 to {}, not {k}", exercises.len()))?;
            println!(
                "Hint for exercise {k} of lesson {number}: {}\n\n{}",
                e.name, e.hint
            );
        }
    }
    Ok(())
}

fn progress(lessons: &[Lesson]) -> Result<(), String> {
    println!("{:<16} {:>9}   next", "lesson", "exercises");
    let mut next_step = None;
    for lesson in lessons {
        let label = format!("{:02} {}", lesson.number, lesson.slug);
        let Ok(exercises) = lesson.exercises() else {
            println!("{label:<16} {:>9}   (no exercises yet)", "-");
            continue;
        };
        let run =
            exercises::run_tests(lesson, Code::Learner).map_err(|e| format!("cannot run cargo: {e}"))?;
        let TestRun::Ran(results) = run else {
            println!(
                "{label:<16} {:>9}   your src/exercises.rs does not compile: just check {}",
                "-", lesson.number
            );
            next_step.get_or_insert(lesson.number);
            continue;
        };
        let standings = exercises::standings(&exercises, &results);
        let done = standings.iter().filter(|s| s.done()).count();
        let next = standings.iter().position(|s| !s.done());
        let next_text = match next {
            Some(i) => format!("{} (just hint {} {})", standings[i].name, lesson.number, i + 1),
            None => "all done".to_string(),
        };
        println!(
            "{label:<16} {:>9}   {next_text}",
            format!("{done}/{}", standings.len())
        );
        if next.is_some() {
            next_step.get_or_insert(lesson.number);
        }
    }
    match next_step {
        Some(n) => {
            let file = find(lessons, n)?.dir.join("src").join("exercises.rs");
            let file = file.strip_prefix(root()).unwrap_or(&file).display().to_string();
            println!("\nNext: edit {file}, then run: just check {n}");
        }
        None => println!("\nEvery exercise passes. Well done!"),
    }
    Ok(())
}

fn verify_stubs(lessons: &[Lesson]) -> Result<(), String> {
    let mut failures = Vec::new();
    for lesson in lessons {
        let exercises = exercises_of(lesson)?;
        let run = |code| match exercises::run_tests(lesson, code) {
            Ok(TestRun::Ran(results)) => Ok(results),
            Ok(TestRun::DidNotCompile(errors)) => Err(format!(
                "lesson {}: {code:?} does not compile:\n{errors}",
                lesson.number
            )),
            Err(e) => Err(format!("cannot run cargo: {e}")),
        };
        let (stubs, solutions) = (run(Code::Learner)?, run(Code::Solutions)?);
        let problems = exercises::stub_check_problems(&exercises, &stubs, &solutions);
        println!(
            "lesson {:02}: {} exercises, {} tests: {}",
            lesson.number,
            exercises.len(),
            stubs.len(),
            if problems.is_empty() {
                "all fail on the stubs, all pass on the solutions"
            } else {
                "PROBLEMS"
            }
        );
        failures.extend(
            problems
                .into_iter()
                .map(|p| format!("lesson {}: {p}", lesson.number)),
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}
