//! Part 8 of lesson 03: no zombies, no orphans. A `Child` that is dropped is
//! neither killed nor reaped; the [`KillOnDrop`] guard does both, even when
//! the function holding it returns early with an error. But no destructor
//! runs when a parent is killed (a `kill -9`, or a `SIGTERM` nobody handles):
//! its children are orphaned and run on. A lifeline, a pipe the child watches
//! for its end, takes them down with the parent whatever killed it.

use lesson_03_processes::children::child;
use lesson_03_processes::guard::{KillOnDrop, process_exists};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};
use workbook::TimeScale;
use workbook::timeit::human;

pub fn run(me: &Path, scale: TimeScale) -> io::Result<()> {
    println!("8. No zombies, no orphans");
    dropped_child(me)?;
    guarded_child(me)?;
    for lifeline in [false, true] {
        let (_grandchild, outlived) = kill_the_parent(me, scale, lifeline)?;
        let how = if lifeline {
            "with a lifeline"
        } else {
            "without a lifeline"
        };
        println!(
            "   parent killed, {how}: grandchild lived {} on (sleeps {})",
            human(outlived),
            human(scale.units(GRANDCHILD_UNITS))
        );
    }
    println!();
    Ok(())
}

/// How long a `noop` child may take to end on a busy machine. Real time, not
/// units: starting a process is not fake I/O, and `--unit-ms 5` must not
/// make the demo give up on it after 50 ms.
const NOOP_PATIENCE: Duration = Duration::from_secs(5);

/// A dropped `Child` that ends on its own stays a zombie: nobody waited.
fn dropped_child(me: &Path) -> io::Result<()> {
    // `.id()` is all we keep: the `Child` is dropped at the end of this line.
    let pid = child(me, &["noop"]).spawn()?.id();
    // Give the child time to end: look every 10 ms until it is a zombie (or
    // there is no /proc to look in).
    let started = Instant::now();
    let state = loop {
        let state = process_state(pid);
        let settled = state.as_deref().is_none_or(|letter| letter == "Z");
        if settled || started.elapsed() > NOOP_PATIENCE {
            break state;
        }
        thread::sleep(Duration::from_millis(10));
    };
    match state.as_deref() {
        Some("Z") => {
            println!("   a dropped Child, ended by itself: pid {pid} is a zombie (state Z): never waited for")
        }
        Some(other) => println!(
            "   a dropped Child: pid {pid} has state {other}, still not ended after {}",
            human(NOOP_PATIENCE)
        ),
        None => println!("   a dropped Child, ended by itself: pid {pid} (no /proc here to look at it)"),
    }
    Ok(())
}

/// The state letter of `pid` in `/proc/PID/stat` (`Z` is a zombie), if any.
fn process_state(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The state follows the command name, which is in parentheses.
    let state = stat.rsplit_once(") ")?.1.chars().next()?;
    Some(state.to_string())
}

fn guarded_child(me: &Path) -> io::Result<()> {
    let mut pid = None;
    let outcome = job_that_fails(me, &mut pid);
    let pid = pid.ok_or_else(|| io::Error::other("the helper never started"))?;
    let gone = match process_exists(pid) {
        Some(false) => "gone: killed and reaped by its guard",
        Some(true) => "still there: the guard did not reap it",
        None => "(no /proc here to look)",
    };
    let ended = match outcome {
        // The planned failure: the job's settings file does not exist.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            "its job failed on purpose (`?` on a missing settings file)".to_string()
        }
        Err(error) => format!("its job failed ({error})"),
        Ok(()) => "its job ended".to_string(),
    };
    println!("   a guarded helper, {ended}:\n      pid {pid} {gone}");
    Ok(())
}

// ANCHOR: guard_on_error
/// A job that starts a long-running helper, then fails halfway with `?`.
fn job_that_fails(me: &Path, helper_pid: &mut Option<u32>) -> io::Result<()> {
    let helper = KillOnDrop::new(child(me, &["sleep", "60000"]).spawn()?);
    *helper_pid = Some(helper.id());
    // A settings file that is not there: `?` returns, and `helper` is dropped.
    let _settings = std::fs::read_to_string(me.with_extension("missing-settings"))?;
    // Had the file been there, the helper would go here all the same: the
    // guard is dropped at the end of its scope, however the scope ends.
    Ok(())
}
// ANCHOR_END: guard_on_error

const GRANDCHILD_UNITS: f64 = 5.0;

// ANCHOR: kill_the_parent
/// Start a parent that starts a sleeping grandchild, kill the parent, and
/// measure how long the grandchild outlives it: until the pipe we read the
/// parent's stdout from ends, since the grandchild holds a copy of it.
fn kill_the_parent(me: &Path, scale: TimeScale, lifeline: bool) -> io::Result<(u32, Duration)> {
    let ms = scale.units(GRANDCHILD_UNITS).as_millis().to_string();
    let mut role = vec!["parent", ms.as_str()];
    if lifeline {
        role.push("--lifeline");
    }
    let mut parent = KillOnDrop::new(child(me, &role).stdout(Stdio::piped()).spawn()?);
    let mut stdout = BufReader::new(parent.stdout.take().expect("stdout was piped"));
    let mut line = String::new();
    stdout.read_line(&mut line)?;
    let grandchild = line
        .trim()
        .parse()
        .map_err(|_| io::Error::other(format!("the parent did not send a pid: {line:?}")))?;
    // SIGKILL: as with a SIGTERM that nobody handles, no destructor runs.
    parent.kill()?;
    parent.wait()?;
    let killed = Instant::now();
    // The pipe ends when its last writer is gone: then the grandchild is too.
    stdout.read_to_end(&mut Vec::new())?;
    Ok((grandchild, killed.elapsed()))
}
// ANCHOR_END: kill_the_parent
