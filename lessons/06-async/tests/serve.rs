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

/// A hang guard, not the check: the server's watch looks every 100 ms, and
/// the test waits for the event (the port refusing connections); only a
/// server that never stops fails, after this long.
const LIMIT: Duration = workbook::watchdog::DEFAULT_LIMIT;

/// Start `serve` as the child of a stand-in launcher, kill the launcher
/// with `signal`, and check that the server stops listening.
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
             {signal}: does `serve` call workbook::lifecycle::watch_parent()?"
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

/// Start `serve` with `args` under `ulimit -n files`, its stdout (the log)
/// piped; returns the guard, its address, and the lines it prints next.
fn serve_with(
    files: u32,
    launcher: &Guard,
    args: &[&str],
) -> (Guard, String, std::sync::mpsc::Receiver<String>) {
    let mut server = Guard::new(
        Command::new("bash")
            .args(["-c", &format!("ulimit -n {files} && exec \"$0\" \"$@\"")])
            .arg(env!("CARGO_BIN_EXE_lesson-06-async"))
            .args(["serve", "--port", "0", "--unit-ms", "5"])
            .args(args)
            .env("WORKBOOK_PARENT_PID", launcher.id().to_string())
            .env("RUST_LOG", "info,lesson_06_async=debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts"),
    );
    let stdout = server.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let address = rx
        .iter()
        .find_map(|line| {
            line.strip_prefix("A Starlink-like API is listening on http://")
                .map(str::to_string)
        })
        .expect("the server prints the address it listens on");
    (server, address, rx)
}

/// Send `request` on a new connection; the answer, read until the server closes.
fn exchange(address: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    stream.write_all(request.as_bytes()).expect("the request is sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Wait for a line containing each of `wanted`, in any order; the lines seen.
fn log_lines_with(log: &std::sync::mpsc::Receiver<String>, wanted: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    let mut missing: Vec<&str> = wanted.to_vec();
    while !missing.is_empty() {
        match log.recv_timeout(workbook::watchdog::DEFAULT_LIMIT) {
            Ok(line) => {
                missing.retain(|want| !line.contains(want));
                seen.push(line);
            }
            Err(_) => panic!(
                "the server's log never showed {missing:?}; it printed:\n{}",
                seen.join("\n")
            ),
        }
    }
    seen
}

#[test]
fn every_request_and_every_refusal_is_logged() {
    let launcher = Guard::new(Command::new("sleep").arg("60").spawn().expect("sleep starts"));
    let (_server, address, log) = serve_with(1024, &launcher, &["--max-connections", "2"]);
    let close = "Host: test\r\nConnection: close\r\n\r\n";
    let not_found = exchange(&address, &format!("GET /nowhere HTTP/1.1\r\n{close}"));
    let wrong_method = exchange(
        &address,
        &format!("POST /v4/starlink HTTP/1.1\r\nContent-Length: 0\r\n{close}"),
    );
    let garbage = exchange(&address, "this is not HTTP\r\n\r\n");
    assert!(not_found.starts_with("HTTP/1.1 404"), "{not_found}");
    assert!(wrong_method.starts_with("HTTP/1.1 405"), "{wrong_method}");
    assert!(garbage.starts_with("HTTP/1.1 400"), "{garbage}");
    // Hold the two connections allowed, silent; the third is refused.
    let _held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&address).expect("accepted"))
        .collect();
    let refused = exchange(&address, "");
    assert!(refused.starts_with("HTTP/1.1 503"), "over the cap: {refused:?}");
    log_lines_with(
        &log,
        &[
            "GET /nowhere -> 404",
            "POST /v4/starlink -> 405",
            "-> 400",
            "refused a connection",
        ],
    );
}

#[test]
fn serve_holds_more_connections_than_its_descriptors_allow_and_still_answers() {
    use std::io::Read;
    let launcher = Guard::new(Command::new("sleep").arg("60").spawn().expect("sleep starts"));
    // 128 descriptors: fewer than the 1,000 connections it would allow.
    let (mut server, address, log) = serve_with(128, &launcher, &["--header-timeout", "0.5"]);
    let cap_line = log_lines_with(&log, &["at most"]).pop().unwrap_or_default();
    let cap: usize = cap_line
        .split("at most ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the server should name its lowered cap, said `{cap_line}`"));
    assert!(
        cap < 128,
        "a cap of {cap} connections cannot fit in 128 descriptors"
    );
    // Hold more connections than the cap, and than the descriptors.
    let mut held: Vec<TcpStream> = (0..cap + 40)
        .map(|_| TcpStream::connect(&address).expect("the kernel accepts into the backlog"))
        .collect();
    log_lines_with(&log, &["refused a connection"]);
    assert!(
        server.try_wait().ok().flatten().is_none(),
        "the server ended while it held its most connections: its parent watch must not take \
         running out of descriptors for a dead launcher"
    );
    // Every held connection ends: refused (a 503), or closed by the header timeout.
    for stream in &mut held {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
    drop(held);
    let answer = exchange(
        &address,
        "GET /v4/starlink/nowhere HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert!(
        answer.starts_with("HTTP/1.1 404"),
        "after the flood the server should answer again, got {answer:?}"
    );
}
