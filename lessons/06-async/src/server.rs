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
//! It also guards itself, as a server facing strangers must: at most
//! `max_connections` open at once (one more is answered `503` and closed,
//! and the refusal logged), a connection that has not sent a whole request
//! head within `header_timeout` is closed (a slow or silent client, or an
//! idle keep-alive one), every request is logged however it ends, and the
//! list is streamed in pieces, so that one request holds a piece in memory,
//! not the whole list, at any `records`.
//!
//! Which requests fail is decided by `(seed, record, attempt)`, where the
//! attempt counts how many times this server has seen that record asked
//! for. So a run is reproducible even though concurrent requests arrive in
//! a different order every time, and a retry draws a fresh fate: the third
//! try at a record fails or succeeds the same way in every run.

use crate::records::{self, Satellite};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use futures_util::StreamExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
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
    /// The most connections open at once; one more is answered `503` and
    /// closed. Lowered at start if the process's open-file limit is lower.
    pub max_connections: usize,
    /// How long a connection may take to send a whole request head (the
    /// request line and headers): a slow or silent new connection, and a
    /// kept-alive one idle between requests, is closed past it.
    pub header_timeout: Duration,
}

/// The default `max_connections`: more than part 5's 500 at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1000;

/// The default `header_timeout`.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

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
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
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
    /// Connections accepted and served.
    pub connections: u64,
    /// Connections open now.
    pub open_connections: usize,
    /// Connections refused (answered 503) because `max_connections` were open.
    pub refused: u64,
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
            connections: count(&counters.connections),
            open_connections: self.state.max_connections - self.state.connections.available_permits(),
            refused: count(&counters.refused),
        }
    }

    /// The most connections it keeps open at once: `max_connections`, or
    /// less if the open-file limit would not allow so many.
    pub fn max_connections(&self) -> usize {
        self.state.max_connections
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
        // Around the routes: every request is logged, however it ends
        // (404 and 405 are answered by the router, 400 by an extractor).
        .layer(middleware::from_fn(log_request))
        .with_state(Arc::clone(&state));
    let task = tokio::spawn(accept_loop(listener, app, Arc::clone(&state)));
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
    /// One permit per connection that may be open: `max_connections`.
    connections: Arc<Semaphore>,
    max_connections: usize,
    /// One permit per refusal being written: a flood of refused
    /// connections holds at most this many descriptors.
    refusals: Arc<Semaphore>,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    answered: AtomicU64,
    server_errors: AtomicU64,
    unanswered: AtomicU64,
    connections: AtomicU64,
    refused: AtomicU64,
}

