//! Running the dataflow as P processes connected by TCP, started, watched
//! and reaped by a launcher.
//!
//! timely itself has no deadlines, and it trusts any connection: when one
//! process dies the others abort. So the launcher owns the processes, and
//! each process makes its own authenticated mesh ([`crate::mesh`]) before
//! it hands the sockets to timely:
//!
//! - each process is a child of a launcher, its stdin a pipe it never
//!   writes: when the launcher dies, the pipe closes and the child exits
//!   (a *lifeline*);
//! - the child gets the run's secret in its environment (never on its
//!   command line, which every user of the machine can read), connects to
//!   every peer, refuses strangers and reports each peer it has reached;
//! - if some peer is still missing at `--connect-timeout`, the launcher names
//!   it (index and address), kills every child it started, and reaps them;
//! - if a child dies, the launcher waits for the others' ends, names the
//!   *cause* (a process killed, or the first to fail on its own) and says
//!   that the others' ends are its consequences;
//! - every child is killed and waited for when the launcher's `Children`
//!   is dropped: on an error, on a panic, always.
//!
//! A child reports on stdout, one line `@lesson09 KIND ...` each (an
//! outcome as JSON, a peer connected, a connection refused, a peer lost),
//! which the launcher picks out, so that the report on the launcher's
//! stdout is clean.

use crate::dataflow::{Plan, WorkerOutcome, run_worker};
use crate::mesh::{self, Agreement, Fingerprint, MeshError, MeshEvent, SECRET_ENV, Secret};
use crate::sales::{Error, FileSummary, Report};
use std::collections::BTreeSet;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// The hidden subcommand that makes the lesson's binary a worker process.
pub const WORKER_ROLE: &str = "dataflow-worker";

/// The prefix of the lines a worker process sends its launcher.
const EVENT: &str = "@lesson09 ";

/// A worker's exit code when it lost its connection to a peer.
const LOST_PEER: i32 = 4;

/// After one process has failed mid-run, how long the launcher waits for
/// the others to end on their own (they do, at once: each loses a peer)
/// before it stops them. A hang guard, never reached in a normal failure.
const ENDS_GUARD: Duration = Duration::from_secs(10);

/// The report from worker 0's collected files: the first failure in file
/// order, as lesson 08 stops on, or the report of all files. (A process
/// that could not open the data directory sent a failure about the file
/// "", which comes first.)
pub fn report_of(outcomes: &[WorkerOutcome]) -> Result<Report, Error> {
    let first = outcomes.iter().find(|o| o.worker == 0);
    let messages = first.and_then(|o| o.files.clone()).unwrap_or_default();
    let parts = messages.into_iter().map(|message| match message {
        crate::dataflow::Message::Partial { file, summary } => Ok(vec![FileSummary { file, summary }]),
        crate::dataflow::Message::Failed { error, .. } => Err(error),
        crate::dataflow::Message::Row(row) => Err(Error::Other(format!(
            "a row of {} reached the collector",
            row.file
        ))),
    });
    Report::collect(parts)
}

/// How one process of a cluster is to run: what the launcher tells the
/// child on its command line (the secret goes in its environment).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProcessSpec {
    /// The run.
    pub plan: Plan,
    /// This process's index in `addresses`.
    pub process: usize,
    /// Worker threads per process.
    pub workers: usize,
    /// Every process's `host:port`, process 0 first.
    pub addresses: Vec<String>,
}

