//! Plumbing shared by the `report` command and the demo's parts: the data,
//! a plan, a local cluster, lesson 08's engine beside ours, the timeline of
//! a run, and the check that no worker process is left.

use crate::dataflow::{Plan, Ship, WorkerOutcome, now_us};
use crate::hosts::free_loopback_ports;
use crate::launch::{Fault, Launch, LaunchError, Launched, WORKER_ROLE};
use crate::mesh::Secret;
use crate::sales::{Dataset, Engine, Error, OnBadRow, Options, Report, Size, generate};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use workbook::timeline::Timeline;

/// Anything that can stop a run of this lesson.
#[derive(Debug)]
pub enum RunError {
    /// Lesson 08's errors: the data, a bad row.
    Sales(Error),
    /// Starting, connecting or losing processes.
    Launch(LaunchError),
    /// The host file.
    Hosts(crate::hosts::HostsError),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Sales(e) => e.fmt(f),
            RunError::Launch(e) => e.fmt(f),
            RunError::Hosts(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RunError {}

impl From<Error> for RunError {
    fn from(e: Error) -> Self {
        RunError::Sales(e)
    }
}

impl From<LaunchError> for RunError {
    fn from(e: LaunchError) -> Self {
        RunError::Launch(e)
    }
}

impl From<crate::hosts::HostsError> for RunError {
    fn from(e: crate::hosts::HostsError) -> Self {
        RunError::Hosts(e)
    }
}

/// The directory of a generated dataset, generated first (with `seed`) if
/// any of its files is missing. Says so on stderr.
pub fn generated(size: Size, seed: u64) -> Result<PathBuf, Error> {
    if !Dataset::is_generated(size) {
        eprintln!(
            "{} is missing: generating it first (seed {seed})",
            size.dir().display()
        );
        generate(size, &size.dir(), seed, &indicatif::ProgressBar::hidden())?;
    }
    Ok(size.dir())
}

/// A plan whose timeline starts now.
pub fn plan(data_dir: &Path, on_bad_row: OnBadRow, ship: Ship) -> Plan {
    Plan {
        data_dir: data_dir.to_path_buf(),
        on_bad_row,
        ship,
        epoch_us: now_us(),
        linger_ms: 0,
    }
}

/// `processes` processes of `workers` workers each on this machine, on
/// free loopback ports, all started by this launcher, with a secret made
/// for this run alone.
pub fn local(
    program: &Path,
    plan: Plan,
    processes: usize,
    workers: usize,
    connect_timeout: Duration,
) -> Result<Launch, RunError> {
    Ok(Launch {
        program: program.to_path_buf(),
        plan,
        workers,
        addresses: free_loopback_ports(processes)?,
        start: (0..processes).collect(),
        connect_timeout,
        secret: Secret::generate().map_err(|e| LaunchError::Secret(format!("cannot make a secret: {e}")))?,
        show_refusals: false,
        fault: None,
    })
}

/// One timed run of the dataflow: its outcomes, and what it cost.
pub struct Timed {
    /// Every worker's outcome.
    pub outcomes: Vec<WorkerOutcome>,
    /// Start to end, as the launcher saw it.
    pub elapsed: Duration,
    /// Start to all connected (zero in one process).
    pub start_up: Duration,
    /// Each process's fingerprinting and connecting (none in one process).
    pub mesh: Vec<(Duration, Duration)>,
    /// The connections refused on the way.
    pub refusals: Vec<String>,
}

impl Timed {
    /// Messages and bytes that crossed from one process to another.
    pub fn crossed(&self) -> (u64, u64) {
        self.outcomes
            .iter()
            .fold((0, 0), |(m, b), o| (m + o.messages_out, b + o.bytes_out))
    }
}

/// Run in this process on `workers` threads.
pub fn in_threads(plan: &Plan, workers: usize) -> Result<Timed, RunError> {
    let started = Instant::now();
    let outcomes =
        crate::dataflow::run_on_threads(plan, workers).map_err(|e| Error::Other(format!("timely: {e}")))?;
    Ok(Timed {
        outcomes,
        elapsed: started.elapsed(),
        start_up: Duration::ZERO,
        mesh: Vec::new(),
        refusals: Vec::new(),
    })
}

/// Run a cluster launch, with an optional fault.
pub fn in_processes(launch: &Launch, fault: Option<Fault>) -> Result<Timed, RunError> {
    let launch = Launch {
        fault,
        ..launch.clone()
    };
    let Launched {
        outcomes,
        connected_after,
        total,
        mesh,
        refusals,
    } = launch.run()?;
    Ok(Timed {
        outcomes,
        elapsed: total,
        start_up: connected_after,
        mesh,
        refusals,
    })
}

/// Lesson 08's report from one of its engines on `threads` threads, timed.
pub fn lesson_08(
    dataset: &Dataset,
    engine: Engine,
    threads: usize,
    on_bad_row: OnBadRow,
) -> Result<(Report, Duration), Error> {
    let options = Options {
        on_bad_row,
        ..Options::with_threads(threads)
    };
    let started = Instant::now();
    let report = engine.run_hidden(dataset, options, None)?;
    Ok((report, started.elapsed()))
}

/// Add the spans of every worker to `timeline`, which must have been made
/// just before the plan (its origin is then the plan's epoch, give or take
/// a few microseconds).
pub fn add_spans(timeline: &Timeline, outcomes: &[WorkerOutcome]) {
    for outcome in outcomes {
        for span in &outcome.spans {
            let at = |us: u64| timeline.origin() + Duration::from_micros(us);
            timeline.add(
                span.task.clone(),
                span.worker.clone(),
                at(span.start_us),
                at(span.end_us),
            );
        }
    }
}

/// How many worker processes started by this process are still there
/// (Linux: read from /proc; `None` where there is no /proc).
pub fn leftover_workers() -> Option<usize> {
    let me = std::process::id().to_string();
    let entries = std::fs::read_dir("/proc").ok()?;
    let count = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let dir = entry.path();
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
            // Field 4 of /proc/PID/stat, after the ")" that ends the name, is the parent.
            let parent = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1));
            parent == Some(me.as_str())
                && cmdline
                    .split(|&b| b == 0)
                    .any(|arg| arg == WORKER_ROLE.as_bytes())
        })
        .count();
    Some(count)
}
