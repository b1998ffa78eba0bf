//! A timeline of concurrent work, drawn in the terminal and as an SVG figure.
//!
//! Timestamps in a log say *that* tasks overlapped; a chart lets you *see*
//! it. Tasks record a [`Span`] (task, worker, start, end) from any thread —
//! the recorder is a `Mutex<Vec<Span>>`, shared by reference — and the lesson
//! draws one row per task or per worker on a shared time axis, with the
//! measured total beside the ideal it should approach:
//!
//! ```text
//! task 1 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆                                          │ 0.00–0.21 s
//! task 2 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆│ 0.00–0.62 s
//! task 3 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆                        │ 0.00–0.40 s
//!          measured 0.62 s, ideal 0.60 s = longest task (+3.3%)
//! ```
//!
//! The bars are three-quarter blocks (`▆`), so that rows stay apart where
//! full blocks would merge into one black rectangle. A chart fits the
//! context's width ([`crate::context`], `--width`), and with `--figures DIR`
//! and a name ([`Chart::figure`]) [`Chart::print`] also writes it as
//! `DIR/NAME.svg` with a caption.

use crate::context::{self, Context};
use crate::figure::{self, CHAR_PX, PALETTE, escape};
use crate::report::{indent, off_by, strays};
use crate::timeit::human;
use std::fmt::{self, Write as _};
use std::path::Path;
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
            width: None,
            ideal: None,
            name: None,
            number: None,
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

/// The block that draws a task: three-quarter height, so rows stay apart.
const BAR: char = '▆';
/// The block of every other task on a worker's row: lower, so that two tasks
/// back to back show where one ends and the next begins.
const BAR_ALT: char = '▃';

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
    timeline: &'a Timeline,
    rows: Rows,
    width: Option<usize>,
    ideal: Option<(Duration, String)>,
    name: Option<String>,
    number: Option<(String, String)>,
}

