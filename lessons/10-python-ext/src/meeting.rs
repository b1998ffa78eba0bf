//! The exercise tests' witness: work that waits for company, so that a
//! test can tell by events, not by timing, whether two calls overlapped
//! (a [`Probe`] counts them) and whether Python ran meanwhile (a flag a
//! Python thread sets). Waiting has a generous limit, a hang guard only:
//! a call that never meets anyone returns after it, and the test, seeing
//! the probe's peak of 1, says why.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use workbook::probe::Probe;

/// How long a call waits for company before it gives up.
pub const LIMIT: Duration = Duration::from_secs(5);

/// What the calls of one test saw.
#[derive(Debug, Default)]
pub struct Meeting {
    /// The calls inside at once.
    pub probe: Probe,
    /// Set by [`python_ran`]: a Python thread ran while the calls waited.
    pub python_ran: AtomicBool,
    /// The steps [`step`] has run.
    pub steps: AtomicU64,
    /// Ctrl-C, simulated: pressed by [`step`] during this step (from 1).
    pub press_at: Mutex<Option<Press>>,
}

/// The step (from 1) during which to press Ctrl-C, and how to press it.
pub type Press = (u64, fn());

static CURRENT: Mutex<Option<Arc<Meeting>>> = Mutex::new(None);

/// The meeting of the test running now (a fresh one after [`reset`]).
pub fn current() -> Arc<Meeting> {
    let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    current.get_or_insert_with(Arc::default).clone()
}

/// Start a fresh meeting: the probe at zero, the flag down.
pub fn reset() {
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::default());
}

/// A Python thread says it ran (it needed the GIL to call this). It
/// counts only while a call is inside: a Python thread that ran before
/// the call took the GIL proves nothing.
pub fn python_ran() {
    let meeting = current();
    if meeting.probe.inside() > 0 {
        meeting.python_ran.store(true, Ordering::SeqCst);
    }
}

/// Run `work` inside the probe, then wait (spinning: the thread stays
/// busy, as a CPU loop would) until `met` says the company came, or
/// [`LIMIT`] passed.
pub fn with_company<T>(work: impl FnOnce() -> T, met: impl Fn(&Meeting) -> bool) -> T {
    let meeting = current();
    let _inside = meeting.probe.enter();
    let result = work();
    let started = Instant::now();
    while !met(&meeting) && started.elapsed() < LIMIT {
        std::hint::spin_loop();
        std::thread::yield_now();
    }
    result
}

/// `sum(range(n))`, then wait until a second call is inside too.
pub fn sum_below(n: u64) -> u64 {
    with_company(|| crate::cpu::sum_below(n), |m| m.probe.peak() >= 2)
}

/// The lines of a file after its header, then wait until a second file is
/// being read too and a Python thread has run.
pub fn rows_in(path: &std::path::Path) -> Result<u64, crate::sales::Error> {
    with_company(
        || {
            let text = std::fs::read(path).map_err(|e| crate::sales::Error::io(path, &e))?;
            let lines = text
                .split(|&b| b == b'\n')
                .filter(|line| !line.is_empty())
                .count();
            Ok(lines.saturating_sub(1) as u64)
        },
        |m| m.probe.peak() >= 2 && m.python_ran.load(Ordering::SeqCst),
    )
}

/// Have [`step`] call `press` (Ctrl-C, as the module simulates it) during
/// step `at` of this meeting.
pub fn press_ctrl_c_at(at: u64, press: fn()) {
    *current().press_at.lock().unwrap_or_else(|e| e.into_inner()) = Some((at, press));
}

/// One step of a long call: a millisecond of work, counted (and Ctrl-C
/// pressed during it, where a test asked for that). Needs no GIL.
pub fn step() {
    let meeting = current();
    let k = meeting.steps.fetch_add(1, Ordering::SeqCst) + 1;
    let press = *meeting.press_at.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, press)) = press.filter(|&(at, _)| at == k) {
        press();
    }
    std::thread::sleep(Duration::from_millis(1));
}
