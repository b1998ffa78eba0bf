//! Drawing a timeline as an SVG figure: one chart ([`Chart::svg`]), or
//! several as titled panels of one figure on one time axis ([`Panels`]),
//! with the measured and ideal markers labelled so that they never overlap.

use super::draw::{Chart, Layout, Rows, axis_unit, footer_of, layout_of, row_times};
use super::record::Span;
use crate::context::{self, Context};
use crate::figure::{self, CHAR_PX, PALETTE, escape};
use crate::timeit::human;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

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
    /// The longest panel's total: every row's times are written in its
    /// unit, so that "0.00–0.20 s" under "1.52 s" reads on one scale.
    times_in: Duration,
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
        let times_in = panels.iter().map(|p| p.layout.total).max().unwrap_or_default();
        let unit = axis_unit(longest);
        let scale = if unit == "s" { 1.0 } else { 1e3 };
        let ticks = figure::ticks(longest.as_secs_f64() * scale);
        let max = ticks.last().copied().unwrap_or(1.0) / scale;
        let label_width = panels.iter().map(|p| p.layout.label_width).max().unwrap_or(0);
        let left = 14.0 + label_width as f64 * CHAR_PX;
        let times_w = 12.0 + 14.0 * CHAR_PX;
        Self {
            left,
            plot_w: SVG_WIDTH - left - times_w - 10.0,
            times_x: SVG_WIDTH - times_w,
            max,
            ticks,
            unit,
            scale,
            times_in,
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
        y = figure::heading(&mut body, heading, SVG_WIDTH, y) + 8.0;
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
            escape(&row_times(spans, axis.times_in))
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
    naming: Naming,
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
        let naming = self.naming.named(name.into());
        Self { naming, ..self }
    }

    /// Number and caption the figure: `number("2.1", "claim")` heads it
    /// "Figure 2.1 — claim" in the SVG and in the first line of its caption.
    pub fn number(self, number: impl Into<String>, claim: impl Into<String>) -> Self {
        let naming = self.naming.numbered(number.into(), claim.into());
        Self { naming, ..self }
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
        let mut text = self.naming.caption_head();
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
        draw(&self.drawn(), self.naming.heading().as_deref(), &self.describe())
    }

    /// Write `dir/name.svg` and its caption `dir/name.txt`.
    pub fn write_figure(&self, dir: &Path, name: &str) -> std::io::Result<()> {
        figure::write(dir, name, &self.svg(), &figure::caption(&self.describe()))
    }

    /// With `--figures DIR` and a [`Panels::figure`] name, write the figure
    /// and its caption (a failure is reported on stderr; the demo goes on).
    /// Prints nothing: each chart was printed on its own.
    pub fn save(&self) {
        self.naming.save(|dir, name| self.write_figure(dir, name));
    }
}

/// What names a figure, a [`Chart`]'s or a [`Panels`]'s alike: the name of
/// its files and its number and claim.
#[derive(Debug, Clone, Default)]
pub(super) struct Naming {
    pub(super) name: Option<String>,
    pub(super) number: Option<(String, String)>,
}

impl Naming {
    pub(super) fn named(self, name: String) -> Self {
        Self {
            name: Some(name),
            ..self
        }
    }

    pub(super) fn numbered(self, number: String, claim: String) -> Self {
        Self {
            number: Some((number, claim)),
            ..self
        }
    }

    /// "Figure 2.1 — claim", if numbered.
    pub(super) fn heading(&self) -> Option<String> {
        self.number.as_ref().map(|(n, claim)| figure::numbered(n, claim))
    }

    /// The first line of the caption: "Figure 2.1 — claim.\n", or nothing.
    pub(super) fn caption_head(&self) -> String {
        self.heading().map(|h| format!("{h}.\n")).unwrap_or_default()
    }

    /// With `--figures DIR` and a name, `write(DIR, name)`; a failure is
    /// reported on stderr and the demo goes on.
    pub(super) fn save(&self, write: impl FnOnce(&Path, &str) -> std::io::Result<()>) {
        let (Some(dir), Some(name)) = (context::get().figures, &self.name) else {
            return;
        };
        if !first_time(name) {
            eprintln!("warning: figure {name} is written twice in this run: the last one stays");
        }
        if let Err(error) = write(&dir, name) {
            eprintln!("warning: cannot write figure {name}: {error}");
        }
    }
}

/// Whether this run has not written a figure called `name` before (two
/// figures given the same name would silently replace each other).
pub(super) fn first_time(name: &str) -> bool {
    static WRITTEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut written = WRITTEN.lock().unwrap_or_else(|e| e.into_inner());
    if written.iter().any(|n| n == name) {
        return false;
    }
    written.push(name.to_string());
    true
}

pub(super) fn svg_of(chart: &Chart<'_>, layout: Layout) -> String {
    let drawn = Drawn {
        title: None,
        rows: chart.rows,
        ideal: chart.ideal.as_ref().map(|(d, _)| *d),
        footer: chart.footer_text(layout.total),
        layout,
    };
    draw(&[drawn], chart.naming.heading().as_deref(), &chart.describe())
}
