//! Part 6: the same 500 calls against a server where a share of requests
//! fail — half answered `500`, half never answered at all. Every try gets
//! a timeout, transient failures are retried with backoff (the library's
//! `retry::with_retries`, exercise 3's answer), and every request is
//! accounted for at the end: fetched, or given up on with a reason. None is
//! lost.

use lesson_06_async::client::{fetch_ids, fetch_satellite, local_base_url, record_url};
use lesson_06_async::pool::worker_pool;
use lesson_06_async::retry::with_retries;
use lesson_06_async::server::{self, ServerConfig, ServerHandle};
use lesson_06_async::{GaveUp, RetryPolicy, Satellite};
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Runtime;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;
use workbook::timeline::Timeline;

const CALLS: usize = 500;
const WORKERS: usize = 50;

/// The shortest timeout used: at tiny time scales (`--unit-ms 5`) the
/// machine's own overhead is no longer small beside the latency.
const MIN_TIMEOUT: Duration = Duration::from_millis(50);

pub fn run(runtime: &Runtime, config: ServerConfig) -> Result<(), String> {
    let policy = policy_for(&config);
    println!(
        "6. Failures and retries: {CALLS} calls, {:.0}% of requests failing",
        config.failure_rate * 100.0
    );
    println!(
        "   ({:.0}% of those never answered, the rest answered 500)",
        config.silent_share * 100.0
    );
    println!(
        "   each call: up to {} tries, {} timeout each, backoff {} then doubling",
        policy.attempts,
        human(policy.timeout),
        human(policy.backoff)
    );
    let latency = config.latency;
    let (address, server) = runtime
        .block_on(server::start(config))
        .map_err(|e| format!("cannot start the local API server: {e}"))?;
    let base = local_base_url(address);
    let client = reqwest::Client::new();

    // The list can fail too: it gets the same treatment.
    let ids = runtime
        .block_on(with_retries(&policy, || fetch_ids(&client, &base)))
        .map_err(|gave_up| format!("the list: {gave_up}"))?;
    let ids = &ids[..CALLS.min(ids.len())];

    let urls: Vec<String> = ids.iter().map(|id| record_url(&base, id)).collect();
    let timeline = Arc::new(Timeline::new());
    let fetch = move |client, url| fetch_retrying(client, url, policy);
    let outcomes = runtime.block_on(worker_pool(client, urls, WORKERS, Arc::clone(&timeline), fetch));

    let ideal = waited(ids, &server, latency, &policy) / WORKERS as u32;
    let why = format!("every try's wait / {WORKERS} workers");
    let label = format!("{} calls, {WORKERS} workers", ids.len());
    println!("   {}", measured_vs_ideal(&label, timeline.total(), ideal, &why));
    account(ids, &outcomes, &server);
    println!();
    Ok(())
}

/// The time the calls spent waiting, all together: a latency for every
/// answered try (200 or 500), a timeout for every unanswered one, and the
/// pauses between tries (one backoff, then two, then four...). With perfect
/// sharing, the workers divide it between them.
fn waited(ids: &[String], server: &ServerHandle, latency: Duration, policy: &RetryPolicy) -> Duration {
    let stats = server.stats();
    let answered = (stats.answered + stats.server_errors) as u32;
    let pauses: u32 = ids
        .iter()
        .map(|id| (1u32 << server.attempts(id).saturating_sub(1)) - 1)
        .sum();
    latency * answered + policy.timeout * stats.unanswered as u32 + policy.backoff * pauses
}

// ANCHOR: policy
/// Four tries; each cut off after four times the server's typical
/// latency; pauses of one latency, then two, then four.
fn policy_for(config: &ServerConfig) -> RetryPolicy {
    RetryPolicy {
        attempts: 4,
        timeout: (config.latency * 4).max(MIN_TIMEOUT),
        backoff: config.latency.max(Duration::from_millis(1)),
    }
}
// ANCHOR_END: policy

// ANCHOR: fetch_retrying
/// One record, tried again and again as `policy` says.
async fn fetch_retrying(
    client: reqwest::Client,
    url: String,
    policy: RetryPolicy,
) -> Result<Satellite, GaveUp> {
    with_retries(&policy, || fetch_satellite(&client, &url)).await
}
// ANCHOR_END: fetch_retrying

// ANCHOR: account
/// Every request ends as a record or as a reason: count both, and check
/// that they add up to what was asked.
fn account(ids: &[String], outcomes: &[Result<Satellite, GaveUp>], server: &ServerHandle) {
    let fetched = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
    let first_try = ids
        .iter()
        .zip(outcomes)
        .filter(|(id, outcome)| outcome.is_ok() && server.attempts(id) == 1)
        .count();
    let failed: Vec<(&String, &GaveUp)> = ids
        .iter()
        .zip(outcomes)
        .filter_map(|(id, outcome)| outcome.as_ref().err().map(|gave_up| (id, gave_up)))
        .collect();
    let lost = ids.len() - fetched - failed.len();
    println!(
        "   fetched {fetched} ({first_try} at the first try, {} after retries), failed {}, lost {lost} (of {})",
        fetched - first_try,
        failed.len(),
        ids.len()
    );
    for (id, gave_up) in failed {
        println!("     failed: {id}: {gave_up}");
    }
    let stats = server.stats();
    println!(
        "   the server got {} requests: {} answered, {} answered 500, {} never answered",
        stats.requests, stats.answered, stats.server_errors, stats.unanswered
    );
}
// ANCHOR_END: account
