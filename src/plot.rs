//! Speed-up plots with Amdahl's law fitted, and bar charts, as SVG figures.
//!
//! A table of times against thread counts hides the shape that matters: does
//! the speed-up keep climbing with the threads, or flatten? [`speedup_svg`]
//! draws two panels from the same measurements — time against threads, and
//! speed-up against threads beside the ideal (n threads, n times faster) —
//! and fits Amdahl's law to each series: if a fraction `s` of the work is
//! serial, `n` threads can at best give `1 / (s + (1 − s) / n)`. The fitted
//! `s` is returned for the caption, so a reader learns what limits the
//! speed-up, in one number. [`bars_svg`] draws labelled values side by side
//! (a headline: our engines beside DuckDB, Polars and a floor).
//!
//! ```
//! use workbook::plot::{Series, serial_fraction};
//! // Ten seconds of work of which 10 % is serial, on 1, 2, 4 and 8 threads:
//! let time = |n: usize| 10.0 * (0.1 + 0.9 / n as f64);
//! let series = Series::new("sum", [1, 2, 4, 8].map(|n| (n, time(n))).to_vec());
//! let s = serial_fraction(&series.points).expect("four points");
//! assert!((s - 0.1).abs() < 1e-9);
//! ```

use crate::figure::{self, CHAR_PX, PALETTE, escape};
use crate::timeit::human;
use std::fmt::Write as _;
use std::time::Duration;

/// One line of a speed-up plot: a name and its (threads, seconds) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What was measured, e.g. `"par_iter"` or `"threads engine"`.
    pub name: String,
    /// (threads, seconds) pairs, one per thread count measured.
    pub points: Vec<(usize, f64)>,
}

impl Series {
    /// A series named `name` with these points (any order; sorted here).
    pub fn new(name: impl Into<String>, mut points: Vec<(usize, f64)>) -> Self {
        points.sort_by_key(|(threads, _)| *threads);
        Self {
            name: name.into(),
            points,
        }
    }

    /// The time on one thread: the measured one, or — when one thread was
    /// not measured — the least-squares fit of `a + b / n` taken at n = 1.
    pub fn one_thread(&self) -> Option<f64> {
        if let Some((_, t)) = self.points.iter().find(|(n, _)| *n == 1) {
            return Some(*t);
        }
        let (a, b) = fit_a_plus_b_over_n(&self.points)?;
        Some(a + b).filter(|t| *t > 0.0)
    }

    /// (threads, speed-up over one thread) for every point.
    pub fn speedups(&self) -> Vec<(usize, f64)> {
        let Some(one) = self.one_thread() else {
            return Vec::new();
        };
        self.points
            .iter()
            .filter(|(_, t)| *t > 0.0)
            .map(|(n, t)| (*n, one / t))
            .collect()
    }
}

/// The serial fraction `s` of Amdahl's law fitted to (threads, seconds)
/// points: least squares on `1 / speedup = s + (1 − s) / n`, clamped to
/// [0, 1]. `None` without a point above one thread to fit.
pub fn serial_fraction(points: &[(usize, f64)]) -> Option<f64> {
    let series = Series::new("", points.to_vec());
    let one = series.one_thread()?;
    // 1/S − 1/n = s (1 − 1/n): a line through the origin in x = 1 − 1/n.
    let (mut xy, mut xx) = (0.0, 0.0);
    for (n, t) in points.iter().filter(|(n, t)| *n > 1 && *t > 0.0) {
        let inv_n = 1.0 / *n as f64;
        let x = 1.0 - inv_n;
        xy += x * (t / one - inv_n);
        xx += x * x;
    }
    (xx > 0.0).then(|| (xy / xx).clamp(0.0, 1.0))
}

/// Amdahl's speed-up on `n` threads when a fraction `s` is serial.
pub fn amdahl(s: f64, n: f64) -> f64 {
    1.0 / (s + (1.0 - s) / n)
}

