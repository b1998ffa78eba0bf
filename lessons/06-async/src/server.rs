//! The workbook's own small Starlink API, so that lesson 06 runs with no
//! internet. It serves what seed 003 called on `api.spacexdata.com`:
//!
//! - `GET /v4/starlink`: every record, as a JSON array;
//! - `GET /v4/starlink/{id}`: one record, or 404 for an unknown id.
//!
//! It listens on loopback only (127.0.0.1), on a free port unless told one.
//! Three knobs make it behave like a real server far away:
//!
//! - **latency**: each request waits `latency ± jitter` before the answer;
//!   the wait is fixed per record, so the same request costs the same time
//!   whichever client, strategy or order asks for it;
//! - **failures**: a share of requests fail, either answered at once with
//!   `500 Internal Server Error` or never answered at all (the server keeps
//!   the connection open and stays silent, as a crashed or overloaded
//!   backend behind a proxy does; only the client's timeout ends the wait);
//! - **seed**: the records, latencies and failures all come from it.
//!
//! Which requests fail is decided by `(seed, record, attempt)`, where the
//! attempt counts how many times this server has seen that record asked
//! for. So a run is reproducible even though concurrent requests arrive in
//! a different order every time, and a retry draws a fresh fate: the third
//! try at a record fails or succeeds the same way in every run.

use crate::records::{self, Satellite};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use workbook::probe::Probe;

/// How the server behaves. `ServerConfig::default()` is a fast, reliable
/// server on a free port; set the fields you want to change:
/// `ServerConfig { failure_rate: 0.2, ..ServerConfig::default() }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// Seed of the records, the latencies and the failures.
    pub seed: u64,
    /// How many satellite records to serve.
    pub records: usize,
    /// The typical time a request waits before its answer.
    pub latency: Duration,
    /// How far a record's latency may stray from `latency`, as a fraction:
    /// 0.2 gives 80% to 120% of it.
    pub jitter: f64,
    /// The share of requests that fail, from 0.0 (none) to 1.0 (all).
    pub failure_rate: f64,
    /// Of the failing requests, the share that get no answer at all; the
    /// rest are answered `500`.
    pub silent_share: f64,
    /// The port to listen on; 0 lets the system choose a free one.
    pub port: u16,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            seed: workbook::cli::DEFAULT_SEED,
            records: records::DEFAULT_RECORDS,
            latency: Duration::ZERO,
            jitter: 0.0,
            failure_rate: 0.0,
            silent_share: 0.5,
            port: 0,
        }
    }
}

// ANCHOR: fate_enum
/// What the server does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Wait the latency, then answer (200, or 404 for an unknown id).
    Answer,
    /// Wait the latency, then answer `500 Internal Server Error`.
    ServerError,
    /// Wait the latency, then never answer: the client must time out.
    NoAnswer,
}
// ANCHOR_END: fate_enum

/// Independent random streams for the server's decisions.
#[derive(Clone, Copy)]
enum Draw {
    Latency = 1,
    Fate = 2,
}

/// The list `/v4/starlink` takes part in latency and failures as if it
/// were one more record, with this number.
const LIST: u64 = u64::MAX;

impl ServerConfig {
    /// The time the server waits before answering for `record` (its index).
    pub fn latency_of(&self, record: usize) -> Duration {
        self.latency_for(record as u64)
    }

    /// What happens to the `attempt`-th request (from 0) for `record`.
    pub fn fate(&self, record: usize, attempt: u32) -> Fate {
        self.fate_for(record as u64, attempt)
    }

    fn latency_for(&self, key: u64) -> Duration {
        let stray: f64 = self.rng(Draw::Latency, key, 0).random_range(-1.0..=1.0);
        self.latency.mul_f64((1.0 + self.jitter * stray).max(0.0))
    }

    // ANCHOR: fate
    fn fate_for(&self, key: u64, attempt: u32) -> Fate {
        let mut rng = self.rng(Draw::Fate, key, attempt);
        if !rng.random_bool(self.failure_rate.clamp(0.0, 1.0)) {
            Fate::Answer
        } else if rng.random_bool(self.silent_share.clamp(0.0, 1.0)) {
            Fate::NoAnswer
        } else {
            Fate::ServerError
        }
    }

    /// A generator of its own for each decision: its 32-byte key is the
    /// seed, the kind of decision, the record and the attempt. Nothing
    /// depends on the order in which requests arrive.
    fn rng(&self, draw: Draw, key: u64, attempt: u32) -> StdRng {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&self.seed.to_le_bytes());
        bytes[8..16].copy_from_slice(&(draw as u64).to_le_bytes());
        bytes[16..24].copy_from_slice(&key.to_le_bytes());
        bytes[24..28].copy_from_slice(&attempt.to_le_bytes());
        StdRng::from_seed(bytes)
    }
    // ANCHOR_END: fate
}

/// What the server has done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Requests received.
    pub requests: u64,
    /// Requests answered 200 or 404.
    pub answered: u64,
    /// Requests answered 500 on purpose.
    pub server_errors: u64,
    /// Requests that got no answer on purpose.
    pub unanswered: u64,
    /// The most requests the server was working on at the same moment.
    pub peak_in_flight: usize,
}

/// The running server. Dropping it stops the server from accepting more
/// connections.
#[derive(Debug)]
pub struct ServerHandle {
    state: Arc<ServerState>,
    task: JoinHandle<io::Result<()>>,
}