// ANCHOR: worker_main
/// The worker side: join the authenticated mesh, run this process's share
/// of the dataflow on timely over those sockets, and print each worker's
/// outcome for the launcher. Returns the exit code.
pub fn worker_main(spec: &ProcessSpec) -> u8 {
    // The lifeline: a launcher that dies closes our stdin; then we go too.
    thread::spawn(|| {
        let mut sink = [0u8; 64];
        let mut stdin = std::io::stdin();
        while let Ok(n) = stdin.read(&mut sink) {
            if n == 0 {
                break;
            }
        }
        std::process::exit(3);
    });
    let secret = match Secret::from_env() {
        Ok(Some(secret)) => secret,
        Ok(None) => {
            eprintln!("no secret: the launcher gives it in {SECRET_ENV}");
            return 1;
        }
        Err(message) => {
            eprintln!("{message}");
            return 1;
        }
    };
    let me = spec.process;
    let workers = spec.workers.max(1);
    let started = Instant::now();
    let agreement = Agreement {
        workers: workers as u64,
        dataset: Fingerprint::of(&spec.plan.data_dir),
    };
    let fingerprinted = started.elapsed();
    let sockets = mesh::connect(me, &spec.addresses, &secret, agreement, &|event| match event {
        MeshEvent::Connected(peer) => println!("{EVENT}connected {peer}"),
        MeshEvent::Refused(what) => println!("{EVENT}refused {what}"),
    });
    let sockets = match sockets {
        Ok(sockets) => sockets,
        Err(MeshError::Mismatch { what, .. }) => {
            eprintln!("{what}");
            return 1;
        }
        Err(error) => {
            eprintln!("{error}");
            return 1;
        }
    };
    println!(
        "{EVENT}mesh {} {}",
        fingerprinted.as_micros(),
        (started.elapsed() - fingerprinted).as_micros()
    );
    name_a_lost_peer(me, spec.addresses.clone());
    let plan = spec.plan.clone();
    let guards = match on_sockets(sockets, me, workers, plan) {
        Ok(guards) => guards,
        Err(message) => {
            eprintln!("{message}");
            return 1;
        }
    };
    for joined in guards.join() {
        match joined.map(|outcome| serde_json::to_string(&outcome)) {
            Ok(Ok(json)) => println!("{EVENT}outcome {json}"),
            Ok(Err(e)) => eprintln!("cannot encode a worker's outcome: {e}"),
            Err(_) => return 1, // the panic hook has said why
        }
    }
    0
}

/// Start timely on sockets we connected ourselves: what `timely::execute`
/// does for a `Cluster` configuration, minus its own (trusting) mesh.
fn on_sockets(
    sockets: Vec<Option<TcpStream>>,
    me: usize,
    workers: usize,
    plan: Plan,
) -> Result<timely::communication::WorkerGuards<WorkerOutcome>, String> {
    use timely::communication::allocator::ProcessBuilder;
    use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
    use timely::communication::{AllocatorBuilder, Hooks};
    let hooks = Hooks::default();
    let local = ProcessBuilder::new_typed_vector(workers, hooks.refill.clone(), hooks.spill.clone());
    let (builders, comms) = initialize_networking_from_sockets(local, sockets, me, workers, hooks)
        .map_err(|e| format!("cannot start timely's network threads: {e}"))?;
    let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
    timely::execute::execute_from(
        builders,
        Box::new(comms),
        timely::WorkerConfig::default(),
        move |worker| run_worker(worker, &plan, workers),
    )
}
// ANCHOR_END: worker_main

/// timely's network threads are named `timely:send-K` and `timely:recv-K`
/// (K: the peer), and panic when their socket fails. Name that peer, tell
/// the launcher, and exit at once, instead of the panic cascade (a worker's
/// `MergeQueue poisoned`, a guard's `Send thread panic`) with locations in
/// timely's source. Any other panic is said in one line, with its place
/// only when that place is this lesson's code.
fn name_a_lost_peer(me: usize, addresses: Vec<String>) {
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("a panic");
        let thread = thread::current();
        let name = thread.name().unwrap_or_default();
        let peer = name
            .strip_prefix("timely:recv-")
            .or_else(|| name.strip_prefix("timely:send-"))
            .and_then(|peer| peer.parse::<usize>().ok());
        if let Some(peer) = peer {
            let address = addresses.get(peer).map_or("?", String::as_str);
            let why = message
                .strip_prefix("timely communication error: ")
                .unwrap_or(message);
            println!("{EVENT}lost {peer}");
            eprintln!("process {me} lost its connection to process {peer} at {address} ({why})");
            std::process::exit(LOST_PEER);
        }
        match info.location() {
            Some(place) if !place.file().contains(".cargo") && !place.file().starts_with("/rustc") => {
                eprintln!("process {me}: {message} (at {}:{})", place.file(), place.line());
            }
            _ => eprintln!("process {me}: {message}"),
        }
    }));
}