/// Least squares of `t = a + b / n`; `None` with fewer than two thread counts.
fn fit_a_plus_b_over_n(points: &[(usize, f64)]) -> Option<(f64, f64)> {
    let k = points.len() as f64;
    let xs: Vec<f64> = points.iter().map(|(n, _)| 1.0 / *n as f64).collect();
    let mean_x = xs.iter().sum::<f64>() / k;
    let mean_t = points.iter().map(|(_, t)| t).sum::<f64>() / k;
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let sxt: f64 = xs
        .iter()
        .zip(points)
        .map(|(x, (_, t))| (x - mean_x) * (t - mean_t))
        .sum();
    (sxx > 0.0).then(|| {
        let b = sxt / sxx;
        (mean_t - b * mean_x, b)
    })
}

// Geometry of a speed-up plot: two panels side by side.
const WIDTH: f64 = 720.0;
const PANEL_W: f64 = 260.0;
const PANEL_H: f64 = 200.0;
const PANEL_TOP: f64 = 74.0;
const LEFT_X: f64 = 62.0;
const RIGHT_X: f64 = 420.0;

/// Time and speed-up against threads for each series, with the ideal line
/// and Amdahl's curve fitted per series over every point; returns the SVG and
/// each series' serial fraction (NaN where it could not be fitted), in the
/// series' order. `machine_note` is printed under the title ("2 cores, Xeon
/// 2.0 GHz"). [`Speedup`] has the options (fit only up to the cores, a log
/// time axis, a figure number).
pub fn speedup_svg(title: &str, machine_note: &str, series: &[Series]) -> (String, Vec<f64>) {
    Speedup::new(title, machine_note, series).svg()
}

/// A speed-up plot with options; [`speedup_svg`] is its plain form.
///
/// - [`Speedup::fit_up_to`]: fit Amdahl's law only over thread counts up to
///   the cores. Past the cores, threads queue for a core: the time stops
///   falling because the machine is full, not because part of the work is
///   serial, and a fit over those points measures the core count. The plot
///   marks the cores and says what the fit covers.
/// - [`Speedup::log_time`]: time on a log axis, so that a series ten times
///   slower than the others (CPython beside Rust) does not squash them flat.
/// - [`Speedup::number`]: "Figure 4.2 — claim" as its heading.
///
/// ```
/// use workbook::plot::{Series, Speedup, amdahl};
/// // On 2 cores: 10 % serial up to 2 threads, then no faster.
/// let time = |n: usize| 10.0 / amdahl(0.1, n.min(2) as f64);
/// let series = [Series::new("sum", (1..=4).map(|n| (n, time(n))).collect())];
/// let (svg, fractions) = Speedup::new("sum", "2 cores", &series).fit_up_to(2).svg();
/// assert!((fractions[0] - 0.1).abs() < 1e-9, "the points past the cores are not fitted");
/// assert!(svg.contains("fitted over 1–2 threads (the cores)"));
/// ```
#[derive(Debug, Clone)]
pub struct Speedup<'a> {
    title: String,
    note: String,
    series: &'a [Series],
    fit_up_to: Option<usize>,
    log_time: bool,
    number: Option<(String, String)>,
}

impl<'a> Speedup<'a> {
    /// A plot of `series` titled `title`, with `note` (the machine) under it.
    pub fn new(title: impl Into<String>, note: impl Into<String>, series: &'a [Series]) -> Self {
        Self {
            title: title.into(),
            note: note.into(),
            series,
            fit_up_to: None,
            log_time: false,
            number: None,
        }
    }

    /// Fit Amdahl's law only over thread counts up to `threads` (the cores
    /// of the machine that measured), and say so on the plot.
    pub fn fit_up_to(self, threads: usize) -> Self {
        Self {
            fit_up_to: Some(threads.max(1)),
            ..self
        }
    }

    /// Draw time on a log axis (speed-up stays linear).
    pub fn log_time(self) -> Self {
        Self {
            log_time: true,
            ..self
        }
    }

