//! The exercise machinery behind `just hint`, `just progress` and CI's stub check.
//!
//! Every lesson crate holds two versions of its exercises:
//! `src/exercises.rs` (the learner's file: `todo!()` bodies) and
//! `src/solutions.rs` (the reference). Its `tests/exercises.rs` tests
//! `under_test`, which is the learner's file when the crate's `learner`
//! feature is on (`just check N`) and the solutions otherwise (the
//! repository's own `cargo test`). `hints.md` names the exercises in order,
//! one `## name` heading each, and the tests of exercise `name` live in
//! `mod name`, so a test's path tells which exercise it checks.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A lesson: `lessons/NN-slug/`, package `lesson-NN-slug`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The lesson's number, `NN`.
    pub number: u32,
    /// The lesson's name after the number, e.g. `timing`.
    pub slug: String,
    /// The lesson's folder.
    pub dir: PathBuf,
}

impl Lesson {
    /// The cargo package of the lesson.
    pub fn package(&self) -> String {
        format!("lesson-{:02}-{}", self.number, self.slug)
    }

    /// The exercises, in order, from the lesson's `hints.md`.
    pub fn exercises(&self) -> io::Result<Vec<Exercise>> {
        let path = self.dir.join("hints.md");
        let text = fs::read_to_string(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(parse_hints(&text))
    }
}

/// Every lesson under `root/lessons`, in number order. Folders that do not
/// look like `NN-slug` are skipped.
pub fn lessons(root: &Path) -> io::Result<Vec<Lesson>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root.join("lessons"))? {
        let dir = entry?.path();
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some((number, slug)) = name.split_once('-')
            && let Ok(number) = number.parse()
            && dir.is_dir()
        {
            let slug = slug.to_string();
            found.push(Lesson { number, slug, dir });
        }
    }
    found.sort_by_key(|lesson| lesson.number);
    Ok(found)
}

/// One exercise: its name (the test module) and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The function to write, and the module of its tests.
    pub name: String,
    /// The hint text, as markdown.
    pub hint: String,
}

/// Split a hints file into exercises: each `## name` heading starts one,
/// and the text up to the next heading is its hint. Lines holding mdBook
/// `ANCHOR` markers (so the book can include a hint) are left out.
pub fn parse_hints(text: &str) -> Vec<Exercise> {
    let mut exercises: Vec<Exercise> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            let name = name.trim().trim_matches('`').to_string();
            exercises.push(Exercise {
                name,
                hint: String::new(),
            });
        } else if let Some(current) = exercises.last_mut()
            && !line.contains("ANCHOR")
        {
            current.hint.push_str(line);
            current.hint.push('\n');
        }
    }
    for exercise in &mut exercises {
        exercise.hint = exercise.hint.trim().to_string();
    }
    exercises
}

/// Which version of the exercises the tests check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The learner's `src/exercises.rs`.
    Learner,
    /// The reference `src/solutions.rs`.
    Solutions,
}

/// The outcome of running one lesson's exercise tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestRun {
    /// The tests did not compile (the learner's file has an error).
    DidNotCompile(String),
    /// Each test's full name and whether it passed.
    Ran(BTreeMap<String, bool>),
}

/// Run `cargo test` on the lesson's exercise tests and collect the outcome.
pub fn run_tests(lesson: &Lesson, code: Code) -> io::Result<TestRun> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args([
        "test",
        "--color",
        "never",
        "-p",
        &lesson.package(),
        "--test",
        "exercises",
    ]);
    if code == Code::Learner {
        command.args(["--features", "learner"]);
    }
    let output = command
        .args(["--", "--color", "never"])
        .env("RUST_BACKTRACE", "0")
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !stdout.contains("running ") {
        return Ok(TestRun::DidNotCompile(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    Ok(TestRun::Ran(parse_libtest(&stdout)))
}

/// Read `test NAME ... ok|FAILED` lines of libtest's output.
pub fn parse_libtest(stdout: &str) -> BTreeMap<String, bool> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, outcome) = rest.rsplit_once(" ... ")?;
            let name = name.trim_end_matches(" - should panic").to_string();
            match outcome {
                "ok" => Some((name, true)),
                "FAILED" => Some((name, false)),
                _ => None,
            }
        })
        .collect()
}

/// How one exercise stands: tests passing out of its tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The exercise's name.
    pub name: String,
    /// Its tests that passed.
    pub passed: usize,
    /// All its tests.
    pub tests: usize,
}

impl Standing {
    /// Done means: it has tests and all of them pass.
    pub fn done(&self) -> bool {
        self.tests > 0 && self.passed == self.tests
    }
}