/// Something to do wrong on purpose, for the demo's failure part and the
/// tests: leave a process out, kill one once all are connected, or let an
/// impostor try to take a process's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Never start process `n`.
    NeverStart(usize),
    /// Kill process `n` this long after every process is connected.
    KillAfter(usize, Duration),
    /// Start, first, a process that claims to be process `n` but does not
    /// know the secret (another one of its own); start the real process
    /// `n` once a peer has refused the impostor.
    Impostor(usize),
}

/// A cluster run as the launcher sees it.
#[derive(Debug, Clone)]
pub struct Launch {
    /// The program to start as each worker process (this one, normally).
    pub program: PathBuf,
    /// The run.
    pub plan: Plan,
    /// Worker threads per process.
    pub workers: usize,
    /// Every process's `host:port`.
    pub addresses: Vec<String>,
    /// The processes this launcher starts: all of them (`--processes P`), or
    /// one (`--hosts FILE --process I`).
    pub start: Vec<usize>,
    /// How long every peer has to connect.
    pub connect_timeout: Duration,
    /// The run's shared secret, given to every process started here.
    pub secret: Secret,
    /// Print each refused connection on stderr as it happens (the `report`
    /// command); the demo prints them from [`Launched`] instead.
    pub show_refusals: bool,
    /// A fault to inject, if any.
    pub fault: Option<Fault>,
}

/// What a cluster run gave: every outcome from the processes started here,
/// and when they were all connected (from the launch).
#[derive(Debug, Clone)]
pub struct Launched {
    /// One per worker of the processes this launcher started.
    pub outcomes: Vec<WorkerOutcome>,
    /// From starting the processes to all of them connected.
    pub connected_after: Duration,
    /// From starting the processes to the last one's exit.
    pub total: Duration,
    /// Each process's own start-up: (fingerprinting its data, connecting
    /// and authenticating its peers), in process order.
    pub mesh: Vec<(Duration, Duration)>,
    /// Every connection a process refused: `process 0 refused ...`.
    pub refusals: Vec<String>,
}

/// Which peer a launcher gave up on: its index and its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPeer {
    /// The peer's index, from 0.
    pub index: usize,
    /// Its `host:port`.
    pub address: String,
}

/// Why a cluster run failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaunchError {
    /// A process could not be started.
    Start {
        /// Its index.
        process: usize,
        /// The system's message.
        message: String,
    },
    /// At the deadline, these peers had not connected.
    Missing {
        /// The deadline.
        timeout: Duration,
        /// Each peer that no started process reached.
        peers: Vec<MissingPeer>,
        /// The processes started here, all stopped.
        started: Vec<usize>,
        /// The connections refused meanwhile (strangers, impostors).
        refusals: Vec<String>,
    },
    /// A process ended badly, during start-up or during the run: the cause.
    Died {
        /// Its index.
        process: usize,
        /// Whether every process was connected when it ended.
        running: bool,
        /// Its exit status.
        status: String,
        /// The end of its stderr.
        stderr: String,
        /// What the others did because of it: `process 0 lost its
        /// connection to process 1 and stopped`.
        consequences: Vec<String>,
    },
    /// A process lost its connection to a peer this launcher did not start
    /// (a run across hosts): the peer is named.
    LostPeer {
        /// The process started here.
        process: usize,
        /// The peer it lost.
        peer: usize,
        /// The peer's `host:port`.
        address: String,
    },
    /// No secret could be made or read.
    Secret(String),
    /// The processes ended but sent no outcome.
    NoOutcome(usize),
}

