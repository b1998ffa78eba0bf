//! Running the dataflow: in this process on W threads, or as P processes
//! connected by TCP, started, watched and reaped by a launcher.
//!
//! timely itself has no deadlines: a process retries a peer that is not
//! listening forever, and when one process dies the others abort. So the
//! launcher owns them:
//!
//! - each process is a child of a launcher, its stdin a pipe it never
//!   writes: when the launcher dies, the pipe closes and the child exits
//!   (a *lifeline*);
//! - the child runs timely with its connection report on, and the launcher
//!   reads from it which peers each process has reached;
//! - if some peer is still missing at `--connect-timeout`, the launcher names
//!   it (index and address), kills every child it started, and reaps them;
//! - if a child dies during the run, the launcher kills and reaps the
//!   others and says which one died and how;
//! - every child is killed and waited for when the launcher's `Children`
//!   is dropped: on an error, on a panic, always.
//!
//! Timely prints its connection messages on stdout; so does the child. Its
//! results travel as one line `@lesson09 outcome {json}` per worker, which
//! the launcher picks out, so that the report on the launcher's stdout is
//! clean.

use crate::dataflow::{Plan, WorkerOutcome, run_worker};
use crate::sales::{Error, FileSummary, Report};
use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The hidden subcommand that makes the lesson's binary a worker process.
pub const WORKER_ROLE: &str = "dataflow-worker";

/// The prefix of the lines a worker process sends its launcher.
const OUTCOME: &str = "@lesson09 outcome ";

/// Run the dataflow in this process, on `workers` threads (no network).
pub fn run_threads(plan: &Plan, workers: usize) -> Result<Vec<WorkerOutcome>, LaunchError> {
    let config = timely::Config::process(workers.max(1));
    let plan = plan.clone();
    let guards = timely::execute(config, move |worker| run_worker(worker, &plan, workers))
        .map_err(LaunchError::Timely)?;
    guards
        .join()
        .into_iter()
        .map(|joined| joined.map_err(LaunchError::Timely))
        .collect()
}

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

/// How one process of a cluster is to run: what the launcher tells the child.
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

/// The worker side: run this process's share of the cluster and print each
/// worker's outcome for the launcher. Returns the exit code.
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
    let config = timely::Config {
        communication: timely::CommunicationConfig::Cluster {
            threads: spec.workers.max(1),
            process: spec.process,
            addresses: spec.addresses.clone(),
            // The launcher reads these lines to learn who is connected.
            report: true,
            zerocopy: false,
        },
        worker: timely::WorkerConfig::default(),
    };
    let (plan, workers) = (spec.plan.clone(), spec.workers.max(1));
    let guards = match timely::execute(config, move |worker| run_worker(worker, &plan, workers)) {
        Ok(guards) => guards,
        Err(message) => {
            eprintln!("process {}: {message}", spec.process);
            return 1;
        }
    };
    for joined in guards.join() {
        match joined.map(|outcome| serde_json::to_string(&outcome)) {
            Ok(Ok(json)) => println!("{OUTCOME}{json}"),
            Ok(Err(e)) => eprintln!("process {}: cannot encode a worker's outcome: {e}", spec.process),
            Err(panic) => {
                eprintln!("process {}: a worker failed: {panic}", spec.process);
                return 1;
            }
        }
    }
    0
}

/// Something to do wrong on purpose, for the demo's failure part and the
/// tests: leave a process out, or kill one once all are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Never start process `n`.
    NeverStart(usize),
    /// Kill process `n` this long after every process is connected.
    KillAfter(usize, Duration),
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
        /// Index and address of each peer that no started process reached.
        peers: Vec<(usize, String)>,
        /// The processes started here, all stopped.
        started: Vec<usize>,
    },
    /// A process ended badly, during start-up or during the run.
    Died {
        /// Its index.
        process: usize,
        /// Whether every process was connected when it ended.
        running: bool,
        /// Its exit status.
        status: String,
        /// The end of its stderr.
        stderr: String,
    },
    /// timely refused the configuration or a worker panicked.
    Timely(String),
    /// The processes ended but sent no outcome.
    NoOutcome(usize),
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::Start { process, message } => write!(f, "cannot start process {process}: {message}"),
            LaunchError::Missing {
                timeout,
                peers,
                started,
            } => {
                let named: Vec<String> = peers.iter().map(|(i, a)| format!("process {i} at {a}")).collect();
                let named = if named.is_empty() {
                    "a peer (every process started, but the connections did not complete: \
                     is a port held by another program?)"
                        .to_string()
                } else {
                    named.join(", ")
                };
                write!(
                    f,
                    "no connection from {named} within {} s (--connect-timeout); \
                     stopped process{} {}",
                    timeout.as_secs_f64(),
                    if started.len() == 1 { "" } else { "es" },
                    list(started)
                )
            }
            LaunchError::Died {
                process,
                running,
                status,
                stderr,
            } => {
                let when = if *running { "the run" } else { "start-up" };
                write!(
                    f,
                    "process {process} ended during {when} ({status}): timely stops the whole run \
                     when one process fails, so there is no report; every process was stopped"
                )?;
                if !stderr.is_empty() {
                    write!(f, "\n  its stderr: {stderr}")?;
                }
                Ok(())
            }
            LaunchError::Timely(message) => write!(f, "timely: {message}"),
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