impl ServerHandle {
    /// What the server has done so far.
    pub fn stats(&self) -> Stats {
        let count = |counter: &AtomicU64| counter.load(Ordering::SeqCst);
        let counters = &self.state.counters;
        Stats {
            requests: count(&counters.requests),
            answered: count(&counters.answered),
            server_errors: count(&counters.server_errors),
            unanswered: count(&counters.unanswered),
            peak_in_flight: self.state.in_flight.peak(),
        }
    }

    /// How many requests for the record with this id the server has seen.
    pub fn attempts(&self, id: &str) -> u32 {
        let Some(&record) = self.state.index.get(id) else {
            return 0;
        };
        self.state.attempts_so_far(record as u64)
    }

    /// The records it serves, in the order of `/v4/starlink`.
    pub fn records(&self) -> &[Satellite] {
        &self.state.records
    }

    /// Serve until the process ends (what `just lesson 6 serve` does).
    pub async fn serve_forever(mut self) -> io::Result<()> {
        match (&mut self.task).await {
            Ok(served) => served,
            Err(join_error) => Err(io::Error::other(join_error)),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ANCHOR: start
/// Start the server on the current tokio runtime and return its address.
/// It runs as a task beside yours until the handle is dropped.
pub async fn start(config: ServerConfig) -> io::Result<(SocketAddr, ServerHandle)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let address = listener.local_addr()?;
    let state = Arc::new(ServerState::new(config));
    let app = Router::new()
        .route("/v4/starlink", get(list))
        .route("/v4/starlink/{id}", get(one))
        .with_state(Arc::clone(&state));
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((address, ServerHandle { state, task }))
}
// ANCHOR_END: start

/// Everything the request handlers share.
#[derive(Debug)]
struct ServerState {
    config: ServerConfig,
    records: Vec<Satellite>,
    index: HashMap<String, usize>,
    /// Requests seen so far per record (or [`LIST`]). A std `Mutex` is right
    /// here: it is held for one insert, never across an `.await`.
    attempts: Mutex<HashMap<u64, u32>>,
    counters: Counters,
    in_flight: Probe,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    answered: AtomicU64,
    server_errors: AtomicU64,
    unanswered: AtomicU64,
}

impl ServerState {
    fn new(config: ServerConfig) -> Self {
        let records = records::generate(config.seed, config.records);
        let index = records
            .iter()
            .enumerate()
            .map(|(i, record)| (record.id.clone(), i))
            .collect();
        Self {
            config,
            records,
            index,
            attempts: Mutex::default(),
            counters: Counters::default(),
            in_flight: Probe::new(),
        }
    }

    /// Count one more request for `key` and return its attempt number.
    fn next_attempt(&self, key: u64) -> u32 {
        let mut attempts = self.attempts.lock().unwrap_or_else(PoisonError::into_inner);
        let seen = attempts.entry(key).or_default();
        *seen += 1;
        *seen - 1
    }

    fn attempts_so_far(&self, key: u64) -> u32 {
        let attempts = self.attempts.lock().unwrap_or_else(PoisonError::into_inner);
        attempts.get(&key).copied().unwrap_or(0)
    }

    /// The common path of every request: decide its fate, wait its
    /// latency, then answer, fail, or fall silent.
    async fn serve(&self, target: Target, answer: impl FnOnce() -> Response) -> Response {
        self.counters.requests.fetch_add(1, Ordering::SeqCst);
        let (latency, fate) = match target.key() {
            Some(key) => {
                let attempt = self.next_attempt(key);
                let fate = self.config.fate_for(key, attempt);
                tracing::debug!(?target, attempt, ?fate, "request");
                (self.config.latency_for(key), fate)
            }
            None => {
                tracing::debug!(?target, "request for an unknown id: 404");
                (self.config.latency, Fate::Answer)
            }
        };
        {
            // The probe's guard lives across the `.await`: the probe counts
            // requests being worked on, not threads.
            let _serving = self.in_flight.enter();
            tokio::time::sleep(latency).await;
        }
        match fate {
            Fate::Answer => {
                self.counters.answered.fetch_add(1, Ordering::SeqCst);
                answer()
            }
            Fate::ServerError => {
                self.counters.server_errors.fetch_add(1, Ordering::SeqCst);
                (StatusCode::INTERNAL_SERVER_ERROR, "injected failure").into_response()
            }
            Fate::NoAnswer => {
                self.counters.unanswered.fetch_add(1, Ordering::SeqCst);
                // A future that never completes: this request's connection
                // stays open and silent until the client gives up on it.
                std::future::pending().await
            }
        }
    }
}

/// What a request asked for.
#[derive(Debug, Clone, Copy)]
enum Target {
    List,
    Record(usize),
    /// An id that is not in the records: it always gets a 404, after the
    /// typical latency, and takes no part in failures.
    Unknown,
}

impl Target {
    /// The key of its latency and fate; `None` for an unknown id.
    fn key(self) -> Option<u64> {
        match self {
            Target::List => Some(LIST),
            Target::Record(record) => Some(record as u64),
            Target::Unknown => None,
        }
    }
}

/// `GET /v4/starlink`: every record.
async fn list(State(state): State<Arc<ServerState>>) -> Response {
    let answer = || Json(&state.records).into_response();
    state.serve(Target::List, answer).await
}

/// `GET /v4/starlink/{id}`: one record, or 404.
async fn one(State(state): State<Arc<ServerState>>, Path(id): Path<String>) -> Response {
    match state.index.get(&id) {
        Some(&record) => {
            let answer = || Json(&state.records[record]).into_response();
            state.serve(Target::Record(record), answer).await
        }
        None => {
            let answer = || (StatusCode::NOT_FOUND, "Not Found").into_response();
            state.serve(Target::Unknown, answer).await
        }
    }
}