    /// Head the figure "Figure `number` — `claim`".
    pub fn number(self, number: impl Into<String>, claim: impl Into<String>) -> Self {
        Self {
            number: Some((number.into(), claim.into())),
            ..self
        }
    }

    /// The points Amdahl's law is fitted to.
    fn fitted_points(&self, s: &Series) -> Vec<(usize, f64)> {
        let most = self.fit_up_to.unwrap_or(usize::MAX);
        s.points.iter().copied().filter(|(n, _)| *n <= most).collect()
    }

    /// The SVG, and each series' serial fraction (NaN where it could not
    /// be fitted).
    pub fn svg(&self) -> (String, Vec<f64>) {
        let series = self.series;
        let fractions: Vec<f64> = series
            .iter()
            .map(|s| serial_fraction(&self.fitted_points(s)).unwrap_or(f64::NAN))
            .collect();
        let max_n = series
            .iter()
            .flat_map(|s| s.points.iter().map(|(n, _)| *n))
            .max()
            .unwrap_or(1)
            .max(2);
        let times = || series.iter().flat_map(|s| s.points.iter().map(|(_, t)| *t));
        let max_t = times().fold(0.0, f64::max);
        let min_t = times().filter(|t| *t > 0.0).fold(f64::INFINITY, f64::min);
        let max_speedup = series
            .iter()
            .flat_map(Series::speedups)
            .map(|(_, s)| s)
            .fold(max_n as f64, f64::max);

        let mut body = String::new();
        let mut y: f64 = 0.0;
        if let Some((n, claim)) = &self.number {
            y = figure::heading(&mut body, &figure::numbered(n, claim), WIDTH, y) + 6.0;
        }
        let title_size = if self.number.is_some() { 12 } else { 14 };
        let _ = writeln!(
            body,
            r#"<text x="{LEFT_X}" y="{:.1}" font-size="{title_size}" font-weight="bold">{}</text>"#,
            y + 22.0,
            escape(&self.title)
        );
        for line in figure::wrap_px(&self.note, WIDTH - LEFT_X - 14.0, CHAR_PX) {
            y += 16.0;
            let _ = writeln!(
                body,
                r#"<text x="{LEFT_X}" y="{:.1}">{}</text>"#,
                y + 24.0,
                escape(&line)
            );
        }
        let top = (y + 24.0 + 34.0).max(PANEL_TOP);
        // Times in ms when every one is under a second, so ticks read "250", not "0.25".
        let (t_scale, t_unit) = if max_t < 1.0 { (1e3, "ms") } else { (1.0, "s") };
        let time_label = if self.log_time {
            format!("time ({t_unit}, log scale)")
        } else {
            format!("time ({t_unit})")
        };
        let mut time = Panel::new(LEFT_X, top, max_n, max_t * t_scale, &time_label);
        if self.log_time && min_t.is_finite() {
            time = time.log(min_t * t_scale, max_t * t_scale);
        }
        let speed = Panel::new(RIGHT_X, top, max_n, max_speedup, "speed-up (×)");
        time.axes(&mut body);
        speed.axes(&mut body);

        // The cores, where the fit stops: past them threads queue for a core.
        if let Some(cores) = self.fit_up_to.filter(|c| *c < max_n) {
            for panel in [&time, &speed] {
                let x = panel.x(cores as f64);
                let _ = writeln!(
                    body,
                    r#"<line class="rule" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke-dasharray="1 3"/><text x="{:.1}" y="{:.1}" font-size="11">{cores} cores</text>"#,
                    panel.top,
                    panel.top + PANEL_H,
                    x + 3.0,
                    panel.top + 11.0
                );
            }
        }

        // The ideal: n threads, n times faster.
        let ideal: Vec<(f64, f64)> = vec![(1.0, 1.0), (max_n as f64, max_n as f64)];
        speed.line(&mut body, &ideal, "currentColor", "2 4", 1.0);
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">ideal</text>"#,
            speed.x(max_n as f64) - 4.0,
            speed.y(max_n as f64) + 14.0
        );