impl ServerState {
    fn new(config: ServerConfig) -> Self {
        let records = records::generate(config.seed, config.records);
        let index = records
            .iter()
            .enumerate()
            .map(|(i, record)| (record.id.clone(), i))
            .collect();
        let max_connections = connection_cap(config.max_connections);
        Self {
            config,
            records,
            index,
            attempts: Mutex::default(),
            counters: Counters::default(),
            in_flight: Probe::new(),
            connections: Arc::new(Semaphore::new(max_connections)),
            max_connections,
            refusals: Arc::new(Semaphore::new(REFUSALS)),
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
    /// latency, then answer, fail, or fall silent. The answer carries what
    /// was decided, for the request's log line.
    async fn serve(&self, target: Target, answer: impl FnOnce() -> Response) -> Response {
        self.counters.requests.fetch_add(1, Ordering::SeqCst);
        let (latency, attempt, fate) = match target.key() {
            Some(key) => {
                let attempt = self.next_attempt(key);
                (
                    self.config.latency_for(key),
                    Some(attempt),
                    self.config.fate_for(key, attempt),
                )
            }
            None => (self.config.latency, None, Fate::Answer),
        };
        {
            // The probe's guard lives across the `.await`: the probe counts
            // requests being worked on, not threads.
            let _serving = self.in_flight.enter();
            tokio::time::sleep(latency).await;
        }
        let mut response = match fate {
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
                tracing::debug!(
                    ?target,
                    attempt,
                    "no answer, on purpose: the client's timeout must end it"
                );
                // A future that never completes: this request's connection
                // stays open and silent until the client gives up on it
                // (hyper then sees the connection close and drops this).
                std::future::pending().await
            }
        };
        response.extensions_mut().insert(Decided {
            target,
            attempt,
            fate,
        });
        response
    }
}

/// What the server decided for a request, carried by its response to the
/// log line.
#[derive(Debug, Clone, Copy)]
struct Decided {
    target: Target,
    attempt: Option<u32>,
    fate: Fate,
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
    let answer = || streamed_list(Arc::clone(&state));
    state.serve(Target::List, answer).await
}

/// Records per piece of a streamed list.
pub const LIST_PIECE: usize = 256;

// ANCHOR: streamed_list
/// The list as a JSON array written in pieces of `LIST_PIECE` records: a
/// request holds one piece in memory at a time, whatever the number of
/// records (serialised whole, a million records are ~125 MB a request).
/// hyper writes the next piece when the client has taken the last one.
fn streamed_list(state: Arc<ServerState>) -> Response {
    let count = state.records.len();
    let pieces = futures_util::stream::iter((0..count).step_by(LIST_PIECE)).map(move |first| {
        let last = (first + LIST_PIECE).min(count);
        let mut piece = Vec::with_capacity(64 * 1024);
        piece.push(if first == 0 { b'[' } else { b',' });
        for (i, record) in state.records[first..last].iter().enumerate() {
            if i > 0 {
                piece.push(b',');
            }
            serde_json::to_writer(&mut piece, record)?;
        }
        if last == count {
            piece.push(b']');
        }
        Ok::<_, serde_json::Error>(Bytes::from(piece))
    });
    let body = if count == 0 {
        Body::from("[]")
    } else {
        Body::from_stream(pieces)
    };
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
// ANCHOR_END: streamed_list

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

// ANCHOR: log_request
/// Log every request on one line when it ends: method, path, status, time,
/// and what the server decided. A request whose client went away first is
/// logged as such (its future is dropped, and `Pending` says so on drop).
async fn log_request(request: Request, next: Next) -> Response {
    let pending = Pending {
        line: format!("{} {}", request.method(), request.uri()),
        start: Instant::now(),
        done: false,
    };
    let mut pending = pending;
    let response = next.run(request).await;
    pending.done = true;
    let took = workbook::timeit::human(pending.start.elapsed());
    let status = response.status().as_u16();
    match response.extensions().get::<Decided>() {
        Some(Decided {
            target,
            attempt: Some(attempt),
            fate,
        }) => tracing::debug!(
            "{} -> {status} in {took} ({target:?}, attempt {attempt}, {fate:?})",
            pending.line
        ),
        _ => tracing::debug!("{} -> {status} in {took}", pending.line),
    }
    response
}
// ANCHOR_END: log_request

/// A request being served; logged when dropped unfinished.
struct Pending {
    line: String,
    start: Instant,
    done: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let took = workbook::timeit::human(self.start.elapsed());
            tracing::debug!("{} -> no answer: the client left after {took}", self.line);
        }
    }
}

/// Refusals being written at once, at most.
const REFUSALS: usize = 16;

/// Descriptors kept back from connections: the refusals', and the
/// runtime's own (listener, epoll, stdio, the parent watch...).
const RESERVED_FDS: usize = REFUSALS + 32;

/// How long a refused client gets to read its 503.
const REFUSE_WITHIN: Duration = Duration::from_secs(1);

/// The answer to a connection over the cap.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\
    Content-Length: 25\r\nRetry-After: 1\r\nConnection: close\r\n\r\ntoo many connections: 503";

