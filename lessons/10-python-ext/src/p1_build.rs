//! Part 1: the module, built and installed. A virtual environment under
//! `target/` (`python3 -m venv`), maturin installed into it from PyPI (a
//! prebuilt wheel), then `maturin develop --release`: cargo builds this
//! crate with its `python` feature, and maturin installs the result as
//! the module `sales_ext`. Said before a first build, skipped when the
//! installed module is newer than every source.

use lesson_10_python_ext::build;
use std::path::{Path, PathBuf};
use std::time::Instant;
use workbook::timeit::human;

/// The venv's interpreter, with `sales_ext` installed and up to date.
pub fn run() -> Result<PathBuf, String> {
    println!("1. The module: sales_ext, built by maturin into a venv under target/\n");
    let version = build::python3().map_err(|e| format!("this lesson needs python3 3.9 or later: {e}"))?;
    // The module is built as this demo was: release by `just lesson 10`.
    let release = !cfg!(debug_assertions);
    let venv = build::venv(release);
    let shown = shown(&venv);
    let python = build::ensure_venv(&venv)?;
    if build::up_to_date(&python) {
        println!("   sales_ext is up to date in {shown} (python {version})\n");
        return Ok(python);
    }
    // ANCHOR: steps
    println!("   python {version}: the venv is {shown}");
    println!(
        "   installing {} from PyPI (a prebuilt wheel) if missing …",
        build::MATURIN
    );
    let started = Instant::now();
    match build::ensure_maturin(&python) {
        Ok(()) => {
            let flag = if release { " --release" } else { "" };
            println!("   building sales_ext: maturin develop{flag}");
            println!("   (a first build takes a minute or more) …");
            build::maturin_develop(&python, release)?;
        }
        Err(why) => {
            // Offline: what maturin does for a development build, by hand.
            println!(
                "   no maturin ({}): building with cargo alone …",
                first_line(&why)
            );
            build::install_with_cargo(&python, release)?;
        }
    }
    println!("   built and installed in {}\n", human(started.elapsed()));
    // ANCHOR_END: steps
    Ok(python)
}

/// `target/lesson-10/venv` rather than the full path, where it is under
/// the workspace.
fn shown(path: &Path) -> String {
    let root = build::workspace();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
