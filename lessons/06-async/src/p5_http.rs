//! Part 5: seed 003's Starlink calls. The list first, then the same 50
//! records fetched three ways — one after another, a thread per call, and
//! async tasks with a limit — then 500 calls, each way that finishes in
//! time. Every run gets a fresh local server with the same seed, so each
//! strategy meets the same records with the same latencies.

use crate::options::DemoArgs;
use lesson_06_async::client::{
    fetch_ids, fetch_satellite, fetch_satellite_blocking, local_base_url, record_url,
};
use lesson_06_async::pool::worker_pool;
use lesson_06_async::server::{self, ServerConfig, ServerHandle};
use lesson_06_async::{FetchError, Satellite};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;
use workbook::timeline::Timeline;

/// What one request ends as.
type Outcome = Result<Satellite, FetchError>;

/// The seed's 50 calls, and the bigger run.
const FEW: usize = 50;
const MANY: usize = 500;

/// The limits of the async runs over `MANY` calls: a tenth of them at a
/// time, and all of them at once (no limit at all).
const MANY_LIMITS: [usize; 2] = [50, MANY];

/// Where part 5 sends its requests.
enum Api {
    /// A fresh local server for each run, all with this configuration.
    Local(ServerConfig),
    /// The API at this base URL (`--base-url`).
    Remote(String),
}

/// A base URL to call, and the local server behind it, if there is one.
struct Endpoint {
    base: String,
    server: Option<ServerHandle>,
}

impl Api {
    fn open(&self, runtime: &Runtime) -> Result<Endpoint, String> {
        match self {
            Api::Local(config) => {
                let (address, server) = runtime
                    .block_on(server::start(config.clone()))
                    .map_err(|e| format!("cannot start the local API server: {e}"))?;
                Ok(Endpoint {
                    base: local_base_url(address),
                    server: Some(server),
                })
            }
            Api::Remote(base) => Ok(Endpoint {
                base: base.clone(),
                server: None,
            }),
        }
    }
}

impl Endpoint {
    /// "server peak N": how many requests the server had in hand at once.
    fn peak(&self) -> String {
        match &self.server {
            Some(server) => format!("server peak {}", server.stats().peak_in_flight),
            None => String::new(),
        }
    }

    /// The peak on a line of its own, under the line it belongs to.
    fn print_peak(&self) {
        if self.server.is_some() {
            println!("     {}", self.peak());
        }
    }
}

pub fn run(runtime: &Runtime, args: &DemoArgs) -> Result<(), String> {
    let (scale, seed) = (args.common.scale(), args.common.seed);
    let api = match &args.base_url {
        Some(base) => Api::Remote(base.clone()),
        None => Api::Local(args.server.config(scale, seed, 0.0)),
    };
    let ids = first_call(runtime, &api)?;
    let one_call = few_calls(runtime, &api, &ids[..FEW.min(ids.len())], args.limit as usize)?;
    match &api {
        Api::Local(_) if ids.len() >= MANY => many_calls(runtime, &api, &ids[..MANY], one_call)?,
        _ => println!("   ({MANY} calls: against the local server only)\n"),
    }
    Ok(())
}

/// The seed's first call: the list, for its ids.
fn first_call(runtime: &Runtime, api: &Api) -> Result<Vec<String>, String> {
    let endpoint = api.open(runtime)?;
    match api {
        Api::Local(config) => println!(
            "5. Seed 003's API calls, against the local server (latency {} ± {:.0}%)",
            human(config.latency),
            config.jitter * 100.0
        ),
        Api::Remote(base) => println!("5. Seed 003's API calls, against {base}"),
    }
    let client = reqwest::Client::new();
    let ids = runtime
        .block_on(fetch_ids(&client, &endpoint.base))
        .map_err(|e| format!("the list at {}: {e}", endpoint.base))?;
    println!("   GET {}/v4/starlink: {} satellites", endpoint.base, ids.len());
    Ok(ids)
}

