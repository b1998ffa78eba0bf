//! Tests of the local API server itself: what it serves, and that its
//! latency and failures are what its configuration says, reproducibly.

use lesson_06_async::client::{fetch_ids, fetch_satellite, list_url, local_base_url, record_url};
use lesson_06_async::server::{self, Fate, ServerConfig};
use lesson_06_async::{FetchError, records};
use std::time::{Duration, Instant};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::test]
async fn it_listens_on_loopback_and_serves_the_list_and_each_record() {
    let config = ServerConfig {
        records: 40,
        ..ServerConfig::default()
    };
    let expected = records::generate(config.seed, 40);
    let (address, _server) = server::start(config).await.expect("the server starts");
    assert!(address.ip().is_loopback(), "{address}");
    let (client, base) = (reqwest::Client::new(), local_base_url(address));

    let ids = fetch_ids(&client, &base).await.expect("the list");
    let expected_ids: Vec<String> = expected.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, expected_ids);
    let one = fetch_satellite(&client, &record_url(&base, &ids[7])).await;
    assert_eq!(one, Ok(expected[7].clone()));
    let missing = fetch_satellite(&client, &record_url(&base, "5eed770f0000000000000000")).await;
    assert_eq!(missing, Err(FetchError::Status(404)));
}

#[tokio::test]
async fn the_json_has_the_fields_the_seed_reads() {
    let (address, _server) = server::start(ServerConfig::default())
        .await
        .expect("the server starts");
    let body = reqwest::get(list_url(&local_base_url(address)))
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a body");
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let first = &list[0];
    assert!(first["id"].is_string());
    assert!(first["spaceTrack"]["OBJECT_NAME"].is_string());
    assert!(first["spaceTrack"]["LAUNCH_DATE"].is_string());
    let decays = list.as_array().expect("an array").iter();
    assert!(decays.clone().any(|r| r["spaceTrack"]["DECAY_DATE"].is_null()));
    assert!(decays.clone().any(|r| r["spaceTrack"]["DECAY_DATE"].is_string()));
}

#[tokio::test]
async fn each_request_waits_its_latency() {
    let config = ServerConfig {
        latency: ms(60),
        jitter: 0.5,
        ..ServerConfig::default()
    };
    let wait = config.latency_of(3);
    assert!((ms(30)..=ms(90)).contains(&wait), "{wait:?}");
    let id = records::generate(config.seed, 4)[3].id.clone();
    let (address, _server) = server::start(config).await.expect("the server starts");
    let start = Instant::now();
    fetch_satellite(
        &reqwest::Client::new(),
        &record_url(&local_base_url(address), &id),
    )
    .await
    .expect("an answer");
    assert!(start.elapsed() >= wait, "{:?} < {wait:?}", start.elapsed());
}

#[test]
fn fates_depend_on_seed_record_and_attempt_only() {
    let config = ServerConfig {
        failure_rate: 0.2,
        ..ServerConfig::default()
    };
    let fates = |config: &ServerConfig| -> Vec<Fate> {
        (0..600)
            .flat_map(|record| (0..4).map(move |attempt| (record, attempt)))
            .map(|(record, attempt)| config.fate(record, attempt))
            .collect()
    };
    let first = fates(&config);
    assert_eq!(first, fates(&config), "the same configuration decides the same");
    let other_seed = ServerConfig {
        seed: 1,
        ..config.clone()
    };
    assert_ne!(first, fates(&other_seed));

    let share = |fate: Fate| first.iter().filter(|&&f| f == fate).count() as f64 / first.len() as f64;
    assert!(
        (0.17..0.23).contains(&(1.0 - share(Fate::Answer))),
        "failures: {}",
        1.0 - share(Fate::Answer)
    );
    assert!(
        (0.07..0.13).contains(&share(Fate::NoAnswer)),
        "silent: {}",
        share(Fate::NoAnswer)
    );
}

