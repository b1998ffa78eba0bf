//! How busy the machine was with *other* processes' work while we ran: the
//! witness every "load" note, every "the machine is busy" reason and every
//! capture's `witness:` line uses.
//!
//! The 1-minute load average is the wrong witness. It counts this run's own
//! threads (lesson 06's 10,000 threads push it to ~950 on two cores), and it
//! decays over minutes, so a demo run after a burst reads "load 340" on an
//! otherwise idle machine and blames the machine for the workbook's own
//! work. What slows a measurement down is CPU time that *other* processes
//! took while it ran, and Linux tells us exactly that:
//!
//! - `/proc/stat`'s first line: the CPU time every process on the machine
//!   used, in clock ticks (user, nice, system, and steal: time a hypervisor
//!   gave to another machine), and the time the CPUs sat idle;
//! - `/proc/self/stat`: this process's own CPU time (every thread), plus
//!   that of the children it has waited for, in the same ticks (what
//!   `getrusage(RUSAGE_SELF)` and `RUSAGE_CHILDREN` report).
//!
//! Others' share over an interval is the difference: all the CPU time used,
//! less our own, in cores (0.5 = half of one core, on average, all interval
//! long). Interrupt time is left out: a demo's own network traffic is handled
//! there. A child still running when the interval ends counts as "other"
//! until it is reaped; the demos reap theirs before they report.
//!
//! No dependency and no `unsafe`: plain files on Linux; elsewhere every
//! function returns `None` and nothing is blamed on the machine.
//!
//! ```
//! use std::time::Duration;
//! if let Some(others) = workbook::load::measure(Duration::from_millis(50)) {
//!     assert!(others.cores >= 0.0 && others.of >= 1);
//!     println!("{others}"); // "other processes used 0.03 of 2 cores"
//! }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// The most CPU that other processes may use, in cores (averaged over the
/// interval), for the machine to count as quiet: a capture above it is
/// refused (`just capture`), a stray below it is never blamed on the machine.
/// The same figure as `QUIET` in `docs/tools/capture` and `tests/figures.rs`.
pub const QUIET: f64 = 0.25;

/// The word that starts a capture's and a caption's witness line:
/// `witness: other processes' load 0.03 of 2 cores during the run …`.
pub const WITNESS: &str = "witness:";

/// A reading of the CPU counters at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// When it was read.
    pub at: Instant,
    /// Ticks every CPU spent running anything (user, nice, system, steal).
    pub busy: u64,
    /// Every tick of every CPU, idle included.
    pub total: u64,
    /// The CPUs `/proc/stat` lists (online ones).
    pub cpus: usize,
    /// This process's own ticks: its threads, and its reaped children.
    pub own: u64,
}

/// Other processes' CPU use over an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Others {
    /// Cores' worth of CPU time others used, averaged over the interval.
    pub cores: f64,
    /// The machine's CPUs.
    pub of: usize,
    /// How long the interval was.
    pub over: Duration,
}

impl Others {
    /// Whether others used more than [`QUIET`] allows.
    pub fn busy(&self) -> bool {
        self.cores > QUIET
    }
}

impl fmt::Display for Others {
    /// `other processes used 0.03 of 2 cores`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "other processes used {:.2} of {} cores", self.cores, self.of)
    }
}

/// Read the counters now; `None` where `/proc` does not have them.
pub fn sample() -> Option<Sample> {
    let at = Instant::now();
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let me = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (busy, total, cpus) = parse_stat(&stat)?;
    Some(Sample {
        at,
        busy,
        total,
        cpus,
        own: parse_own(&me)?,
    })
}

/// Others' use between two samples (`a` first); `None` if no time passed
/// on the CPU clock between them.
pub fn between(a: &Sample, b: &Sample) -> Option<Others> {
    let total = b.total.checked_sub(a.total).filter(|t| *t > 0)?;
    let busy = b.busy.saturating_sub(a.busy);
    let own = b.own.saturating_sub(a.own);
    // Own time is exact, the machine's is counted tick by tick: over a short
    // interval ours can come out a tick above all of it. Never below zero.
    let others = busy.saturating_sub(own) as f64;
    let cpus = b.cpus.max(1);
    Some(Others {
        cores: others * cpus as f64 / total as f64,
        of: cpus,
        over: b.at.saturating_duration_since(a.at),
    })
}