const NO_REPORT: &str = "timely stops the whole run when one process fails, so there is no report";

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::Start { process, message } => write!(f, "cannot start process {process}: {message}"),
            LaunchError::Missing {
                timeout,
                peers,
                started,
                refusals,
            } => {
                let named: Vec<String> = peers
                    .iter()
                    .map(|p| format!("process {} at {}", p.index, p.address))
                    .collect();
                let named = if named.is_empty() {
                    "a peer (every process started, but the connections did not complete)".to_string()
                } else {
                    named.join(", ")
                };
                write!(
                    f,
                    "no connection from {named} within {} s (--connect-timeout); stopped process{} {}",
                    timeout.as_secs_f64(),
                    if started.len() == 1 { "" } else { "es" },
                    list(started)
                )?;
                if !refusals.is_empty() {
                    write!(f, ". Meanwhile {}", refusals.join("; "))?;
                }
                Ok(())
            }
            LaunchError::Died {
                process,
                running,
                status,
                stderr,
                consequences,
            } => {
                let when = if *running { "the run" } else { "start-up" };
                write!(f, "process {process} ended during {when} ({status})")?;
                if !stderr.is_empty() {
                    write!(f, ": {stderr}")?;
                }
                if *running {
                    write!(f, ". {NO_REPORT}")?;
                }
                if !consequences.is_empty() {
                    write!(f, ". As a consequence, {}", consequences.join("; "))?;
                }
                write!(f, ". Every process was stopped.")
            }
            LaunchError::LostPeer {
                process,
                peer,
                address,
            } => write!(
                f,
                "process {process} lost its connection to process {peer} at {address} during the run: \
                 that process ended, or the network between them failed. {NO_REPORT}."
            ),
            LaunchError::Secret(message) => write!(f, "{message}"),
            LaunchError::NoOutcome(process) => {
                write!(f, "process {process} ended without sending its results")
            }
        }
    }
}

impl std::error::Error for LaunchError {}