#[tokio::test]
async fn failures_are_a_500_or_silence_and_the_stats_count_them() {
    let config = ServerConfig {
        failure_rate: 0.5,
        ..ServerConfig::default()
    };
    let pick = |fate: Fate| {
        let record = (0..config.records)
            .find(|&r| config.fate(r, 0) == fate)
            .expect("a record with this fate");
        records::generate(config.seed, config.records)[record].id.clone()
    };
    let (erring, silent) = (pick(Fate::ServerError), pick(Fate::NoAnswer));
    let (address, server) = server::start(config).await.expect("the server starts");
    let (client, base) = (reqwest::Client::new(), local_base_url(address));

    let answer = fetch_satellite(&client, &record_url(&base, &erring)).await;
    assert_eq!(answer, Err(FetchError::Status(500)));
    let wait = tokio::time::timeout(ms(300), fetch_satellite(&client, &record_url(&base, &silent))).await;
    assert!(wait.is_err(), "a silent request must not be answered: {wait:?}");

    let stats = server.stats();
    assert_eq!((stats.requests, stats.server_errors, stats.unanswered), (2, 1, 1));
    assert_eq!(server.attempts(&erring), 1);
}

/// Run `body` on a multi-threaded runtime under the watchdog: the raw
/// socket work below blocks, and must not block the server's thread.
fn on_runtime<T: Send + 'static, Fut: std::future::Future<Output = T>>(
    what: &str,
    body: impl FnOnce() -> Fut + Send + 'static,
) -> T {
    workbook::watchdog::within(workbook::watchdog::DEFAULT_LIMIT, what, move || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime starts")
            .block_on(body())
    })
}