/// The same calls three ways; returns the time of one call (the mean of
/// the sequential run), the yardstick of every ideal below.
fn few_calls(runtime: &Runtime, api: &Api, ids: &[String], limit: usize) -> Result<Duration, String> {
    println!("   {} calls:", ids.len());
    let (in_sequence, one_call) = time_sequential(runtime, api, ids)?;
    print_records(ids, &in_sequence);
    let in_threads = time_threads(runtime, api, ids, one_call)?;
    let (in_tasks, timeline) = time_async(runtime, api, ids, limit, one_call)?;
    timeline.chart().per_worker().figure("06-async-workers").print();

    let same = in_sequence == in_threads && in_sequence == in_tasks;
    let fetched = in_sequence.iter().filter(|outcome| outcome.is_ok()).count();
    println!(
        "   {fetched} of {} records fetched; the three runs got the same answers: {}\n",
        ids.len(),
        if same { "yes" } else { "NO" }
    );
    Ok(one_call)
}

/// 500 calls: too many to wait for one by one, so that run is estimated.
fn many_calls(runtime: &Runtime, api: &Api, ids: &[String], one_call: Duration) -> Result<(), String> {
    let n = ids.len();
    println!("   {n} calls:");
    println!(
        "   {:<30} {:>9}   = {n} × one call (estimated, not run)",
        "sequential",
        human(one_call * n as u32)
    );
    time_threads(runtime, api, ids, one_call)?;
    for limit in MANY_LIMITS {
        time_async(runtime, api, ids, limit, one_call)?;
    }
    println!();
    Ok(())
}

/// The seed's loop on a fresh endpoint; returns its outcomes and the mean
/// time of one call.
fn time_sequential(runtime: &Runtime, api: &Api, ids: &[String]) -> Result<(Vec<Outcome>, Duration), String> {
    let endpoint = api.open(runtime)?;
    let start = Instant::now();
    let outcomes = sequential(&endpoint.base, ids);
    let took = start.elapsed();
    let one_call = took / ids.len().max(1) as u32;
    println!(
        "   {:<30} {:>9}   = {} × {} a call   {}",
        "sequential (the seed's loop)",
        human(took),
        ids.len(),
        human(one_call),
        endpoint.peak()
    );
    Ok((outcomes, one_call))
}

/// A thread per call on a fresh endpoint, timed where the seed stopped its
/// timer and again after the joins.
fn time_threads(
    runtime: &Runtime,
    api: &Api,
    ids: &[String],
    one_call: Duration,
) -> Result<Vec<Outcome>, String> {
    let endpoint = api.open(runtime)?;
    let run = thread_per_call(&endpoint.base, ids);
    println!(
        "   {:<30} {:>9}   (threads started; {} of {} answers in)",
        "a thread per call, seed's timer",
        human(run.started),
        run.answered_by_then,
        ids.len()
    );
    // The last thread starts at `started`; its call then takes one call.
    let ideal = run.started + one_call;
    let why = "threads started + one call";
    let joined = measured_vs_ideal("a thread per call, joined", run.joined, ideal, why);
    println!("   {joined}");
    endpoint.print_peak();
    Ok(run.outcomes)
}

/// `limit` async workers on a fresh endpoint; returns the outcomes and the
/// timeline of the requests.
fn time_async(
    runtime: &Runtime,
    api: &Api,
    ids: &[String],
    limit: usize,
    one_call: Duration,
) -> Result<(Vec<Outcome>, Arc<Timeline>), String> {
    let endpoint = api.open(runtime)?;
    let timeline = Arc::new(Timeline::new());
    let urls = urls(&endpoint.base, ids);
    let pool = worker_pool(
        reqwest::Client::new(),
        urls,
        limit,
        Arc::clone(&timeline),
        fetch_owned,
    );
    let outcomes = runtime.block_on(pool);
    let n = ids.len();
    let label = if limit >= n {
        format!("async, {limit} workers (no limit)")
    } else {
        format!("async, {limit} workers")
    };
    // The work's critical path: `limit` calls at a time, one call each.
    // With no limit, every call could start at once, but they are sent one
    // by one (each a connection to open, on two cores): the last one sent
    // ends one call after it at the soonest.
    let rounds = one_call * n.div_ceil(limit) as u32;
    let last_sent = timeline
        .spans()
        .iter()
        .map(|span| span.start)
        .max()
        .unwrap_or_default();
    let (ideal, why) = if limit >= n && last_sent + one_call > rounds {
        (last_sent + one_call, "last request sent + one call".to_string())
    } else {
        (rounds, format!("{n} / {limit} × one call"))
    };
    let line = measured_vs_ideal(&label, timeline.total(), ideal, &why);
    println!("   {line}");
    endpoint.print_peak();
    Ok((outcomes, timeline))
}

