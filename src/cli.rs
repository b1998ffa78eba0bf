//! The command-line options every lesson shares.
//!
//! A lesson's `Args` struct flattens these in, so every demo answers to the
//! same flags: `--unit-ms` (the time scale), `--seed` (random delays and
//! generated data), `--width` (the columns a chart may use), `--figures`
//! (write the charts as SVG too) and, where a lesson runs a pool,
//! `--threads`. A demo calls [`Common::start`] first: it prints the banner and
//! records these settings for the printing helpers (see [`crate::context`]).
//!
//! ```
//! use clap::Parser;
//! #[derive(Parser)]
//! struct Args {
//!     #[command(flatten)]
//!     common: workbook::cli::Common,
//! }
//! let args = Args::parse_from(["demo", "--unit-ms", "1000"]);
//! assert_eq!(args.common.scale().unit().as_secs(), 1);
//! ```

use crate::context::{self, Context, DEFAULT_WIDTH};
use crate::timeit::human;
use crate::timescale::{DEFAULT_UNIT_MS, TimeScale};
use std::fmt::Display;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The seed used when none is given, so that every run of a demo, on every
/// machine, draws the same "random" delays and data.
pub const DEFAULT_SEED: u64 = 2024;

/// Options every lesson accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Length of one unit of fake work in milliseconds (1000 = the seeds' real seconds)
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_UNIT_MS,
          value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub unit_ms: u64,

    /// Seed for random delays and generated data: same seed, same run
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Columns a printed line may use (0 = the terminal's $COLUMNS)
    #[arg(long, value_name = "COLS", default_value_t = DEFAULT_WIDTH)]
    pub width: usize,

    /// Also write each chart as DIR/NAME.svg with a caption DIR/NAME.txt
    #[arg(long, value_name = "DIR")]
    pub figures: Option<PathBuf>,
}

impl Common {
    /// The time scale these options ask for.
    pub fn scale(&self) -> TimeScale {
        TimeScale::from_millis(self.unit_ms)
    }

    /// The columns a printed line may use: `--width`, where 0 means the
    /// terminal's `$COLUMNS` (or 88 when the shell does not export it).
    /// Never fewer than 40, so a chart always has room for its bars.
    pub fn columns(&self) -> usize {
        let width = match self.width {
            0 => std::env::var("COLUMNS")
                .ok()
                .and_then(|cols| cols.trim().parse().ok())
                .unwrap_or(DEFAULT_WIDTH),
            cols => cols,
        };
        width.max(40)
    }

    /// Begin a demo: print the banner `"{title} (1 unit = 100 ms, release
    /// build)"`, a note if other processes were using the CPU in the 0.2 s
    /// before it began ([`crate::load`]; never the load average; the note says
    /// it is a reading of before the run, not the run's witness), record the
    /// settings for `report` and `timeline`, and end the process if its
    /// launcher dies ([`watch_parent`]). Returns the time scale. Call it once,
    /// first thing in `main`; a second call prints again but changes nothing.
    pub fn start(&self, title: &str) -> TimeScale {
        // The run's load witness: from here on, report lines and captions
        // can say what other processes took while we ran.
        crate::load::watch();
        let context = Context {
            scale: self.scale(),
            width: self.columns(),
            figures: self.figures.clone(),
            load: crate::machine::load(),
            others: crate::load::measure(BANNER_WINDOW),
            cores: cores(),
        };
        print!("{}", banner(title, &context, cfg!(debug_assertions)));
        context::set(context);
        watch_parent();
        self.scale()
    }
}

/// How long `start` watches other processes before the demo begins.
const BANNER_WINDOW: Duration = Duration::from_millis(200);