/// Send `request` on a new connection and read until the server closes it.
fn exchange(address: std::net::SocketAddr, request: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("the server accepts");
    stream.write_all(request).expect("the request is sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer); // a reset after the answer is fine
    answer
}

/// Wait, without a clock, until `ready` says yes (the watchdog ends a hang).
async fn until(mut ready: impl FnMut() -> bool) {
    while !ready() {
        tokio::time::sleep(ms(5)).await;
    }
}

#[test]
fn the_list_is_streamed_in_pieces_whatever_the_number_of_records() {
    let records = 3 * server::LIST_PIECE + 17;
    let config = ServerConfig {
        records,
        ..ServerConfig::default()
    };
    let expected = records::generate(config.seed, records);
    let answer = on_runtime("the streamed list", move || async move {
        let (address, _server) = server::start(config).await.expect("the server starts");
        let request = b"GET /v4/starlink HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
        tokio::task::spawn_blocking(move || exchange(address, request))
            .await
            .expect("the exchange ran")
    });
    let text = String::from_utf8_lossy(&answer);
    let (head, mut rest) = text.split_once("\r\n\r\n").expect("a head and a body");
    assert!(
        head.to_ascii_lowercase().contains("transfer-encoding: chunked"),
        "the list should be streamed (chunked), not sent whole with a length: {head}"
    );
    // Chunked framing: a hex length, CRLF, that many bytes, CRLF; 0 ends it.
    let (mut body, mut pieces, mut largest) = (String::new(), 0, 0);
    loop {
        let (size, after) = rest.split_once("\r\n").expect("a chunk length");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hex chunk length");
        if size == 0 {
            break;
        }
        body.push_str(&after[..size]);
        (pieces, largest) = (pieces + 1, largest.max(size));
        rest = &after[size + 2..];
    }
    assert!(
        pieces > records / server::LIST_PIECE,
        "{records} records in {pieces} pieces: expected one piece per {} records",
        server::LIST_PIECE
    );
    assert!(
        largest <= 64 * 1024,
        "a piece of {largest} bytes: a piece of {} records should stay under 64 KiB",
        server::LIST_PIECE
    );
    let list: Vec<lesson_06_async::Satellite> =
        serde_json::from_str(&body).expect("the pieces make one JSON array");
    assert!(list == expected, "the streamed list differs from the records");
}

#[test]
fn a_connection_over_the_cap_gets_a_503_and_a_request_is_answered_after() {
    use std::io::{Read, Write};
    let config = ServerConfig {
        records: 10,
        max_connections: 3,
        header_timeout: ms(500),
        ..ServerConfig::default()
    };
    let id = records::generate(config.seed, 10)[4].id.clone();
    let wanted = id.clone();
    let (refusals, closed, answer) = on_runtime("over the cap", move || async move {
        let (address, server) = server::start(config).await.expect("the server starts");
        // Fill the cap: two silent connections and a slow one that sends
        // half a request line and stops (slowloris).
        let mut held: Vec<std::net::TcpStream> = (0..3)
            .map(|_| std::net::TcpStream::connect(address).expect("the server accepts"))
            .collect();
        held[2]
            .write_all(b"GET /v4/star")
            .expect("half a request is sent");
        until(|| server.stats().open_connections == 3).await;
        // Two more than the cap: each is answered 503 and closed.
        let refusals = tokio::task::spawn_blocking(move || {
            (0..2)
                .map(|_| String::from_utf8_lossy(&exchange(address, b"")).into_owned())
                .collect::<Vec<_>>()
        })
        .await
        .expect("the refused connections ran");
        assert_eq!(
            server.stats().refused,
            2,
            "two connections over the cap, two refusals"
        );
        // The held ones sent no whole request head: the server closes each
        // after its header timeout (a read then sees the end, 0 bytes).
        let closed = tokio::task::spawn_blocking(move || {
            held.iter_mut()
                .map(|stream| stream.read(&mut [0u8; 64]).map_or(0, |n| n))
                .collect::<Vec<_>>()
        })
        .await
        .expect("the held connections were read");
        until(|| server.stats().open_connections == 0).await;
        let url = record_url(&local_base_url(address), &wanted);
        let answer = fetch_satellite(&reqwest::Client::new(), &url).await.map(|s| s.id);
        (refusals, closed, answer)
    });
    for refusal in &refusals {
        assert!(
            refusal.starts_with("HTTP/1.1 503"),
            "a connection over the cap should read a 503 before the server closes it, got {refusal:?}"
        );
        // A whole HTTP answer: its body as long as its Content-Length says.
        let (head, body) = refusal.split_once("\r\n\r\n").unwrap_or_default();
        let length = format!("Content-Length: {}", body.len());
        assert!(
            head.contains(&length),
            "the 503's head should say `{length}` for its body {body:?}: {head}"
        );
    }
    assert_eq!(
        closed,
        [0, 0, 0],
        "the server should close connections that send no whole request head within \
         header_timeout (read 0 bytes: the end), not answer or keep them"
    );
    assert_eq!(
        answer,
        Ok(id),
        "once the held connections are closed, a request is answered"
    );
}

#[test]
fn a_silent_request_frees_its_connection_when_the_client_leaves() {
    let config = ServerConfig {
        failure_rate: 0.5,
        ..ServerConfig::default()
    };
    let record = (0..config.records)
        .find(|&r| config.fate(r, 0) == Fate::NoAnswer)
        .expect("a record with no answer");
    let id = records::generate(config.seed, config.records)[record].id.clone();
    let stats = on_runtime("a silent request", move || async move {
        let (address, server) = server::start(config).await.expect("the server starts");
        let client = reqwest::Client::new();
        let url = record_url(&local_base_url(address), &id);
        let waited = tokio::time::timeout(ms(100), fetch_satellite(&client, &url)).await;
        assert!(
            waited.is_err(),
            "a silent request must not be answered: {waited:?}"
        );
        drop(client); // its pool closes the connection
        until(|| server.stats().open_connections == 0).await;
        server.stats()
    });
    assert_eq!((stats.connections, stats.unanswered), (1, 1));
}
