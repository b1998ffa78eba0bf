//! The authenticated mesh against the attacks it is for, on loopback: a
//! doctored peer that does not know the secret, a stranger that connects
//! and says nothing, garbage on a port. Each is refused and named, and the
//! run goes on to lesson 08's report once the real peer comes. Then the
//! start-up checks: a different `--workers` or a different data set is
//! refused naming both values; an address in use is named; a peer lost
//! mid-run is named with its index and address.
//!
//! Every test decides by events (a line on a process's stderr, a process's
//! exit, its report); the watchdog and `WAIT` are hang guards only. Every
//! process started here is held in a `workbook::child::Guard`.

use lesson_09_distributed::dataflow::{Plan, Ship};
use lesson_09_distributed::hosts::free_loopback_ports;
use lesson_09_distributed::launch::{Fault, Launch, LaunchError};
use lesson_09_distributed::mesh::{SECRET_ENV, Secret};
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::{Dataset, Engine, OnBadRow, Size, generate};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;
use tempfile::TempDir;
use workbook::child::Guard;
use workbook::watchdog;

const BINARY: &str = env!("CARGO_BIN_EXE_lesson-09-distributed");
const SECRET: &str = "the-secret-of-this-test-run-0123";
/// A hang guard for waiting on one event; never the verdict.
const WAIT: Duration = Duration::from_secs(60);

/// Lesson 08's `tiny` set in a temp dir, and a host file of two free ports.
struct Run {
    data: TempDir,
    hosts: PathBuf,
    ports: Vec<String>,
}

fn setup() -> Run {
    let data = tempfile::tempdir().expect("a temp dir");
    generate(Size::Tiny, data.path(), 7, &indicatif::ProgressBar::hidden()).expect("generated");
    let ports = free_loopback_ports(2).expect("two free ports");
    let hosts = data.path().join("hosts.txt");
    std::fs::write(&hosts, ports.join("\n")).expect("writable");
    Run { data, hosts, ports }
}

fn lesson_08_json(dir: &Path) -> String {
    let dataset = Dataset::open(dir).expect("a dataset");
    let (report, _) = run::lesson_08(&dataset, Engine::Sequential, 1, OnBadRow::Fail).expect("lesson 08");
    format!("{}\n", report.to_json())
}

/// One `report --hosts ... --process I` launcher, its stderr read line by line.
struct Process {
    child: Guard,
    stderr: Receiver<String>,
    seen: Vec<String>,
}

impl Process {
    fn start(run: &Run, process: usize, secret: &str, data: &Path, extra: &[&str]) -> Process {
        let mut child = Guard::new(
            Command::new(BINARY)
                .args(["report", "--json", "--connect-timeout", "60", "--process"])
                .arg(process.to_string())
                .arg("--hosts")
                .arg(&run.hosts)
                .arg("--data-dir")
                .arg(data)
                .args(extra)
                .env(SECRET_ENV, secret)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the binary starts"),
        );
        let (lines, stderr) = mpsc::channel();
        let pipe = child.stderr.take().expect("piped");
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        Process {
            child,
            stderr,
            seen: Vec::new(),
        }
    }

