//! A timeline of concurrent work, drawn in the terminal.
//!
//! Timestamps in a log say *that* tasks overlapped; a chart lets you *see*
//! it. Tasks record a [`Span`] (task, worker, start, end) from any thread —
//! the recorder is a `Mutex<Vec<Span>>`, shared by reference — and the lesson
//! draws one row per task or per worker on a shared time axis:
//!
//! ```text
//! task 1   ██████████                                 0.00–0.21 s
//! task 2   ████████████████████████████████           0.00–0.62 s
//! task 3   ████████████████████                       0.00–0.40 s
//!          measured 0.62 s, ideal 0.60 s = longest task (+3.3%)
//! ```

use crate::report::measured_vs_ideal;
use std::fmt;
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

    /// A chart with one row per task; see [`Chart`] for options.
    pub fn chart(&self) -> Chart<'_> {
        Chart {
            timeline: self,
            rows: Rows::PerTask,
            width: 48,
            ideal: None,
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    PerTask,
    PerWorker,
}

/// A terminal chart of a [`Timeline`]; `Display` draws it.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    timeline: &'a Timeline,
    rows: Rows,
    width: usize,
    ideal: Option<(Duration, String)>,
}

impl Chart<'_> {
    /// One row per worker: its tasks side by side, so idle gaps show.
    pub fn per_worker(self) -> Self {
        Self {
            rows: Rows::PerWorker,
            ..self
        }
    }

    /// The number of columns of the time axis.
    pub fn width(self, width: usize) -> Self {
        Self {
            width: width.max(10),
            ..self
        }
    }

    /// Print the measured total beside this ideal, and why it is the ideal.
    pub fn ideal(self, ideal: Duration, why: impl Into<String>) -> Self {
        Self {
            ideal: Some((ideal, why.into())),
            ..self
        }
    }

    /// The rows to draw: a label and the spans on that row.
    fn rows(&self, spans: Vec<Span>) -> Vec<(String, Vec<Span>)> {
        match self.rows {
            Rows::PerTask => {
                // Tasks that start in the same column count as starting
                // together; among them, shorter names first ("task 2"
                // before "task 10"), then alphabetical.
                let mut rows: Vec<(String, Vec<Span>)> =
                    spans.into_iter().map(|s| (s.task.clone(), vec![s])).collect();
                let total = self.timeline.total();
                rows.sort_by_cached_key(|(task, spans)| {
                    (columns(&spans[0], total, self.width).0, task.len(), task.clone())
                });
                rows
            }
            Rows::PerWorker => {
                let mut rows: Vec<(String, Vec<Span>)> = Vec::new();
                for span in spans {
                    match rows.iter_mut().find(|(worker, _)| *worker == span.worker) {
                        Some((_, row)) => row.push(span),
                        None => rows.push((span.worker.clone(), vec![span])),
                    }
                }
                rows
            }
        }
    }

    /// The bar of one row: neighbouring spans alternate shades so that two
    /// tasks back to back on one worker stay distinguishable.
    fn bar(&self, spans: &[Span], total: Duration) -> String {
        let mut cells = vec![' '; self.width];
        for (i, span) in spans.iter().enumerate() {
            let shade = if i.is_multiple_of(2) { '█' } else { '▓' };
            let (from, to) = columns(span, total, self.width);
            cells[from..to].fill(shade);
        }
        cells.into_iter().collect()
    }
}

/// The columns `[from, to)` a span covers; at least one, so that a very short
/// task still shows.
fn columns(span: &Span, total: Duration, width: usize) -> (usize, usize) {
    let total = total.as_secs_f64().max(f64::MIN_POSITIVE);
    let at = |d: Duration| d.as_secs_f64() / total * width as f64;
    let from = (at(span.start).floor() as usize).min(width - 1);
    let to = (at(span.end).ceil() as usize).clamp(from + 1, width);
    (from, to)
}

/// Seconds with two decimals, or milliseconds when the whole chart is short.
fn axis_time(d: Duration, total: Duration) -> String {
    if total >= Duration::from_secs(1) {
        format!("{:.2}", d.as_secs_f64())
    } else {
        format!("{:.0}", d.as_secs_f64() * 1e3)
    }
}

