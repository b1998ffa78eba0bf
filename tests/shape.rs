//! Every lesson's files against the written shape: the table "Every file
//! of a lesson" in `lessons/README.md` is read here, so the README and this
//! check cannot drift apart. A file no row allows fails (a new kind of file
//! needs its row, in the same change), and so does a file a row requires
//! that a lesson lacks. Each lesson's `src/lib.rs` must open its `# Layout`
//! section in the one format the README names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The README section whose table is the shape.
const SECTION: &str = "## Every file of a lesson";

/// One row of the table: the paths it allows (globs, relative to a lesson)
/// and the lessons that have them (`None`: every lesson).
#[derive(Debug, Clone, PartialEq)]
struct Row {
    patterns: Vec<String>,
    lessons: Option<Vec<String>>,
}

/// The rows of the shape table in `readme`, or why it cannot be read.
fn shape_rows(readme: &str) -> Result<Vec<Row>, String> {
    let start = readme
        .find(SECTION)
        .ok_or_else(|| format!("no `{SECTION}` section"))?;
    let mut rows = Vec::new();
    for line in readme[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
    {
        let cells: Vec<&str> = line.split(" | ").collect();
        let (paths, lessons) = match cells.as_slice() {
            [paths, lessons, ..] => (paths.trim_start_matches('|'), lessons.trim()),
            _ => return Err(format!("a row without a lessons column: {line}")),
        };
        let patterns: Vec<String> = paths.split('`').skip(1).step_by(2).map(str::to_string).collect();
        if patterns.is_empty() {
            return Err(format!("a row that names no path in backticks: {line}"));
        }
        let lessons = if lessons == "every" {
            None
        } else {
            let numbers: Vec<String> = lessons.split(',').map(|n| n.trim().to_string()).collect();
            if let Some(bad) = numbers
                .iter()
                .find(|n| n.len() != 2 || !n.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(format!(
                    "lessons column `{lessons}`: `{bad}` is not a two-digit lesson number \
                     (write `every` or a list like `02, 03`)"
                ));
            }
            Some(numbers)
        };
        rows.push(Row { patterns, lessons });
    }
    if rows.is_empty() {
        return Err(format!("the `{SECTION}` section has no table"));
    }
    Ok(rows)
}

/// Whether `path` matches `pattern`: `*` is any run of characters within
/// one folder (no `/`), `#` one digit, anything else itself.
fn matches(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], s) || (s.first().is_some_and(|&c| c != b'/') && go(p, &s[1..])),
            (Some(b'#'), Some(c)) if c.is_ascii_digit() => go(&p[1..], &s[1..]),
            (Some(a), Some(b)) if a == b && *a != b'#' => go(&p[1..], &s[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

/// What is wrong with the lessons' files against `rows`: each lesson is its
/// number (`"04"`) and its files, relative to its folder.
fn problems_of(rows: &[Row], lessons: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    let has = |row: &Row, lesson: &str| row.lessons.as_ref().is_none_or(|l| l.iter().any(|n| n == lesson));
    for (lesson, files) in lessons {
        for file in files {
            let allowed = rows
                .iter()
                .any(|row| has(row, lesson) && row.patterns.iter().any(|p| matches(p, file)));
            if !allowed {
                let elsewhere: Vec<String> = rows
                    .iter()
                    .filter(|row| row.patterns.iter().any(|p| matches(p, file)))
                    .flat_map(|row| row.lessons.clone().unwrap_or_default())
                    .collect();
                problems.push(if elsewhere.is_empty() {
                    format!(
                        "lesson {lesson}: `{file}` is a kind of file lessons/README.md does not \
                         name: add a row to its table (or remove the file)"
                    )
                } else {
                    format!(
                        "lesson {lesson}: `{file}` is allowed only in lessons {}: add {lesson} to \
                         its row in lessons/README.md (or remove the file)",
                        elsewhere.join(", ")
                    )
                });
            }
        }
        for row in rows.iter().filter(|row| has(row, lesson)) {
            for pattern in &row.patterns {
                if !files.iter().any(|file| matches(pattern, file)) {
                    problems.push(format!(
                        "lesson {lesson}: no `{pattern}`, which lessons/README.md says it has \
                         (add it, or take {lesson} off that row)"
                    ));
                }
            }
        }
    }
    for row in rows {
        for lesson in row.lessons.iter().flatten() {
            if !lessons.contains_key(lesson) {
                problems.push(format!(
                    "lessons/README.md names lesson {lesson} for `{}`, but there is no such lesson",
                    row.patterns.join("`, `")
                ));
            }
        }
    }
    problems
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `dir` (relative to it): those git tracks or would add
/// (`git ls-files -co --exclude-standard`, so a new file counts before it
/// is committed and build output does not); without git (a downloaded
/// zip), every file below it but hidden ones, `target` and `__pycache__`.
fn files_of(dir: &Path) -> Vec<String> {
    let listed = Command::new("git")
        .args(["ls-files", "-co", "--exclude-standard", "--", "."])
        .current_dir(dir)
        .output();
    if let Ok(output) = listed
        && output.status.success()
    {
        let mut files: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|path| dir.join(path).is_file()) // deleted, not yet committed
            .map(str::to_string)
            .collect();
        files.sort();
        return files;
    }
    let mut files = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let entries = std::fs::read_dir(dir.join(&rel))
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.join(&rel).display()));
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" || name == "__pycache__" {
                continue;
            }
            let path = rel.join(&name);
            if entry.path().is_dir() {
                todo.push(path);
            } else {
                files.push(path.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

/// Each lesson folder `lessons/NN-slug` by its number `NN`.
fn lesson_dirs() -> BTreeMap<String, PathBuf> {
    let dir = root().join("lessons");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (number, _) = name.split_once('-')?;
            (number.len() == 2 && number.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (number.to_string(), entry.path()))
        })
        .collect()
}

