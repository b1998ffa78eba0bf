//! Part 7: scale. 100,000 tasks that each sleep one unit, against 10,000
//! threads that do the same: how long it takes to start them all and see
//! them finish, and how much memory they hold while they sleep.
//!
//! A task is a future stored on the heap: only the variables it keeps
//! across its `.await`s, plus a header. A thread is an operating-system
//! object with a stack of its own (2 MiB of address space in Rust), of
//! which only the pages it touches take real memory.

use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use workbook::TimeScale;
use workbook::report::{grouped, measured_vs_ideal};
use workbook::timeit::human;

const TASKS: usize = 100_000;
const THREADS: usize = 10_000;

/// What starting a crowd of sleepers measured.
struct Crowd {
    /// How many were started (threads may be refused by the system).
    started: usize,
    /// Time to start them all.
    spawning: Duration,
    /// When the last one began its sleep: each must first be woken (a
    /// thread at the gate, a task by the runtime), one core at a time.
    last_began: Duration,
    /// Time until the last one had finished.
    total: Duration,
    /// How much memory they held, all existing at once.
    grown: Memory,
    /// Why the system refused to start more, if it did.
    refused: Option<String>,
}

pub fn run(runtime: &Runtime, scale: TimeScale) {
    println!(
        "7. Scale: {} tasks against {} threads, each sleeping 1 unit",
        grouped(TASKS as u64),
        grouped(THREADS as u64)
    );
    report("tasks", &many_tasks(runtime, scale), scale);
    report("threads", &many_threads(scale), scale);
    match memory("VmHWM") {
        Some(peak) => println!("   peak resident memory of this whole demo: {}", bytes(peak)),
        None => println!("   memory: unavailable (read from /proc/self/status, which only Linux has)"),
    }
}

// ANCHOR: many_tasks
fn many_tasks(runtime: &Runtime, scale: TimeScale) -> Crowd {
    let before = Memory::now();
    runtime.block_on(async {
        let start = Instant::now();
        let mut tasks = JoinSet::new();
        for _ in 0..TASKS {
            tasks.spawn(async move {
                let began = Instant::now();
                tokio::time::sleep(scale.unit()).await;
                began
            });
        }
        let spawning = start.elapsed();
        // A task's memory is freed when it is joined, so all of them
        // exist now, asleep or done.
        let grown = before.growth();
        let began = tasks.join_all().await;
        let last_began = began.into_iter().max().map_or(spawning, |at| at - start);
        Crowd {
            started: TASKS,
            spawning,
            last_began,
            total: start.elapsed(),
            grown,
            refused: None,
        }
    })
}
// ANCHOR_END: many_tasks

// ANCHOR: many_threads
fn many_threads(scale: TimeScale) -> Crowd {
    let before = Memory::now();
    let start = Instant::now();
    let unit = scale.unit();
    // Each thread waits at this gate until every thread has started, so
    // that all of them exist when the memory is read: a thread that has
    // ended has already handed most of its stack back to the system.
    let gate = Arc::new(RwLock::new(()));
    let closed = gate.write().expect("nobody else has the gate yet");
    let mut threads = Vec::with_capacity(THREADS);
    let mut refused = None;
    for _ in 0..THREADS {
        let gate = Arc::clone(&gate);
        let sleeper = move || {
            drop(gate.read()); // blocks until the gate opens
            let began = Instant::now();
            thread::sleep(unit);
            began
        };
        // `thread::spawn` panics when the system says no; `Builder::spawn`
        // returns the error instead, so the demo can report it.
        match thread::Builder::new().spawn(sleeper) {
            Ok(thread) => threads.push(thread),
            Err(error) => {
                refused = Some(error.to_string());
                break;
            }
        }
    }
    let spawning = start.elapsed();
    let grown = before.growth();
    drop(closed); // open the gate: every thread sleeps its unit
    let started = threads.len();
    let mut last_began = spawning;
    for thread in threads {
        let began = thread.join().expect("a sleeping thread panicked");
        last_began = last_began.max(began - start);
    }
    // ANCHOR_END: many_threads
    Crowd {
        started,
        spawning,
        last_began,
        total: start.elapsed(),
        grown,
        refused,
    }
}

fn report(what: &str, crowd: &Crowd, scale: TimeScale) {
    let label = format!("{} {what}", grouped(crowd.started as u64));
    println!(
        "   {}",
        measured_vs_ideal(
            &label,
            crowd.total,
            crowd.last_began + scale.unit(),
            "the last to begin its sleep + one unit"
        )
    );
    let each = |total: u64| bytes(total / crowd.started.max(1) as u64);
    let memory = match (crowd.grown.resident, crowd.grown.address_space) {
        (Some(resident), Some(space)) => format!(
            "memory +{} ({} each)\n     address space +{} ({} each)",
            bytes(resident),
            each(resident),
            bytes(space),
            each(space)
        ),
        _ => "memory: unavailable (Linux only)".to_string(),
    };
    println!(
        "     started in {}, the last asleep at {}; {memory}",
        human(crowd.spawning),
        human(crowd.last_began)
    );
    if let Some(why) = &crowd.refused {
        println!("     the system refused more threads: {why}");
    }
}

/// The process's memory at one moment, as Linux reports it.
struct Memory {
    resident: Option<u64>,
    address_space: Option<u64>,
}

impl Memory {
    fn now() -> Self {
        Self {
            resident: memory("VmRSS"),
            address_space: memory("VmSize"),
        }
    }

    /// How much each figure has grown since `self` was taken.
    fn growth(&self) -> Memory {
        let now = Memory::now();
        let grown = |before: Option<u64>, after: Option<u64>| Some(after?.saturating_sub(before?));
        Memory {
            resident: grown(self.resident, now.resident),
            address_space: grown(self.address_space, now.address_space),
        }
    }
}

// ANCHOR: memory
/// A memory figure of this process in bytes, from Linux's
/// `/proc/self/status`: `VmRSS` (resident now), `VmHWM` (the peak of
/// VmRSS so far) or `VmSize` (address space). `None` on systems without
/// `/proc` (macOS, Windows).
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|line| line.starts_with(&format!("{field}:")))?;
    let kib: u64 = line[field.len() + 1..]
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
// ANCHOR_END: memory

/// Bytes in binary units: `512 B`, `8.0 KiB`, `81.5 MiB`, `19.6 GiB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