impl fmt::Display for Chart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spans = self.timeline.spans();
        let total = self.timeline.total();
        let unit = if total >= Duration::from_secs(1) {
            "s"
        } else {
            "ms"
        };
        let rows = self.rows(spans);
        let label_width = rows
            .iter()
            .map(|(label, _)| label.chars().count())
            .max()
            .unwrap_or(0);
        for (label, spans) in &rows {
            let first = spans.iter().map(|s| s.start).min().unwrap_or_default();
            let last = spans.iter().map(|s| s.end).max().unwrap_or_default();
            writeln!(
                f,
                "{label:<label_width$} │{}│ {}–{} {unit}",
                self.bar(spans, total),
                axis_time(first, total),
                axis_time(last, total),
            )?;
        }
        let indent = " ".repeat(label_width + 2);
        if self.rows == Rows::PerWorker {
            writeln!(
                f,
                "{indent}(█ and ▓ alternate: each change of shade is the next task)"
            )?;
        }
        match &self.ideal {
            Some((ideal, why)) => {
                writeln!(f, "{indent}{}", measured_vs_ideal("measured", total, *ideal, why))
            }
            None => writeln!(f, "{indent}measured {}", crate::timeit::human(total)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(task: &str, worker: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            task: task.into(),
            worker: worker.into(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    /// A timeline with spans at fixed offsets, so the drawing is predictable.
    fn fixed(spans: &[Span]) -> Timeline {
        let timeline = Timeline::new();
        let origin = timeline.origin();
        for s in spans {
            timeline.add(&s.task, &s.worker, origin + s.start, origin + s.end);
        }
        timeline
    }

    #[test]
    fn records_from_many_threads() {
        let timeline = Timeline::new();
        thread::scope(|scope| {
            for i in 0..4 {
                let timeline = &timeline;
                scope.spawn(move || {
                    timeline.record(format!("task {i}"), || thread::sleep(Duration::from_millis(5)))
                });
            }
        });
        let spans = timeline.spans();
        assert_eq!(spans.len(), 4);
        assert!(spans.iter().all(|s| s.end >= s.start + Duration::from_millis(5)));
        let workers: std::collections::HashSet<_> = spans.iter().map(|s| &s.worker).collect();
        assert_eq!(workers.len(), 4, "each task ran on its own thread");
    }

    #[test]
    fn record_returns_the_closures_value() {
        let timeline = Timeline::new();
        assert_eq!(timeline.record("answer", || 42), 42);
        assert_eq!(timeline.spans()[0].task, "answer");
    }

    #[test]
    fn per_task_rows_draw_bars_in_proportion() {
        let timeline = fixed(&[span("a", "w", 0, 500), span("b", "w", 500, 1000)]);
        let chart = timeline.chart().width(10).to_string();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "a │█████     │ 0.00–0.50 s");
        assert_eq!(lines[1], "b │     █████│ 0.50–1.00 s");
        assert!(lines[2].contains("measured 1.00 s"), "{chart}");
    }

    #[test]
    fn per_worker_rows_put_a_workers_tasks_on_one_line() {
        let timeline = fixed(&[
            span("a", "w1", 0, 400),
            span("b", "w1", 400, 800),
            span("c", "w2", 100, 300),
        ]);
        let chart = timeline.chart().per_worker().width(10).to_string();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "w1 │█████▓▓▓▓▓│ 0–800 ms");
        assert_eq!(lines[1], "w2 │ ███      │ 100–300 ms");
    }

    #[test]
    fn tasks_starting_together_are_listed_by_name() {
        let timeline = fixed(&[
            span("task 10", "w", 1, 900),
            span("task 2", "w", 0, 1000),
            span("task 1", "w", 2, 500),
        ]);
        let chart = timeline.chart().width(10).to_string();
        let labels: Vec<&str> = chart
            .lines()
            .map(|l| l.split(" │").next().unwrap_or(""))
            .collect();
        assert_eq!(labels[..3], ["task 1 ", "task 2 ", "task 10"]);
    }

    #[test]
    fn a_tiny_task_still_gets_one_column() {
        let timeline = fixed(&[span("long", "w", 0, 1000), span("blip", "w", 990, 1000)]);
        let chart = timeline.chart().width(10).to_string();
        assert!(chart.contains("blip │         █│"), "{chart}");
    }

    #[test]
    fn the_footer_compares_with_the_ideal() {
        let timeline = fixed(&[span("a", "w", 0, 1020)]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        assert!(chart.contains("1.02 s"), "{chart}");
        assert!(chart.contains("= longest task (+2.0%)"), "{chart}");
    }
}