        for (i, (s, fraction)) in series.iter().zip(&fractions).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let times: Vec<(f64, f64)> = s.points.iter().map(|(n, t)| (*n as f64, t * t_scale)).collect();
            time.joined(&mut body, &times, colour);
            time.dots(&mut body, &times, colour, &s.name, |v| format!("{v:.3} {t_unit}"));
            let speedups: Vec<(f64, f64)> = s.speedups().iter().map(|(n, v)| (*n as f64, *v)).collect();
            speed.joined(&mut body, &speedups, colour);
            speed.dots(&mut body, &speedups, colour, &s.name, |v| format!("{v:.2}×"));
            if fraction.is_finite() {
                let steps = 60;
                let curve: Vec<(f64, f64)> = (0..=steps)
                    .map(|k| 1.0 + (max_n as f64 - 1.0) * k as f64 / steps as f64)
                    .map(|n| (n, amdahl(*fraction, n)))
                    .collect();
                speed.line(&mut body, &curve, colour, "6 3", 1.2);
                if let Some(one) = s.one_thread() {
                    let fitted: Vec<(f64, f64)> =
                        curve.iter().map(|(n, v)| (*n, one / v * t_scale)).collect();
                    time.line(&mut body, &fitted, colour, "6 3", 1.2);
                }
            }
        }

        // The legend: one row per series with its serial fraction, and what
        // the fit covers.
        let over = match self.fit_up_to {
            Some(cores) => format!(" fitted over 1–{cores} threads (the cores)"),
            None => String::new(),
        };
        let legend_top = top + PANEL_H + 52.0;
        let mut lines = 0usize;
        for (i, (s, fraction)) in series.iter().zip(&fractions).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let fit = if fraction.is_finite() {
                format!("Amdahl{over} (dashed): serial fraction {:.1}%", fraction * 100.0)
            } else {
                "too few points to fit Amdahl's law".to_string()
            };
            let text = format!("{} — {fit}", s.name);
            let wrapped = figure::wrap_px(&text, WIDTH - LEFT_X - 46.0, CHAR_PX);
            let y = legend_top + lines as f64 * 18.0;
            let _ = writeln!(
                body,
                r#"<line x1="{LEFT_X}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2"/><circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"/>"#,
                y - 4.0,
                LEFT_X + 24.0,
                y - 4.0,
                LEFT_X + 12.0,
                y - 4.0,
            );
            for (k, line) in wrapped.iter().enumerate() {
                let _ = writeln!(
                    body,
                    r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                    LEFT_X + 32.0,
                    y + k as f64 * 18.0,
                    escape(line)
                );
            }
            lines += wrapped.len();
        }
        if let Some(cores) = self.fit_up_to.filter(|c| *c < max_n) {
            let y = legend_top + lines as f64 * 18.0;
            let why = format!(
                "Past {cores} threads, threads queue for {cores} cores: those points are drawn, not fitted."
            );
            for (k, line) in figure::wrap_px(&why, WIDTH - LEFT_X - 14.0, CHAR_PX)
                .iter()
                .enumerate()
            {
                let _ = writeln!(
                    body,
                    r#"<text x="{LEFT_X}" y="{:.1}">{}</text>"#,
                    y + k as f64 * 18.0,
                    escape(line)
                );
                lines += 1;
            }
        }
        let height = legend_top + lines as f64 * 18.0 + 8.0;
        let summary = format!(
            "{}: time and speed-up against threads, with Amdahl's law fitted{over}",
            self.title
        );
        (figure::document(WIDTH, height, &summary, &body), fractions)
    }
}

/// One panel of the speed-up plot: threads across, a value up (on a log
/// scale when `log` holds its range).
struct Panel {
    left: f64,
    top: f64,
    max_n: usize,
    y_ticks: Vec<f64>,
    label: String,
    log: Option<(f64, f64)>,
}

