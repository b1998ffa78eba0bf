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