/// Others' use over the next `window`, by sleeping through it (what the
/// banner of [`crate::cli::Common::start`] notes before a demo begins).
pub fn measure(window: Duration) -> Option<Others> {
    let a = sample()?;
    std::thread::sleep(window);
    between(&a, &sample()?)
}

/// How often the background witness reads the counters.
const EVERY: Duration = Duration::from_millis(250);
/// How many readings it keeps: the last ten minutes. An interval that
/// began earlier is measured from the oldest one kept.
const KEEP: usize = 2400;

struct History {
    first: Option<Sample>,
    recent: VecDeque<Sample>,
}

static HISTORY: Mutex<History> = Mutex::new(History {
    first: None,
    recent: VecDeque::new(),
});

/// Start the background witness (once per process; [`crate::cli::Common::start`]
/// calls it): a thread that reads the counters every 250 ms, so that
/// [`over_last`] and [`during_run`] can answer for any interval of the run
/// without anyone having sampled at its start. Its own CPU use (a few µs a
/// reading) is this process's, and so never counted as others'.
pub fn watch() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let Some(first) = sample() else {
            return; // no /proc: nothing to watch
        };
        remember(first);
        let watcher = std::thread::Builder::new().name("load witness".into()).spawn(|| {
            loop {
                std::thread::sleep(EVERY);
                if let Some(now) = sample() {
                    remember(now);
                }
            }
        });
        if let Err(error) = watcher {
            eprintln!("warning: cannot start the load witness: {error}");
        }
    });
}

fn remember(now: Sample) {
    let mut history = HISTORY.lock().unwrap_or_else(|e| e.into_inner());
    history.first.get_or_insert(now);
    if history.recent.len() == KEEP {
        history.recent.pop_front();
    }
    history.recent.push_back(now);
}

/// Whether [`watch`] runs in this process.
pub fn watching() -> bool {
    HISTORY.lock().unwrap_or_else(|e| e.into_inner()).first.is_some()
}

/// The shortest interval the witness judges. The counters advance in clock
/// ticks (10 ms a CPU): over a run of a few milliseconds, one tick that
/// another process happened to take reads as whole cores (a 0.0 s plotting
/// run was once refused at "2.00 of 2 cores"). Over a second, one tick is
/// 0.01 cores. A shorter interval is judged over the last second instead.
pub const MIN_WINDOW: Duration = Duration::from_secs(1);

/// Others' use over (at least) the last `interval`, ending now: from the
/// newest reading taken `interval` ago or earlier (never less than
/// [`MIN_WINDOW`] ago, where the run is that old). `None` when [`watch`]
/// was never started (a unit test, a benchmark): nothing is then blamed on
/// the machine, so output does not depend on it.
pub fn over_last(interval: Duration) -> Option<Others> {
    let now = sample()?;
    let history = HISTORY.lock().unwrap_or_else(|e| e.into_inner());
    let start = window_start(&history.recent, now.at, interval)?;
    between(start, &now)
}

/// The reading an interval of `interval` ending at `now` is measured from:
/// the newest one at least `interval` (and [`MIN_WINDOW`]) old, or the
/// oldest kept when none is that old.
fn window_start(recent: &VecDeque<Sample>, now: Instant, interval: Duration) -> Option<&Sample> {
    let newest_old_enough = now
        .checked_sub(interval.max(MIN_WINDOW))
        .and_then(|since| recent.iter().rev().find(|s| s.at <= since));
    newest_old_enough.or(recent.front())
}

/// Others' use from the start of the run ([`watch`]) until now: what a
/// figure's caption records. `None` when the witness was never started. A
/// run younger than [`MIN_WINDOW`] (a figure drawn from a file in a few
/// milliseconds) waits out the rest of that second, so that what it
/// records is a measurement and not one tick's accident.
pub fn during_run() -> Option<Others> {
    let first = HISTORY.lock().unwrap_or_else(|e| e.into_inner()).first?;
    let young = MIN_WINDOW.saturating_sub(first.at.elapsed());
    if !young.is_zero() {
        std::thread::sleep(young);
    }
    between(&first, &sample()?)
}

