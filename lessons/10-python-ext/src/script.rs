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

/// `python ARGS...` in `python/` (where `-m unittest` finds the test
/// files), with `module_dir` on `PYTHONPATH`; stderr with stdout, both
/// in the error: unittest reports on stderr.
pub fn run_module(python: &Path, module_dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let mut command = Command::new(python);
    command
        .args(args)
        .current_dir(&folder)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null());
    if let Some(dir) = module_dir {
        command.env("PYTHONPATH", dir);
    }
    let output = command
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", python.display()))
        .map(Guard::new)
        .and_then(finish)?;
    let said = format!("{}{}", output.1, output.2);
    if output.0 { Ok(said) } else { Err(said) }
}

/// Wait for a child, reading both pipes (on a thread each: one that
/// fills would block it); its success, stdout and stderr.
fn finish(mut child: Guard) -> Result<(bool, String, String), String> {
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let out = read(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = read(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let status = child.wait().map_err(|e| e.to_string())?;
    let (out, err) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    Ok((status.success(), out, err))
}

/// [`run`] with the script's stderr in the same pipe as its stdout, in
/// the order written (Python unbuffered): part 5 shows a panic's message,
/// which Rust's panic hook writes to stderr, where it happened.
pub fn run_merged<S: AsRef<OsStr>>(python: &Path, name: &str, args: &[S]) -> Result<String, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python").join(name);
    let (mut reader, writer) = std::io::pipe().map_err(|e| format!("a pipe: {e}"))?;
    let mut command = Command::new(python);
    command
        .arg("-u")
        .arg(&script)
        .args(args)
        .current_dir(crate::build::workspace())
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().map_err(|e| format!("a pipe: {e}"))?)
        .stderr(writer);
    let mut child = Guard::new(
        command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", python.display()))?,
    );
    // Our copies of the pipe's writing end go with the command: the
    // reading below ends when the child's do.
    drop(command);
    let mut printed = String::new();
    reader
        .read_to_string(&mut printed)
        .map_err(|e| format!("{name}: cannot read its output: {e}"))?;
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if status.success() {
        Ok(printed)
    } else {
        Err(format!("{name} failed ({status}); it printed:\n{printed}"))
    }
}
