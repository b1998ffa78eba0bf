//! Drawing a timeline in the terminal: a [`Chart`] of its spans, one row
//! per task or per worker, in the order they started, with the measured
//! total beside the ideal. The same rows become an SVG in [`super::svg`].

use super::record::{Span, Timeline};
use super::svg::{Naming, svg_of};
use crate::context::{self, Context};
use crate::figure;
use crate::report::{indent, off_by, strays};
use crate::timeit::human;
use std::fmt;
use std::path::Path;
use std::time::Duration;

impl Timeline {
    /// A chart with one row per task; see [`Chart`] for options.
    pub fn chart(&self) -> Chart<'_> {
        Chart {
            timeline: self,
            rows: Rows::PerTask,
            width: None,
            ideal: None,
            naming: Naming::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rows {
    PerTask,
    PerWorker,
}

/// The block that draws a task: three-quarter height, so rows stay apart.
pub(super) const BAR: char = '▆';
/// The block of every other task on a worker's row: lower, so that two tasks
/// back to back show where one ends and the next begins.
pub(super) const BAR_ALT: char = '▃';

/// A chart of a [`Timeline`]: `Display` draws it for the terminal,
/// [`Chart::print`] prints it (and writes its figure), [`Chart::svg`] draws it
/// as an SVG.
///
/// Row order, the same in the terminal and in the SVG: one row per task in
/// the order the tasks started, tasks that started together (within 2 % of
/// the total, as threads spawned in one loop do) by name, numbers compared as
/// numbers ("task 2" before "task 10"); with [`Chart::per_worker`], one row
/// per worker in the order of its first task.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    pub(super) timeline: &'a Timeline,
    pub(super) rows: Rows,
    pub(super) width: Option<usize>,
    pub(super) ideal: Option<(Duration, String)>,
    pub(super) naming: Naming,
}

/// Where everything goes: the rows in order, and the columns of the bars.
pub(super) struct Layout {
    pub(super) rows: Vec<(String, Vec<Span>)>,
    pub(super) total: Duration,
    pub(super) label_width: usize,
    pub(super) bar_width: usize,
}

impl Chart<'_> {
    /// One row per worker: its tasks side by side, so idle gaps show.
    pub fn per_worker(self) -> Self {
        Self {
            rows: Rows::PerWorker,
            ..self
        }
    }