/// `wanted`, or fewer if the open-file limit (`ulimit -n`) would run out
/// first: each connection is a descriptor, and a server out of them can
/// neither accept nor refuse.
fn connection_cap(wanted: usize) -> usize {
    let cap = match open_file_limit() {
        Some(limit) if limit < wanted + RESERVED_FDS => {
            let cap = limit.saturating_sub(RESERVED_FDS).max(1);
            tracing::info!(
                "at most {cap} connections at once, not {wanted}: the open-file limit is {limit} \
                 (ulimit -n), and {RESERVED_FDS} are kept for refusals and the runtime"
            );
            cap
        }
        _ => wanted,
    };
    cap.max(1)
}

/// The soft limit on open files, from Linux's `/proc/self/limits`.
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

// ANCHOR: accept_loop
/// Accept connections forever: each one under a permit, served by hyper
/// with a header-read timeout; one over the cap refused with a 503.
async fn accept_loop(listener: TcpListener, app: Router, state: Arc<ServerState>) -> io::Result<()> {
    let mut accept_failing = false;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors (EMFILE) or memory: not the end of the
                // server. Say so once, and try again after a pause instead
                // of spinning on the same error.
                if !accept_failing {
                    tracing::warn!("cannot accept a connection: {error}; retrying every 50 ms");
                    accept_failing = true;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        accept_failing = false;
        match Arc::clone(&state.connections).try_acquire_owned() {
            Ok(permit) => {
                state.counters.connections.fetch_add(1, Ordering::SeqCst);
                let app = app.clone();
                let timeout = state.config.header_timeout;
                tokio::spawn(serve_connection(stream, peer, app, timeout, permit));
            }
            Err(_) => {
                state.counters.refused.fetch_add(1, Ordering::SeqCst);
                tracing::warn!(
                    "refused a connection from {peer}: {} open, the most allowed; answered 503",
                    state.max_connections
                );
                if let Ok(slot) = Arc::clone(&state.refusals).try_acquire_owned() {
                    tokio::spawn(refuse(stream, slot));
                } // else: closed at once, here (a flood of refusals)
            }
        }
    }
}
// ANCHOR_END: accept_loop

// ANCHOR: serve_connection
/// One connection, served by hyper's HTTP/1 until the client closes it,
/// falls silent past `header_timeout`, or sends what is not HTTP.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    header_timeout: Duration,
    _permit: OwnedSemaphorePermit, // given back when the connection ends
) {
    let served = hyper::server::conn::http1::Builder::new()
        // The timer runs the header-read timeout: from the connection's
        // start, and again after each answer while it is kept alive.
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app))
        .await;
    // A request that never reached the router is logged here: hyper has
    // answered it 400 (or 431) itself, or closed a connection that was too slow.
    if let Err(error) = served {
        if error.is_timeout() {
            tracing::debug!("{peer}: closed, no request head within {header_timeout:?}");
        } else if error.is_parse() || error.is_parse_too_large() {
            tracing::debug!("{peer}: a request that is not HTTP -> 400: {error}");
        } else {
            tracing::debug!("{peer}: connection ended: {error}");
        }
    }
}
// ANCHOR_END: serve_connection

/// Tell a client over the cap, politely: a 503 it can read, then close.
/// Closing at once, with its request unread, would reset the connection,
/// and the client would see an error instead of the 503.
async fn refuse(stream: TcpStream, _slot: OwnedSemaphorePermit) {
    let polite = async {
        let mut written = 0;
        while written < REFUSAL.len() {
            stream.writable().await?;
            match stream.try_write(&REFUSAL[written..]) {
                Ok(n) => written += n,
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) => return Err(error),
            }
        }
        // No more from us; read and drop what the client sends until it closes.
        let stream = stream.into_std()?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let stream = TcpStream::from_std(stream)?;
        let mut sink = [0u8; 1024];
        loop {
            stream.readable().await?;
            match stream.try_read(&mut sink) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) => return Err(error),
            }
        }
    };
    // A client that never closes gets REFUSE_WITHIN, then is closed.
    let _ = tokio::time::timeout(REFUSE_WITHIN, polite).await;
}
