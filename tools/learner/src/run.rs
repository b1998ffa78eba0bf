//! Running a check (cargo, or a fake in tests) so that nothing outlives us.
//!
//! Python habit: `subprocess.run(...)` and trust Ctrl-C to reach everything.
//! Here a check is a tree (cargo, rustc, the test binary), and `watch` must
//! be able to stop one half-way when the learner saves again. So each check
//! starts in its own process group, its output is read on two threads (a
//! full pipe would block it), and stopping it signals the whole group, then
//! waits for it: on a new save, on Ctrl-C, on TERM, and on drop.

use std::io::{self, BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Set by Ctrl-C (SIGINT) or TERM once [`on_interrupt`] is installed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catch Ctrl-C and TERM: they set a flag that the loops below read, so the
/// running check is stopped and reaped before we exit.
pub fn on_interrupt() {
    // Err means a handler is already there (a second call): nothing to do.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// What a finished check left.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// A check that is running.
pub struct Running {
    child: Child,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
    reaped: bool,
}

/// Start `command` in its own process group, stdin closed, output captured.
/// A line of its stderr that starts with `still waiting: ` (the watchdog's
/// word that a test hangs) is shown at once, and kept.
pub fn start(mut command: Command) -> io::Result<Running> {
    spawn(command.stdout(Stdio::piped()), Stdio::piped())
}

/// Start `command` like [`start`], its stderr the learner's own (cargo's
/// progress bar of a first build), its stdout dropped.
pub fn start_shown(command: &mut Command) -> io::Result<Running> {
    spawn(command.stdout(Stdio::null()), Stdio::inherit())
}

fn spawn(command: &mut Command, stderr: Stdio) -> io::Result<Running> {
    command.stdin(Stdio::null()).stderr(stderr);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    let mut child = command.spawn()?;
    let stdout = child.stdout.take().map(|pipe| read_all(pipe, false));
    let stderr = child.stderr.take().map(|pipe| read_all(pipe, true));
    Ok(Running {
        child,
        stdout,
        stderr,
        reaped: false,
    })
}

fn read_all(pipe: impl Read + Send + 'static, relay: bool) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut reader = BufReader::new(pipe);
        loop {
            let start = bytes.len();
            // A read error ends the output early; what was read is kept.
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&bytes[start..]);
            if relay && line.starts_with(crate::libtest::STILL_WAITING) {
                eprintln!("{}", crate::text::wrap(line.trim_end()));
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

impl Running {
    /// The finished check, or `None` while it still runs.
    pub fn poll(&mut self) -> io::Result<Option<Finished>> {
        let Some(status) = self.child.try_wait()? else {
            return Ok(None);
        };
        self.reaped = true;
        let join = |h: Option<JoinHandle<String>>| h.and_then(|h| h.join().ok()).unwrap_or_default();
        Ok(Some(Finished {
            status,
            stdout: join(self.stdout.take()),
            stderr: join(self.stderr.take()),
        }))
    }

    /// Wait for the end, or stop it and return `Interrupted` on Ctrl-C.
    pub fn wait(mut self) -> io::Result<Finished> {
        loop {
            if let Some(finished) = self.poll()? {
                return Ok(finished);
            }
            if interrupted() {
                self.stop();
                return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stop the whole group (TERM, then KILL after 1 s) and reap it.
    pub fn stop(&mut self) {
        if self.reaped {
            return;
        }
        signal_group(&self.child, false);
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        // The group may outlive its leader (cargo's test binary): KILL all.
        signal_group(&self.child, true);
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.reaped = true;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(unix)]
fn signal_group(child: &Child, kill: bool) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    let signal = if kill { Signal::SIGKILL } else { Signal::SIGTERM };
    if let Ok(pid) = i32::try_from(child.id()) {
        // ESRCH (the group is gone already) is fine.
        let _ = killpg(Pid::from_raw(pid), signal);
    }
}

#[cfg(not(unix))]
fn signal_group(_child: &Child, _kill: bool) {
    // No process groups here: `Child::kill` in `stop` ends the leader.
}