impl Panel {
    fn new(left: f64, top: f64, max_n: usize, max_y: f64, label: &str) -> Self {
        Self {
            left,
            top,
            max_n,
            y_ticks: figure::ticks(max_y),
            label: label.to_string(),
            log: None,
        }
    }

    /// A log axis from the decade below `min` to the one above `max`, ticks
    /// at 1, 2 and 5 of each decade (at each power of ten only, over more
    /// than two decades, where more would crowd).
    fn log(self, min: f64, max: f64) -> Self {
        let lo = 10f64.powf(min.log10().floor());
        let hi = 10f64.powf(max.log10().ceil()).max(lo * 10.0);
        let steps: &[f64] = if hi / lo > 100.5 { &[1.0] } else { &[1.0, 2.0, 5.0] };
        let mut ticks = Vec::new();
        let mut decade = lo;
        while decade < hi * 1.001 {
            for m in steps {
                let t = decade * m;
                if t <= hi * 1.001 {
                    ticks.push(t);
                }
            }
            decade *= 10.0;
        }
        Self {
            y_ticks: ticks,
            log: Some((lo, hi)),
            ..self
        }
    }

    fn y_max(&self) -> f64 {
        match self.log {
            Some((_, hi)) => hi,
            None => self.y_ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE),
        }
    }

    fn x(&self, n: f64) -> f64 {
        self.left + n / self.max_n as f64 * PANEL_W
    }

    fn y(&self, v: f64) -> f64 {
        let bottom = self.top + PANEL_H;
        match self.log {
            Some((lo, hi)) => {
                let v = v.clamp(lo, hi);
                bottom - (v / lo).log10() / (hi / lo).log10() * PANEL_H
            }
            None => bottom - v / self.y_max() * PANEL_H,
        }
    }

    /// The measured points joined where neighbours are close (the next at
    /// most twice the threads): two points far apart (1 and 16 threads) are
    /// left unjoined, as a straight line between them would invent the
    /// counts in between.
    fn joined(&self, body: &mut String, points: &[(f64, f64)], colour: &str) {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for &(n, v) in points {
            if run.last().is_some_and(|(m, _)| n > 2.0 * m) {
                self.line(body, &run, colour, "none", 2.0);
                run.clear();
            }
            run.push((n, v));
        }
        self.line(body, &run, colour, "none", 2.0);
    }

    /// Axes, grid, ticks and labels.
    fn axes(&self, body: &mut String) {
        let bottom = self.top + PANEL_H;
        let step = self.y_ticks.get(1).copied().unwrap_or(1.0);
        for t in &self.y_ticks {
            // On a log axis each label needs the decimals of its own decade.
            let step = if self.log.is_some() { *t } else { step };
            let y = self.y(*t);
            let _ = writeln!(
                body,
                r#"<line class="grid" x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                self.left,
                self.left + PANEL_W,
                self.left - 6.0,
                y + 4.0,
                figure::tick_label(*t, step)
            );
        }
        let x_step = figure::ticks(self.max_n as f64)
            .get(1)
            .copied()
            .unwrap_or(1.0)
            .max(1.0) as usize;
        // Every step's multiple, and 1 (one thread is the baseline) once.
        let mut marks: Vec<usize> = (0..=self.max_n).step_by(x_step).filter(|n| *n > 0).collect();
        if !marks.contains(&1) {
            marks.insert(0, 1);
        }
        for n in marks {
            let x = self.x(n as f64);
            let _ = writeln!(
                body,
                r#"<line class="rule" x1="{x:.1}" y1="{bottom:.1}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{n}</text>"#,
                bottom + 4.0,
                bottom + 17.0
            );
        }
        let _ = writeln!(
            body,
            r#"<path class="rule" d="M{:.1},{:.1} V{bottom:.1} H{:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">threads</text><text x="{:.1}" y="{:.1}" font-weight="bold">{}</text>"#,
            self.left,
            self.top,
            self.left + PANEL_W,
            self.left + PANEL_W / 2.0,
            bottom + 34.0,
            self.left,
            self.top - 8.0,
            escape(&self.label)
        );
    }

    /// A polyline through `points` (clipped to the panel by construction).
    fn line(&self, body: &mut String, points: &[(f64, f64)], colour: &str, dash: &str, width: f64) {
        if points.len() < 2 {
            return;
        }
        let path: Vec<String> = points
            .iter()
            .map(|(n, v)| format!("{:.1},{:.1}", self.x(*n), self.y(v.min(self.y_max()))))
            .collect();
        let stroke = if colour == "currentColor" {
            r#"class="rule""#.to_string()
        } else {
            format!(r#"stroke="{colour}" fill="none""#)
        };
        let _ = writeln!(
            body,
            r#"<polyline {stroke} stroke-width="{width}" stroke-dasharray="{dash}" points="{}"/>"#,
            path.join(" ")
        );
    }

    /// A dot at each point, with its value as a tooltip.
    fn dots(
        &self,
        body: &mut String,
        points: &[(f64, f64)],
        colour: &str,
        name: &str,
        value: impl Fn(f64) -> String,
    ) {
        for (n, v) in points {
            let _ = writeln!(
                body,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"><title>{}, {n} threads: {}</title></circle>"#,
                self.x(*n),
                self.y(*v),
                escape(name),
                value(*v)
            );
        }
    }
}

