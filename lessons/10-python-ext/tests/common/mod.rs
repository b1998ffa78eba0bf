//! What both test files of lesson 10 share: the module `sales_ext` built
//! by cargo for a test (no venv, no network: `build::cargo_build`).

use lesson_10_python_ext::build;
use std::path::PathBuf;

/// Build the module with `features` into `target/lesson-10/module-NAME`
/// and return that folder (on `PYTHONPATH`, `import sales_ext` loads it);
/// `None`, said in one line, where `python3` 3.9 or later is missing. A
/// test file calls it once (a `OnceLock`) for all its tests.
///
/// # Panics
/// When the build fails: a compile error shows here, with rustc's message.
pub fn build_module(name: &str, features: &[&str]) -> Option<PathBuf> {
    if let Err(why) = build::python3() {
        println!(
            "skipped: no python3 3.9 or later ({})",
            why.lines().next().unwrap_or_default()
        );
        return None;
    }
    let dir = build::target_dir()
        .join("lesson-10")
        .join(format!("module-{name}"));
    build::cargo_build("python3", features, false, &dir).unwrap_or_else(|e| panic!("{e}"));
    Some(dir)
}