    /// Wait for a stderr line containing every one of `parts`.
    fn wait_for(&mut self, parts: &[&str], what: &str) -> String {
        loop {
            match self.stderr.recv_timeout(WAIT) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if parts.iter().all(|p| line.contains(p)) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "{what}: no stderr line with {parts:?} (hang guard {WAIT:?}); it said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Wait for the process to end (its stderr closes: the event; `WAIT`
    /// is the hang guard): its success, stdout and whole stderr.
    fn finish(mut self) -> (bool, String, String) {
        let mut pipe = self.child.stdout.take().expect("piped");
        let reader = thread::spawn(move || {
            let mut stdout = String::new();
            let _ = pipe.read_to_string(&mut stdout);
            stdout
        });
        loop {
            match self.stderr.recv_timeout(WAIT) {
                Ok(line) => self.seen.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                    "the process did not end within the hang guard {WAIT:?}; it said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
        let status = self.child.wait().expect("reaped");
        let stdout = reader.join().expect("its stdout");
        (status.success(), stdout, self.seen.join("\n"))
    }
}

/// Connect to a listener that may not be listening yet: retried until it
/// is (the event), under the hang guard.
fn connect(address: &str) -> TcpStream {
    let address = address.to_string();
    watchdog::within(WAIT, "process 0 to listen", move || {
        loop {
            if let Ok(stream) = TcpStream::connect(&address) {
                return stream;
            }
            thread::sleep(Duration::from_millis(10));
        }
    })
}

#[test]
fn a_doctored_peer_without_the_secret_is_refused_and_the_real_one_gets_in() {
    let run = setup();
    let real = lesson_08_json(run.data.path());
    // The impostor's files: a country renamed, as a local attacker would.
    let doctored = tempfile::tempdir().expect("a temp dir");
    for file in Dataset::open(run.data.path()).expect("data").files {
        let text = std::fs::read_to_string(&file.path).expect("readable");
        std::fs::write(
            doctored.path().join(&file.name),
            text.replace("France", "Atlantis"),
        )
        .expect("writable");
    }
    let mut zero = Process::start(&run, 0, SECRET, run.data.path(), &[]);
    let mut impostor = Process::start(&run, 1, "a-guessed-secret-that-is-wrong", doctored.path(), &[]);
    let refusal = zero.wait_for(
        &[
            "process 0 refused a connection from",
            "claimed to be process 1",
            "does not know this run's secret",
        ],
        "process 0 refusing the impostor",
    );
    assert!(
        refusal.contains("127.0.0.1:"),
        "the refusal names the address: {refusal}"
    );
    impostor.wait_for(
        &[
            "refused the listener at process 0's address",
            "does every process have the same secret",
        ],
        "the impostor refused in turn",
    );
    let one = Process::start(&run, 1, SECRET, run.data.path(), &[]);
    let (ok, report, stderr) = zero.finish();
    assert!(ok, "process 0 failed once the real process 1 came:\n{stderr}");
    assert_eq!(
        report, real,
        "process 0's report is not lesson 08's: the impostor's data got in"
    );
    assert!(
        !report.contains("Atlantis"),
        "the doctored country reached the report"
    );
    let (ok, _, stderr) = one.finish();
    assert!(ok, "the real process 1 failed:\n{stderr}");
    drop(impostor); // still retrying: killed and reaped here
}

#[test]
fn a_silent_stranger_is_refused_at_its_deadline_and_the_run_goes_on() {
    let run = setup();
    let mut zero = Process::start(&run, 0, SECRET, run.data.path(), &[]);
    let silent = connect(&run.ports[0]);
    let refusal = zero.wait_for(
        &["process 0 refused a connection from", "sent nothing within 3 s"],
        "process 0 refusing a stranger that says nothing",
    );
    let local = silent.local_addr().expect("its address").to_string();
    assert!(
        refusal.contains(&local),
        "the refusal names the stranger's address {local}: {refusal}"
    );
    // The stranger still holds its connection open; the real peer gets in.
    let one = Process::start(&run, 1, SECRET, run.data.path(), &[]);
    let (ok, report, stderr) = zero.finish();
    assert!(ok, "process 0 failed:\n{stderr}");
    assert_eq!(report, lesson_08_json(run.data.path()));
    assert!(one.finish().0, "the real process 1 failed");
    drop(silent);
}

#[test]
fn garbage_on_a_port_is_refused_without_killing_the_run() {
    let run = setup();
    let mut zero = Process::start(&run, 0, SECRET, run.data.path(), &[]);
    let mut garbage = connect(&run.ports[0]);
    garbage
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sent");
    zero.wait_for(
        &[
            "process 0 refused a connection from",
            "sent 8 bytes \"GET / HT\"",
            "not this lesson's greeting",
        ],
        "process 0 refusing an HTTP request",
    );
    // timely's own mesh takes any first 8 bytes as a peer's index.
    let mut index = connect(&run.ports[0]);
    index.write_all(&1u64.to_be_bytes()).expect("sent");
    zero.wait_for(
        &["not this lesson's greeting"],
        "process 0 refusing a bare timely index",
    );
    let one = Process::start(&run, 1, SECRET, run.data.path(), &[]);
    let (ok, report, stderr) = zero.finish();
    assert!(ok, "one bad packet killed the run:\n{stderr}");
    assert_eq!(report, lesson_08_json(run.data.path()));
    assert!(one.finish().0, "the real process 1 failed");
}

#[test]
fn a_different_workers_or_data_set_is_refused_naming_both_values() {
    let run = setup();
    let zero = Process::start(&run, 0, SECRET, run.data.path(), &["--workers", "1"]);
    let one = Process::start(&run, 1, SECRET, run.data.path(), &["--workers", "2"]);
    let (ok, _, stderr) = zero.finish();
    assert!(!ok, "process 0 ran with a peer of another --workers");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("process 1 runs --workers 2, process 0 --workers 1")),
        "expected one line naming both --workers values:\n{stderr}"
    );
    assert!(!one.finish().0, "process 1 ran with a peer of another --workers");

    let other = tempfile::tempdir().expect("a temp dir");
    generate(Size::Tiny, other.path(), 8, &indicatif::ProgressBar::hidden()).expect("generated");
    let zero = Process::start(&run, 0, SECRET, run.data.path(), &[]);
    let one = Process::start(&run, 1, SECRET, other.path(), &[]);
    let (ok, _, stderr) = zero.finish();
    assert!(!ok, "process 0 ran with a peer reading other files");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("process 1 reads 7 files, SHA-256 ")
                && l.contains(", process 0 reads 7 files, SHA-256 ")
                && l.contains("every process must read the same files")),
        "expected one line naming both data sets:\n{stderr}"
    );
    drop(one);
}

