//! Every lesson's demo runs, exits 0 and prints its key lines.
//!
//! Each demo is run as a learner would (through cargo, with `--unit-ms 5`
//! so that fake I/O is fast). A lesson whose demo breaks, hangs past the
//! watchdog's limit, or stops printing what its chapter talks about fails
//! here. A new lesson folder without an entry below fails too.

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use workbook::{lessons, watchdog};

/// What a lesson's demo must print (besides exiting 0), and extra arguments.
struct Smoke {
    number: u32,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

const SMOKES: &[Smoke] = &[
    Smoke {
        number: 1,
        args: &[],
        expect: &[
            "1. Two clocks",
            "sleep(1 unit), Instant",
            "repeated (Python's timeit), 100 runs",
            "middle (5000)",
            "(c) black_box(each number)",
        ],
    },
    Smoke {
        number: 2,
        args: &[],
        expect: &[
            "1. Five I/O tasks",
            "(the seed's mistake)",
            "JoinHandle<String>, joined in order",
            "a print lock",
            "stopped after the flag",
            "AtomicU64::fetch_add",
            "none lost in 9 runs",
            "Poisoning: a thread panics",
            "lock() now returns Err(PoisonError)",
            "opposite order: DEADLOCK",
            "same order: both finished",
        ],
    },
    Smoke {
        number: 3,
        args: &[],
        expect: &[
            "1. Standup, work and coffee (seed 001)",
            "= sum of the chores",
            "= longest chore",
            "→ 5 lines from 5 different processes",
            "3. 25 children print their number to one shared pipe",
            "a child adds 1 to its COUNTER and sees 1 (its copy started at 0, not 10)",
            "a process (spawn + wait):",
            "every child counted to 10: true",
            "exit status: 101",
            "signal: 9 (SIGKILL)",
            // What follows these two needs Linux's /proc; the prefixes do not.
            "a dropped Child",
            "a guarded helper, its job failed",
            "parent killed, with a lifeline:",
        ],
    },
    Smoke {
        number: 4,
        args: &[],
        expect: &[
            "1. Seed 001's ten files",
            "apply: file_empid_27468.txt created",
            "map on a pool of 10: file_10.txt … file_19.txt, in input order",
            "error_callback:",
            "the temp dir holds 41 files",
            "2. Chunksize",
            "par_chunks(10)",
            "3. Seed 002's CPU task",
            "(oversubscribed)",
            "as long (medians)",
            "rounds, whole: ",
            "4. Seed 003's 400 items",
            "tokio, a task per item",
            "the three got the same squares: yes",
            "5. Seed 004's howmany_within_range",
            "same counts in the same order: true",
            "6. Map/reduce",
            "map+reduce 333,333,833,333,500,000, fold+reduce 333,333,833,333,500,000",
            "100/100 squares, in order: true",
        ],
    },
    Smoke {
        number: 5,
        args: &[],
        expect: &[
            "1. Seed 001's \"Hello, team!\": two child processes, one pipe",
            "receiver (its stdout): Received: Hello, team!",
            "length-prefixed     [\"Hello, team!\", \"Stand-up at ten.\", \"Bye.\"]",
            "child answered: \"HELLO, TEAM!\"",
            "for msg in rx: 10 messages",
            "join first, then drain a queue of 2: DEADLOCK",
            "the original tx kept alive: the consumer got every message, then HANGS",
            "bounded(2): at most",
            "all 3 workers had returned and were joined",
            "OS pipe to a child, 64 KiB writes",
        ],
    },
    Smoke {
        number: 6,
        args: &[],
        expect: &[
            "1. delay_message as two tasks",
            "Printing TWO",
            "2. 100 coroutines with random delays",
            "std::thread::sleep (mistake)",
            "spawn_blocking(thread::sleep)",
            "Queue → mpsc::channel(2): the consumer got [1, 2, 3, 4, 5, 6]",
            "a thread per call, seed's timer",
            "the three runs got the same answers: yes",
            "async, 50 workers",
            "is_panic() false, is_cancelled() true",
            "ABORTED: ran on to its next .await after abort() was called",
            "LEFT BEHIND: its Cleanup was dropped",
            "[\"borrowed 0.3\", \"borrowed 0.1\", \"borrowed 0.2\"]: in the order of the input",
            "after notify_one:     true",
            "after notify_waiters: false",
            "6. Failures and retries",
            "lost 0 (of 500)",
            "7. Scale",
            "100,000 tasks",
            "10,000 threads",
        ],
    },
    Smoke {
        number: 7,
        args: &[],
        expect: &[
            "1. The seed's 11 files into 3 batches",
            "[0 1 2 3] [4 5 6 7] [8 9 10]",
            "[0 1 2 9] [3 4 5 10] [6 7 8]",
            "every batch holds the same files in all four: true",
            "seed: [] (5 files lost)",
            "ours: error: cannot split work into 0 batches",
            "count-based (contiguous)",
            "rayon work stealing",
            "median of 3 rounds",
            "checksums agree: true",
        ],
    },
    Smoke {
        number: 8,
        args: &["--type", "tiny"],
        expect: &[
            "1. The data: data/tiny, 7 files",
            "2. The report, 5,250 rows (the same from every engine)",
            "All 5 engines gave the same report, byte for byte.",
            "floor: count newlines",
            "4. Each engine's workers on a timeline",
            "= sequential ÷ ",
            "= its work ÷ ",
        ],
    },
    Smoke {
        number: 9,
        args: &["--type", "tiny", "--connect-timeout", "20"],
        expect: &[
            "1. Map/reduce in one process: data/tiny, 7 files, 2 worker threads",
            "report == lesson 08's: true",
            "2. Across processes: 2 and 3 processes",
            "3 processes on 127.0.0.1:",
            "3. The cost of crossing a process",
            "4. Scaling: P processes",
            "no connection from process 2 at 127.0.0.1:",
            "process 1 ended during the run (signal 9 (SIGKILL))",
            "worker processes left: 0",
            "then the real process 1 joined; report == lesson 08's: true",
        ],
    },
    Smoke {
        number: 10,
        // Builds the module first (maturin into target/lesson-10/venv).
        args: &["--type", "tiny"],
        expect: &[
            "1. The module: sales_ext",
            "on_bad_row=fail",
            "the same bytes as lesson 08's --json",
            "GIL held: one call at a time",
            "GIL released (py.detach): the calls overlap",
            "one call, rayon inside",
            "rows(): a tuple per row",
            "BadRowError: path=lessons/08-sales/broken/a.csv line=3",
            "PanicException: a bug in Rust",
            "KeyboardInterrupt after",
            "sales_ext, 2 threads",
        ],
    },
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `command`'s output, as `Command::output` gives it, with the child held
/// by a `workbook::child::Guard`: killed and reaped on every path, a panic
/// included.
fn guarded_output(command: &mut Command) -> std::io::Result<std::process::Output> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = workbook::child::Guard::new(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?,
    );
    let mut err = child.stderr.take().expect("piped");
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.read_to_end(&mut bytes);
        bytes
    });
    let mut stdout = Vec::new();
    child.stdout.take().expect("piped").read_to_end(&mut stdout)?;
    let status = child.wait()?;
    Ok(std::process::Output {
        status,
        stdout,
        stderr: stderr.join().unwrap_or_default(),
    })
}