/// Where everything goes: the rows in order, and the columns of the bars.
struct Layout {
    rows: Vec<(String, Vec<Span>)>,
    total: Duration,
    label_width: usize,
    bar_width: usize,
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
        Self {
            name: Some(name.into()),
            ..self
        }
    }

    /// Number and caption the figure: `number("2.3", "claim")` heads the
    /// SVG "Figure 2.3 — claim", and so does the first line of its caption.
    pub fn number(self, number: impl Into<String>, claim: impl Into<String>) -> Self {
        Self {
            number: Some((number.into(), claim.into())),
            ..self
        }
    }

    /// Print the chart indented by 3 spaces (under its part's heading), with
    /// its ideal line; with `--figures DIR` and a [`Chart::figure`] name, also
    /// write the figure and its caption (a failure to write is reported on
    /// stderr and does not end the demo).
    pub fn print(&self) {
        print!("{}", indent(&self.to_string()));
        let (Some(dir), Some(name)) = (context::get().figures, &self.name) else {
            return;
        };
        if !first_time(name) {
            eprintln!("warning: figure {name} is written twice in this run: the last one stays");
        }
        if let Err(error) = self.write_figure(&dir, name) {
            eprintln!("warning: cannot write figure {name}: {error}");
        }
    }

    /// Write `dir/name.svg` and its caption `dir/name.txt`.
    pub fn write_figure(&self, dir: &Path, name: &str) -> std::io::Result<()> {
        figure::write(dir, name, &self.svg(), &figure::caption(&self.describe()))
    }

    /// What the figure shows, in words, for its caption.
    pub fn describe(&self) -> String {
        let layout = self.layout(&context::get());
        let per = match self.rows {
            Rows::PerTask => "one row per task",
            Rows::PerWorker => "one row per worker (its tasks side by side)",
        };
        let spans: usize = layout.rows.iter().map(|(_, s)| s.len()).sum();
        let tasks = if spans == 1 { "task" } else { "tasks" };
        let heading = self
            .number
            .as_ref()
            .map(|(n, claim)| format!("{}.\n", figure::numbered(n, claim)))
            .unwrap_or_default();
        format!(
            "{heading}Timeline of {spans} {tasks}, {per}; each bar runs from the task's start to its end. {}.",
            self.footer_text(layout.total)
        )
    }

    /// The rows to draw, in order, and the columns they get.
    fn layout(&self, ctx: &Context) -> Layout {
        let spans = self.timeline.spans();
        let total = self.timeline.total();
        layout_of(spans, total, self.rows, self.width, ctx)
    }

    /// `measured 0.62 s, ideal 0.60 s = longest task (+3.3%)`.
    fn footer_text(&self, total: Duration) -> String {
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
fn layout_of(spans: Vec<Span>, total: Duration, rows: Rows, width: Option<usize>, ctx: &Context) -> Layout {
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
fn footer_of(total: Duration, ideal: Option<&(Duration, String)>) -> String {
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

/// Whether this run has not written a figure called `name` before (two
/// charts given the same name would silently replace each other).
fn first_time(name: &str) -> bool {
    static WRITTEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut written = WRITTEN.lock().unwrap_or_else(|e| e.into_inner());
    if written.iter().any(|n| n == name) {
        return false;
    }
    written.push(name.to_string());
    true
}

/// Tasks whose starts lie within this fraction of the chart's total of the
/// first task of their group count as started together.
const TOGETHER: f64 = 0.02;

/// One row per task, in the order the tasks started; tasks started together
/// (within [`TOGETHER`] of the total, e.g. threads spawned in one loop, whose
/// exact start order is up to the OS) in the natural order of their names:
/// "task 2" before "task 10", then alphabetical. The order depends only on
/// the spans, never on the width, so the terminal chart and the SVG agree,
/// and a rerun lists the same rows in the same order.
fn per_task(spans: Vec<Span>, total: Duration) -> Vec<(String, Vec<Span>)> {
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
fn natural(name: &str) -> Vec<(u8, u128, String)> {
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
fn by_worker(spans: Vec<Span>) -> Vec<(String, Vec<Span>)> {
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
fn row_times(spans: &[Span], total: Duration) -> String {
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
fn bar(spans: &[Span], total: Duration, width: usize) -> String {
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

fn axis_unit(total: Duration) -> &'static str {
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

/// Pixel geometry of a timeline figure.
const SVG_WIDTH: f64 = 720.0;
const ROW_H: f64 = 22.0;
const BAR_H: f64 = 15.0;
/// The height of one line of text (the marker labels, titles, footers).
const LINE_H: f64 = 15.0;
/// Space between two panels of one figure.
const PANEL_GAP: f64 = 18.0;

/// One panel to draw: its title (none for a figure of one chart), how its
/// rows are made, its ideal, the footer line, and where everything goes.
struct Drawn {
    title: Option<String>,
    rows: Rows,
    ideal: Option<Duration>,
    footer: String,
    layout: Layout,
}

/// The shared horizontal geometry of every panel of a figure: one time axis.
struct Axis {
    left: f64,
    plot_w: f64,
    times_x: f64,
    max: f64,
    ticks: Vec<f64>,
    unit: &'static str,
    scale: f64,
}

impl Axis {
    /// One axis for all `panels`: long enough for the longest total or
    /// ideal, labels as wide as the widest panel's.
    fn of(panels: &[Drawn]) -> Self {
        let longest = panels
            .iter()
            .map(|p| p.ideal.map_or(p.layout.total, |i| i.max(p.layout.total)))
            .max()
            .unwrap_or_default();
        let unit = axis_unit(longest);
        let scale = if unit == "s" { 1.0 } else { 1e3 };
        let ticks = figure::ticks(longest.as_secs_f64() * scale);
        let max = ticks.last().copied().unwrap_or(1.0) / scale;
        let label_width = panels.iter().map(|p| p.layout.label_width).max().unwrap_or(0);
        let left = 14.0 + label_width as f64 * CHAR_PX;
        let times_w = 12.0 + 12.0 * CHAR_PX;
        Self {
            left,
            plot_w: SVG_WIDTH - left - times_w - 10.0,
            times_x: SVG_WIDTH - times_w,
            max,
            ticks,
            unit,
            scale,
        }
    }

    fn x(&self, secs: f64) -> f64 {
        self.left + secs / self.max.max(f64::MIN_POSITIVE) * self.plot_w
    }
}

/// Draws `panels` one under another on one time axis, under `heading` (a
/// numbered figure's "Figure 2.1 — …" line, wrapped to the width); `summary`
/// is the SVG's `<title>`.
fn draw(panels: &[Drawn], heading: Option<&str>, summary: &str) -> String {
    let axis = Axis::of(panels);
    let mut body = String::new();
    let mut y = 8.0;
    if let Some(heading) = heading {
        for line in figure::wrap_px(heading, SVG_WIDTH - 28.0, figure::HEADING_CHAR_PX) {
            y += 18.0;
            let _ = writeln!(
                body,
                r#"<text x="14" y="{y:.1}" font-size="14" font-weight="bold">{}</text>"#,
                escape(&line)
            );
        }
        y += 8.0;
    }
    for (i, panel) in panels.iter().enumerate() {
        if i > 0 {
            y += PANEL_GAP;
        }
        y = draw_panel(&mut body, panel, &axis, y);
    }
    figure::document(SVG_WIDTH, y + 10.0, summary, &body)
}

/// Draws one panel from `y` down; returns where it ends.
fn draw_panel(body: &mut String, panel: &Drawn, axis: &Axis, mut y: f64) -> f64 {
    let layout = &panel.layout;
    let total = layout.total;
    if let Some(title) = &panel.title {
        y += LINE_H;
        let _ = writeln!(
            body,
            r#"<text x="14" y="{y:.1}" font-weight="bold">{}</text>"#,
            escape(title)
        );
    }
    // The measured total and the ideal as vertical markers over the rows,
    // their labels above, on as many lines as it takes never to overlap.
    let mut markers = vec![(total, "none", format!("measured {}", human(total)))];
    if let Some(i) = panel.ideal {
        markers.push((i, "5 4", format!("ideal {}", human(i))));
    }
    let wanted: Vec<figure::Label> = markers
        .iter()
        .enumerate()
        .map(|(k, (at, _, text))| {
            // Two markers: the later one's label reads to the right of its
            // line, the earlier one's to the left, away from each other.
            let anchor = match markers.get(1 - k.min(1)) {
                _ if markers.len() == 1 => figure::Anchor::Middle,
                Some((other, _, _)) if *at > *other || (*at == *other && k == 0) => figure::Anchor::Start,
                _ => figure::Anchor::End,
            };
            figure::Label {
                x: axis.x(at.as_secs_f64()),
                text: text.clone(),
                anchor,
            }
        })
        .collect();
    let placed = figure::place_labels(&wanted, 4.0, SVG_WIDTH - 4.0);
    let label_rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(1);
    let labels_top = y;
    y += label_rows as f64 * LINE_H + 6.0;
    let top = y;
    let rows_h = layout.rows.len() as f64 * ROW_H;
    let axis_y = top + rows_h + 4.0;

    // Grid and ticks first, so that bars draw over them.
    let scale = axis.scale;
    figure::value_axis(body, &axis.ticks, axis.unit, |t| axis.x(t / scale), (top, axis_y));
    let _ = writeln!(
        body,
        r#"<line class="rule" x1="{:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}"/>"#,
        axis.left,
        axis.x(axis.max),
    );

    for (r, (label, spans)) in layout.rows.iter().enumerate() {
        let y = top + r as f64 * ROW_H + (ROW_H - BAR_H) / 2.0;
        let text_y = y + BAR_H / 2.0 + 4.0;
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{text_y:.1}" text-anchor="end">{}</text>"#,
            axis.left - 6.0,
            escape(label)
        );
        for (i, span) in spans.iter().enumerate() {
            let colour = match panel.rows {
                Rows::PerTask => PALETTE[r % PALETTE.len()],
                Rows::PerWorker => PALETTE[i % 2],
            };
            let x0 = axis.x(span.start.as_secs_f64());
            let w = (axis.x(span.end.as_secs_f64()) - x0).max(1.5);
            let _ = write!(
                body,
                r#"<rect x="{x0:.1}" y="{y:.1}" width="{w:.1}" height="{BAR_H}" rx="2" fill="{colour}"><title>{}: {} – {}</title></rect>"#,
                escape(&span.task),
                human(span.start),
                human(span.end)
            );
            // A worker's tasks are named inside their bars when they fit.
            if panel.rows == Rows::PerWorker && span.task.chars().count() as f64 * CHAR_PX + 6.0 < w {
                let _ = write!(
                    body,
                    r#"<text class="on-bar" x="{:.1}" y="{text_y:.1}">{}</text>"#,
                    x0 + 3.0,
                    escape(&span.task)
                );
            }
            body.push('\n');
        }
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{text_y:.1}">{}</text>"#,
            axis.times_x,
            escape(&row_times(spans, total))
        );
    }

    for ((at, dash, _), label) in markers.iter().zip(&placed) {
        let mx = axis.x(at.as_secs_f64());
        let text_y = labels_top + (label_rows - label.row) as f64 * LINE_H;
        let _ = writeln!(
            body,
            r#"<line class="rule" x1="{mx:.1}" y1="{:.1}" x2="{mx:.1}" y2="{axis_y:.1}" stroke-width="1.5" stroke-dasharray="{dash}"/><text x="{:.1}" y="{text_y:.1}" text-anchor="{}">{}</text>"#,
            text_y + 3.0,
            label.x,
            label.anchor.svg(),
            escape(&label.text)
        );
    }

    // The footer under the tick labels, wrapped to the figure's width.
    let mut y = axis_y + 22.0;
    for line in figure::wrap_px(&panel.footer, SVG_WIDTH - axis.left - 10.0, CHAR_PX) {
        y += LINE_H;
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{y:.1}">{}</text>"#,
            axis.left,
            escape(&line)
        );
    }
    y
}

/// Several charts as the panels of one figure, one under another on one
/// time axis, each with its title: the figure of a contrast ("sequential",
/// "join in the loop", "spawn, then join"), where separate figures would
/// each get an axis of their own and hide the difference.
///
/// A panel keeps what its chart showed when it was added (its spans, rows,
/// ideal), so the timelines need not outlive the figure. With a name and
/// `--figures DIR`, [`Panels::save`] writes `DIR/NAME.svg` and its caption;
/// [`Panels::number`] numbers and captions it ("Figure 2.1 — …").
///
/// ```
/// use std::time::{Duration, Instant};
/// use workbook::timeline::{Panels, Timeline};
/// let (one, two) = (Timeline::new(), Timeline::new());
/// let t0 = one.origin();
/// one.add("a", "w", t0, t0 + Duration::from_millis(200));
/// two.add("a", "w", two.origin(), two.origin() + Duration::from_millis(100));
/// let figure = Panels::new()
///     .number("2.1", "Two tasks at once take as long as the longer one")
///     .panel("one after the other", &one.chart())
///     .panel("at once", &two.chart().ideal(Duration::from_millis(100), "longest"));
/// let svg = figure.svg();
/// assert!(svg.contains("Figure 2.1 — Two tasks at once"));
/// assert!(svg.contains(">one after the other</text>") && svg.contains(">at once</text>"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Panels {
    panels: Vec<Panel>,
    name: Option<String>,
    number: Option<(String, String)>,
}

/// What a panel keeps of its chart.
#[derive(Debug, Clone)]
struct Panel {
    title: String,
    spans: Vec<Span>,
    rows: Rows,
    ideal: Option<(Duration, String)>,
}

impl Panels {
    /// A figure with no panels yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `chart` as the next panel, titled `title` (its spans are copied:
    /// the timeline may go once it is added).
    pub fn panel(mut self, title: impl Into<String>, chart: &Chart<'_>) -> Self {
        self.panels.push(Panel {
            title: title.into(),
            spans: chart.timeline.spans(),
            rows: chart.rows,
            ideal: chart.ideal.clone(),
        });
        self
    }

    /// Name the figure's files, e.g. `"02-threads-compared"`.
    pub fn figure(self, name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..self
        }
    }

    /// Number and caption the figure: `number("2.1", "claim")` heads it
    /// "Figure 2.1 — claim" in the SVG and in the first line of its caption.
    pub fn number(self, number: impl Into<String>, claim: impl Into<String>) -> Self {
        Self {
            number: Some((number.into(), claim.into())),
            ..self
        }
    }

    /// "Figure 2.1 — claim", if numbered.
    fn heading(&self) -> Option<String> {
        self.number.as_ref().map(|(n, claim)| figure::numbered(n, claim))
    }

    fn drawn(&self) -> Vec<Drawn> {
        self.panels
            .iter()
            .map(|p| {
                let total = p.spans.iter().map(|s| s.end).max().unwrap_or_default();
                let layout = layout_of(p.spans.clone(), total, p.rows, None, &Context::default());
                Drawn {
                    title: Some(p.title.clone()),
                    rows: p.rows,
                    ideal: p.ideal.as_ref().map(|(d, _)| *d),
                    footer: footer_of(total, p.ideal.as_ref()),
                    layout,
                }
            })
            .collect()
    }

    /// What the figure shows, in words, for its caption: the heading, then
    /// each panel's title and measured-vs-ideal line.
    pub fn describe(&self) -> String {
        let mut text = self.heading().map(|h| format!("{h}.\n")).unwrap_or_default();
        let _ = write!(
            text,
            "{} timelines on one time axis, one row per task or worker:",
            self.panels.len()
        );
        for (panel, drawn) in self.panels.iter().zip(self.drawn()) {
            let _ = write!(text, " {}: {};", panel.title, drawn.footer);
        }
        text.pop();
        text.push('.');
        text
    }

    /// The figure as a self-contained SVG.
    pub fn svg(&self) -> String {
        draw(&self.drawn(), self.heading().as_deref(), &self.describe())
    }

    /// Write `dir/name.svg` and its caption `dir/name.txt`.
    pub fn write_figure(&self, dir: &Path, name: &str) -> std::io::Result<()> {
        figure::write(dir, name, &self.svg(), &figure::caption(&self.describe()))
    }

    /// With `--figures DIR` and a [`Panels::figure`] name, write the figure
    /// and its caption (a failure is reported on stderr; the demo goes on).
    /// Prints nothing: each chart was printed on its own.
    pub fn save(&self) {
        let (Some(dir), Some(name)) = (context::get().figures, &self.name) else {
            return;
        };
        if !first_time(name) {
            eprintln!("warning: figure {name} is written twice in this run: the last one stays");
        }
        if let Err(error) = self.write_figure(&dir, name) {
            eprintln!("warning: cannot write figure {name}: {error}");
        }
    }
}

fn svg_of(chart: &Chart<'_>, layout: Layout) -> String {
    let drawn = Drawn {
        title: None,
        rows: chart.rows,
        ideal: chart.ideal.as_ref().map(|(d, _)| *d),
        footer: chart.footer_text(layout.total),
        layout,
    };
    let heading = chart.number.as_ref().map(|(n, claim)| figure::numbered(n, claim));
    draw(&[drawn], heading.as_deref(), &chart.describe())
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
        assert_eq!(lines[0], "a │▆▆▆▆▆     │ 0.00–0.50 s");
        assert_eq!(lines[1], "b │     ▆▆▆▆▆│ 0.50–1.00 s");
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
        assert_eq!(lines[0], "w1 │▆▆▆▆▆▃▃▃▃▃│ 0–800 ms");
        assert_eq!(lines[1], "w2 │ ▆▆▆      │ 100–300 ms");
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
    fn the_terminal_and_the_svg_list_rows_in_the_same_order_at_any_width() {
        // Five threads spawned in one loop start a few hundred µs apart, in
        // an order the OS picks ("task 1" last here): they are listed by name.
        let us = |task: &str, start_us: u64, end_ms: u64| Span {
            task: task.into(),
            worker: "w".into(),
            start: Duration::from_micros(start_us),
            end: Duration::from_millis(end_ms),
        };
        let timeline = fixed(&[
            us("task 0", 0, 300),
            us("task 2", 150, 500),
            us("task 3", 300, 200),
            us("task 4", 450, 100),
            us("task 1", 600, 400),
            us("later", 200_000, 500),
        ]);
        let expected = ["task 0", "task 1", "task 2", "task 3", "task 4", "later"];
        for width in [10, 37, 80, 200] {
            let chart = timeline.chart().width(width).to_string();
            let labels: Vec<&str> = chart
                .lines()
                .take(6)
                .map(|l| l.split(" │").next().unwrap_or("").trim())
                .collect();
            assert_eq!(labels, expected, "at width {width}: {chart}");
        }
        let svg = timeline.chart().svg();
        let at = |label: &str| svg.find(&format!(">{label}</text>")).expect(label);
        let positions: Vec<usize> = expected.iter().map(|l| at(l)).collect();
        assert!(
            positions.is_sorted(),
            "the SVG lists rows as the terminal does: {svg}"
        );
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = ["task 10", "task 9", "b", "a 2", "a 10", "task 1"];
        names.sort_by_key(|n| natural(n));
        assert_eq!(names, ["a 2", "a 10", "b", "task 1", "task 9", "task 10"]);
    }

    #[test]
    fn a_tiny_task_still_gets_one_column() {
        let timeline = fixed(&[span("long", "w", 0, 1000), span("blip", "w", 990, 1000)]);
        let chart = timeline.chart().width(10).to_string();
        assert!(chart.contains("blip │         ▆│"), "{chart}");
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

    #[test]
    fn a_chart_fits_the_default_width_after_its_indent() {
        let timeline = fixed(&[
            span("a task with a long name", "w", 0, 400),
            span("b", "w", 300, 1200),
        ]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        for line in chart.lines() {
            assert!(
                3 + line.chars().count() <= 88,
                "{} chars: {line}",
                3 + line.chars().count()
            );
        }
        let first = chart.lines().next().unwrap_or_default();
        assert_eq!(
            3 + first.chars().count(),
            88,
            "the bars take the room there is: {first}"
        );
    }

    #[test]
    fn rows_are_drawn_with_partial_blocks_so_they_stay_apart() {
        let timeline = fixed(&[span("a", "w", 0, 500), span("b", "w", 0, 500)]);
        let chart = timeline.chart().to_string();
        assert!(!chart.contains('█'), "full blocks merge rows: {chart}");
    }

    #[test]
    fn a_stray_total_gets_its_note() {
        let timeline = fixed(&[span("a", "w", 0, 1500)]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        assert!(chart.contains("strays +50.0% (tolerance 10%)"), "{chart}");
    }

    #[test]
    fn the_svg_has_a_bar_per_task_and_names_the_rows() {
        let timeline = fixed(&[
            span("a", "w1", 0, 400),
            span("b <&>", "w1", 400, 800),
            span("c", "w2", 100, 300),
        ]);
        let svg = timeline
            .chart()
            .per_worker()
            .ideal(Duration::from_millis(600), "sum / 2")
            .svg();
        assert_eq!(svg.matches("<rect x=").count(), 3, "{svg}");
        assert!(svg.contains(">w1</text>") && svg.contains(">w2</text>"), "{svg}");
        assert!(svg.contains("b &lt;&amp;&gt;"), "task names are escaped: {svg}");
        assert!(
            svg.contains("measured 800 ms") && svg.contains("ideal 600 ms"),
            "{svg}"
        );
        assert!(
            svg.contains(">800 ms</text>"),
            "the last tick names the unit: {svg}"
        );
    }

    #[test]
    fn an_empty_timeline_draws_only_its_footer() {
        let timeline = Timeline::new();
        let chart = timeline.chart().ideal(Duration::from_secs(1), "one unit");
        assert!(
            chart.to_string().starts_with("  measured 0.00 ns, ideal 1.00 s"),
            "{chart}"
        );
        assert!(chart.svg().contains("</svg>"));
    }

    #[test]
    fn panels_share_one_time_axis_and_are_titled() {
        let slow = fixed(&[span("a", "w", 0, 1200)]);
        let fast = fixed(&[span("a", "w", 0, 300)]);
        let figure = Panels::new()
            .number("2.1", "the claim")
            .panel("slow", &slow.chart().ideal(Duration::from_millis(1200), "sum"))
            .panel("fast", &fast.chart());
        let svg = figure.svg();
        assert!(svg.contains(">Figure 2.1 — the claim</text>"), "{svg}");
        assert!(
            svg.contains(">slow</text>") && svg.contains(">fast</text>"),
            "{svg}"
        );
        // One axis: both panels end their ticks at the same 1.5 s.
        assert_eq!(svg.matches(">1.5 s</text>").count(), 2, "{svg}");
        assert!(
            !svg.contains(">400 ms</text>"),
            "the fast panel keeps the shared axis: {svg}"
        );
        let caption = figure.describe();
        assert!(
            caption.starts_with("Figure 2.1 — the claim.\n2 timelines"),
            "{caption}"
        );
        assert!(
            caption.contains("slow: measured 1.20 s, ideal 1.20 s"),
            "{caption}"
        );
        assert!(caption.contains("fast: measured 300 ms"), "{caption}");
    }

    #[test]
    fn close_ideal_and_measured_labels_do_not_overlap() {
        let timeline = fixed(&[span("a", "w", 0, 304)]);
        let svg = timeline
            .chart()
            .ideal(Duration::from_millis(300), "one task")
            .svg();
        let y_of = |label: &str| {
            let at = svg.find(&format!(">{label}</text>")).expect(label);
            let tag = &svg[svg[..at].rfind("<text").expect("its tag")..at];
            let y = &tag[tag.find(" y=\"").expect("y") + 4..];
            y[..y.find('"').expect("end")].parse::<f64>().expect("a number")
        };
        assert!(
            (y_of("measured 304 ms") - y_of("ideal 300 ms")).abs() >= 12.0,
            "4 ms apart, the labels go on two lines: {svg}"
        );
    }

    #[test]
    fn a_numbered_chart_says_so_in_its_svg_and_caption() {
        let timeline = fixed(&[span("a", "w", 0, 500)]);
        let chart = timeline.chart().number("3.2", "children run at once");
        assert!(chart.svg().contains(">Figure 3.2 — children run at once</text>"));
        assert!(
            chart
                .describe()
                .starts_with("Figure 3.2 — children run at once.\nTimeline of 1 task")
        );
    }

    #[test]
    fn a_figure_name_used_twice_is_noticed() {
        assert!(first_time("99-twice"));
        assert!(!first_time("99-twice"));
    }

    #[test]
    fn the_figure_is_written_with_its_caption() {
        let timeline = fixed(&[span("a", "w", 0, 500)]);
        let dir = std::env::temp_dir().join(format!("workbook-timeline-{}", std::process::id()));
        let chart = timeline.chart().ideal(Duration::from_millis(500), "one task");
        chart
            .write_figure(&dir, "00-test")
            .expect("a temp dir is writable");
        let caption = std::fs::read_to_string(dir.join("00-test.txt")).unwrap_or_default();
        assert!(
            caption.starts_with("Timeline of 1 task, one row per task"),
            "{caption}"
        );
        assert!(caption.contains("ideal 500 ms = one task"), "{caption}");
        assert!(dir.join("00-test.svg").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