#[test]
fn an_address_in_use_is_named() {
    let run = setup();
    let holder = TcpListener::bind("127.0.0.1:0").expect("a port");
    let held = holder.local_addr().expect("its address").to_string();
    std::fs::write(&run.hosts, format!("{held}\n{}\n", run.ports[1])).expect("writable");
    let zero = Process::start(&run, 0, SECRET, run.data.path(), &[]);
    let (ok, _, stderr) = zero.finish();
    assert!(!ok, "process 0 started on an address in use");
    assert!(
        stderr.contains(&format!("cannot listen on {held}: Address already in use")),
        "expected the address in use named:\n{stderr}"
    );
    drop(holder);
}

#[test]
fn a_peer_lost_mid_run_is_named_with_its_index_and_address() {
    watchdog::within(WAIT, "a lost peer", || {
        let data = tempfile::tempdir().expect("a temp dir");
        generate(Size::Tiny, data.path(), 7, &indicatif::ProgressBar::hidden()).expect("generated");
        // Two launchers, as on two hosts; the input stays open 3 s, so the
        // kill of process 1 (by its own launcher) lands mid-run.
        let plan = Plan {
            linger_ms: 3_000,
            ..run::plan(data.path(), OnBadRow::Fail, Ship::Partials)
        };
        let base = Launch {
            start: vec![0],
            secret: Secret::from_text(SECRET, "test").expect("long enough"),
            ..run::local(Path::new(BINARY), plan, 2, 1, WAIT).expect("ports")
        };
        let address = base.addresses[1].clone();
        let other = Launch {
            start: vec![1],
            ..base.clone()
        };
        let killer =
            thread::spawn(move || run::in_processes(&other, Some(Fault::KillAfter(1, Duration::ZERO))));
        let result = run::in_processes(&base, None);
        let killed = killer.join().expect("the other launcher");
        match result {
            Err(RunError::Launch(LaunchError::LostPeer {
                process: 0,
                peer: 1,
                address: named,
            })) => assert_eq!(named, address),
            Err(other) => panic!("expected process 0 to name the lost process 1 at {address}, got: {other}"),
            Ok(_) => panic!("the run finished although process 1 was killed"),
        }
        let message = match killed {
            Err(error) => error.to_string(),
            Ok(_) => panic!("process 1's launcher did not see its process killed"),
        };
        assert!(
            message.starts_with("process 1 ended during the run (signal 9 (SIGKILL))"),
            "{message}"
        );
    });
}