/// A few of the records, as the seed printed its `sat_info_dict`.
fn print_records(ids: &[String], outcomes: &[Outcome]) {
    for (id, outcome) in ids.iter().zip(outcomes).take(3) {
        match outcome {
            Ok(satellite) => {
                let track = &satellite.space_track;
                let decay = match &track.decay_date {
                    Some(day) => format!("decayed {day}"),
                    None => "DECAY_DATE null".to_string(),
                };
                println!(
                    "     {id}: {}, launched {}, {decay}",
                    track.object_name, track.launch_date
                );
            }
            Err(error) => println!("     {id}: {error}"),
        }
    }
}

fn urls(base: &str, ids: &[String]) -> Vec<String> {
    ids.iter().map(|id| record_url(base, id)).collect()
}

// ANCHOR: sequential
/// The seed's loop: one blocking request after another.
fn sequential(base: &str, ids: &[String]) -> Vec<Outcome> {
    let client = reqwest::blocking::Client::new();
    ids.iter()
        .map(|id| fetch_satellite_blocking(&client, &record_url(base, id)))
        .collect()
}
// ANCHOR_END: sequential

/// What the thread-per-call run measured.
struct ThreadRun {
    /// Time to start every thread: where the seed's `%%time` stopped.
    started: Duration,
    /// Answers stored by then.
    answered_by_then: usize,
    /// Time until every thread was joined: the real answer.
    joined: Duration,
    /// Every outcome, in the order of the ids.
    outcomes: Vec<Outcome>,
}

// ANCHOR: thread_per_call
/// The seed's threaded version, with the joins it left out.
fn thread_per_call(base: &str, ids: &[String]) -> ThreadRun {
    let client = reqwest::blocking::Client::new();
    // The seed's `sat_info_dict` and its `variable_lock`, in one value.
    let answers = Arc::new(Mutex::new(HashMap::new()));
    let start = Instant::now();
    let threads: Vec<_> = ids
        .iter()
        .map(|id| {
            let (client, answers, id) = (client.clone(), Arc::clone(&answers), id.clone());
            let url = record_url(base, &id);
            thread::spawn(move || {
                let outcome = fetch_satellite_blocking(&client, &url);
                answers
                    .lock()
                    .expect("no thread panics holding the lock")
                    .insert(id, outcome);
            })
        })
        .collect();
    // The seed's timer stopped here: every thread started, none finished.
    let started = start.elapsed();
    let answered_by_then = answers.lock().expect("no thread panics holding the lock").len();
    for thread in threads {
        thread.join().expect("a request thread panicked"); // what the seed forgot
    }
    let joined = start.elapsed();
    // ANCHOR_END: thread_per_call
    let mut answers = Arc::into_inner(answers)
        .expect("every thread has ended")
        .into_inner()
        .expect("no thread panicked holding the lock");
    let outcomes = ids
        .iter()
        .map(|id| answers.remove(id).expect("every thread stored its answer"))
        .collect();
    ThreadRun {
        started,
        answered_by_then,
        joined,
        outcomes,
    }
}

/// One GET, taking what it needs by value, as a spawned task must.
async fn fetch_owned(client: reqwest::Client, url: String) -> Outcome {
    fetch_satellite(&client, &url).await
}