/// Horizontal bars, one per (label, seconds), each with its value printed
/// at its end, on a shared axis from zero.
pub fn bars_svg(title: &str, bars: &[(&str, f64)]) -> String {
    let label_w = bars
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR_PX
        + 20.0;
    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let (scale, unit) = if max < 1.0 { (1e3, "ms") } else { (1.0, "s") };
    let ticks = figure::ticks(max * scale);
    let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let plot_w = WIDTH - label_w - 90.0;
    let x = |v: f64| label_w + v * scale / axis_max * plot_w;
    let top = 44.0;
    let row = 26.0;
    let bottom = top + bars.len() as f64 * row + 4.0;
    let mut body = String::new();
    let _ = writeln!(
        body,
        r#"<text x="16" y="24" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    );
    figure::value_axis(&mut body, &ticks, unit, |t| x(t / scale), (top, bottom));
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = top + i as f64 * row + 4.0;
        let w = (x(*value) - label_w).max(1.0);
        let shown = human(Duration::from_secs_f64(value.max(0.0)));
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{label_w:.1}" y="{y:.1}" width="{w:.1}" height="18" rx="2" fill="{}"><title>{}: {shown}</title></rect><text x="{:.1}" y="{:.1}">{shown}</text>"#,
            label_w - 8.0,
            y + 13.0,
            escape(label),
            PALETTE[i % PALETTE.len()],
            escape(label),
            label_w + w + 6.0,
            y + 13.0
        );
    }
    let _ = writeln!(
        body,
        r#"<line class="rule" x1="{label_w:.1}" y1="{top}" x2="{label_w:.1}" y2="{bottom:.1}"/>"#
    );
    figure::document(WIDTH, bottom + 30.0, title, &body)
}

/// A quoted run read from its CSV: numbers measured elsewhere (another
/// machine, an earlier session) that a chapter quotes and plots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedRun {
    /// The first `#` comment: where and how the numbers were measured.
    pub note: Option<String>,
    /// The header's column names.
    pub header: Vec<String>,
    /// Each data row: its line number (from 1) and its fields, trimmed.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Read the CSV text of a quoted run: `#` lines are comments (the first
