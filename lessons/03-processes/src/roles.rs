//! The children's side. The lesson is one binary: started plainly it runs
//! the demo (the parent); started with a hidden role as its first argument
//! it is a child and does only that role. This is how Rust does what
//! Python's `multiprocessing.Process(target=f)` does: a process cannot be
//! handed a function, only a program and its arguments, so the program
//! starts *itself* again (`std::env::current_exe()`) and the argument says
//! which function to run.
//!
//! Some roles serve the demo, some the tests (`meet`, `say`, `fail`,
//! `panic`); each is a few lines.

use crate::tasks::Task;
use clap::Subcommand;
use serde::{Deserialize, Serialize};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};
use workbook::TimeScale;

// ANCHOR: role
/// What a child process of the lesson does: the hidden first argument.
#[derive(Debug, Clone, Subcommand)]
pub enum Role {
    /// Do one of seed 001's chores
    #[command(hide = true)]
    Task {
        /// Which chore
        #[arg(value_enum)]
        task: Task,
        /// The parent's time scale
        #[arg(long)]
        unit_ms: u64,
    },
    /// Seed 003's `spawn()`: print "test!" and this process's id
    #[command(hide = true)]
    SayTest,
    /// Nothing at all: what starting a process costs
    #[command(hide = true)]
    Noop,
    // (The other roles, below, are hidden subcommands in the same way.)
    // ANCHOR_END: role
    /// Wait for the start signal (stdin closes), then print N
    #[command(hide = true)]
    Number {
        /// The number to print
        n: u32,
    },
    /// Add one to this process's COUNTER and print it
    #[command(hide = true)]
    Bump,
    /// Seed 003's counter: count to TO, one JSON line per step
    #[command(hide = true)]
    Count {
        /// How far to count
        to: u32,
        /// The parent's time scale (a tenth of a unit between steps)
        #[arg(long)]
        unit_ms: u64,
    },
    /// Print TEXT
    #[command(hide = true)]
    Say {
        /// What to print
        text: String,
    },
    /// Write LINES numbered lines to stderr, then exit with CODE
    #[command(hide = true)]
    Fail {
        /// The exit code
        code: u8,
        /// How many lines to write to stderr first
        lines: u32,
    },
    /// Panic with MESSAGE
    #[command(hide = true)]
    Panic {
        /// The panic's message
        message: String,
    },
    /// Sleep MS milliseconds; with --lifeline, end early when stdin closes
    #[command(hide = true)]
    Sleep {
        /// How long to sleep
        ms: u64,
        /// Exit as soon as stdin (a pipe from the parent) closes
        #[arg(long)]
        lifeline: bool,
    },
    /// Start a sleeping grandchild, print its pid, then sleep until killed
    #[command(hide = true)]
    Parent {
        /// How long the grandchild sleeps
        grandchild_ms: u64,
        /// Give the grandchild a lifeline: a pipe that closes when we die
        #[arg(long)]
        lifeline: bool,
    },
    /// Write BYTES bytes to stdout: more than a pipe holds blocks until
    /// the parent reads (the full-pipe pitfall's test)
    #[command(hide = true)]
    Bulk {
        /// How many bytes to write
        bytes: usize,
    },
    /// Create DIR/NAME, wait until COUNT files are in DIR, then print NAME
    /// after LINGER_MS: only children that run at the same time all meet
    #[command(hide = true)]
    Meet {
        /// The meeting place, an empty directory
        dir: PathBuf,
        /// How many children meet
        count: usize,
        /// This child's name: its file, and what it prints
        name: String,
        /// How long to wait after meeting before printing
        linger_ms: u64,
    },
}

/// Every process has its own copy of every static: part 4 shows that a
/// child's changes never reach the parent.
pub static COUNTER: AtomicU32 = AtomicU32::new(0);

/// How long a `meet`ing child waits for the others before it gives up:
/// plenty for children started together, and short enough that four
/// children run one after another (4 × 3 s) fail the exercise test with its
/// own message before the tests' 20 s watchdog fires.
pub const MEET_PATIENCE: Duration = Duration::from_secs(3);

/// One step of seed 003's counter, as a child reports it on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The child's process id (the seed's `getpid()` key).
    pub pid: u32,
    /// How far it has counted.
    pub count: u32,
}

