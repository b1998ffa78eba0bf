//! Claims the chapter makes about tokio and reqwest, each shown by running
//! it: a zero-sized channel, and what reqwest's timeouts time.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// `asyncio.Queue(0)` is a queue with no limit; tokio's `channel(0)` is a
/// mistake it refuses at once (`unbounded_channel()` is the one without).
#[test]
#[should_panic(expected = "mpsc bounded channel requires buffer > 0")]
fn a_channel_of_size_zero_panics() {
    let _ = tokio::sync::mpsc::channel::<u8>(0);
}

/// A server that answers 200 with a body of `bytes` bytes, one every
/// `every`: never silent for long, yet slow to finish. Returns its address
/// and the count of bytes it has written so far.
fn trickling_server(bytes: usize, every: Duration) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address").to_string();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut request = [0u8; 1024];
        let _ = stream.read(&mut request);
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n");
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        for _ in 0..bytes {
            thread::sleep(every);
            if stream.write_all(b"x").is_err() {
                return; // the client gave up and closed
            }
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    (address, sent)
}

/// reqwest's `timeout` is one deadline for the whole request, body
/// included: a server that keeps sending a byte every 20 ms, never silent
/// for longer than that, is still cut off. (requests' `timeout=` limits
/// each wait for the next bytes instead: `python/timeouts.py` shows the
/// same server answered in full under a shorter timeout.)
#[test]
fn a_reqwest_timeout_is_a_deadline_for_the_whole_request() {
    let (address, sent) = trickling_server(100, Duration::from_millis(20));
    let outcome = workbook::watchdog::within(workbook::watchdog::DEFAULT_LIMIT, "reqwest", move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(async move {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_millis(300))
                    .build()
                    .expect("a client");
                let response = client.get(format!("http://{address}/")).send().await?;
                response.text().await
            })
    });
    let error = outcome.expect_err("a 100-byte body at 20 ms a byte takes 2 s: past the 300 ms deadline");
    assert!(error.is_timeout(), "the error should be a timeout: {error}");
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 100,
        "the body was cut off part way ({sent} of 100 bytes sent), though no gap was longer than 20 ms"
    );
}

/// `reqwest::blocking::Client::new()` gives up on a silent server after 30
/// s, its documented default, where the async `Client` waits forever.
/// Ignored: it takes 30 s. `cargo test -p lesson-06-async --test claims --
/// --ignored` runs it.
#[test]
#[ignore = "takes the 30 s it shows"]
fn the_blocking_client_gives_up_after_30_s_by_default() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address");
    let silent = thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let start = std::time::Instant::now();
    let error = reqwest::blocking::Client::new()
        .get(format!("http://{address}/"))
        .send()
        .expect_err("a silent server gives no answer");
    let waited = start.elapsed();
    drop(silent);
    assert!(error.is_timeout(), "the error should be a timeout: {error}");
    assert!(
        waited >= Duration::from_secs(30),
        "gave up after {waited:?}, before the documented 30 s"
    );
    println!("the blocking client gave up after {waited:?}: {error}");
}
