//! `just reset N [K]`: put exercise K (or the whole of lesson N's file)
//! back to its stub, after showing what will be overwritten.
//!
//! The stubs' text lives in one committed place, `lessons/NN-slug/stubs/
//! exercises.rs`, so this works from a zip download with no git. One
//! exercise is the lines from its `// ANCHOR: name` to its
//! `// ANCHOR_END: name` (the same markers the book includes code by), so
//! resetting exercise 2 leaves the learner's other answers alone. The old
//! file is copied to `target/learner/backups/` first: a reset can be undone.

use crate::lessons::Exercises as _;
use crate::lessons::{self, Lesson};
use crate::progress;
use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Lines of the learner's code shown before they are overwritten.
const SHOWN_LINES: usize = 40;

pub fn reset(root: &Path, lesson: &Lesson, which: Option<&str>, yes: bool) -> Result<bool, String> {
    let n = lesson.number;
    let stub_path = lesson.stub_file();
    let stub = fs::read_to_string(&stub_path).map_err(|e| {
        format!(
            "cannot read the stubs, {}: {e} (the workbook ships this file)",
            lessons::shown(root, &stub_path)
        )
    })?;
    let file = lesson.exercises_file();
    let shown = lessons::shown(root, &file);
    // A deleted file is simply restored whole.
    let current = fs::read_to_string(&file).unwrap_or_default();
    let (new, what) = match which {
        Some(which) => {
            let (k, exercise) = lesson.exercise(which)?;
            let new = replace_block(&current, &stub, &exercise.name).map_err(|e| format!("{shown}: {e}"))?;
            (new, format!("exercise {k} ({}) of lesson {n}", exercise.name))
        }
        None => (stub.clone(), format!("all of lesson {n}'s exercises")),
    };
    if new == current {
        say!("{shown}: {what} is already the stub. Nothing to do.");
        return Ok(true);
    }
    say!("This puts {what} back to its stub. In {shown}, these lines of yours will be replaced:\n");
    print_changed(&current, &new);
    if !yes && !confirm()? {
        say!("Nothing changed.");
        return Ok(true);
    }
    let backup = backup(root, lesson, &current)?;
    fs::write(&file, &new).map_err(|e| format!("cannot write {shown}: {e}"))?;
    say!(
        "\nDone. Your old file is kept in {}",
        lessons::shown(root, &backup)
    );
    let again = which.map_or(format!("just check {n}"), |k| format!("just check {n} {k}"));
    say!("Start again with: {again}");
    Ok(true)
}

/// `current` with exercise `name`'s block taken from `stub`.
pub fn replace_block(current: &str, stub: &str, name: &str) -> Result<String, String> {
    let (start, end) = lessons::block(current, name).ok_or_else(|| {
        format!(
            "the lines `// ANCHOR: {name}` and `// ANCHOR_END: {name}` around the exercise are \
             gone, so which lines are `{name}` is unknown. Put them back, or reset the whole file \
             (leave out the exercise number)"
        )
    })?;
    let (stub_start, stub_end) =
        lessons::block(stub, name).ok_or_else(|| format!("the stub has no `// ANCHOR: {name}` block"))?;
    let lines: Vec<&str> = current.split_inclusive('\n').collect();
    let stub_lines: Vec<&str> = stub.split_inclusive('\n').collect();
    let mut new = lines[..start].concat();
    new.push_str(&stub_lines[stub_start..stub_end].concat());
    if !new.ends_with('\n') && end < lines.len() {
        new.push('\n');
    }
    new.push_str(&lines[end..].concat());
    Ok(new)
}

/// The learner's lines that differ (from the first to the last changed
/// line), numbered as in their editor.
fn print_changed(current: &str, new: &str) {
    let old: Vec<&str> = current.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let changed = &old[head..old.len() - tail];
    for (i, line) in changed.iter().enumerate().take(SHOWN_LINES) {
        println!("{:>5} | {line}", head + i + 1);
    }
    if changed.len() > SHOWN_LINES {
        say!("      ({} more lines)", changed.len() - SHOWN_LINES);
    }
    if changed.is_empty() {
        say!("      (no lines of yours: the stub's lines are added back)");
    }
}

/// Ask on the terminal. A script (stdin not a terminal) must say --yes.
fn confirm() -> Result<bool, String> {
    if !io::stdin().is_terminal() {
        return Err(
            "not resetting: input is not a terminal, so I cannot ask. Add --yes to reset without asking"
                .into(),
        );
    }
    print!("\nOverwrite them? [y/N] ");
    io::stdout().flush().map_err(|e| e.to_string())?;
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

fn backup(root: &Path, lesson: &Lesson, current: &str) -> Result<PathBuf, String> {
    let dir = progress::cache_dir(root).join("backups");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("{}-exercises.rs.{seconds}", lesson.folder()));
    fs::write(&path, current).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUB: &str = "//! doc\n// ANCHOR: a\npub fn a() { todo!() }\n// ANCHOR_END: a\n\n\
        // ANCHOR: b\npub fn b() {\n    todo!()\n}\n// ANCHOR_END: b\n";

    #[test]
    fn replacing_one_block_leaves_the_others_alone() {
        let mine = "//! doc\n// ANCHOR: a\npub fn a() { 1; }\n// ANCHOR_END: a\n// my note\n\n\
            // ANCHOR: b\npub fn b() {\n    2;\n    3;\n}\n// ANCHOR_END: b\n";
        let new = replace_block(mine, STUB, "b").expect("both have the block");
        assert_eq!(
            new,
            "//! doc\n// ANCHOR: a\npub fn a() { 1; }\n// ANCHOR_END: a\n// my note\n\n\
             // ANCHOR: b\npub fn b() {\n    todo!()\n}\n// ANCHOR_END: b\n"
        );
    }

    #[test]
    fn missing_markers_are_named() {
        let error = replace_block("pub fn b() {}\n", STUB, "b").expect_err("no markers");
        assert!(error.contains("`// ANCHOR: b`"), "{error}");
    }
}