/// The lines `start` prints, ending with a blank line.
fn banner(title: &str, context: &Context, debug: bool) -> String {
    let profile = if debug { "debug" } else { "release" };
    let mut text = format!(
        "{title} (1 unit = {}, {profile} build)\n",
        human(context.scale.unit())
    );
    if debug {
        text += "note: a debug build runs without the optimiser: CPU-bound times \
                 are slower than\n      they will be; time with --release \
                 (`just lesson N` does)\n";
    }
    if let (true, Some(others)) = (context.busy(), context.others) {
        // A reading of the moment before the run, not of the run: each
        // stray's own line judges the machine over its own interval.
        text += &format!(
            "note: in the {:.1} s before this run, {others}:\n      timings may stray \
             (a stray's own line says what they used while it ran)\n",
            others.over.as_secs_f64()
        );
    }
    text + "\n"
}

/// The environment variable naming the launcher whose death ends this
/// process (set by the justfile's `lesson` recipe to `$PPID`).
pub const PARENT_PID_VAR: &str = "WORKBOOK_PARENT_PID";

/// How often the parent watcher looks: a dead launcher ends us within this.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// End this process soon after its launcher is gone. When the environment
/// variable `WORKBOOK_PARENT_PID` names a process, a background thread checks
/// every 100 ms that it still lives and exits (code 143, as for SIGTERM) once
/// it does not. Without this, `kill <pid of just>` leaves a `serve` running
/// on with nobody to stop it: the OS does not end children with their parent.
/// Linux only (it reads `/proc`); elsewhere, and without the variable, it
/// does nothing. Calling it twice starts one watcher.
///
/// Only a launcher known to be gone ends the process. The watcher opens
/// `/proc/PID/stat` once and re-reads that open file, so it needs no new
/// file descriptor to look: a server that has used up its descriptors
/// (`EMFILE`) still sees its launcher. An error that says nothing about the
/// launcher (no descriptor for the first open, say) is reported once on
/// stderr and the watch goes on; it is never taken for a death.
pub fn watch_parent() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    let Some(pid) = std::env::var(PARENT_PID_VAR)
        .ok()
        .and_then(|pid| pid.trim().parse::<u32>().ok())
    else {
        return;
    };
    if !cfg!(target_os = "linux") {
        return;
    }
    STARTED.call_once(|| {
        let watcher = std::thread::Builder::new()
            .name("parent watcher".into())
            .spawn(move || {
                let mut launcher = Launcher::new(pid);
                let mut warned = false;
                loop {
                    match launcher.look() {
                        Look::Alive => {}
                        Look::Gone => break,
                        Look::Unknown(error) => {
                            if !warned {
                                eprintln!(
                                    "warning: cannot read the state of the launcher (pid {pid}): \
                                     {error}; still watching"
                                );
                                warned = true;
                            }
                        }
                    }
                    WATCHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(WATCH_EVERY);
                }
                eprintln!("note: the launcher (pid {pid}) is gone: stopping too");
                std::process::exit(143);
            });
        if let Err(error) = watcher {
            eprintln!("warning: cannot watch the launcher (pid {pid}): {error}");
        }
    });
}

/// How many times the watcher has looked at its launcher: the tests wait
/// for it to have looked again, instead of sleeping and hoping it did.
static WATCHED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Tie a child to this process: set `WORKBOOK_PARENT_PID` to our pid in
/// `command`'s environment, so that a child that calls [`watch_parent`]
/// (its role's first line) ends when we do — even when we end through
/// `process::exit` or a signal, where no destructor runs to reap it.
/// Without it, a child inherits the variable naming *our* launcher, and
/// would outlive us until that launcher is gone.
pub fn lifeline(command: &mut std::process::Command) -> &mut std::process::Command {
    command.env(PARENT_PID_VAR, std::process::id().to_string())
}

/// What one look at the launcher found.
#[derive(Debug)]
enum Look {
    /// Its `/proc` entry is there and it is not a zombie.
    Alive,
    /// It has ended: no `/proc` entry (ENOENT, or ESRCH on the file opened
    /// earlier), or a zombie (dead, waiting for its own parent to reap it).
    Gone,
    /// Reading its state failed for a reason that says nothing about it
    /// (EMFILE, ENFILE, ENOMEM...): not a death.
    Unknown(std::io::Error),
}