/// is the machine note), blank lines are skipped, the first other line is
/// the header and every later line a row of as many fields as the header
/// (else an error naming the line). Fields are plain: a quoted run's
/// labels and numbers hold no comma, so no field is quoted.
pub fn read_csv_rows(text: &str) -> Result<QuotedRun, String> {
    let mut note = None;
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(comment) = line.strip_prefix('#') {
            note.get_or_insert_with(|| comment.trim().to_string());
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split(',').map(|field| field.trim().to_string()).collect();
        match &header {
            None => header = Some(fields),
            Some(names) if names.len() == fields.len() => rows.push((i + 1, fields)),
            Some(names) => {
                return Err(format!(
                    "line {}: {} fields, but the header ({}) has {}",
                    i + 1,
                    fields.len(),
                    names.join(","),
                    names.len()
                ));
            }
        }
    }
    let header = header.ok_or("no header line")?;
    Ok(QuotedRun { note, header, rows })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quoted_run_is_read_with_its_note_header_and_numbered_rows() {
        let text = "# 16 cores, a server\nengine,threads\n\nrayon, 1\n# later\nrayon,2\n";
        let run = super::read_csv_rows(text).expect("a good file");
        assert_eq!(
            run.note.as_deref(),
            Some("16 cores, a server"),
            "the first comment"
        );
        assert_eq!(run.header, ["engine", "threads"]);
        let rows: Vec<(usize, Vec<&str>)> = run
            .rows
            .iter()
            .map(|(n, f)| (*n, f.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            [(4, vec!["rayon", "1"]), (6, vec!["rayon", "2"])],
            "rows trimmed, with their line numbers"
        );
        let short = super::read_csv_rows("a,b\n1\n").expect_err("a short row");
        assert!(short.starts_with("line 2: 1 fields"), "{short}");
    }

    use super::*;

    fn amdahl_times(s: f64, one: f64, threads: &[usize]) -> Vec<(usize, f64)> {
        threads.iter().map(|&n| (n, one / amdahl(s, n as f64))).collect()
    }

    #[test]
    fn the_fit_recovers_a_known_serial_fraction() {
        let points = amdahl_times(0.1, 10.0, &[1, 2, 3, 4, 6, 8, 16]);
        let s = serial_fraction(&points).expect("enough points");
        assert!((s - 0.1).abs() < 1e-9, "fitted {s}, made with 0.1");
    }

    #[test]
    fn the_fit_recovers_it_without_a_one_thread_point() {
        let points = amdahl_times(0.1, 10.0, &[2, 4, 8]);
        let s = serial_fraction(&points).expect("enough points");
        assert!((s - 0.1).abs() < 1e-9, "fitted {s}, made with 0.1");
    }

    #[test]
    fn the_fit_tolerates_noise() {
        let mut points = amdahl_times(0.1, 10.0, &[1, 2, 4, 8]);
        points[1].1 *= 1.03;
        points[2].1 *= 0.98;
        let s = serial_fraction(&points).expect("enough points");
        assert!((s - 0.1).abs() < 0.02, "fitted {s}, made with 0.1 and ±3% noise");
    }

    #[test]
    fn the_fit_is_clamped_to_a_fraction() {
        // Slower with more threads: more than all of it serial, clamped to 1.
        assert_eq!(serial_fraction(&[(1, 1.0), (2, 1.5), (4, 2.0)]), Some(1.0));
        // Faster than linear (caches): clamped to 0.
        assert_eq!(serial_fraction(&[(1, 1.0), (2, 0.4), (4, 0.2)]), Some(0.0));
        assert_eq!(serial_fraction(&[(1, 1.0)]), None, "nothing to fit");
    }

    #[test]
    fn speedups_are_over_one_thread() {
        let series = Series::new("x", vec![(2, 5.0), (1, 10.0), (4, 2.5)]);
        assert_eq!(series.speedups(), vec![(1, 1.0), (2, 2.0), (4, 4.0)]);
    }

    #[test]
    fn the_speedup_plot_has_both_panels_a_legend_and_the_fractions() {
        let series = [
            Series::new("rayon", amdahl_times(0.1, 2.0, &[1, 2, 4])),
            Series::new("one point", vec![(1, 1.0)]),
        ];
        let (svg, fractions) = speedup_svg("par_iter", "2 cores, test", &series);
        assert!((fractions[0] - 0.1).abs() < 1e-9);
        assert!(fractions[1].is_nan());
        assert!(svg.contains("time (s)") && svg.contains("speed-up (×)"), "{svg}");
        assert!(svg.contains(">ideal</text>"), "{svg}");
        assert!(svg.contains("serial fraction 10.0%"), "{svg}");
        assert!(svg.contains("too few points"), "{svg}");
        assert!(svg.contains("2 cores, test"), "{svg}");
    }

    #[test]
    fn the_fit_can_stop_at_the_cores_and_says_so() {
        // 2 cores, 10 % serial: 3 and 4 threads are no faster than 2.
        let points: Vec<(usize, f64)> = (1..=4)
            .map(|n| (n, 10.0 / amdahl(0.1, n.min(2) as f64)))
            .collect();
        let series = [Series::new("par_iter", points.clone())];
        let (_, everywhere) = speedup_svg("x", "2 cores", &series);
        assert!(
            everywhere[0] > 0.3,
            "fitted past the cores, it measures the cores: {everywhere:?}"
        );
        let (svg, fractions) = Speedup::new("x", "2 cores", &series).fit_up_to(2).svg();
        assert!((fractions[0] - 0.1).abs() < 1e-9, "{fractions:?}");
        assert!(
            svg.contains("Amdahl fitted over 1–2 threads (the cores)"),
            "{svg}"
        );
        assert!(svg.contains(">2 cores</text>"), "the cores are marked: {svg}");
        assert!(svg.contains("drawn, not fitted"), "{svg}");
    }

    #[test]
    fn a_log_time_axis_spans_decades() {
        let series = [
            Series::new("CPython", vec![(1, 32.0), (2, 16.5), (4, 9.0)]),
            Series::new("rust", vec![(1, 0.5), (2, 0.26), (4, 0.14)]),
        ];
        let (svg, _) = Speedup::new("sales", "16 cores", &series).log_time().svg();
        assert!(svg.contains("time (s, log scale)"), "{svg}");
        for tick in [">0.1</text>", ">1</text>", ">10</text>", ">100</text>"] {
            assert!(svg.contains(tick), "{tick} in {svg}");
        }
    }

    #[test]
    fn far_apart_points_are_not_joined() {
        let series = [Series::new("par_iter", vec![(1, 1.0), (16, 0.1)])];
        let (svg, _) = speedup_svg("x", "16 cores", &series);
        // Only the ideal and the two fitted curves are lines: no solid line
        // from 1 to 16 threads in either panel.
        assert_eq!(svg.matches(r#"stroke-dasharray="none""#).count(), 0, "{svg}");
        let joined = [Series::new("par_iter", vec![(1, 1.0), (2, 0.5), (4, 0.25)])];
        let (svg, _) = speedup_svg("x", "4 cores", &joined);
        assert_eq!(svg.matches(r#"stroke-dasharray="none""#).count(), 2, "{svg}");
    }

    #[test]
    fn a_numbered_plot_is_headed_so() {
        let series = [Series::new("a", vec![(1, 1.0), (2, 0.5)])];
        let (svg, _) = Speedup::new("a", "2 cores", &series)
            .number("4.3", "two threads, twice as fast")
            .svg();
        assert!(
            svg.contains(">Figure 4.3 — two threads, twice as fast</text>"),
            "{svg}"
        );
    }

    #[test]
    fn bars_print_their_values() {
        let svg = bars_svg("report on sml", &[("threads", 0.52), ("DuckDB", 1.5)]);
        assert_eq!(svg.matches("<rect x=").count(), 2, "{svg}");
        assert!(
            svg.contains(">520 ms</text>") && svg.contains(">1.50 s</text>"),
            "{svg}"
        );
        assert!(svg.contains(">DuckDB</text>"), "{svg}");
    }
}
