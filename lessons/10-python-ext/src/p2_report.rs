//! Part 2: lesson 08's report from Python. `python/report.py` calls
//! `sales_ext.report()` and prints the dict as JSON; its bytes must be
//! lesson 08's `--json` of the same files, computed here by lesson 08's
//! engine: on the generated files, and on lesson 08's broken files with
//! bad rows skipped.

use lesson_10_python_ext::sales::{self, Dataset, Engine, OnBadRow, Options};
use lesson_10_python_ext::script;
use std::path::Path;
use workbook::report::grouped;

/// Both comparisons, or an error showing where the texts part.
pub fn run(python: &Path, data: &Dataset) -> Result<(), String> {
    println!("2. The report from Python: sales_ext.report(data_dir) -> dict\n");
    let root = lesson_10_python_ext::build::workspace();
    // Paths from the workspace's root, where the script runs.
    let broken = root.join("lessons/08-sales/broken");
    for (dir, on_bad_row) in [
        (data.dir.as_path(), OnBadRow::Fail),
        (broken.as_path(), OnBadRow::Skip),
    ] {
        let skip = if on_bad_row == OnBadRow::Skip {
            "skip"
        } else {
            "fail"
        };
        let dir_arg = dir.strip_prefix(&root).unwrap_or(dir).as_os_str().to_os_string();
        let python_json = script::run(
            python,
            "report.py",
            &[dir_arg, "--on-bad-row".into(), skip.into()],
        )?;
        let mut options = Options::with_threads(2);
        options.on_bad_row = on_bad_row;
        let rust = sales::lesson_08(dir, Engine::Chunks, options).map_err(|e| e.to_string())?;
        // `print` ends the document with a line break; lesson 08's
        // `println!` does too.
        let expected = rust.to_json() + "\n";
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        if python_json != expected {
            return Err(format!("{name}: {}", first_difference(&python_json, &expected)));
        }
        println!(
            "   {name:<7} on_bad_row={skip:<5} {:>6} bytes, {:>7} rows, {} rejected: the same bytes",
            grouped(python_json.len() as u64),
            grouped(rust.rows()),
            rust.total.rejected
        );
    }
    println!("   (the same bytes as lesson 08's --json on the same files)\n");
    Ok(())
}

/// The first line where Python's JSON and lesson 08's differ.
fn first_difference(python: &str, rust: &str) -> String {
    let mut lines = python.lines().zip(rust.lines()).enumerate();
    match lines.find(|(_, (p, r))| p != r) {
        Some((n, (p, r))) => format!("line {}: Python printed {p:?}, lesson 08 {r:?}", n + 1),
        None => format!("one is longer: {} bytes against {}", python.len(), rust.len()),
    }
}