/// The witness line of a figure's caption (and the format `just capture`
/// writes under each capture): `witness: other processes' load 0.03 of 2
/// cores during the run (1.2 s, quiet ≤ 0.25)`, or a line saying it
/// was not measured. `tests/figures.rs` reads the figure after "load".
pub fn witness_line(others: Option<Others>) -> String {
    match others {
        Some(o) => format!(
            "{WITNESS} other processes' load {:.2} of {} cores during the run ({:.1} s, quiet ≤ {QUIET})",
            o.cores,
            o.of,
            o.over.as_secs_f64()
        ),
        None => format!(
            "{WITNESS} other processes' load not measured (no /proc, or the run never started its witness)"
        ),
    }
}

/// The first line of `/proc/stat`, `cpu  user nice system idle iowait irq
/// softirq steal …`, as (busy, total) ticks, and the `cpuN` lines counted.
fn parse_stat(text: &str) -> Option<(u64, u64, usize)> {
    let mut lines = text.lines();
    let first = lines.next()?;
    let mut fields = first.split_whitespace();
    if fields.next()? != "cpu" {
        return None;
    }
    let ticks: Vec<u64> = fields.take(8).map(|f| f.parse().ok()).collect::<Option<_>>()?;
    let [user, nice, system, idle, iowait, irq, softirq, steal] = ticks[..] else {
        return None;
    };
    let busy = user + nice + system + steal;
    let total = busy + idle + iowait + irq + softirq;
    let cpus = std::iter::once(first)
        .chain(lines)
        .filter(|l| {
            l.strip_prefix("cpu")
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    Some((busy, total, cpus.max(1)))
}

/// A process's own ticks from its `/proc/PID/stat`: utime + stime + cutime
/// + cstime (fields 14–17; the command name in parentheses may hold spaces).
fn parse_own(text: &str) -> Option<u64> {
    let (_, rest) = text.rsplit_once(')')?;
    // After the name: state (field 3) is index 0, so utime (14) is index 11.
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields.get(11..15)?.iter().map(|f| f.parse::<u64>().ok()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "cpu  42666 4818 8861 14419 245 7 103 66 0 0\n\
                        cpu0 21457 2082 4398 7499 84 0 13 35 0 0\n\
                        cpu1 21209 2736 4462 6920 160 7 89 30 0 0\nintr 1 2 3\n";

    #[test]
    fn proc_stat_is_read_as_busy_and_total_ticks() {
        let (busy, total, cpus) = parse_stat(STAT).expect("a good line");
        assert_eq!(busy, 42666 + 4818 + 8861 + 66);
        assert_eq!(total, busy + 14419 + 245 + 7 + 103);
        assert_eq!(cpus, 2);
        assert_eq!(parse_stat("intr 1 2\n"), None);
        assert_eq!(parse_stat("cpu 1 2 3\n"), None, "too few fields");
    }

    #[test]
    fn own_time_is_fields_14_to_17_whatever_the_name() {
        let line = "4242 (a (weird) name) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n";
        assert_eq!(parse_own(line), Some(11 + 12 + 13 + 14));
        assert_eq!(parse_own("4242 (x) S 1 2\n"), None);
    }

    fn at(busy: u64, total: u64, own: u64) -> Sample {
        Sample {
            at: Instant::now(),
            busy,
            total,
            cpus: 2,
            own,
        }
    }

    #[test]
    fn others_are_all_the_busy_time_less_our_own() {
        // 2 s on 2 CPUs = 400 ticks; 300 busy, 100 of them ours: others used
        // 200 ticks, one core's worth.
        let others = between(&at(0, 0, 0), &at(300, 400, 100)).expect("time passed");
        assert!((others.cores - 1.0).abs() < 1e-9, "{others:?}");
        assert!(others.busy());
        assert_eq!(others.to_string(), "other processes used 1.00 of 2 cores");
        // All of it ours: quiet, and never below zero.
        let quiet = between(&at(0, 0, 0), &at(300, 400, 310)).expect("time passed");
        assert_eq!(quiet.cores, 0.0);
        assert!(!quiet.busy());
        assert_eq!(between(&at(5, 10, 0), &at(5, 10, 0)), None, "no time passed");
    }

    #[test]
    fn our_own_work_is_counted_in_the_same_ticks_as_the_machines() {
        let Some(a) = sample() else {
            return; // no /proc here
        };
        // Spin until we have used 10 ticks (100 ms) of CPU ourselves: decided
        // by the counter, not the clock, so a busy machine only makes it
        // longer (the deadline is a hang guard).
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut x = 0u64;
        let b = loop {
            for _ in 0..1_000_000 {
                x = std::hint::black_box(x.wrapping_add(1));
            }
            let b = sample().expect("read once already");
            if b.own >= a.own + 10 {
                break b;
            }
            assert!(Instant::now() < deadline, "10 ticks of spinning took over 60 s");
        };
        let (own, busy) = (b.own - a.own, b.busy - a.busy);
        // The machine's count includes our work (ticks are sampled: allow 3).
        assert!(
            busy + 3 >= own,
            "the machine counted {busy} busy ticks, we used {own}"
        );
        let others = between(&a, &b).expect("time passed");
        assert!(
            others.cores <= others.of as f64 + 1e-9,
            "others cannot use more than the machine: {others:?}"
        );
    }

    /// Readings 250 ms apart over 2 s: others busy only in the last 20 ms,
    /// where they took both CPUs' last two ticks.
    fn history() -> (VecDeque<Sample>, Sample) {
        let t0 = Instant::now();
        let reading = |ms: u64, busy: u64, total: u64| Sample {
            at: t0 + Duration::from_millis(ms),
            busy,
            total,
            cpus: 2,
            own: 0,
        };
        let recent = (0..=8).map(|k| reading(k * 250, 0, k * 50)).collect();
        (recent, reading(2020, 4, 404))
    }

    #[test]
    fn a_short_interval_is_judged_over_the_minimum_window() {
        let (recent, now) = history();
        // Over the last 20 ms alone, the two ticks others took read as both
        // cores: the misfire on a run that measured nothing.
        let sliver = between(recent.back().expect("kept"), &now).expect("time passed");
        assert!(sliver.busy(), "{sliver:?}");
        // Judged over the last second instead: 4 ticks in 204, quiet.
        let start = window_start(&recent, now.at, Duration::from_millis(20)).expect("kept");
        let judged = between(start, &now).expect("time passed");
        assert!(judged.over >= MIN_WINDOW, "{judged:?}");
        assert!(
            !judged.busy(),
            "a 20 ms interval must not be judged by its own ticks: {judged:?}"
        );
        // A longer interval keeps its own start.
        let long = window_start(&recent, now.at, Duration::from_millis(1500)).expect("kept");
        assert_eq!(long.at, recent[2].at);
        // Older than every reading kept: the oldest.
        let all = window_start(&recent, now.at, Duration::from_secs(60)).expect("kept");
        assert_eq!(all.at, recent[0].at);
    }

    #[test]
    fn the_background_witness_answers_for_any_interval() {
        if sample().is_none() {
            return; // no /proc here
        }
        watch();
        watch(); // a second call starts nothing more
        assert!(watching());
        // Until the CPU clock ticks (10 ms) there is no interval to speak of.
        let deadline = Instant::now() + Duration::from_secs(10);
        let run = loop {
            if let Some(run) = during_run() {
                break run;
            }
            assert!(Instant::now() < deadline, "no CPU tick in 10 s");
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(run.cores >= 0.0 && run.of >= 1, "{run:?}");
        assert!(
            run.over >= MIN_WINDOW,
            "a run is never judged over less than {MIN_WINDOW:?}: {run:?}"
        );
        let last = over_last(Duration::from_secs(5)).expect("a reading from the start at least");
        assert!(last.cores <= last.of as f64 + 1e-9, "{last:?}");
    }

    #[test]
    fn the_witness_line_says_load_and_the_threshold() {
        let line = witness_line(Some(Others {
            cores: 0.034,
            of: 2,
            over: Duration::from_millis(7140),
        }));
        assert_eq!(
            line,
            "witness: other processes' load 0.03 of 2 cores during the run (7.1 s, quiet ≤ 0.25)"
        );
        assert!(line.chars().count() <= 88, "fits the book's column: {line}");
        assert!(witness_line(None).starts_with("witness: other processes' load not measured"));
    }
}