impl Role {
    /// Play this role, in this process, and say how it ended.
    pub fn run(self) -> ExitCode {
        // If the demo that started us names itself in WORKBOOK_PARENT_PID
        // (see `children::child`), end soon after it is gone, however it
        // died: no child of the demo outlives it for long.
        workbook::lifecycle::watch_parent();
        match self {
            Role::Task { task, unit_ms } => task.run(TimeScale::from_millis(unit_ms)),
            Role::SayTest => println!("test! from pid {}", std::process::id()),
            Role::Noop => {}
            Role::Number { n } => {
                // Reading to the end blocks until the parent closes our stdin:
                // all children are released at (almost) the same moment.
                let _ = io::stdin().read_to_end(&mut Vec::new());
                println!("{n}");
            }
            Role::Bump => println!("{}", COUNTER.fetch_add(1, Ordering::SeqCst) + 1),
            Role::Count { to, unit_ms } => count(to, TimeScale::from_millis(unit_ms)),
            Role::Say { text } => println!("{text}"),
            Role::Fail { code, lines } => {
                for line in 1..=lines {
                    eprintln!("fail: line {line} of {lines}");
                }
                return ExitCode::from(code);
            }
            Role::Panic { message } => panic!("{message}"),
            Role::Sleep { ms, lifeline } => sleep(Duration::from_millis(ms), lifeline),
            Role::Parent {
                grandchild_ms,
                lifeline,
            } => return parent(grandchild_ms, lifeline),
            Role::Bulk { bytes } => return bulk(bytes),
            Role::Meet {
                dir,
                count,
                name,
                linger_ms,
            } => return meet(&dir, count, &name, Duration::from_millis(linger_ms)),
        }
        ExitCode::SUCCESS
    }
}

// ANCHOR: count
/// Count to `to`, a tenth of a unit apart (10 ms by default), and report each
/// step as one JSON line: the message-passing answer to the seed's shared
/// `Manager().dict()`.
fn count(to: u32, scale: TimeScale) {
    let pid = std::process::id();
    for count in 1..=to {
        let line = serde_json::to_string(&Tally { pid, count }).expect("a Tally is plain numbers");
        println!("{line}");
        scale.sleep(0.1);
    }
}
// ANCHOR_END: count

// ANCHOR: lifeline
/// Sleep for `length`. With a lifeline, also watch stdin, a pipe from the
/// parent that the parent never writes to: when the parent dies, for any
/// reason, even `kill -9`, the OS closes its end, the read returns, and we
/// exit too. No signal handler can do that for a `kill -9`.
fn sleep(length: Duration, lifeline: bool) {
    if lifeline {
        thread::spawn(|| {
            let _ = io::stdin().read_to_end(&mut Vec::new());
            // Our parent is gone: so are we, at once, from any thread.
            std::process::exit(0);
        });
    }
    thread::sleep(length);
}
// ANCHOR_END: lifeline

/// Start a grandchild that sleeps `grandchild_ms`, print its pid, and sleep
/// long, until the demo kills us. With a lifeline, the grandchild's stdin is
/// a pipe from us; without, it shares our stdin and outlives us.
fn parent(grandchild_ms: u64, lifeline: bool) -> ExitCode {
    let Ok(me) = std::env::current_exe() else {
        eprintln!("parent: cannot find my own program");
        return ExitCode::FAILURE;
    };
    let mut command = Command::new(me);
    command.args(["sleep", &grandchild_ms.to_string()]);
    if lifeline {
        command.arg("--lifeline").stdin(Stdio::piped());
    }
    // The grandchild inherits our stdout: the demo's pipe stays open while it lives.
    match command.spawn() {
        Ok(grandchild) => {
            println!("{}", grandchild.id());
            // Keep the `Child` (and so our end of the lifeline) until we die.
            thread::sleep(Duration::from_secs(600));
            drop(grandchild);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parent: cannot start the grandchild: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Write `bytes` bytes to stdout (lines of `x`), more than a pipe holds
/// when `bytes` is over 64 KiB: the write blocks until the parent reads.
fn bulk(bytes: usize) -> ExitCode {
    let line = "x".repeat(99) + "\n";
    let mut out = io::stdout().lock();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(line.len());
        if io::Write::write_all(&mut out, &line.as_bytes()[line.len() - n..]).is_err() {
            return ExitCode::FAILURE; // the parent is gone
        }
        left -= n;
    }
    ExitCode::SUCCESS
}

/// Arrive in `dir`, wait for `count` arrivals, linger, print `name`.
fn meet(dir: &Path, count: usize, name: &str, linger: Duration) -> ExitCode {
    if let Err(e) = std::fs::write(dir.join(name), "") {
        eprintln!("meet: cannot arrive in {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    loop {
        let arrived = std::fs::read_dir(dir).map(|entries| entries.count()).unwrap_or(0);
        if arrived >= count {
            break;
        }
        if started.elapsed() > MEET_PATIENCE {
            eprintln!("meet: {name} waited {MEET_PATIENCE:?} but only {arrived} of {count} arrived");
            return ExitCode::FAILURE;
        }
        thread::sleep(Duration::from_millis(2));
    }
    thread::sleep(linger);
    println!("{name}");
    ExitCode::SUCCESS
}