fn list(indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Something a child said, by its slot in `Children`.
enum Event {
    Out(usize, String),
    OutClosed(usize),
    Err(usize, String),
    ErrClosed(usize),
}

/// One started process and what the launcher knows of it.
struct Running {
    /// Its process index (an impostor has the index it claims).
    index: usize,
    /// Started by a fault to be refused: its lines and its end do not count.
    impostor: bool,
    child: Child,
    /// Kept open, never written: the child's lifeline.
    _stdin: Option<ChildStdin>,
    /// The last lines of its stderr.
    stderr: workbook::child::Tail,
    /// Peers it has an authenticated connection to (to or from).
    connected: BTreeSet<usize>,
    /// The peer whose connection it lost, if it said so.
    lost: Option<usize>,
    /// Its start-up, from its `mesh` line.
    mesh: Option<(Duration, Duration)>,
    streams_closed: usize,
    status: Option<ExitStatus>,
    /// When it ended, in the order the launcher saw ends.
    ended: Option<usize>,
    /// Killed by the launcher: as the injected fault, or to stop it.
    killed: Option<Kill>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kill {
    Fault,
    Stopped,
}

impl Running {
    fn done(&self) -> bool {
        self.status.is_some() && self.streams_closed == 2
    }

    fn failed(&self) -> bool {
        self.status.is_some_and(|s| !s.success())
    }
}

/// The started processes. Dropping it kills and reaps every one that is
/// still running: no path out of the launcher leaves a process behind.
struct Children {
    all: Vec<Running>,
    ends_seen: usize,
}

impl Drop for Children {
    fn drop(&mut self) {
        for running in &mut self.all {
            if running.status.is_none() {
                let _ = running.child.kill();
                let _ = running.child.wait();
            }
        }
    }
}

impl Children {
    fn real(&self) -> impl Iterator<Item = &Running> {
        self.all.iter().filter(|c| !c.impostor)
    }

    /// Note which children have ended, in the order seen.
    fn reap(&mut self) {
        for running in &mut self.all {
            if running.status.is_none()
                && let Ok(Some(status)) = running.child.try_wait()
            {
                running.status = Some(status);
                if !running.impostor {
                    running.ended = Some(self.ends_seen);
                    self.ends_seen += 1;
                }
            }
        }
    }

    fn kill(&mut self, index: usize, why: Kill) {
        for running in &mut self.all {
            if running.index == index && !running.impostor && running.status.is_none() {
                running.killed = Some(why);
                let _ = running.child.kill();
            }
        }
    }
}

/// What the launcher has gathered so far.
#[derive(Default)]
struct Gathered {
    outcomes: Vec<WorkerOutcome>,
    refusals: Vec<String>,
    connected_at: Option<Instant>,
}

impl Launch {
    /// Start the processes, wait for all to connect (or name the missing
    /// ones at the deadline), wait for all to end, and gather their outcomes.
    // ANCHOR: launch
    pub fn run(&self) -> Result<Launched, LaunchError> {
        let started_at = Instant::now();
        let (events, receiver) = mpsc::channel();
        let mut children = Children {
            all: Vec::new(),
            ends_seen: 0,
        };
        let impostor = match self.fault {
            Some(Fault::Impostor(index)) if self.start.contains(&index) => Some(index),
            _ => None,
        };
        for &index in &self.start {
            if self.fault == Some(Fault::NeverStart(index)) || impostor == Some(index) {
                continue;
            }
            self.spawn(&mut children, index, false, &events)?;
        }
        if let Some(index) = impostor {
            self.spawn(&mut children, index, true, &events)?;
        }
        let deadline = started_at + self.connect_timeout;
        let mut gathered = Gathered::default();
        loop {
            self.receive(&receiver, &mut children, &mut gathered)?;
            if let Some(index) = impostor
                && !gathered.refusals.is_empty()
                && !children.real().any(|c| c.index == index)
            {
                // The impostor was refused: now the real process comes.
                self.spawn(&mut children, index, false, &events)?;
            }
            let everyone = self.everyone_connected(&children);
            if gathered.connected_at.is_none() && everyone {
                gathered.connected_at = Some(Instant::now());
            }
            if !everyone && Instant::now() >= deadline {
                return Err(self.missing(&children, &gathered));
            }
            if let (Some(Fault::KillAfter(victim, after)), Some(at)) = (self.fault, gathered.connected_at)
                && at.elapsed() >= after
            {
                children.kill(victim, Kill::Fault);
            }
            children.reap();
            if children.real().any(Running::failed) {
                return Err(self.cause(&receiver, &mut children, &mut gathered));
            }
            if children.real().all(Running::done) {
                break;
            }
        }
        // ANCHOR_END: launch
        let total = started_at.elapsed();
        let connected_after = gathered.connected_at.map_or(total, |at| at - started_at);
        let mut real: Vec<&Running> = children.real().collect();
        real.sort_by_key(|c| c.index);
        Ok(Launched {
            mesh: real.iter().filter_map(|c| c.mesh).collect(),
            outcomes: gathered.outcomes,
            connected_after,
            total,
            refusals: gathered.refusals,
        })
    }

    fn spawn(
        &self,
        children: &mut Children,
        index: usize,
        impostor: bool,
        events: &Sender<Event>,
    ) -> Result<(), LaunchError> {
        let stranger;
        let secret = if impostor {
            stranger = Secret::generate().map_err(|e| LaunchError::Secret(e.to_string()))?;
            &stranger
        } else {
            &self.secret
        };
        let spec = ProcessSpec {
            plan: self.plan.clone(),
            process: index,
            workers: self.workers,
            addresses: self.addresses.clone(),
        };
        let failed = |message: String| LaunchError::Start {
            process: index,
            message,
        };
        let spec = serde_json::to_string(&spec).map_err(|e| failed(e.to_string()))?;
        let mut child = Command::new(&self.program)
            .args([WORKER_ROLE, "--spec", &spec])
            // In the environment, not on the command line: `ps` shows
            // every user the command line, a process's environment only to
            // its owner.
            .env(SECRET_ENV, secret.expose())
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| failed(format!("{}: {e}", self.program.display())))?;
        let slot = children.all.len();
        if let Some(stdout) = child.stdout.take() {
            let events = events.clone();
            thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = events.send(Event::Out(slot, line));
                }
                let _ = events.send(Event::OutClosed(slot));
            });
        }
        if let Some(stderr) = child.stderr.take() {
            let events = events.clone();
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let _ = events.send(Event::Err(slot, line));
                }
                let _ = events.send(Event::ErrClosed(slot));
            });
        }
        children.all.push(Running {
            index,
            impostor,
            _stdin: child.stdin.take(),
            child,
            stderr: workbook::child::Tail::default(),
            connected: BTreeSet::new(),
            lost: None,
            mesh: None,
            streams_closed: 0,
            status: None,
            ended: None,
            killed: None,
        });
        Ok(())
    }

    /// Take the children's lines for a moment: connections, refusals,
    /// losses and outcomes.
    fn receive(
        &self,
        receiver: &Receiver<Event>,
        children: &mut Children,
        gathered: &mut Gathered,
    ) -> Result<(), LaunchError> {
        let mut wait = Duration::from_millis(20);
        loop {
            let event = match receiver.recv_timeout(wait) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Ok(()),
            };
            wait = Duration::ZERO;
            let slot = match &event {
                Event::Out(slot, _)
                | Event::OutClosed(slot)
                | Event::Err(slot, _)
                | Event::ErrClosed(slot) => *slot,
            };
            let Some(child) = children.all.get_mut(slot) else {
                continue;
            };
            match event {
                Event::OutClosed(_) | Event::ErrClosed(_) => child.streams_closed += 1,
                Event::Err(_, line) => {
                    child.stderr.push(line);
                }
                Event::Out(_, line) => {
                    let Some(event) = line.strip_prefix(EVENT) else {
                        continue;
                    };
                    if child.impostor {
                        continue;
                    }
                    let (kind, rest) = event.split_once(' ').unwrap_or((event, ""));
                    match kind {
                        "outcome" => gathered.outcomes.push(
                            serde_json::from_str(rest).map_err(|_| LaunchError::NoOutcome(child.index))?,
                        ),
                        "connected" => {
                            child.connected.extend(rest.trim().parse::<usize>().ok());
                        }
                        "refused" => {
                            let refusal = format!("process {} refused {rest}", child.index);
                            if self.show_refusals {
                                eprintln!("{refusal}");
                            }
                            gathered.refusals.push(refusal);
                        }
                        "lost" => child.lost = rest.trim().parse().ok(),
                        "mesh" => {
                            let mut micros = rest.split(' ').filter_map(|n| n.parse::<u64>().ok());
                            if let (Some(fingerprint), Some(connect)) = (micros.next(), micros.next()) {
                                child.mesh = Some((
                                    Duration::from_micros(fingerprint),
                                    Duration::from_micros(connect),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn everyone_connected(&self, children: &Children) -> bool {
        let peers = self.addresses.len();
        self.start.len() == children.real().count() && children.real().all(|c| c.connected.len() + 1 >= peers)
    }

    // ANCHOR: missing
    /// The peers nobody has reached: every peer that some process started
    /// here has no authenticated connection to, and that was not started
    /// here (those that were would have ended, or connected).
    fn missing(&self, children: &Children, gathered: &Gathered) -> LaunchError {
        let started: BTreeSet<usize> = children.real().map(|c| c.index).collect();
        let missing: BTreeSet<usize> = children
            .real()
            .flat_map(|child| {
                (0..self.addresses.len())
                    .filter(|peer| *peer != child.index && !child.connected.contains(peer))
            })
            .filter(|peer| !started.contains(peer))
            .collect();
        LaunchError::Missing {
            timeout: self.connect_timeout,
            peers: missing
                .into_iter()
                .map(|index| MissingPeer {
                    index,
                    address: self.addresses[index].clone(),
                })
                .collect(),
            started: started.into_iter().collect(),
            refusals: gathered.refusals.clone(),
        }
    }
    // ANCHOR_END: missing

    // ANCHOR: cause
    /// A process ended badly: which one is the cause? During start-up, the
    /// first to fail (the others are only waiting for it). During the run,
    /// every other process ends too, because it loses a peer; wait for all
    /// those ends (events, not a clock: each child's exit and the close of
    /// its output), then the cause is the process killed by a signal, or
    /// else the first to fail that lost no peer; the others' ends are its
    /// consequences.
    fn cause(
        &self,
        receiver: &Receiver<Event>,
        children: &mut Children,
        gathered: &mut Gathered,
    ) -> LaunchError {
        let running = gathered.connected_at.is_some();
        let guard = Instant::now() + ENDS_GUARD;
        loop {
            let _ = self.receive(receiver, children, gathered);
            children.reap();
            let waiting: Vec<&Running> = if running {
                children.real().filter(|c| !c.done()).collect()
            } else {
                children.real().filter(|c| c.failed() && !c.done()).collect()
            };
            if waiting.is_empty() {
                break;
            }
            if Instant::now() >= guard {
                let late: Vec<usize> = waiting.iter().map(|c| c.index).collect();
                for index in late {
                    children.kill(index, Kill::Stopped);
                }
            }
        }
        let mut failed: Vec<&Running> = children
            .real()
            .filter(|c| c.failed() && c.killed != Some(Kill::Stopped))
            .collect();
        failed.sort_by_key(|c| c.ended);
        let signalled = |c: &&&Running| {
            c.killed == Some(Kill::Fault)
                || (c.killed.is_none() && describe(c.status.expect("ended")).starts_with("signal"))
        };
        let cause = failed
            .iter()
            .find(signalled)
            .or_else(|| failed.iter().find(|c| c.lost.is_none()))
            .or_else(|| failed.first())
            .copied();
        let Some(cause) = cause else {
            return LaunchError::NoOutcome(self.start.first().copied().unwrap_or(0));
        };
        if let Some(peer) = cause.lost
            && !children.real().any(|c| c.index == peer)
        {
            return LaunchError::LostPeer {
                process: cause.index,
                peer,
                address: self.addresses.get(peer).cloned().unwrap_or_default(),
            };
        }
        let consequences = children
            .real()
            .filter(|c| c.index != cause.index && c.status.is_some())
            .map(|c| {
                if c.killed == Some(Kill::Stopped) {
                    format!("process {} was stopped by the launcher", c.index)
                } else if !c.failed() {
                    format!("process {} had finished", c.index)
                } else if let Some(peer) = c.lost {
                    format!(
                        "process {} lost its connection to process {peer} and stopped",
                        c.index
                    )
                } else {
                    format!(
                        "process {} then ended ({})",
                        c.index,
                        describe(c.status.expect("ended"))
                    )
                }
            })
            .collect();
        LaunchError::Died {
            process: cause.index,
            running,
            status: describe(cause.status.expect("it ended")),
            stderr: cause.stderr.lines().join(" | "),
            consequences,
        }
    }
    // ANCHOR_END: cause
}

/// An exit status in words: `exit code 1`, `signal 9 (SIGKILL)`.
pub fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT)",
                9 => " (SIGKILL)",
                15 => " (SIGTERM)",
                _ => "",
            };
            return format!("signal {signal}{name}");
        }
    }
    status
        .code()
        .map_or_else(|| status.to_string(), |code| format!("exit code {code}"))
}

/// The program to start as worker processes: this one.
pub fn this_program() -> Result<PathBuf, LaunchError> {
    std::env::current_exe().map_err(|e| LaunchError::Start {
        process: 0,
        message: format!("cannot find this program: {e}"),
    })
}