#[test]
fn every_lesson_has_a_smoke_entry() {
    let lessons = lessons::lessons(root()).expect("lessons/ is readable");
    for lesson in &lessons {
        assert!(
            SMOKES.iter().any(|s| s.number == lesson.number),
            "lesson {} has no entry in tests/lessons.rs",
            lesson.number
        );
    }
}

#[test]
fn every_demo_runs_and_prints_its_key_lines() {
    let lessons = lessons::lessons(root()).expect("lessons/ is readable");
    for smoke in SMOKES {
        let lesson = lessons
            .iter()
            .find(|l| l.number == smoke.number)
            .unwrap_or_else(|| panic!("lesson {} is listed but has no folder", smoke.number));
        let package = lesson.package();
        let args = smoke.args;
        // Building the demo is included in the limit, hence its size.
        let output = watchdog::within(Duration::from_secs(600), &package.clone(), move || {
            let mut command = Command::new(env!("CARGO"));
            command
                .args(["run", "--quiet", "--package", &package, "--", "--unit-ms", "5"])
                .args(args);
            guarded_output(&mut command)
        })
        .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "lesson {} failed:\n{stdout}\n{stderr}",
            smoke.number
        );
        for line in smoke.expect {
            assert!(
                stdout.contains(line),
                "lesson {} did not print {line:?}:\n{stdout}",
                smoke.number
            );
        }
    }
}
