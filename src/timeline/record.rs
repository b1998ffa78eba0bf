//! Recording a timeline: tasks record a [`Span`] (task, worker, start,
//! end) from any thread into a [`Timeline`], a `Mutex<Vec<Span>>` shared by
//! reference. Drawing it is `draw.rs` (the terminal) and `svg.rs` (figures).

use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// One piece of work: what it was, who ran it, and when (since the origin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The task's name, e.g. `"coffee"`.
    pub task: String,
    /// The thread, process or worker that ran it.
    pub worker: String,
    /// When it started, measured from the timeline's origin.
    pub start: Duration,
    /// When it ended, measured from the timeline's origin.
    pub end: Duration,
}

/// A thread-safe recorder of spans. Share it by reference (`&Timeline` in
/// scoped threads) or wrap it in an `Arc` for `thread::spawn`.
#[derive(Debug)]
pub struct Timeline {
    origin: Instant,
    spans: Mutex<Vec<Span>>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Timeline {
    /// A timeline whose time axis starts now.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
            spans: Mutex::new(Vec::new()),
        }
    }

    /// The instant that is 0 on the time axis.
    pub fn origin(&self) -> Instant {
        self.origin
    }

    /// Run `f`, recording it as `task` on the current thread.
    pub fn record<T>(&self, task: impl Into<String>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        self.add(task, current_worker(), start, Instant::now());
        result
    }

    /// Record a span measured elsewhere (a child process, an async task).
    pub fn add(&self, task: impl Into<String>, worker: impl Into<String>, start: Instant, end: Instant) {
        let span = Span {
            task: task.into(),
            worker: worker.into(),
            start: start.saturating_duration_since(self.origin),
            end: end.saturating_duration_since(self.origin),
        };
        // A panic in another recording thread cannot leave a half-pushed Vec,
        // so a poisoned lock still holds good data: take it.
        let mut spans = self.spans.lock().unwrap_or_else(|e| e.into_inner());
        spans.push(span);
    }

    /// Every span recorded so far, in order of start time.
    pub fn spans(&self) -> Vec<Span> {
        let mut spans = self.spans.lock().unwrap_or_else(|e| e.into_inner()).clone();
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }

    /// The time from the origin to the end of the last span.
    pub fn total(&self) -> Duration {
        self.spans().iter().map(|s| s.end).max().unwrap_or_default()
    }
}

/// The name of the current thread, or its id if it has none.
pub fn current_worker() -> String {
    let me = thread::current();
    match me.name() {
        Some(name) => name.to_string(),
        None => format!("{:?}", me.id()),
    }
}
