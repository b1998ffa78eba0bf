//! `just lesson 6 serve` must not outlive its launcher. The justfile names
//! itself in `WORKBOOK_PARENT_PID`; the server watches that process and
//! ends within moments of its death, whether the launcher was asked to stop
//! (TERM) or killed outright (KILL), the lifeline of lesson 03. Here a
//! `sleep` stands in for `just`, and the real binary serves on a free port.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};
use workbook::child::Guard;

/// How long the server may take to notice: the limit.
const LIMIT: Duration = Duration::from_secs(2);

/// Start `serve` as the child of a stand-in launcher, kill the launcher
/// with `signal`, and check that the server stops listening within `LIMIT`.
fn server_ends_with_its_launcher(signal: &str) {
    // Both guards kill and reap on every path, a failing assert included.
    let mut launcher = Guard::new(Command::new("sleep").arg("60").spawn().expect("sleep starts"));
    let mut server = Guard::new(
        Command::new(env!("CARGO_BIN_EXE_lesson-06-async"))
            .args(["serve", "--port", "0", "--unit-ms", "5"])
            .env("WORKBOOK_PARENT_PID", launcher.id().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts"),
    );
    let address = listening_address(&mut server);
    assert!(
        TcpStream::connect(&address).is_ok(),
        "the server said it listens on {address}, but a connection was refused"
    );

    let killed = Command::new("kill")
        .args([signal, &launcher.id().to_string()])
        .status();
    assert!(
        killed.is_ok_and(|status| status.success()),
        "kill {signal} the launcher"
    );
    // Reap it: until then it is a zombie, and its pid still looks alive.
    launcher.wait().expect("the launcher is reaped");

    let start = Instant::now();
    while TcpStream::connect(&address).is_ok() {
        assert!(
            start.elapsed() < LIMIT,
            "the server still listens on {address} {LIMIT:?} after its launcher got \
             {signal}: does `serve` call workbook::cli::watch_parent()?"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Read the server's welcome for its address (`127.0.0.1:PORT`), then keep
/// draining its stdout on a thread: a closed pipe would fail its next print.
fn listening_address(server: &mut Guard) -> String {
    let stdout = server.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let address = lines
        .find_map(|line| {
            line.strip_prefix("A Starlink-like API is listening on http://")
                .map(str::to_string)
        })
        .expect("the server prints the address it listens on");
    thread::spawn(move || lines.for_each(drop));
    address
}

#[test]
fn serve_stops_listening_when_its_launcher_is_terminated() {
    server_ends_with_its_launcher("-TERM");
}

#[test]
fn serve_stops_listening_when_its_launcher_is_killed() {
    server_ends_with_its_launcher("-KILL");
}
