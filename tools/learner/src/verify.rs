//! `just verify-stubs [--ci]`: every exercise test fails against the
//! canonical stubs and passes against the solutions; every test belongs to
//! an exercise of `hints.md`, every exercise has tests and an anchor block
//! in the stubs. With `--ci`, each lesson's `src/exercises.rs` must also
//! equal its `stubs/exercises.rs` (what a learner starts from).
//!
//! The tests reach the stubs through `src/exercises.rs` (the `learner`
//! feature), so a lesson whose `src/exercises.rs` is not its stub (someone
//! is working on it) is reported, not overwritten.

use crate::check::{self, Code, Loom, Outcome};
use crate::lessons::Exercises as _;
use crate::lessons::{self, Exercise, Lesson};
use crate::libtest::Results;
use std::fs;
use std::path::Path;

pub fn verify_stubs(root: &Path, all: &[Lesson], ci: bool) -> Result<bool, String> {
    crate::run::on_interrupt();
    let mut problems = Vec::new();
    for lesson in all {
        if !lesson.dir.join("hints.md").exists() && !lesson.exercises_file().exists() {
            say!("lesson {:02}: no exercises", lesson.number);
            continue;
        }
        let found = verify_lesson(root, lesson, ci)?;
        say!(
            "lesson {:02}: {}",
            lesson.number,
            if found.is_empty() {
                "every test fails on the stubs and passes on the solutions"
            } else {
                "PROBLEMS"
            }
        );
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("lesson {}: {p}", lesson.number)),
        );
    }
    for problem in &problems {
        esay!("{problem}");
    }
    Ok(problems.is_empty())
}

fn verify_lesson(root: &Path, lesson: &Lesson, ci: bool) -> Result<Vec<String>, String> {
    let exercises = lesson.exercises()?;
    let stub_path = lesson.stub_file();
    let Ok(stub) = fs::read_to_string(&stub_path) else {
        return Ok(vec![format!("{} is missing", lessons::shown(root, &stub_path))]);
    };
    let mut problems = Vec::new();
    for e in &exercises {
        if lessons::block(&stub, &e.name).is_none() {
            problems.push(format!(
                "the stub has no `// ANCHOR: {0}` ... `// ANCHOR_END: {0}` block",
                e.name
            ));
        }
    }
    let mine = fs::read_to_string(lesson.exercises_file()).unwrap_or_default();
    if mine != stub {
        let file = lessons::shown(root, &lesson.exercises_file());
        problems.push(if ci {
            format!("{file} differs from {}", lessons::shown(root, &stub_path))
        } else {
            format!(
                "{file} is not the stub, so the stubs were not tested (just reset {})",
                lesson.number
            )
        });
        if !ci {
            return Ok(problems);
        }
    }
    let run = |code| match check::run_exercise_tests(root, lesson, code) {
        Ok(Outcome::Ran { results, .. }) => Ok(results),
        Ok(Outcome::DidNotCompile(errors)) => Err(format!("the {code:?} code does not compile:\n{errors}")),
        Ok(Outcome::Crashed { stderr, .. }) => {
            Err(format!("the tests of the {code:?} code crashed:\n{stderr}"))
        }
        Err(e) => Err(format!("cannot run cargo test: {e}")),
    };
    match (run(Code::Learner), run(Code::Solutions)) {
        (Ok(stubs), Ok(solutions)) => problems.extend(stub_check_problems(&exercises, &stubs, &solutions)),
        (stubs, solutions) => problems.extend(stubs.err().into_iter().chain(solutions.err())),
    }
    // The model check (tests/loom.rs), if the lesson has one: the same rule.
    let loom = |code| {
        let mut wait = |running: crate::run::Running| running.wait().map(Some);
        match check::run_loom(root, lesson, code, &[], &mut wait) {
            Ok(Loom::Absent) => Ok(None),
            Ok(Loom::Ran(Outcome::Ran { results, .. })) => Ok(Some(results)),
            Ok(Loom::Ran(Outcome::DidNotCompile(errors))) => Err(format!(
                "the model check of the {code:?} code does not compile:\n{errors}"
            )),
            Ok(Loom::Ran(Outcome::Crashed { stderr, .. })) => {
                Err(format!("the model check of the {code:?} code crashed:\n{stderr}"))
            }
            Ok(Loom::GivenUp) => Err("the model check was stopped".to_string()),
            Err(e) => Err(format!("cannot run the model check: {e}")),
        }
    };
    match (loom(Code::Learner), loom(Code::Solutions)) {
        (Ok(None), Ok(None)) => {}
        (Ok(Some(stubs)), Ok(Some(solutions))) => problems.extend(loom_problems(&stubs, &solutions)),
        (stubs, solutions) => problems.extend(stubs.err().into_iter().chain(solutions.err())),
    }
    Ok(problems)
}

