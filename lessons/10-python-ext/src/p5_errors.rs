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
    print!("{}", workbook::report::indent(&printed));
    println!();
    Ok(())
}