/// A line from a child, or the end of its stdout.
enum Event {
    Line(usize, String),
    Closed(usize),
}

/// One started process and what the launcher knows of it.
struct Running {
    index: usize,
    child: Child,
    /// Kept open, never written: the child's lifeline.
    _stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<VecDeque<String>>>,
    /// Peers it is connected to (to or from), from timely's report.
    connected: BTreeSet<usize>,
    stdout_closed: bool,
    status: Option<ExitStatus>,
}

/// The started processes. Dropping it kills and reaps every one that is
/// still running: no path out of the launcher leaves a process behind.
struct Children(Vec<Running>);

impl Drop for Children {
    fn drop(&mut self) {
        for running in &mut self.0 {
            if running.status.is_none() {
                let _ = running.child.kill();
                let _ = running.child.wait();
            }
        }
    }
}

impl Launch {
    /// Start the processes, wait for all to connect (or name the missing
    /// ones at the deadline), wait for all to end, and gather their outcomes.
    // ANCHOR: launch
    pub fn run(&self) -> Result<Launched, LaunchError> {
        let started_at = Instant::now();
        let (events, receiver) = mpsc::channel();
        let mut children = Children(Vec::new());
        for &index in &self.start {
            if self.fault == Some(Fault::NeverStart(index)) {
                continue;
            }
            children.0.push(self.spawn(index, events.clone())?);
        }
        drop(events);
        let deadline = started_at + self.connect_timeout;
        let mut outcomes = Vec::new();
        let mut connected_at = None;
        loop {
            self.receive(&receiver, &mut children, &mut outcomes)?;
            let everyone = self.everyone_connected(&children);
            if connected_at.is_none() && everyone {
                connected_at = Some(Instant::now());
            }
            if !everyone && Instant::now() >= deadline {
                return Err(self.missing(&children));
            }
            if let (Some(Fault::KillAfter(victim, after)), Some(at)) = (self.fault, connected_at)
                && at.elapsed() >= after
            {
                kill(&mut children, victim);
            }
            reap_finished(&mut children, connected_at.is_some())?;
            if children.0.iter().all(|c| c.status.is_some() && c.stdout_closed) {
                break;
            }
        }
        // ANCHOR_END: launch
        let total = started_at.elapsed();
        let connected_after = connected_at.map_or(total, |at| at - started_at);
        Ok(Launched {
            outcomes,
            connected_after,
            total,
        })
    }