/// The model check's rule: each loom test fails on the stubs and passes on
/// the solutions (not every exercise has one: a race is not in every one).
pub fn loom_problems(stubs: &Results, solutions: &Results) -> Vec<String> {
    let mut problems = Vec::new();
    if solutions.is_empty() {
        problems.push("tests/loom.rs has no tests".to_string());
    }
    for (test, &passed) in stubs {
        if passed {
            problems.push(format!(
                "the model check `{test}` passes against the untouched stubs: it checks nothing"
            ));
        }
    }
    for (test, &passed) in solutions {
        if !passed {
            problems.push(format!(
                "the model check `{test}` fails against the reference solutions"
            ));
        }
    }
    if stubs.keys().ne(solutions.keys()) {
        problems.push("the model check ran different tests on the stubs and the solutions".to_string());
    }
    problems
}

/// What is wrong, as the stub check sees it.
pub fn stub_check_problems(exercises: &[Exercise], stubs: &Results, solutions: &Results) -> Vec<String> {
    let mut problems = Vec::new();
    // `name::` selects tests by substring: no name may end with another.
    for a in exercises {
        for b in exercises {
            if a.name != b.name && a.name.ends_with(&b.name) {
                problems.push(format!(
                    "exercise `{}` ends with `{}`: `just check` cannot tell them apart",
                    a.name, b.name
                ));
            }
        }
    }
    for e in exercises {
        if !stubs.keys().any(|t| t.starts_with(&format!("{}::", e.name))) {
            problems.push(format!("exercise `{}` has no tests", e.name));
        }
    }
    for (test, &passed) in stubs {
        if passed {
            problems.push(format!(
                "`{test}` passes against the untouched stubs: it checks nothing"
            ));
        }
        if !exercises
            .iter()
            .any(|e| test.starts_with(&format!("{}::", e.name)))
        {
            problems.push(format!("`{test}` belongs to no exercise in hints.md"));
        }
    }
    for (test, &passed) in solutions {
        if !passed {
            problems.push(format!("`{test}` fails against the reference solutions"));
        }
    }
    // `NAME::wrong::...` tests put the chapter's wrong answers through the
    // checks (they test the tests): they run against the key only.
    let checked = solutions.keys().filter(|test| !test.contains(WRONG));
    if stubs.keys().ne(checked) {
        problems.push("the stubs and the solutions ran different tests".to_string());
    }
    for test in stubs.keys().filter(|test| test.contains(WRONG)) {
        problems.push(format!(
            "`{test}` runs against the stubs: a `wrong` module is `#[cfg(not(feature = \"learner\"))]`"
        ));
    }
    problems
}

/// Where the tests of the chapter's wrong answers live in an exercise's
/// module (`run_blocking::wrong::a_job_called_in_place_fails`).
const WRONG: &str = "::wrong::";

#[cfg(test)]
mod tests {
    use super::*;

    fn results(pairs: &[(&str, bool)]) -> Results {
        pairs.iter().map(|&(name, ok)| (name.to_string(), ok)).collect()
    }

    #[test]
    fn failing_stubs_and_passing_solutions_are_fine() {
        let exercises = lessons::parse_hints("## a\n## b\n").expect("parses");
        let stubs = results(&[("a::x", false), ("b::x", false)]);
        let solutions = results(&[("a::x", true), ("b::x", true)]);
        assert!(stub_check_problems(&exercises, &stubs, &solutions).is_empty());
    }

    #[test]
    fn a_model_check_must_fail_on_the_stubs_and_pass_on_the_solutions() {
        let fine = loom_problems(&results(&[("a::race", false)]), &results(&[("a::race", true)]));
        assert!(fine.is_empty(), "{fine:?}");
        let problems =
            loom_problems(&results(&[("a::race", true)]), &results(&[("a::race", false)])).join("\n");
        assert!(
            problems.contains("`a::race` passes against the untouched stubs"),
            "{problems}"
        );
        assert!(
            problems.contains("`a::race` fails against the reference solutions"),
            "{problems}"
        );
    }

    #[test]
    fn the_wrong_answers_tests_run_against_the_key_only() {
        let exercises = lessons::parse_hints("## a\n").expect("parses");
        let stubs = results(&[("a::x", false)]);
        let solutions = results(&[("a::wrong::y", true), ("a::x", true)]);
        let fine = stub_check_problems(&exercises, &stubs, &solutions);
        assert!(fine.is_empty(), "{fine:?}");
        let stubs = results(&[("a::wrong::y", true), ("a::x", false)]);
        let problems = stub_check_problems(&exercises, &stubs, &solutions).join("\n");
        assert!(
            problems.contains("`a::wrong::y` runs against the stubs"),
            "{problems}"
        );
    }

    #[test]
    fn every_problem_is_named() {
        let exercises = lessons::parse_hints("## a\n## b\n## bench_b\n").expect("parses");
        let stubs = results(&[("a::x", true), ("stray::x", false)]);
        let solutions = results(&[("a::x", false), ("stray::x", true)]);
        let problems = stub_check_problems(&exercises, &stubs, &solutions).join("\n");
        for expected in [
            "`bench_b` ends with `b`",
            "exercise `b` has no tests",
            "`a::x` passes against the untouched stubs",
            "`stray::x` belongs to no exercise",
            "`a::x` fails against the reference solutions",
        ] {
            assert!(
                problems.contains(expected),
                "{expected:?} missing from:\n{problems}"
            );
        }
    }
}
