//! Building the module: a virtual environment under `target/`, maturin
//! installed into it from PyPI (a prebuilt wheel), and `maturin develop`,
//! which builds the `python` feature of this crate as a Python module and
//! installs it there. The tests build the same module with cargo alone
//! (no network, no venv): what maturin does for a development build is a
//! `cargo build` of the cdylib, the file renamed, and a few files of
//! metadata.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::SystemTime;

/// The maturin the recipe installs (pinned: its flags change).
pub const MATURIN: &str = "maturin==1.16.0";

/// The module's name in Python.
pub const MODULE: &str = "sales_ext";

/// The root of the workspace.
pub fn workspace() -> PathBuf {
    let lesson = Path::new(env!("CARGO_MANIFEST_DIR"));
    lesson.ancestors().nth(2).unwrap_or(lesson).to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, or `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

/// This lesson's virtual environment: `venv` for the release demo
/// (`just lesson 10`), `venv-debug` for a debug one (`cargo run`, the
/// smoke test), whose module is a debug build too.
pub fn venv(release: bool) -> PathBuf {
    let name = if release { "venv" } else { "venv-debug" };
    target_dir().join("lesson-10").join(name)
}

/// The venv's interpreter.
pub fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// Cargo: the one running us (tests), or the one on the PATH.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Run `command`, its output shown only if it fails.
fn quietly(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot start it: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{what} failed ({}):\n{stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The `python3` on the PATH, if it is 3.9 or later (abi3-py39: the
/// module loads into any CPython from 3.9 on): its version, or why not.
pub fn python3() -> Result<String, String> {
    let version = quietly(
        Command::new("python3").args([
            "-c",
            "import sys; print('%d.%d.%d' % sys.version_info[:3]); sys.exit(sys.version_info < (3, 9))",
        ]),
        "python3 (3.9 or later)",
    )?;
    Ok(version.trim().to_string())
}

/// The venv, made if missing (`python3 -m venv`); its interpreter.
pub fn ensure_venv(venv: &Path) -> Result<PathBuf, String> {
    let python = venv_python(venv);
    if !python.is_file() {
        quietly(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            "python3 -m venv (on Debian and Ubuntu: apt install python3-venv)",
        )?;
    }
    Ok(python)
}

/// maturin in the venv, installed from PyPI if missing.
pub fn ensure_maturin(python: &Path) -> Result<(), String> {
    let has = Command::new(python)
        .args(["-m", "maturin", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if has {
        return Ok(());
    }
    quietly(
        Command::new(python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            MATURIN,
        ]),
        "pip install maturin",
    )
    .map(drop)
}

/// Is the module installed in the venv newer than every source it is
/// built from (this lesson's, lesson 08's, the lock file)?
pub fn up_to_date(python: &Path) -> bool {
    let Ok(found) = quietly(
        Command::new(python).args([
            "-c",
            "import importlib.util as u; s = u.find_spec('sales_ext'); print(s.origin if s else '')",
        ]),
        "find the module",
    ) else {
        return false;
    };
    let Ok(built) = fs::metadata(found.trim()).and_then(|m| m.modified()) else {
        return false;
    };
    let root = workspace();
    let sources = [
        root.join("lessons/10-python-ext/src"),
        root.join("lessons/10-python-ext/Cargo.toml"),
        root.join("lessons/08-sales/src"),
        root.join("Cargo.lock"),
    ];
    sources.iter().all(|source| newest(source) <= built)
}

/// The newest modification time under `path`, leaving out the exercises
/// and their key: the demo's module never contains them, and a learner's
/// save must not rebuild it.
fn newest(path: &Path) -> SystemTime {
    let name = path.file_name().unwrap_or_default();
    if name == "exercises.rs" || name == "solutions.rs" {
        return SystemTime::UNIX_EPOCH;
    }
    let own = fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let children = fs::read_dir(path).into_iter().flatten().flatten();
    children
        .map(|entry| newest(&entry.path()))
        .fold(own, SystemTime::max)
}

// ANCHOR: maturin
/// `maturin develop --release`: build this crate's `python` feature as
/// the module `sales_ext` and install it into the venv of `python`.
/// (Without `release`, a debug build, as a debug demo's.)
pub fn maturin_develop(python: &Path, release: bool) -> Result<(), String> {
    let venv = python.ancestors().nth(2).unwrap_or(python);
    let manifest = workspace().join("lessons/10-python-ext/Cargo.toml");
    let mut command = Command::new(python);
    command.args(["-m", "maturin", "develop", "--quiet", "--features", "python"]);
    if release {
        command.arg("--release");
    }
    quietly(
        command
            .arg("--manifest-path")
            .arg(manifest)
            .env("VIRTUAL_ENV", venv),
        "maturin develop",
    )
    .map(drop)
}
// ANCHOR_END: maturin

/// One build at a time in this process: two tests building the module
/// with different features would overwrite each other's file.
static BUILDING: Mutex<()> = Mutex::new(());

/// Build the module with cargo alone (debug, `features` on top of
/// `python`) and copy it into `dir` as `sales_ext.so`: `dir` on
/// `PYTHONPATH`, `import sales_ext` loads it. `python` is the interpreter
/// it is for (PyO3's build reads its configuration).
pub fn cargo_build(python: &str, features: &[&str], release: bool, dir: &Path) -> Result<PathBuf, String> {
    let _one = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    let features = [&["python"], features].concat().join(",");
    let profile = if release { "release" } else { "dev" };
    let stdout = quietly(
        Command::new(cargo())
            .args([
                "build",
                "--quiet",
                "--lib",
                "--package",
                "lesson-10-python-ext",
                "--profile",
                profile,
            ])
            .args([
                "--features",
                &features,
                "--message-format",
                "json-render-diagnostics",
            ])
            .current_dir(workspace())
            // An extension module: not linked to libpython, whose symbols
            // the interpreter that loads it provides.
            .env("PYO3_BUILD_EXTENSION_MODULE", "1")
            .env("PYO3_PYTHON", python),
        "cargo build of the module",
    )?;
    let library = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "lesson_10_python_ext")
        .flat_map(|message| message["filenames"].as_array().cloned().unwrap_or_default())
        .filter_map(|name| name.as_str().map(PathBuf::from))
        .find(|name| name.extension().is_some_and(|ext| ext == "so" || ext == "dylib"))
        .ok_or_else(|| format!("cargo built no shared library for the module:\n{stdout}"))?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let module = dir.join(format!("{MODULE}.so"));
    fs::copy(&library, &module)
        .map_err(|e| format!("copy {} to {}: {e}", library.display(), module.display()))?;
    Ok(module)
}

/// Without maturin (offline): the release build by cargo, copied into the
/// venv's `site-packages`.
pub fn install_with_cargo(python: &Path, release: bool) -> Result<(), String> {
    let site = quietly(
        Command::new(python).args(["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]),
        "find site-packages",
    )?;
    let python = python.to_str().ok_or("the venv's path is not UTF-8")?;
    cargo_build(python, &[], release, Path::new(site.trim())).map(drop)
}