    fn spawn(&self, index: usize, events: Sender<Event>) -> Result<Running, LaunchError> {
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
            // A panic's one-line message, not a backtrace, for the error.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| failed(format!("{}: {e}", self.program.display())))?;
        let stdout = child.stdout.take();
        let stderr_lines = Arc::new(Mutex::new(VecDeque::new()));
        if let Some(stdout) = stdout {
            thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = events.send(Event::Line(index, line));
                }
                let _ = events.send(Event::Closed(index));
            });
        }
        if let Some(stderr) = child.stderr.take() {
            let keep = Arc::clone(&stderr_lines);
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let mut kept = keep.lock().unwrap_or_else(|e| e.into_inner());
                    kept.push_back(line);
                    if kept.len() > 3 {
                        kept.pop_front();
                    }
                }
            });
        }
        Ok(Running {
            index,
            _stdin: child.stdin.take(),
            child,
            stderr: stderr_lines,
            connected: BTreeSet::new(),
            stdout_closed: false,
            status: None,
        })
    }

    /// Take the children's lines for a moment: connections and outcomes.
    fn receive(
        &self,
        receiver: &Receiver<Event>,
        children: &mut Children,
        outcomes: &mut Vec<WorkerOutcome>,
    ) -> Result<(), LaunchError> {
        let mut wait = Duration::from_millis(20);
        loop {
            let event = match receiver.recv_timeout(wait) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Ok(()),
            };
            wait = Duration::ZERO;
            match event {
                Event::Closed(index) => {
                    if let Some(child) = children.0.iter_mut().find(|c| c.index == index) {
                        child.stdout_closed = true;
                    }
                }
                Event::Line(index, line) => {
                    if let Some(json) = line.strip_prefix(OUTCOME) {
                        let outcome =
                            serde_json::from_str(json).map_err(|_| LaunchError::NoOutcome(index))?;
                        outcomes.push(outcome);
                    } else if let Some(peer) = connected_peer(&line)
                        && let Some(child) = children.0.iter_mut().find(|c| c.index == index)
                    {
                        child.connected.insert(peer);
                    }
                }
            }
        }
    }

    fn everyone_connected(&self, children: &Children) -> bool {
        let peers = self.addresses.len();
        self.start.len() == children.0.len() && children.0.iter().all(|c| c.connected.len() + 1 >= peers)
    }

    // ANCHOR: missing
    /// The peers nobody has reached. timely connects to the processes
    /// before it in order (so a process is stuck on the first one it has
    /// not reached) and waits for those after it; a peer that a process
    /// waits for and that is not one we started is a missing one.
    fn missing(&self, children: &Children) -> LaunchError {
        let started: BTreeSet<usize> = children.0.iter().map(|c| c.index).collect();
        let mut missing = BTreeSet::new();
        for child in &children.0 {
            let before = (0..child.index).find(|peer| !child.connected.contains(peer));
            let after =
                (child.index + 1..self.addresses.len()).filter(|peer| !child.connected.contains(peer));
            missing.extend(
                before
                    .into_iter()
                    .chain(after)
                    .filter(|peer| !started.contains(peer)),
            );
        }
        LaunchError::Missing {
            timeout: self.connect_timeout,
            peers: missing
                .into_iter()
                .map(|i| (i, self.addresses[i].clone()))
                .collect(),
            started: started.into_iter().collect(),
        }
    }
    // ANCHOR_END: missing
}

/// The peer a line of timely's connection report names, if it is one:
/// `worker 1:\tconnection to worker 0` or `... connection from worker 2`.
fn connected_peer(line: &str) -> Option<usize> {
    let (_, rest) = line.split_once("\tconnection ")?;
    let peer = rest
        .strip_prefix("to worker ")
        .or_else(|| rest.strip_prefix("from worker "))?;
    peer.trim().parse().ok()
}

/// Kill process `victim` (the demo's and the tests' fault), once.
fn kill(children: &mut Children, victim: usize) {
    if let Some(child) = children
        .0
        .iter_mut()
        .find(|c| c.index == victim && c.status.is_none())
    {
        let _ = child.child.kill();
    }
}

/// Note which children have ended; one that ended badly ends the run (the
/// `Children` guard then kills and reaps the rest).
fn reap_finished(children: &mut Children, running: bool) -> Result<(), LaunchError> {
    let connected = running;
    for running in &mut children.0 {
        if running.status.is_some() {
            continue;
        }
        if let Ok(Some(status)) = running.child.try_wait() {
            running.status = Some(status);
            if !status.success() {
                let stderr = running.stderr.lock().unwrap_or_else(|e| e.into_inner());
                return Err(LaunchError::Died {
                    process: running.index,
                    running: connected,
                    status: describe(status),
                    stderr: stderr.iter().cloned().collect::<Vec<_>>().join(" | "),
                });
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timely_connection_lines_name_the_peer() {
        assert_eq!(connected_peer("worker 1:\tconnection to worker 0"), Some(0));
        assert_eq!(connected_peer("worker 0:\tconnection from worker 2"), Some(2));
        assert_eq!(
            connected_peer("worker 1:\terror connecting to worker 0: refused; retrying"),
            None
        );
        assert_eq!(connected_peer("awaiting connections (at 0/1)"), None);
    }
}
