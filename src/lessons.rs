//! Where the lessons are: `lessons/NN-slug/`, package `lesson-NN-slug`, and
//! where each lesson keeps its files.
//!
//! The one walker of `lessons/`: the workspace's own tests
//! (`tests/lessons.rs`) and the learner tool (`tools/learner/`) both read
//! the lessons through it. What a lesson's exercises are (its `hints.md`),
//! and everything done with them (checks, hints, progress, reset, watch),
//! is the learner tool's.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

    /// `NN-slug`, the folder's name.
    pub fn folder(&self) -> String {
        format!("{:02}-{}", self.number, self.slug)
    }

    /// The learner's file, `src/exercises.rs`.
    pub fn exercises_file(&self) -> PathBuf {
        self.dir.join("src").join("exercises.rs")
    }

    /// The canonical stubs, `stubs/exercises.rs`: what a learner starts from.
    pub fn stub_file(&self) -> PathBuf {
        self.dir.join("stubs").join("exercises.rs")
    }

    /// The answer key, `src/solutions.rs`.
    pub fn solutions_file(&self) -> PathBuf {
        self.dir.join("src").join("solutions.rs")
    }

    /// The model check of the exercises, `tests/loom.rs` (not every lesson
    /// has one: only those whose wrong answers are races).
    pub fn loom_tests(&self) -> PathBuf {
        self.dir.join("tests").join("loom.rs")
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
            && number.len() == 2
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_found_in_number_order() {
        let root = env!("CARGO_MANIFEST_DIR");
        let lessons = lessons(Path::new(root)).expect("the workspace has a lessons folder");
        assert_eq!(lessons[0].number, 1);
        assert_eq!(lessons[0].package(), "lesson-01-timing");
        assert_eq!(lessons[0].folder(), "01-timing");
        assert!(
            lessons[0]
                .exercises_file()
                .ends_with("lessons/01-timing/src/exercises.rs")
        );
        assert!(lessons.windows(2).all(|w| w[0].number < w[1].number));
    }

    #[test]
    fn folders_that_are_not_lessons_are_skipped() {
        let root = std::env::temp_dir().join(format!("workbook-lessons-{}", std::process::id()));
        for dir in ["lessons/02-b", "lessons/01-a", "lessons/notes", "lessons/3-short"] {
            fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        fs::write(root.join("lessons/04-file"), "").expect("write");
        let found = lessons(&root).expect("reads");
        let _ = fs::remove_dir_all(&root);
        let names: Vec<String> = found.iter().map(Lesson::folder).collect();
        assert_eq!(names, ["01-a", "02-b"]);
    }
}