fn readme_rows() -> Vec<Row> {
    let path = root().join("lessons/README.md");
    let readme =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    shape_rows(&readme).unwrap_or_else(|e| panic!("lessons/README.md: {e}"))
}

#[test]
fn every_lesson_has_the_files_the_readme_names_and_no_other() {
    let lessons: BTreeMap<String, Vec<String>> = lesson_dirs()
        .into_iter()
        .map(|(number, dir)| (number, files_of(&dir)))
        .collect();
    assert!(lessons.len() >= 10, "found only lessons {:?}", lessons.keys());
    let problems = problems_of(&readme_rows(), &lessons);
    assert!(
        problems.is_empty(),
        "the lessons and the shape written in lessons/README.md disagree:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_lesson_opens_its_library_with_the_layout_in_the_one_format() {
    for (number, dir) in lesson_dirs() {
        let path = dir.join("src/lib.rs");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let layout: String = text
            .lines()
            .skip_while(|line| line.trim() != "//! # Layout")
            .take_while(|line| line.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !layout.is_empty(),
            "lesson {number}: src/lib.rs has no `//! # Layout` section (lessons/README.md, `src/lib.rs`)"
        );
        let library = ["//! **The library**", "//! **The teaching core**"];
        for (what, starts) in [
            ("the library", &library[..]),
            ("the demo", &["//! **The demo**"][..]),
            ("your file", &["//! **Your file**"][..]),
        ] {
            assert!(
                layout
                    .lines()
                    .any(|line| starts.iter().any(|s| line.starts_with(s))),
                "lesson {number}: the Layout of src/lib.rs has no paragraph on {what} starting with \
                 one of {starts:?} (the one format lessons/README.md names)"
            );
        }
    }
}

#[test]
fn the_readme_table_is_read_as_rows() {
    let readme = "intro\n\n## Every file of a lesson\n\ntext\n\n| file | lessons | what |\n|---|---|---|\n\
                  | `Cargo.toml` | every | the crate |\n| `a.rs`, `b/*.rs` | 02, 08 | two kinds |\n\nafter\n";
    let rows = shape_rows(readme).expect("a good table");
    assert_eq!(
        rows,
        [
            Row {
                patterns: vec!["Cargo.toml".into()],
                lessons: None
            },
            Row {
                patterns: vec!["a.rs".into(), "b/*.rs".into()],
                lessons: Some(vec!["02".into(), "08".into()])
            },
        ]
    );
    let bad = "## Every file of a lesson\n| f | l | w |\n|-|-|-|\n| `x` | some | ? |\n";
    assert!(
        shape_rows(bad).is_err_and(|e| e.contains("`some`")),
        "a lessons column that is neither `every` nor numbers is an error"
    );
    assert!(
        shape_rows("no section").is_err(),
        "a README without the section is an error"
    );
}

#[test]
fn globs_stay_within_a_folder_and_hash_is_a_digit() {
    assert!(matches("src/p#_*.rs", "src/p3_cpu.rs"));
    assert!(!matches("src/p#_*.rs", "src/plots.rs"), "plots is not a part");
    assert!(!matches("src/p#_*.rs", "src/px_cpu.rs"), "# is a digit");
    assert!(matches("python/*.py", "python/a.py"));
    assert!(
        !matches("python/*.py", "python/sub/a.py"),
        "* stays within one folder"
    );
    assert!(!matches("Cargo.toml", "Cargo.toml.orig"));
}

/// A small shape: what every lesson has, and one kind only lesson 02 has.
fn small_shape() -> Vec<Row> {
    vec![
        Row {
            patterns: vec!["src/lib.rs".into(), "python/*.py".into()],
            lessons: None,
        },
        Row {
            patterns: vec!["tests/loom.rs".into()],
            lessons: Some(vec!["02".into()]),
        },
    ]
}

fn tree(lessons: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    lessons
        .iter()
        .map(|(n, files)| (n.to_string(), files.iter().map(|f| f.to_string()).collect()))
        .collect()
}

#[test]
fn a_tree_in_the_shape_passes() {
    let lessons = tree(&[
        ("01", &["src/lib.rs", "python/a.py"]),
        ("02", &["src/lib.rs", "python/b.py", "tests/loom.rs"]),
    ]);
    assert_eq!(problems_of(&small_shape(), &lessons), Vec::<String>::new());
}

#[test]
fn an_unknown_file_fails_naming_it() {
    let lessons = tree(&[
        ("01", &["src/lib.rs", "python/a.py", "src/helpers.rs"]),
        ("02", &["src/lib.rs", "python/b.py", "tests/loom.rs"]),
    ]);
    let problems = problems_of(&small_shape(), &lessons);
    assert!(
        problems.len() == 1 && problems[0].contains("lesson 01: `src/helpers.rs`"),
        "a file no row allows must fail, naming it: {problems:?}"
    );
    let lessons = tree(&[
        ("01", &["src/lib.rs", "python/a.py", "tests/loom.rs"]),
        ("02", &["src/lib.rs", "python/b.py", "tests/loom.rs"]),
    ]);
    let problems = problems_of(&small_shape(), &lessons);
    assert!(
        problems.len() == 1 && problems[0].contains("allowed only in lessons 02"),
        "a kind of file in a lesson its row does not list must fail: {problems:?}"
    );
}

#[test]
fn a_missing_required_file_fails_naming_it() {
    let lessons = tree(&[("01", &["src/lib.rs"]), ("02", &["src/lib.rs", "python/b.py"])]);
    let problems = problems_of(&small_shape(), &lessons);
    assert_eq!(
        problems,
        [
            "lesson 01: no `python/*.py`, which lessons/README.md says it has (add it, or take 01 off \
             that row)",
            "lesson 02: no `tests/loom.rs`, which lessons/README.md says it has (add it, or take 02 \
             off that row)",
        ],
        "every lesson a row names must have each of its paths"
    );
    let lessons = tree(&[("02", &["src/lib.rs", "python/b.py", "tests/loom.rs"])]);
    let mut shape = small_shape();
    shape[1].lessons = Some(vec!["02".into(), "11".into()]);
    let problems = problems_of(&shape, &lessons);
    assert!(
        problems.iter().any(|p| p.contains("no such lesson")),
        "a row naming a lesson that does not exist fails: {problems:?}"
    );
}