    /// The number of columns of the time axis. Without it, the bars take
    /// what the context's width leaves after labels and times.
    pub fn width(self, width: usize) -> Self {
        Self {
            width: Some(width.max(10)),
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

    /// Name the chart's figure, e.g. `"02-spawn-then-join"`: with `--figures
    /// DIR`, [`Chart::print`] writes `DIR/02-spawn-then-join.svg` and `.txt`.
    pub fn figure(self, name: impl Into<String>) -> Self {
        let naming = self.naming.named(name.into());
        Self { naming, ..self }
    }

    /// Number and caption the figure: `number("2.3", "claim")` heads the
    /// SVG "Figure 2.3 — claim", and so does the first line of its caption.
    pub fn number(self, number: impl Into<String>, claim: impl Into<String>) -> Self {
        let naming = self.naming.numbered(number.into(), claim.into());
        Self { naming, ..self }
    }

    /// Print the chart indented by 3 spaces (under its part's heading), with
    /// its ideal line; with `--figures DIR` and a [`Chart::figure`] name, also
    /// write the figure and its caption (a failure to write is reported on
    /// stderr and does not end the demo).
    pub fn print(&self) {
        print!("{}", indent(&self.to_string()));
        self.naming.save(|dir, name| self.write_figure(dir, name));
    }

    /// Write `dir/name.svg` and its caption `dir/name.txt`.
    pub fn write_figure(&self, dir: &Path, name: &str) -> std::io::Result<()> {
        figure::write(dir, name, &self.svg(), &figure::caption(&self.describe()))
    }

    /// What the figure shows, in words, for its caption.
    pub fn describe(&self) -> String {
        // The rows and the total do not depend on the run's width: no need
        // to read the run's context here.
        let layout = self.layout(&Context::default());
        let per = match self.rows {
            Rows::PerTask => "one row per task",
            Rows::PerWorker => "one row per worker (its tasks side by side)",
        };
        let spans: usize = layout.rows.iter().map(|(_, s)| s.len()).sum();
        let tasks = if spans == 1 { "task" } else { "tasks" };
        format!(
            "{}Timeline of {spans} {tasks}, {per}; each bar runs from the task's start to its end. {}.",
            self.naming.caption_head(),
            self.footer_text(layout.total)
        )
    }

    /// The rows to draw, in order, and the columns they get.
    pub(super) fn layout(&self, ctx: &Context) -> Layout {
        let spans = self.timeline.spans();
        let total = self.timeline.total();
        layout_of(spans, total, self.rows, self.width, ctx)
    }

    /// `measured 0.62 s, ideal 0.60 s = longest task (+3.3%)`.
    pub(super) fn footer_text(&self, total: Duration) -> String {
        footer_of(total, self.ideal.as_ref())
    }

    /// The chart as a self-contained SVG: the same rows, bars, times and
    /// ideal as the terminal chart, on a time axis with ticks.
    pub fn svg(&self) -> String {
        let layout = self.layout(&Context::default());
        svg_of(self, layout)
    }
}

/// The rows of `spans` in order, and the columns they get at `width` (or
/// what the context's width leaves after labels and times).
pub(super) fn layout_of(
    spans: Vec<Span>,
    total: Duration,
    rows: Rows,
    width: Option<usize>,
    ctx: &Context,
) -> Layout {
    let rows = match rows {
        Rows::PerTask => per_task(spans, total),
        Rows::PerWorker => by_worker(spans),
    };
    let label_width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    let times = rows
        .iter()
        .map(|(_, spans)| row_times(spans, total).chars().count())
        .max()
        .unwrap_or(0);
    // indent 3 + label + " │" + bars + "│ " + times ≤ the width
    let bar_width = width
        .unwrap_or_else(|| ctx.width.saturating_sub(3 + label_width + 4 + times))
        .max(10);
    Layout {
        rows,
        total,
        label_width,
        bar_width,
    }
}

/// `measured 0.62 s, ideal 0.60 s = longest task (+3.3%)`.
pub(super) fn footer_of(total: Duration, ideal: Option<&(Duration, String)>) -> String {
    match ideal {
        Some((ideal, why)) => format!(
            "measured {}, ideal {} = {why} ({:+.1}%)",
            human(total),
            human(*ideal),
            off_by(total, *ideal) * 100.0
        ),
        None => format!("measured {}", human(total)),
    }
}

/// Tasks whose starts lie within this fraction of the chart's total of the
/// first task of their group count as started together.
pub(super) const TOGETHER: f64 = 0.02;

/// One row per task, in the order the tasks started; tasks started together
/// (within [`TOGETHER`] of the total, e.g. threads spawned in one loop, whose
/// exact start order is up to the OS) in the natural order of their names:
/// "task 2" before "task 10", then alphabetical. The order depends only on
/// the spans, never on the width, so the terminal chart and the SVG agree,
/// and a rerun lists the same rows in the same order.
pub(super) fn per_task(spans: Vec<Span>, total: Duration) -> Vec<(String, Vec<Span>)> {
    let near = total.mul_f64(TOGETHER);
    let mut groups: Vec<Vec<Span>> = Vec::new();
    for span in spans {
        match groups.last_mut() {
            Some(group) if span.start.saturating_sub(group[0].start) <= near => group.push(span),
            _ => groups.push(vec![span]),
        }
    }
    let mut rows = Vec::new();
    for mut group in groups {
        group.sort_by_cached_key(|span| natural(&span.task));
        rows.extend(group.into_iter().map(|span| (span.task.clone(), vec![span])));
    }
    rows
}

/// A sort key that compares runs of digits as numbers: "task 2" < "task 10".
pub(super) fn natural(name: &str) -> Vec<(u8, u128, String)> {
    let mut key = Vec::new();
    let mut rest = name;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let len = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(len);
        key.push(match run.parse::<u128>() {
            Ok(n) if digits => (1, n, String::new()),
            _ => (0, 0, run.to_string()),
        });
        rest = tail;
    }
    key
}

/// Spans grouped by worker, workers in order of their first task.
pub(super) fn by_worker(spans: Vec<Span>) -> Vec<(String, Vec<Span>)> {
    let mut rows: Vec<(String, Vec<Span>)> = Vec::new();
    for span in spans {
        match rows.iter_mut().find(|(worker, _)| *worker == span.worker) {
            Some((_, row)) => row.push(span),
            None => rows.push((span.worker.clone(), vec![span])),
        }
    }
    rows
}

/// `0.00–0.62 s`: when a row's first task started and its last one ended.
pub(super) fn row_times(spans: &[Span], total: Duration) -> String {
    let first = spans.iter().map(|s| s.start).min().unwrap_or_default();
    let last = spans.iter().map(|s| s.end).max().unwrap_or_default();
    format!(
        "{}–{} {}",
        axis_time(first, total),
        axis_time(last, total),
        axis_unit(total)
    )
}

/// The bar of one row: neighbouring spans alternate heights so that two
/// tasks back to back on one worker stay distinguishable.
pub(super) fn bar(spans: &[Span], total: Duration, width: usize) -> String {
    let mut cells = vec![' '; width];
    for (i, span) in spans.iter().enumerate() {
        let shade = if i.is_multiple_of(2) { BAR } else { BAR_ALT };
        let (from, to) = columns(span, total, width);
        cells[from..to].fill(shade);
    }
    cells.into_iter().collect()
}

/// The columns `[from, to)` a span covers; at least one, so that a very short
/// task still shows.
pub(super) fn columns(span: &Span, total: Duration, width: usize) -> (usize, usize) {
    let total = total.as_secs_f64().max(f64::MIN_POSITIVE);
    let at = |d: Duration| d.as_secs_f64() / total * width as f64;
    let from = (at(span.start).floor() as usize).min(width - 1);
    let to = (at(span.end).ceil() as usize).clamp(from + 1, width);
    (from, to)
}

/// Seconds with two decimals, or milliseconds when the whole chart is short.
pub(super) fn axis_time(d: Duration, total: Duration) -> String {
    if total >= Duration::from_secs(1) {
        format!("{:.2}", d.as_secs_f64())
    } else {
        format!("{:.0}", d.as_secs_f64() * 1e3)
    }
}

pub(super) fn axis_unit(total: Duration) -> &'static str {
    if total >= Duration::from_secs(1) {
        "s"
    } else {
        "ms"
    }
}

impl fmt::Display for Chart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ctx = context::get();
        let layout = self.layout(&ctx);
        let label_width = layout.label_width;
        for (label, spans) in &layout.rows {
            writeln!(
                f,
                "{label:<label_width$} │{}│ {}",
                bar(spans, layout.total, layout.bar_width),
                row_times(spans, layout.total),
            )?;
        }
        let mut indent = " ".repeat(label_width + 2);
        if self.rows == Rows::PerWorker {
            writeln!(
                f,
                "{indent}({BAR} and {BAR_ALT} take turns: each change of height is the next task)"
            )?;
        }
        let footer = self.footer_text(layout.total);
        // Under the bars if it fits the width (after the caller's indent of 3),
        // else from the left edge.
        if 3 + indent.len() + footer.chars().count() > ctx.width {
            indent.clear();
        }
        writeln!(f, "{indent}{footer}")?;
        if let Some((ideal, _)) = &self.ideal
            && let Some(note) = strays(
                &ctx.clone().witnessed(layout.total),
                layout.total,
                *ideal,
                crate::report::TOLERANCE,
            )
        {
            writeln!(f, "{note}")?;
        }
        Ok(())
    }
}
