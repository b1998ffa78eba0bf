//! The report from the dataflow equals lesson 08's, byte for byte, for
//! every P × W tested; bad rows behave as in lesson 08; a missing peer is
//! named within the deadline; a peer killed mid-run ends the run with an
//! error and no process left.
//!
//! Each test runs the lesson's binary as a learner would (`report ...`),
//! under the watchdog, with its own ports (free ones, picked by the system),
//! and kills and reaps what it started on every path.

use lesson_09_distributed::dataflow::{Plan, Ship};
use lesson_09_distributed::hosts::free_loopback_ports;
use lesson_09_distributed::launch::{Fault, LaunchError};
use lesson_09_distributed::mesh::SECRET_ENV;
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::{Dataset, Engine, OnBadRow, Size, generate};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use tempfile::TempDir;
use workbook::watchdog;

const BINARY: &str = env!("CARGO_BIN_EXE_lesson-09-distributed");

/// Lesson 08's `tiny` set (5,250 rows in 7 files), in a temp dir.
fn tiny() -> TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    generate(Size::Tiny, dir.path(), 7, &indicatif::ProgressBar::hidden()).expect("generated");
    dir
}

/// Lesson 08's `--json` report of `dir` (its sequential engine).
fn lesson_08_json(dir: &Path, on_bad_row: OnBadRow) -> String {
    let dataset = Dataset::open(dir).expect("a dataset");
    let (report, _) =
        run::lesson_08(&dataset, Engine::Sequential, 1, on_bad_row).expect("lesson 08's report");
    format!("{}\n", report.to_json())
}

/// Run the binary with `args` (and a secret for `--hosts`) under the
/// watchdog, a hang guard. The child is held by a `workbook::child::Guard`
/// (killed and reaped on every path out of the watched thread), and the
/// `report` command watches its parent: it goes when the test binary does.
fn lesson(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    watchdog::within(Duration::from_secs(60), "the lesson's binary", move || {
        let mut child = workbook::child::Guard::new(
            Command::new(BINARY)
                .args(&args)
                .env(SECRET_ENV, "a-secret-for-the-report-tests")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the binary starts"),
        );
        let (mut out, mut err) = (
            child.stdout.take().expect("piped"),
            child.stderr.take().expect("piped"),
        );
        let stderr = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut bytes);
            bytes
        });
        let mut stdout = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut stdout);
        let status = child.wait().expect("reaped");
        Output {
            status,
            stdout,
            stderr: stderr.join().expect("its stderr"),
        }
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_report_equals_lesson_08s_for_1x2_2x1_and_3x1() {
    let data = tiny();
    let dir = data.path().to_str().expect("a UTF-8 path");
    let expected = lesson_08_json(data.path(), OnBadRow::Fail);
    for shape in [
        &["--workers", "2"][..],
        &["--processes", "2"],
        &["--processes", "3"],
        &["--processes", "2", "--workers", "2", "--ship", "rows"],
    ] {
        let mut args = vec!["report", "--data-dir", dir, "--json"];
        args.extend_from_slice(shape);
        let output = lesson(&args);
        assert!(output.status.success(), "{shape:?}: {}", text(&output.stderr));
        assert_eq!(
            text(&output.stdout),
            expected,
            "{shape:?}: the report differs from lesson 08's"
        );
    }
}

#[test]
fn bad_rows_fail_with_file_and_line_or_are_skipped_and_counted() {
    let data = tiny();
    let path = data.path().join("2017.csv");
    let mut content = std::fs::read_to_string(&path).expect("readable");
    content.push_str("1,2,3,4,five,6,France,2017-01-01\n1,2,3\n");
    std::fs::write(&path, content).expect("writable");
    let dir = data.path().to_str().expect("a UTF-8 path");
    let failed = lesson(&["report", "--data-dir", dir, "--json", "--processes", "2"]);
    assert!(!failed.status.success());
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains("2017.csv, line ") && stderr.contains("UnitPrice is \"five\""),
        "{stderr}"
    );
    assert!(
        failed.stdout.is_empty(),
        "no report on a bad row: {}",
        text(&failed.stdout)
    );
    let skipped = lesson(&[
        "report",
        "--data-dir",
        dir,
        "--json",
        "--processes",
        "2",
        "--on-bad-row",
        "skip",
    ]);
    assert!(skipped.status.success(), "{}", text(&skipped.stderr));
    assert_eq!(text(&skipped.stdout), lesson_08_json(data.path(), OnBadRow::Skip));
    assert!(
        text(&skipped.stderr).contains("2 rows rejected"),
        "{}",
        text(&skipped.stderr)
    );
    // Every row shipped to the reducer: lesson 08's checks run there.
    let rows = lesson(&[
        "report",
        "--data-dir",
        dir,
        "--json",
        "--workers",
        "2",
        "--ship",
        "rows",
        "--on-bad-row",
        "skip",
    ]);
    assert!(rows.status.success(), "{}", text(&rows.stderr));
    assert_eq!(
        text(&rows.stdout),
        lesson_08_json(data.path(), OnBadRow::Skip),
        "rows shipped, bad rows skipped"
    );
}

