//! Part 6: the same 500 calls against a server where a share of requests
//! fail — half answered `500`, half never answered at all. Every try gets
//! a timeout, transient failures are retried with backoff (the library's
//! `retry::with_retries`, exercise 3's answer), and every request is
//! accounted for at the end: fetched, or given up on with a reason. None is
//! lost.

use lesson_06_async::client::{fetch_ids, fetch_satellite, local_base_url, record_url};
use lesson_06_async::pool::worker_pool;
use lesson_06_async::retry::with_retries;
use lesson_06_async::server::{self, Fate, ServerConfig, ServerHandle};
use lesson_06_async::{FetchError, GaveUp, RetryPolicy, Satellite};
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
    let (address, server) = runtime
        .block_on(server::start(config.clone()))
        .map_err(|e| format!("cannot start the local API server: {e}"))?;
    let base = local_base_url(address);
    let client = reqwest::Client::new();

    // The list can fail too: it gets the same treatment, with more time
    // for each try: it is 600 records to send and read, not one.
    let list_policy = RetryPolicy {
        timeout: policy.timeout * 10,
        ..policy
    };
    let ids = runtime
        .block_on(with_retries(&list_policy, || fetch_ids(&client, &base)))
        .map_err(|gave_up| format!("the list: {gave_up}"))?;
    let ids = &ids[..CALLS.min(ids.len())];

    let urls: Vec<String> = ids.iter().map(|id| record_url(&base, id)).collect();
    let timeline = Arc::new(Timeline::new());
    let fetch = move |client, url| fetch_retrying(client, url, policy);
    let outcomes = runtime.block_on(worker_pool(client, urls, WORKERS, Arc::clone(&timeline), fetch));

    let chains = chains(ids, &server, &config, &policy);
    let (longest, slowest) = chains
        .iter()
        .enumerate()
        .map(|(i, &chain)| (chain, i))
        .max()
        .unwrap_or_default();
    let shared = chains.iter().sum::<Duration>() / WORKERS as u32;
    let ideal = schedule(&chains, WORKERS);
    let why = format!("{WORKERS} workers taking each call's chain in turn");
    let label = format!("{} calls, {WORKERS} workers", ids.len());
    println!("   {}", measured_vs_ideal(&label, timeline.total(), ideal, &why));
    println!(
        "     every wait / {WORKERS} = {}; the longest call (#{slowest}, {} tries) = {}",
        human(shared),
        ids.get(slowest).map_or(0, |id| server.attempts(id)),
        human(longest)
    );
    account(ids, &outcomes, &server);
    println!();
    Ok(())
}

// ANCHOR: chains
/// How long each call takes with nothing else in its way: its tries one
/// after another (a latency for an answered try, a whole timeout for a
/// silent one) and the pauses between them.
fn chains(
    ids: &[String],
    server: &ServerHandle,
    config: &ServerConfig,
    policy: &RetryPolicy,
) -> Vec<Duration> {
    (0..ids.len())
        .map(|record| {
            let mut chain = Duration::ZERO;
            let mut pause = policy.backoff;
            for attempt in 0..server.attempts(&ids[record]) {
                if attempt > 0 {
                    chain += pause;
                    pause *= 2;
                }
                chain += match config.fate(record, attempt) {
                    Fate::NoAnswer => policy.timeout,
                    Fate::Answer | Fate::ServerError => config.latency_of(record).min(policy.timeout),
                };
            }
            chain
        })
        .collect()
}

/// When the last call ends if `workers` workers take the calls in order,
/// each the next one as soon as it is free, and each call takes its chain:
/// the pool's own schedule with no cost of its own. It is at least the sum
/// of the chains / workers and at least the longest chain, and more than
/// both when a long chain starts late.
fn schedule(chains: &[Duration], workers: usize) -> Duration {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // When each worker is free next: the earliest on top.
    let mut free: BinaryHeap<Reverse<Duration>> = (0..workers).map(|_| Reverse(Duration::ZERO)).collect();
    let mut end = Duration::ZERO;
    for &chain in chains {
        let Reverse(at) = free.pop().unwrap_or_default();
        end = end.max(at + chain);
        free.push(Reverse(at + chain));
    }
    end
}
// ANCHOR_END: chains

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
    const SHOWN: usize = 10; // a slow machine may fail hundreds: name a few
    if failed.len() > SHOWN {
        println!("     (the first {SHOWN} of {} failed calls:)", failed.len());
    }
    for (id, gave_up) in failed.into_iter().take(SHOWN) {
        // Each try in a word: "timeout" (no answer in time) or the status.
        let tries: Vec<String> = gave_up.tries.iter().map(short).collect();
        println!("     failed: {id}, its tries: {}", tries.join(", "));
    }
    let stats = server.stats();
    println!(
        "   the server got {} requests: {} answered, {} answered 500, {} never answered",
        stats.requests, stats.answered, stats.server_errors, stats.unanswered
    );
}
// ANCHOR_END: account

/// A failed try in a word, so that four of them fit on a line.
fn short(error: &FetchError) -> String {
    match error {
        FetchError::TimedOut(_) => "timeout".to_string(),
        FetchError::Status(status) => status.to_string(),
        FetchError::Connection(_) => "broken connection".to_string(),
        FetchError::BadBody(_) => "bad body".to_string(),
    }
}
