//! Running one of the lesson's Python scripts (`python/NAME.py`) with the
//! venv's interpreter, as a child that is killed and reaped on every path;
//! what it printed on stdout comes back, its stderr goes to ours.

use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use workbook::child::Guard;

/// `python python/NAME args...`: its stdout, or an error with its status.
pub fn run<S: AsRef<OsStr>>(python: &Path, name: &str, args: &[S]) -> Result<String, String> {
    run_with(python, None, name, args)
}

/// [`run`] with `module_dir` on `PYTHONPATH`: the tests' module, built by
/// cargo into a folder of its own rather than installed into the venv.
pub fn run_with<S: AsRef<OsStr>>(
    python: &Path,
    module_dir: Option<&Path>,
    name: &str,
    args: &[S],
) -> Result<String, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python").join(name);
    let mut command = Command::new(python);
    if let Some(dir) = module_dir {
        command.env("PYTHONPATH", dir);
    }
    // From the workspace's root, as `just` runs: paths print as the
    // chapter shows them (`lessons/08-sales/broken/a.csv`). A panic's
    // message without a backtrace: part 5 panics on purpose.
    command
        .arg(&script)
        .args(args)
        .current_dir(crate::build::workspace())
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut child = Guard::new(
        command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", python.display()))?,
    );
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        pipe.read_to_string(&mut stdout)
            .map_err(|e| format!("{name}: cannot read its output: {e}"))?;
    }
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if status.success() {
        Ok(stdout)
    } else {
        Err(format!("{name} failed ({status}); it printed:\n{stdout}"))
    }
}

/// The script's stdout, read as one JSON document.
pub fn json<S: AsRef<OsStr>>(python: &Path, name: &str, args: &[S]) -> Result<serde_json::Value, String> {
    let stdout = run(python, name, args)?;
    serde_json::from_str(&stdout).map_err(|e| format!("{name} printed no JSON ({e}):\n{stdout}"))
}
