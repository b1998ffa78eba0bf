//! Part 5: errors cross properly. `python/errors.py` runs each case and
//! prints what Python saw: lesson 08's bad row as `BadRowError` (a
//! `ValueError`) with `path`, `line` and `reason`; the same file with
//! `on_bad_row="skip"`, the skipped rows listed; a Rust panic as
//! `PanicException`, the interpreter alive after it; Ctrl-C (SIGINT, sent
//! by a thread) during a long call, raised as `KeyboardInterrupt` between
//! two files.

use lesson_10_python_ext::sales::Dataset;
use lesson_10_python_ext::script;
use std::path::Path;

/// Run `python/errors.py` on lesson 08's broken `a.csv` and on the data.
pub fn run(python: &Path, data: &Dataset) -> Result<(), String> {
    println!("5. Errors across the boundary, as Python sees them\n");
    let root = lesson_10_python_ext::build::workspace();
    // Paths from the workspace's root, where the script runs.
    let broken = Path::new("lessons/08-sales/broken");
    let data = data.dir.strip_prefix(&root).unwrap_or(&data.dir);
    let printed = script::run_merged(python, "errors.py", &[broken, data])?;
    for line in printed.lines() {
        print_wrapped(line.trim_end());
    }
    println!();
    Ok(())
}

/// `line` indented under the part's heading, cut at a space where it
/// would pass the run's width (a panic's message names a long path).
fn print_wrapped(line: &str) {
    if line.is_empty() {
        return println!();
    }
    let width = workbook::context::get().width.max(40);
    let (mut rest, mut indent) = (line, "   ");
    while indent.len() + rest.chars().count() > width {
        let room = width - indent.len();
        let mut spaces = rest
            .char_indices()
            .filter(|&(i, c)| c == ' ' && i > 0 && i <= room);
        let Some((at, _)) = spaces.next_back() else { break };
        println!("{indent}{}", &rest[..at]);
        (rest, indent) = (&rest[at + 1..], "     ");
    }
    println!("{indent}{rest}");
}