#[test]
fn a_peer_nobody_listens_for_is_named_within_the_deadline() {
    let data = tiny();
    let ports = free_loopback_ports(2).expect("two free ports");
    let hosts = data.path().join("hosts.txt");
    std::fs::write(&hosts, ports.join("\n")).expect("writable");
    let output = lesson(&[
        "report",
        "--data-dir",
        data.path().to_str().expect("UTF-8"),
        "--hosts",
        hosts.to_str().expect("UTF-8"),
        "--process",
        "0",
        "--connect-timeout",
        "1",
    ]);
    // The verdict is the message; the watchdog in `lesson` guards a hang.
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "no connection from process 1 at {} within 1 s",
            ports[1]
        )),
        "{stderr}"
    );
}

#[test]
fn a_peer_killed_mid_run_ends_the_run_with_an_error_and_no_process_left() {
    watchdog::within(Duration::from_secs(60), "a killed peer", || {
        let data = tiny();
        // The workers keep their input open 3 s: the kill lands mid-run.
        let plan = Plan {
            linger_ms: 3_000,
            ..run::plan(data.path(), OnBadRow::Fail, Ship::Rows)
        };
        let launch = run::local(Path::new(BINARY), plan, 3, 1, Duration::from_secs(10)).expect("ports");
        let result = run::in_processes(&launch, Some(Fault::KillAfter(1, Duration::ZERO)));
        match result {
            Err(RunError::Launch(error @ LaunchError::Died { .. })) => {
                let LaunchError::Died {
                    process,
                    running,
                    ref status,
                    ref consequences,
                    ..
                } = error
                else {
                    unreachable!()
                };
                assert_eq!(
                    (process, running, status.as_str()),
                    (1, true, "signal 9 (SIGKILL)"),
                    "the killed process is the cause, not its victims: {error}"
                );
                assert!(
                    consequences.len() == 2 && consequences.iter().all(|c| c.contains("lost its connection")),
                    "processes 0 and 2 stop as consequences, having lost a peer: {error}"
                );
                let message = error.to_string();
                assert!(
                    !message.contains(".cargo") && !message.contains("Any {"),
                    "no panic text from inside timely in the message: {message}"
                );
            }
            Err(other) => panic!("expected process 1 to be named as killed, got: {other}"),
            Ok(_) => panic!("the run finished although process 1 was killed"),
        }
        assert_eq!(run::leftover_workers(), Some(0), "worker processes left behind");
    });
}

#[test]
fn bad_input_is_a_clear_error_naming_what_and_where() {
    let data = tiny();
    let missing = data.path().join("nope");
    let output = lesson(&[
        "report",
        "--data-dir",
        missing.to_str().expect("UTF-8"),
        "--processes",
        "2",
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("nope: no such directory"),
        "{}",
        text(&output.stderr)
    );
    let hosts = data.path().join("hosts.txt");
    std::fs::write(&hosts, "127.0.0.1:2101\nlocalhost\n").expect("writable");
    let dir = data.path().to_str().expect("UTF-8");
    let output = lesson(&[
        "report",
        "--data-dir",
        dir,
        "--hosts",
        hosts.to_str().expect("UTF-8"),
        "--process",
        "0",
    ]);
    assert!(
        text(&output.stderr).contains("hosts.txt, line 2: \"localhost\" is not host:port"),
        "{}",
        text(&output.stderr)
    );
    let output = lesson(&[
        "report",
        "--data-dir",
        dir,
        "--hosts",
        "/no/such/hosts.txt",
        "--process",
        "0",
    ]);
    assert!(
        text(&output.stderr).contains("/no/such/hosts.txt: cannot read the host file"),
        "{}",
        text(&output.stderr)
    );
}
