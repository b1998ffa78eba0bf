//! Where the lessons are: `lessons/NN-slug/`, package `lesson-NN-slug`.
//!
//! The workspace's own tests (`tests/lessons.rs`) walk the lessons with
//! this. Everything about exercises (their list, checks, hints, progress,
//! reset, watch) is the learner tool's, in `tools/learner/`: one reading of
//! each lesson's `hints.md`, not two.

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
        assert!(lessons.windows(2).all(|w| w[0].number < w[1].number));
    }
}