/// The launcher's `/proc/PID/stat`, opened once and re-read in place.
struct Launcher {
    pid: u32,
    stat: Option<std::fs::File>,
}

/// `ESRCH`: what reading a `/proc/PID/...` file opened earlier gives once
/// that process has ended and been reaped.
const ESRCH: i32 = 3;

impl Launcher {
    fn new(pid: u32) -> Self {
        Self { pid, stat: None }
    }

    fn look(&mut self) -> Look {
        use std::io::ErrorKind;
        use std::os::unix::fs::FileExt;
        let stat = match &self.stat {
            Some(stat) => stat,
            None => match std::fs::File::open(format!("/proc/{}/stat", self.pid)) {
                Ok(stat) => self.stat.insert(stat),
                Err(error) if error.kind() == ErrorKind::NotFound => return Look::Gone,
                Err(error) => return Look::Unknown(error),
            },
        };
        // "123 (just) S 1 ...": 1 KiB holds the state, whatever the name.
        let mut text = [0u8; 1024];
        match stat.read_at(&mut text, 0) {
            Ok(read) => state_of(&text[..read]),
            Err(error) if error.raw_os_error() == Some(ESRCH) => Look::Gone,
            Err(error) if error.kind() == ErrorKind::NotFound => Look::Gone,
            Err(error) => Look::Unknown(error),
        }
    }
}

/// The state in a `/proc/PID/stat` line. It follows the command name in
/// parentheses, and the name may itself hold a `)`: split at the last one.
fn state_of(stat: &[u8]) -> Look {
    let text = String::from_utf8_lossy(stat);
    match text
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
    {
        Some("Z" | "X" | "x") => Look::Gone,
        Some(_) => Look::Alive,
        None => Look::Unknown(std::io::Error::other(format!("unexpected stat line `{text}`"))),
    }
}

/// The `--threads` option of lessons that run a pool of workers.
#[derive(Debug, Clone, clap::Args)]
pub struct Threads {
    /// Worker threads [default: one per core]
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

impl Threads {
    /// The number asked for, or one per core.
    pub fn count(&self) -> usize {
        self.threads.map_or_else(cores, NonZeroUsize::get)
    }
}

/// How many threads can run at once on this machine: Python's
/// `os.cpu_count()`, except that it respects CPU quotas (containers, CI).
pub fn cores() -> usize {
    crate::machine::cores()
}

/// How a lesson's `main` ends: success, or the error printed on stderr as
/// `error: ...` and a failing exit code (no panic, no backtrace).
pub fn exit_code(outcome: Result<(), impl Display>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        threads: Threads,
    }

    #[test]
    fn exit_code_follows_the_outcome() {
        assert_eq!(exit_code(Ok::<(), &str>(())), ExitCode::SUCCESS);
        assert_eq!(exit_code(Err("no such lesson")), ExitCode::FAILURE);
    }

    #[test]
    fn defaults() {
        let args = Args::parse_from(["demo"]);
        assert_eq!(args.common.unit_ms, DEFAULT_UNIT_MS);
        assert_eq!(args.common.seed, DEFAULT_SEED);
        assert_eq!(args.threads.count(), cores());
    }

    #[test]
    fn flags_override_defaults() {
        let args = Args::parse_from(["demo", "--unit-ms", "5", "--seed", "7", "--threads", "3"]);
        assert_eq!(args.common.scale(), TimeScale::from_millis(5));
        assert_eq!(args.common.seed, 7);
        assert_eq!(args.threads.count(), 3);
    }

    /// A context whose witness says other processes used `others` cores.
    fn context(unit_ms: u64, others: Option<f64>) -> Context {
        Context {
            scale: TimeScale::from_millis(unit_ms),
            others: others.map(|cores| crate::load::Others {
                cores,
                of: 2,
                over: BANNER_WINDOW,
            }),
            cores: 2,
            ..Context::default()
        }
    }