/// Group test outcomes by exercise (the test's module), in exercise order.
pub fn standings(exercises: &[Exercise], results: &BTreeMap<String, bool>) -> Vec<Standing> {
    exercises
        .iter()
        .map(|exercise| {
            let prefix = format!("{}::", exercise.name);
            let mine: Vec<bool> = results
                .iter()
                .filter(|(test, _)| test.starts_with(&prefix))
                .map(|(_, &passed)| passed)
                .collect();
            Standing {
                name: exercise.name.clone(),
                passed: mine.iter().filter(|&&passed| passed).count(),
                tests: mine.len(),
            }
        })
        .collect()
}

/// What is wrong with a lesson's exercises, as CI's stub check sees it:
/// against the stubs every test must fail, against the solutions every test
/// must pass, and every test must belong to an exercise named in `hints.md`.
pub fn stub_check_problems(
    exercises: &[Exercise],
    against_stubs: &BTreeMap<String, bool>,
    against_solutions: &BTreeMap<String, bool>,
) -> Vec<String> {
    let mut problems = Vec::new();
    // `just check N name` selects tests by the substring "name::", so no
    // exercise name may end with another's ("bench_x::" contains "x::").
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
    for standing in standings(exercises, against_stubs) {
        if standing.tests == 0 {
            problems.push(format!("exercise `{}` has no tests", standing.name));
        }
    }
    for (test, &passed) in against_stubs {
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
    for (test, &passed) in against_solutions {
        if !passed {
            problems.push(format!("`{test}` fails against the reference solutions"));
        }
    }
    if against_stubs.keys().ne(against_solutions.keys()) {
        problems.push("the stubs and the solutions ran different tests".to_string());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINTS: &str = "# Hints for lesson 01\n\nIntro text is ignored.\n\n\
        ## `time_both`\n<!-- ANCHOR: time_both -->\nRead both clocks.\n\nThen subtract.\n\
        <!-- ANCHOR_END: time_both -->\n## is_name_index\nCount letters.\n";

    fn results(pairs: &[(&str, bool)]) -> BTreeMap<String, bool> {
        pairs.iter().map(|&(name, ok)| (name.to_string(), ok)).collect()
    }

    #[test]
    fn hints_split_at_level_two_headings() {
        let exercises = parse_hints(HINTS);
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["time_both", "is_name_index"]);
        assert_eq!(exercises[0].hint, "Read both clocks.\n\nThen subtract.");
        assert_eq!(exercises[1].hint, "Count letters.");
    }

    #[test]
    fn libtest_lines_are_read_and_other_lines_ignored() {
        let out = "running 3 tests\n\
            test is_name_index::counts_letters ... ok\n\
            test time_both::measures ... FAILED\n\
            test watchdog::hangs - should panic ... ok\n\
            test slow ... ignored\n\
            test result: FAILED. 2 passed; 1 failed\n";
        assert_eq!(
            parse_libtest(out),
            results(&[
                ("is_name_index::counts_letters", true),
                ("time_both::measures", false),
                ("watchdog::hangs", true),
            ])
        );
    }

    #[test]
    fn standings_group_tests_by_module() {
        let exercises = parse_hints(HINTS);
        let run = results(&[
            ("time_both::a", true),
            ("time_both::b", false),
            ("is_name_index::a", true),
        ]);
        let standings = standings(&exercises, &run);
        assert_eq!((standings[0].passed, standings[0].tests), (1, 2));
        assert!(!standings[0].done());
        assert!(standings[1].done());
    }

    #[test]
    fn the_stub_check_accepts_failing_stubs_and_passing_solutions() {
        let exercises = parse_hints(HINTS);
        let stubs = results(&[("time_both::a", false), ("is_name_index::a", false)]);
        let solutions = results(&[("time_both::a", true), ("is_name_index::a", true)]);
        assert_eq!(
            stub_check_problems(&exercises, &stubs, &solutions),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_stub_check_names_every_problem() {
        let exercises = parse_hints(HINTS);
        let stubs = results(&[("time_both::a", true), ("stray::a", false)]);
        let solutions = results(&[("time_both::a", false), ("stray::a", true)]);
        let problems = stub_check_problems(&exercises, &stubs, &solutions);
        assert!(problems.contains(&"exercise `is_name_index` has no tests".to_string()));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`time_both::a` passes against the untouched stubs"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`stray::a` belongs to no exercise"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`time_both::a` fails against the reference"))
        );
    }

    #[test]
    fn the_stub_check_refuses_names_that_end_with_another() {
        let exercises = parse_hints("## is_name_index\n## bench_is_name_index\n");
        let problems = stub_check_problems(&exercises, &BTreeMap::new(), &BTreeMap::new());
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`bench_is_name_index` ends with `is_name_index`")),
            "{problems:?}"
        );
    }

    #[test]
    fn lessons_are_found_in_number_order() {
        let root = env!("CARGO_MANIFEST_DIR");
        let lessons = lessons(Path::new(root)).expect("the workspace has a lessons folder");
        assert_eq!(lessons[0].number, 1);
        assert_eq!(lessons[0].package(), "lesson-01-timing");
        assert!(lessons.windows(2).all(|w| w[0].number < w[1].number));
    }
}
