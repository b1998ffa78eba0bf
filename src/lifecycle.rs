//! A process's lifecycle beside its parent: what ties a demo and its
//! children to whoever started them. The OS does not end children with their
//! parent; these two calls do.
//!
//! - [`watch_parent`]: end this process soon after its launcher is gone
//!   (`WORKBOOK_PARENT_PID`, set by `just lesson`);
//! - [`lifeline`]: name this process as a child's launcher, so that the child
//!   ends with us;
//! - [`PARENT_PID_VAR`]: the variable both use.
//!
//! A child is also held by a [`crate::child::Guard`], which kills and reaps
//! it when dropped: the guard covers our ordinary exits, the lifeline the
//! ones where no destructor runs (`process::exit`, a signal).

use std::time::Duration;

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
                                say(&format!(
                                    "warning: cannot read the state of the launcher (pid {pid}): \
                                     {error}; still watching"
                                ));
                                warned = true;
                            }
                        }
                    }
                    WATCHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(WATCH_EVERY);
                }
                say(&format!("note: the launcher (pid {pid}) is gone: stopping too"));
                std::process::exit(143);
            });
        if let Err(error) = watcher {
            say(&format!(
                "warning: cannot watch the launcher (pid {pid}): {error}"
            ));
        }
    });
}

/// One line on stderr, if stderr can take it. Not `eprintln!`: stderr is
/// often a pipe to the launcher that has just died, and `eprintln!` panics
/// on a closed pipe (EPIPE: Rust ignores SIGPIPE), which would end the
/// watcher thread before it ends the process, leaving it running for ever
/// (`tests/orphans.rs` caught this in lesson 08's workers).
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
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

#[cfg(test)]
mod tests {
    use super::*;

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
                .args([
                    "--exact",
                    "lifecycle::tests::watched_child_role",
                    "--test-threads=1",
                ])
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
                .args(["--exact", "lifecycle::tests::exhausted_child_role"])
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
}
