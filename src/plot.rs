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
use std::io;
use std::path::Path;
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

/// Write `DIR/NAME.svg` and its caption `DIR/NAME.txt` (see
/// [`figure::caption`] for a caption that names the machine).
pub fn write_figure(dir: &Path, name: &str, svg: &str, caption: &str) -> io::Result<()> {
    figure::write(dir, name, svg, caption)
}

// Geometry of a speed-up plot: two panels side by side.
const WIDTH: f64 = 720.0;
const PANEL_W: f64 = 260.0;
const PANEL_H: f64 = 200.0;
const PANEL_TOP: f64 = 74.0;
const LEFT_X: f64 = 62.0;
const RIGHT_X: f64 = 420.0;

/// Time and speed-up against threads for each series, with the ideal line
/// and Amdahl's curve fitted per series; returns the SVG and each series'
/// serial fraction (NaN where it could not be fitted), in the series' order.
/// `machine_note` is printed under the title ("2 cores, Xeon 2.0 GHz").
pub fn speedup_svg(title: &str, machine_note: &str, series: &[Series]) -> (String, Vec<f64>) {
    let fractions: Vec<f64> = series
        .iter()
        .map(|s| serial_fraction(&s.points).unwrap_or(f64::NAN))
        .collect();
    let max_n = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(n, _)| *n))
        .max()
        .unwrap_or(1)
        .max(2);
    let max_t = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(_, t)| *t))
        .fold(0.0, f64::max);
    let max_speedup = series
        .iter()
        .flat_map(Series::speedups)
        .map(|(_, s)| s)
        .fold(max_n as f64, f64::max);

    let mut body = String::new();
    let _ = writeln!(
        body,
        r#"<text x="{LEFT_X}" y="22" font-size="14" font-weight="bold">{}</text><text x="{LEFT_X}" y="40">{}</text>"#,
        escape(title),
        escape(machine_note)
    );
    // Times in ms when every one is under a second, so ticks read "250", not "0.25".
    let (t_scale, t_unit) = if max_t < 1.0 { (1e3, "ms") } else { (1.0, "s") };
    let time = Panel::new(LEFT_X, max_n, max_t * t_scale, &format!("time ({t_unit})"));
    let speed = Panel::new(RIGHT_X, max_n, max_speedup, "speed-up (×)");
    time.axes(&mut body);
    speed.axes(&mut body);

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
        time.line(&mut body, &times, colour, "none", 2.0);
        time.dots(&mut body, &times, colour, &s.name, |v| format!("{v:.3} {t_unit}"));
        let speedups: Vec<(f64, f64)> = s.speedups().iter().map(|(n, v)| (*n as f64, *v)).collect();
        speed.line(&mut body, &speedups, colour, "none", 2.0);
        speed.dots(&mut body, &speedups, colour, &s.name, |v| format!("{v:.2}×"));
        if fraction.is_finite() {
            let steps = 60;
            let curve: Vec<(f64, f64)> = (0..=steps)
                .map(|k| 1.0 + (max_n as f64 - 1.0) * k as f64 / steps as f64)
                .map(|n| (n, amdahl(*fraction, n)))
                .collect();
            speed.line(&mut body, &curve, colour, "6 3", 1.2);
            if let Some(one) = s.one_thread() {
                let fitted: Vec<(f64, f64)> = curve.iter().map(|(n, v)| (*n, one / v * t_scale)).collect();
                time.line(&mut body, &fitted, colour, "6 3", 1.2);
            }
        }
    }

    // The legend: one row per series with its serial fraction.
    let legend_top = PANEL_TOP + PANEL_H + 52.0;
    for (i, (s, fraction)) in series.iter().zip(&fractions).enumerate() {
        let y = legend_top + i as f64 * 18.0;
        let colour = PALETTE[i % PALETTE.len()];
        let fit = if fraction.is_finite() {
            format!("Amdahl fit (dashed): serial fraction {:.1}%", fraction * 100.0)
        } else {
            "too few points to fit Amdahl's law".to_string()
        };
        let _ = writeln!(
            body,
            r#"<line x1="{LEFT_X}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2"/><circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"/><text x="{:.1}" y="{:.1}">{} — {fit}</text>"#,
            y - 4.0,
            LEFT_X + 24.0,
            y - 4.0,
            LEFT_X + 12.0,
            y - 4.0,
            LEFT_X + 32.0,
            y,
            escape(&s.name)
        );
    }
    let height = legend_top + series.len() as f64 * 18.0 + 8.0;
    let summary = format!("{title}: time and speed-up against threads, with Amdahl's law fitted");
    (figure::document(WIDTH, height, &summary, &body), fractions)
}

/// One panel of the speed-up plot: threads across, a value up.
struct Panel {
    left: f64,
    max_n: usize,
    y_ticks: Vec<f64>,
    label: String,
}

impl Panel {
    fn new(left: f64, max_n: usize, max_y: f64, label: &str) -> Self {
        Self {
            left,
            max_n,
            y_ticks: figure::ticks(max_y),
            label: label.to_string(),
        }
    }

    fn y_max(&self) -> f64 {
        self.y_ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE)
    }

    fn x(&self, n: f64) -> f64 {
        self.left + n / self.max_n as f64 * PANEL_W
    }

    fn y(&self, v: f64) -> f64 {
        PANEL_TOP + PANEL_H - v / self.y_max() * PANEL_H
    }

    /// Axes, grid, ticks and labels.
    fn axes(&self, body: &mut String) {
        let bottom = PANEL_TOP + PANEL_H;
        let step = self.y_ticks.get(1).copied().unwrap_or(1.0);
        for t in &self.y_ticks {
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
            r#"<path class="rule" d="M{:.1},{PANEL_TOP} V{bottom:.1} H{:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">threads</text><text x="{:.1}" y="{:.1}" font-weight="bold">{}</text>"#,
            self.left,
            self.left + PANEL_W,
            self.left + PANEL_W / 2.0,
            bottom + 34.0,
            self.left,
            PANEL_TOP - 8.0,
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
