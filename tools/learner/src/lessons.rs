//! Where the lessons are, and the ONE reading of each lesson's list of
//! exercises: the `## name` headings of its `hints.md`. `check`, `hint`,
//! `progress`, `reset`, `watch` and `verify-stubs` all go through here.
//!
//! Exercise K of lesson N has one name, and that name is everything else:
//! its test module (`name::` in the test's path), its `// ANCHOR: name`
//! block in `src/exercises.rs` (what `reset` restores), and its function.

use std::fs;
use std::path::Path;

/// A lesson: `lessons/NN-slug/`, cargo package `lesson-NN-slug`. Where the
/// lessons are, and where each keeps its files, is the helper crate's (one
/// walker for the workspace's tests and this tool): `workbook::lessons`.
pub use workbook::lessons::Lesson;

/// One exercise: the name of its function and test module, and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
    pub hint: String,
}

impl Exercise {
    /// What its hint says of a hang: the paragraph that starts with
    /// `If it hangs` (outside the hint's ANCHOR block, so the book does not
    /// show it twice), shown under a watchdog's timeout.
    pub fn if_it_hangs(&self) -> Option<String> {
        let start = self.hint.find("If it hangs")?;
        let paragraph = self.hint[start..].split("\n\n").next().unwrap_or_default();
        Some(paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// What this tool reads of a lesson besides its files: its exercises.
pub trait Exercises {
    /// The exercises, in order, from `hints.md`.
    fn exercises(&self) -> Result<Vec<Exercise>, String>;
    /// Exercise `which` (a number from 1, or a name) and its number.
    fn exercise(&self, which: &str) -> Result<(usize, Exercise), String>;
    /// Is `place` (`path:line:col` as rustc or a panic prints it, relative
    /// to the workspace or absolute) in this lesson's learner file?
    fn owns_place(&self, place: &str) -> bool;
}

impl Exercises for Lesson {
    fn owns_place(&self, place: &str) -> bool {
        let path = place.split(':').next().unwrap_or(place);
        let mine = format!("{}/src/exercises.rs", self.folder());
        path == "src/exercises.rs" || path.ends_with(&format!("/{mine}")) || path == format!("lessons/{mine}")
    }

    fn exercises(&self) -> Result<Vec<Exercise>, String> {
        let path = self.dir.join("hints.md");
        let text = fs::read_to_string(&path).map_err(|e| {
            format!(
                "lesson {} has no list of exercises: {}: {e}",
                self.number,
                path.display()
            )
        })?;
        parse_hints(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    fn exercise(&self, which: &str) -> Result<(usize, Exercise), String> {
        let exercises = self.exercises()?;
        let found = match which.parse::<usize>() {
            Ok(k) => k.checked_sub(1).and_then(|i| exercises.get(i)).map(|e| (k, e)),
            Err(_) => {
                let name = which.trim_matches('`');
                exercises
                    .iter()
                    .enumerate()
                    .find(|(_, e)| e.name == name)
                    .map(|(i, e)| (i + 1, e))
            }
        };
        found.map(|(k, e)| (k, e.clone())).ok_or_else(|| {
            let names: Vec<String> = exercises
                .iter()
                .enumerate()
                .map(|(i, e)| format!("{} {}", i + 1, e.name))
                .collect();
            format!(
                "lesson {} has no exercise {which:?}; its exercises are: {}",
                self.number,
                names.join(", ")
            )
        })
    }
}

/// Every lesson under `root/lessons`, in number order.
pub fn lessons(root: &Path) -> Result<Vec<Lesson>, String> {
    workbook::lessons::lessons(root).map_err(|e| format!("{}: {e}", root.join("lessons").display()))
}

/// Lesson `which` (its number, as typed: `1`, `01`).
pub fn find(lessons: &[Lesson], which: &str) -> Result<Lesson, String> {
    let known: Vec<String> = lessons.iter().map(|l| l.number.to_string()).collect();
    let number: u32 = which
        .parse()
        .map_err(|_| format!("a lesson is a number, like `just check 3`, not {which:?}"))?;
    lessons
        .iter()
        .find(|l| l.number == number)
        .cloned()
        .ok_or_else(|| {
            format!(
                "there is no lesson {number}; the lessons are {}",
                known.join(", ")
            )
        })
}

/// Split a hints file into exercises: each `## name` heading starts one
/// (backticks around the name are allowed and dropped), and the text up to
/// the next heading is its hint. Lines holding mdBook `ANCHOR` markers are
/// left out, and headings inside ``` fences are text, not exercises. A
/// heading that is not a Rust name is an error with its line number: it
/// could select no test at all.
pub fn parse_hints(text: &str) -> Result<Vec<Exercise>, String> {
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        match line.strip_prefix("## ") {
            Some(heading) if !in_fence => {
                let name = heading.trim().trim_matches('`').trim();
                if !is_identifier(name) {
                    return Err(format!(
                        "{}: `## {heading}` must name one exercise function, like `## time_both`",
                        i + 1
                    ));
                }
                exercises.push(Exercise {
                    name: name.to_string(),
                    hint: String::new(),
                });
            }
            _ => {
                if let Some(current) = exercises.last_mut()
                    && !line.contains("ANCHOR")
                {
                    current.hint.push_str(line);
                    current.hint.push('\n');
                }
            }
        }
    }
    for exercise in &mut exercises {
        exercise.hint = exercise.hint.trim().to_string();
    }
    Ok(exercises)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The lines of exercise `name` in an exercises file: from its
/// `// ANCHOR: name` line to its `// ANCHOR_END: name` line, both included
/// (0-based, end exclusive). `None` when the markers are missing.
pub fn block(text: &str, name: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let is = |line: &str, marker: &str| {
        line.trim().strip_prefix("//").map(str::trim) == Some(&format!("{marker}: {name}")[..])
    };
    let start = lines.iter().position(|l| is(l, "ANCHOR"))?;
    let end = lines[start..].iter().position(|l| is(l, "ANCHOR_END"))? + start;
    Some((start, end + 1))
}

/// The 1-based line of `fn name` in an exercises file (where the learner
/// writes), else of its anchor, else 1.
pub fn line_of(text: &str, name: &str) -> usize {
    let fn_line = text.lines().position(|line| {
        line.split_once("fn ").is_some_and(|(before, after)| {
            !before.contains("//")
                && after
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with(['(', '<']))
        })
    });
    fn_line
        .or_else(|| block(text, name).map(|(start, _)| start))
        .map_or(1, |i| i + 1)
}

/// The exercises that exercise `name` needs first: its doc comment (inside
/// its anchor block) says `Needs: other` (or `` Needs: `other` ``), naming
/// other exercises of the lesson.
pub fn needs(text: &str, name: &str, exercises: &[Exercise]) -> Vec<String> {
    let Some((start, end)) = block(text, name) else {
        return Vec::new();
    };
    let mut needed = Vec::new();
    for line in text.lines().skip(start).take(end - start) {
        let Some((_, rest)) = line.split_once("Needs:") else {
            continue;
        };
        for word in rest.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if word != name && exercises.iter().any(|e| e.name == word) && !needed.iter().any(|n| n == word) {
                needed.push(word.to_string());
            }
        }
    }
    needed
}

/// Relative to `root`, for messages (`lessons/02-threads/src/exercises.rs`).
pub fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINTS: &str = "# Hints for lesson 01\n\nIntro text is ignored.\n\n\
        ## `time_both`\n<!-- ANCHOR: time_both -->\nRead both clocks.\n\nThen subtract.\n\
        <!-- ANCHOR_END: time_both -->\n```text\n## not_a_heading\n```\n## is_name_index\nCount letters.\n";

    #[test]
    fn a_heading_in_backticks_names_the_same_exercise_as_a_plain_one() {
        let plain = parse_hints("## time_both\nx\n").expect("parses");
        let ticked = parse_hints("## `time_both`\nx\n").expect("parses");
        assert_eq!(
            plain, ticked,
            "`## `time_both`` must select the tests of time_both::"
        );
        assert_eq!(ticked[0].name, "time_both");
    }

    #[test]
    fn hints_split_at_level_two_headings_outside_code_fences() {
        let exercises = parse_hints(HINTS).expect("parses");
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["time_both", "is_name_index"]);
        assert_eq!(
            exercises[0].hint,
            "Read both clocks.\n\nThen subtract.\n```text\n## not_a_heading\n```"
        );
        assert_eq!(exercises[1].hint, "Count letters.");
    }

    #[test]
    fn a_hint_may_say_what_a_hang_usually_is() {
        let exercises = parse_hints(
            "## pipeline\n<!-- ANCHOR: pipeline -->\nTwo channels.\n<!-- ANCHOR_END: pipeline -->\n\n\
             If it hangs: a `Sender` still\nalive.\n\nMore.\n## other\nNothing.\n",
        )
        .expect("parses");
        assert_eq!(
            exercises[0].if_it_hangs().as_deref(),
            Some("If it hangs: a `Sender` still alive.")
        );
        assert_eq!(exercises[1].if_it_hangs(), None);
    }

    #[test]
    fn a_heading_that_is_not_a_name_is_an_error_with_its_line() {
        let error = parse_hints("# x\n\n## time both\n").expect_err("not a name");
        assert!(error.starts_with("3: `## time both`"), "{error}");
    }

    const FILE: &str = "//! doc\n\n// ANCHOR: first\n/// Exercise 1.\npub fn first() {}\n\
        // ANCHOR_END: first\n\n// ANCHOR: second\n/// Exercise 2. Needs: `first`.\n\
        pub fn second<T>(t: T) -> T {\n    todo!()\n}\n// ANCHOR_END: second\n";

    #[test]
    fn blocks_run_from_anchor_to_anchor_end() {
        assert_eq!(block(FILE, "first"), Some((2, 6)));
        assert_eq!(block(FILE, "second"), Some((7, 13)));
        assert_eq!(block(FILE, "third"), None);
    }

    #[test]
    fn the_line_of_an_exercise_is_its_fn() {
        assert_eq!(line_of(FILE, "first"), 5);
        assert_eq!(line_of(FILE, "second"), 10);
        assert_eq!(line_of(FILE, "missing"), 1);
    }

    #[test]
    fn needs_names_other_exercises_only() {
        let exercises = parse_hints("## first\n## second\n").expect("parses");
        assert_eq!(needs(FILE, "second", &exercises), ["first"]);
        assert!(needs(FILE, "first", &exercises).is_empty());
    }
}