    #[test]
    fn the_banner_names_the_unit_and_the_build() {
        let text = banner("Lesson 02: threads", &context(100, Some(0.1)), false);
        assert_eq!(text, "Lesson 02: threads (1 unit = 100 ms, release build)\n\n");
        let text = banner("Lesson 02: threads", &context(100, None), true);
        assert!(text.starts_with("Lesson 02: threads (1 unit = 100 ms, debug build)\n"));
        assert!(text.contains("without the optimiser"), "{text}");
    }

    #[test]
    fn the_banner_notes_a_busy_machine() {
        let text = banner("Lesson 01", &context(5, Some(1.614)), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1..3],
            [
                "note: in the 0.2 s before this run, other processes used 1.61 of 2 cores:",
                "      timings may stray (a stray's own line says what they used while it ran)"
            ],
            "the note says when it was measured: before the run, not during it"
        );
        let quiet = banner("Lesson 01", &context(5, Some(0.1)), false);
        assert_eq!(quiet.lines().count(), 2, "a quiet machine gets no note: {quiet}");
        assert_eq!(text.lines().count(), 4, "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 88, "{line}");
        }
    }

    #[test]
    fn width_and_figures() {
        let args = Args::parse_from(["demo"]);
        assert_eq!(args.common.columns(), 88);
        assert_eq!(args.common.figures, None);
        let args = Args::parse_from(["demo", "--width", "120", "--figures", "out"]);
        assert_eq!(args.common.columns(), 120);
        assert_eq!(args.common.figures, Some(PathBuf::from("out")));
        let args = Args::parse_from(["demo", "--width", "12"]);
        assert_eq!(args.common.columns(), 40, "never narrower than 40");
    }

    /// The environment variable that makes [`watched_child_role`] act.
    const ROLE: &str = "WORKBOOK_TEST_ROLE";

    /// Not a test on its own: the child that
    /// `a_watched_child_ends_with_its_parent` starts (this test binary again).
    #[test]
    fn watched_child_role() {
        if std::env::var_os(ROLE).is_some_and(|role| role == "watched") {
            watch_parent();
            std::thread::sleep(Duration::from_secs(30));
            panic!("the parent watcher should have ended this process");
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_watched_child_ends_with_its_parent() {
        use crate::child::Guard;
        use std::process::{Command, Stdio};
        use std::time::Instant;
        let sacrifice = Guard::new(Command::new("sleep").arg("30").spawn().expect("`sleep` exists"));
        let exe = std::env::current_exe().expect("a test knows its binary");
        let mut child = Guard::new(
            Command::new(exe)
                .args(["--exact", "cli::tests::watched_child_role", "--test-threads=1"])
                .env(ROLE, "watched")
                .env(PARENT_PID_VAR, sacrifice.id().to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the test binary starts again"),
        );
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "the child waits while its parent lives"
        );
        drop(sacrifice); // killed and reaped: its /proc entry is gone
        let killed = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("the child can be waited for") {
                break status;
            }
            // A hang guard: the watcher looks every 100 ms.
            assert!(
                killed.elapsed() < crate::watchdog::DEFAULT_LIMIT,
                "the child outlived its parent by {:?}: watch_parent did not end it",
                crate::watchdog::DEFAULT_LIMIT
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(143), "it ended through the watcher");
    }

    /// Not a test on its own: the child of
    /// `the_watch_survives_running_out_of_file_descriptors`, started under
    /// `ulimit -n 32`. It starts the watcher, uses up every descriptor left,
    /// says so, waits until the watcher has looked three more times, says so
    /// too, then waits for the watcher to end it.
    #[test]
    fn exhausted_child_role() {
        use std::sync::atomic::Ordering::SeqCst;
        if std::env::var_os(ROLE).is_none_or(|role| role != "exhausted") {
            return;
        }
        watch_parent();
        // Its first look opens the launcher's stat file.
        while WATCHED.load(SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut held = Vec::new();
        let error = loop {
            match std::fs::File::open("/dev/null") {
                Ok(file) => held.push(file),
                Err(error) => break error,
            }
        };
        let again = std::fs::File::open(format!("/proc/{}/stat", std::process::id()));
        println!(
            "exhausted after {} files: {error}; a new open: {:?}",
            held.len(),
            again.err()
        );
        let seen = WATCHED.load(SeqCst);
        while WATCHED.load(SeqCst) < seen + 3 {
            std::thread::sleep(Duration::from_millis(5));
        }
        println!("still watching with no descriptor left");
        std::thread::sleep(Duration::from_secs(30));
        panic!("the parent watcher should have ended this process");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_watch_survives_running_out_of_file_descriptors() {
        use crate::child::Guard;
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let sacrifice = Guard::new(Command::new("sleep").arg("60").spawn().expect("`sleep` exists"));
        let exe = std::env::current_exe().expect("a test knows its binary");
        let mut child = Guard::new(
            Command::new("bash")
                .args(["-c", "ulimit -n 32 && exec \"$0\" \"$@\""])
                .arg(exe)
                .args(["--exact", "cli::tests::exhausted_child_role"])
                .args(["--test-threads=1", "--nocapture"])
                .env(ROLE, "exhausted")
                .env(PARENT_PID_VAR, sacrifice.id().to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("bash starts the test binary again"),
        );
        let stdout = child.stdout.take().expect("stdout is piped");
        let lines = crate::watchdog::within(
            crate::watchdog::DEFAULT_LIMIT,
            "the child using up its descriptors",
            move || {
                let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
                // libtest prints "test NAME ... " first, on the same line.
                let exhausted = lines
                    .find(|line| line.contains("exhausted after"))
                    .unwrap_or_default();
                let watching = lines.find(|line| line.contains("still watching"));
                (exhausted, watching)
            },
        );
        let (exhausted, watching) = lines;
        assert!(
            exhausted.contains("os error 24"),
            "the child should have run out of descriptors (EMFILE, os error 24); it said `{exhausted}`"
        );
        assert!(
            watching.is_some(),
            "the child ended after running out of descriptors while its launcher lived: the \
             watcher took the failed read (EMFILE) for a dead launcher"
        );
        drop(sacrifice); // killed and reaped: now it is gone
        let status = crate::watchdog::within(crate::watchdog::DEFAULT_LIMIT, "the child's end", move || {
            child.wait().expect("the child can be waited for")
        });
        assert_eq!(
            status.code(),
            Some(143),
            "with no descriptor left, the watcher must still see its launcher die and exit 143"
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_zombie_and_a_reaped_process_are_gone_a_live_one_is_not() {
        use std::process::Command;
        let mut child = Command::new("sleep").arg("60").spawn().expect("`sleep` exists");
        let mut launcher = Launcher::new(child.id());
        assert!(
            matches!(launcher.look(), Look::Alive),
            "a sleeping child is alive"
        );
        child.kill().expect("kill the child");
        // Not reaped yet: a zombie, read through the file opened above.
        while matches!(launcher.look(), Look::Alive) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(matches!(launcher.look(), Look::Gone), "a zombie is gone");
        child.wait().expect("reap the child");
        let look = launcher.look();
        assert!(
            matches!(look, Look::Gone),
            "reaped: ESRCH on the open file, got {look:?}"
        );
        let look = Launcher::new(child.id()).look();
        assert!(matches!(look, Look::Gone), "reaped: no /proc entry, got {look:?}");
    }

    #[test]
    fn a_lifeline_names_this_process() {
        let mut command = std::process::Command::new("true");
        lifeline(&mut command);
        let var = command
            .get_envs()
            .find(|(key, _)| *key == PARENT_PID_VAR)
            .and_then(|(_, value)| value.map(|v| v.to_string_lossy().into_owned()));
        assert_eq!(var, Some(std::process::id().to_string()));
    }

    #[test]
    fn zero_is_refused_with_a_clear_error() {
        let err = Args::try_parse_from(["demo", "--unit-ms", "0"])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("--unit-ms")));
        let err = Args::try_parse_from(["demo", "--threads", "0"])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("--threads")));
    }
}
