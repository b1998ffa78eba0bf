//! Memory bounded by design: whatever the files, no engine takes more
//! memory than `Engine::memory_bound` (a function of the threads and the
//! chunk size), and a row longer than `MAX_ROW_BYTES` is an error that
//! names it.
//!
//! The hostile file: a header and then 256 MB with no line break, one
//! row. Before the limit, `chunks` read on to the end in every thread
//! (memory ≈ threads × file size) and the csv-crate engines read the row
//! whole. Each engine runs as the lesson's binary, a child of this test
//! binary started again in the `measure` role, which waits for it and
//! reads the peak memory of the child and of the child's own children
//! (the `processes` engine's workers) from `getrusage(RUSAGE_CHILDREN)`.
//! The peak is compared with the same engine's on a one-row file, so that
//! what the program takes to start is not counted.

mod common;

use common::{BINARY, HEADER};
use lesson_08_sales::engines::{Engine, MAX_ROW_BYTES, Options};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use workbook::child::Guard;

/// The environment variable that makes this binary the measurer.
const ROLE: &str = "LESSON_08_MEASURE_ARGS";

/// The long row: 256 MiB, far beyond the bound of any engine at 2 threads.
const LONG_ROW: usize = 256 << 20;

/// Not a test on its own: started again with `ROLE` set to the lesson
/// binary's arguments (one a line), run it, wait, and print one line
/// `peak-kb <KB> ok <BOOL> stderr <JSON>`.
#[test]
fn measure_role() {
    let Ok(args) = std::env::var(ROLE) else {
        return;
    };
    let mut child = Guard::new(
        Command::new(BINARY)
            .args(args.lines())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the lesson's binary starts"),
    );
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("its stderr is text");
    }
    let status = child.wait().expect("the child can be waited for");
    // On Linux, ru_maxrss is in kilobytes: the largest of our waited-for
    // children and of their waited-for children.
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage works");
    let stderr = serde_json::to_string(&stderr).expect("a string");
    println!(
        "peak-kb {} ok {} stderr {stderr}",
        usage.max_rss(),
        status.success()
    );
}

/// The lesson's binary with `args`, measured: (peak kB, success, stderr).
fn measure(args: &[&str]) -> (u64, bool, String) {
    let exe = std::env::current_exe().expect("a test knows its binary");
    let measurer = Command::new(exe)
        .args(["--exact", "measure_role", "--nocapture", "--test-threads=1"])
        .env(ROLE, args.join("\n"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("this test binary starts again");
    let mut measurer = Guard::new(measurer);
    let mut stdout = String::new();
    if let Some(mut pipe) = measurer.stdout.take() {
        pipe.read_to_string(&mut stdout).expect("text");
    }
    measurer.wait().expect("the measurer can be waited for");
    let line = stdout
        .lines()
        .find_map(|line| line.split_once("peak-kb ").map(|(_, rest)| rest.to_string()))
        .unwrap_or_else(|| panic!("the measurer printed no peak:\n{stdout}"));
    let (peak, rest) = line.split_once(" ok ").expect("peak-kb N ok B stderr S");
    let (ok, stderr) = rest.split_once(" stderr ").expect("peak-kb N ok B stderr S");
    (
        peak.parse().expect("a number of kB"),
        ok == "true",
        serde_json::from_str(stderr).expect("JSON text"),
    )
}

/// A file: the header, then `row` bytes of `x` and no line break.
fn write_long(path: &Path, row: usize) {
    let mut file = BufWriter::new(File::create(path).expect("writable"));
    file.write_all(HEADER.as_bytes()).expect("written");
    let block = vec![b'x'; 1 << 20];
    for _ in 0..row / block.len() {
        file.write_all(&block).expect("written");
    }
    file.flush().expect("written");
}

#[test]
#[cfg(target_os = "linux")]
fn every_engine_stays_under_its_memory_bound_on_a_256_mb_row() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (small, large) = (dir.path().join("small"), dir.path().join("large"));
    std::fs::create_dir(&small).expect("a directory");
    std::fs::create_dir(&large).expect("a directory");
    let good = "a1,10001,RED MUG,2,4.96,9.92,France,2015/04/06\n";
    std::fs::write(small.join("a.csv"), format!("{HEADER}{good}")).expect("written");
    write_long(&large.join("a.csv"), LONG_ROW);
    let options = Options::with_threads(2);
    workbook::watchdog::within(
        Duration::from_secs(300),
        "five engines on a 256 MB row",
        move || {
            for engine in Engine::ALL {
                let run = |dir: &Path| {
                    let dir = dir.display().to_string();
                    measure(&["--engine", engine.name(), "--threads", "2", "--data-dir", &dir])
                };
                let (base, ok, stderr) = run(&small);
                assert!(ok, "{}: a one-row file is good, but: {stderr}", engine.name());
                let (peak, ok, stderr) = run(&large);
                let named = format!(
                    "a.csv, line 2: a row of 268,435,456 bytes, longer than the limit of {}",
                    workbook::report::grouped(MAX_ROW_BYTES as u64)
                );
                assert!(
                    !ok && stderr.replace('\n', " ").replace("   ", " ").contains(&named),
                    "{}: expected the run to stop with {named:?} (the file, the line, \
                 the row's length and the limit), got:\n{stderr}",
                    engine.name()
                );
                let bound_kb = engine.memory_bound(&options) / 1024;
                let grew = peak.saturating_sub(base);
                // Shown with --nocapture: the figures the chapter quotes.
                println!(
                    "{:<10} peak {peak:>7} kB on the long row, {base:>7} kB on one row: \
                 {grew:>6} kB more, bound {bound_kb} kB",
                    engine.name()
                );
                assert!(
                    grew <= bound_kb,
                    "{}: {grew} kB more at its peak on a 256 MB row than on one row \
                 ({peak} kB against {base} kB), over its bound of {bound_kb} kB: \
                 some buffer grows with the row instead of stopping at the limit \
                 (a window reading on to find a line break, a record read whole?)",
                    engine.name()
                );
            }
        },
    );
}
