//! The pieces every figure shares: the SVG frame, its colours, the time
//! axis, and writing a figure with its caption.
//!
//! Figures are hand-written SVG (no plotting crate: the helper crate stays
//! quick to build). Each one is a self-contained image that reads in the
//! book's light and dark themes: it draws its own panel, light by default and
//! dark when the reader's system prefers dark, all text and lines in
//! `currentColor` of that panel, and bars in mid-tone colours that read on
//! either. Beside `NAME.svg`, a caption `NAME.txt` says what the picture
//! shows and which machine drew it — numbers change from machine to machine,
//! and a reader should know whose they are.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Bar colours: mid-tones (Tableau 10, without its yellow) that keep their
/// contrast on a white panel and on the dark one (#1d1f21).
pub const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#ff9da7",
];

/// Text inside a coloured bar: dark on every palette colour, in both themes.
pub const ON_BAR: &str = "#1d1f21";

/// Approximate width of one character of the figures' 12 px font, for
/// laying out labels without measuring text.
pub const CHAR_PX: f64 = 7.0;

/// Approximate width of one character of a figure's 14 px bold heading.
pub const HEADING_CHAR_PX: f64 = 8.4;

/// How a label sits on its x: its start there, its end, or its middle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at x and reads to the right.
    Start,
    /// The text is centred on x.
    Middle,
    /// The text ends at x.
    End,
}

impl Anchor {
    /// SVG's `text-anchor` value.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// The text's left and right edges when it is `width` px wide.
    fn extent(self, x: f64, width: f64) -> (f64, f64) {
        match self {
            Anchor::Start => (x, x + width),
            Anchor::Middle => (x - width / 2.0, x + width / 2.0),
            Anchor::End => (x - width, x),
        }
    }
}

/// A label wanted at `x` (a marker's position), with its preferred anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where it points.
    pub x: f64,
    /// What it says.
    pub text: String,
    /// How it would rather sit on `x`.
    pub anchor: Anchor,
}

/// A label placed by [`place_labels`]: its anchor (flipped if the preferred
/// one ran out of the figure) and its line, 0 nearest the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Where it points (unchanged).
    pub x: f64,
    /// What it says.
    pub text: String,
    /// How it sits on `x`.
    pub anchor: Anchor,
    /// Its line: 0 nearest the plot, 1 above it, …
    pub row: usize,
}

/// Places labels so that none runs out of `[min_x, max_x]` (an anchor that
/// would is flipped) and none overlaps another: each goes on the first line
/// where it clears every label already there by 8 px. "ideal 300 ms" and
/// "measured 304 ms" at nearly the same x thus stay apart and readable.
pub fn place_labels(labels: &[Label], min_x: f64, max_x: f64) -> Vec<Placed> {
    const GAP: f64 = 8.0;
    let mut placed: Vec<(Placed, (f64, f64))> = Vec::new();
    for label in labels {
        let width = label.text.chars().count() as f64 * CHAR_PX;
        let mut anchor = label.anchor;
        let (left, right) = anchor.extent(label.x, width);
        if right > max_x {
            anchor = Anchor::End;
        } else if left < min_x {
            anchor = Anchor::Start;
        }
        let (left, right) = anchor.extent(label.x, width);
        let clashes = |row: usize| {
            placed
                .iter()
                .any(|(p, (l, r))| p.row == row && left < r + GAP && *l < right + GAP)
        };
        let row = (0..).find(|row| !clashes(*row)).unwrap_or(0);
        placed.push((
            Placed {
                x: label.x,
                text: label.text.clone(),
                anchor,
                row,
            },
            (left, right),
        ));
    }
    placed.into_iter().map(|(p, _)| p).collect()
}

/// `text` broken at spaces into lines at most `width_px` wide, a character
/// being `char_px` wide: a heading or footer that never runs out of its figure.
pub fn wrap_px(text: &str, width_px: f64, char_px: f64) -> Vec<String> {
    let most = ((width_px / char_px).floor() as usize).max(10);
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= most => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A numbered figure's heading: `"Figure 2.1 — claim"`.
pub fn numbered(number: &str, claim: &str) -> String {
    format!("Figure {number} \u{2014} {claim}")
}

/// Writes a numbered figure's heading (see [`numbered`]) into `body`: bold,
/// 14 px, wrapped to a figure `width` px wide, one line every 18 px below
/// `y`. Returns the baseline of its last line.
pub fn heading(body: &mut String, heading: &str, width: f64, mut y: f64) -> f64 {
    for line in wrap_px(heading, width - 28.0, HEADING_CHAR_PX) {
        y += 18.0;
        let _ = writeln!(
            body,
            r#"<text x="14" y="{y:.1}" font-size="14" font-weight="bold">{}</text>"#,
            escape(&line)
        );
    }
    y
}

/// `text` safe inside SVG text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole SVG document `width` × `height` px around `body`, on its own
/// panel. `title` becomes the SVG's `<title>` (what screen readers say).
pub fn document(width: f64, height: f64, title: &str, body: &str) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="wb-figure" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">
<title>{}</title>
<style>
.wb-figure {{ color: #1d1f21; }}
.wb-figure .panel {{ fill: #ffffff; stroke: #c8c8c8; }}
@media (prefers-color-scheme: dark) {{
  .wb-figure {{ color: #e6e6e6; }}
  .wb-figure .panel {{ fill: #1d1f21; stroke: #4a4a4a; }}
}}
.wb-figure text {{ fill: currentColor; }}
.wb-figure .on-bar {{ fill: {ON_BAR}; }}
.wb-figure .rule {{ stroke: currentColor; fill: none; }}
.wb-figure .grid {{ stroke: currentColor; stroke-opacity: 0.15; }}
</style>
<rect class="panel" x="0.5" y="0.5" width="{:.0}" height="{:.0}" rx="6"/>
"#,
        escape(title),
        width - 1.0,
        height - 1.0
    );
    svg.push_str(body);
    svg.push_str("</svg>\n");
    svg
}

/// Round tick positions from 0 to at least `max`: steps of 1, 2 or 5 × 10ⁿ,
/// about five of them.
pub fn ticks(max: f64) -> Vec<f64> {
    if max.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) || !max.is_finite() {
        return vec![0.0, 1.0];
    }
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude);
    let count = (max / step - 1e-9).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// A tick's label: as few decimals as the step needs (`0.25`, `1.5`, `40`).
pub fn tick_label(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    format!("{value:.decimals$}")
}

/// A value axis across the bottom: a faint grid line from `top` to
/// `bottom` at each tick, a tick mark and its label under `bottom`, the last
/// label with the `unit` ("800 ms"). `x` places a tick's value.
pub fn value_axis(
    body: &mut String,
    ticks: &[f64],
    unit: &str,
    x: impl Fn(f64) -> f64,
    (top, bottom): (f64, f64),
) {
    let step = ticks.get(1).copied().unwrap_or(1.0);
    for (i, t) in ticks.iter().enumerate() {
        let tx = x(*t);
        let mut label = tick_label(*t, step);
        if i + 1 == ticks.len() {
            label = format!("{label} {unit}");
        }
        let _ = writeln!(
            body,
            r#"<line class="grid" x1="{tx:.1}" y1="{top:.1}" x2="{tx:.1}" y2="{bottom:.1}"/><line class="rule" x1="{tx:.1}" y1="{bottom:.1}" x2="{tx:.1}" y2="{:.1}"/><text x="{tx:.1}" y="{:.1}" text-anchor="middle">{label}</text>"#,
            bottom + 4.0,
            bottom + 17.0,
        );
    }
}

/// The caption of a figure: `what` it shows, then the machine, the date,
/// the command line that drew it, and the run's load witness: what other
/// processes used of the CPU during the run that drew it
/// ([`crate::load::witness_line`]; `tests/figures.rs` checks it).
pub fn caption(what: &str) -> String {
    format!(
        "{what}\nmachine: {}\ndate: {}\ncommand: {}\n{}\n",
        crate::machine::describe(),
        crate::machine::today(),
        command_line(),
        crate::load::witness_line(crate::load::during_run()),
    )
}

/// This process's command line, the program by its file name only (the
/// build directory says nothing to a reader).
pub fn command_line() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map_or(p.clone(), |f| f.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    std::iter::once(program).chain(args).collect::<Vec<_>>().join(" ")
}

/// Write `DIR/NAME.svg` and its caption `DIR/NAME.txt`, creating `dir`.
/// Errors name the file that could not be written.
pub fn write(dir: &Path, name: &str, svg: &str, caption: &str) -> io::Result<()> {
    let named =
        |path: &Path, error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let svg_path = dir.join(format!("{name}.svg"));
    std::fs::write(&svg_path, svg).map_err(|e| named(&svg_path, e))?;
    let txt_path = dir.join(format!("{name}.txt"));
    std::fs::write(&txt_path, caption).map_err(|e| named(&txt_path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        let labels: Vec<String> = ticks(0.62).iter().map(|t| tick_label(*t, 0.2)).collect();
        assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6", "0.8"]);
        assert_eq!(ticks(10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(430.0).last().copied(), Some(500.0));
        assert_eq!(ticks(0.0), vec![0.0, 1.0]);
    }

    #[test]
    fn tick_labels_use_the_decimals_of_the_step() {
        assert_eq!(tick_label(0.6000000000000001, 0.2), "0.6");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(40.0, 20.0), "40");
    }

    fn label(x: f64, text: &str, anchor: Anchor) -> Label {
        Label {
            x,
            text: text.into(),
            anchor,
        }
    }

    #[test]
    fn close_labels_go_on_separate_lines() {
        // ideal 300 ms at x=485, measured 304 ms at x=490: apart, the two read
        // as one string; here the second may not start within 8 px.
        let placed = place_labels(
            &[
                label(490.0, "measured 304 ms", Anchor::Start),
                label(485.0, "ideal 300 ms", Anchor::End),
            ],
            4.0,
            716.0,
        );
        assert_eq!(placed[0].row, 0);
        assert_eq!(placed[1].row, 1, "{placed:?}");
        // Far apart, they share a line.
        let placed = place_labels(
            &[
                label(600.0, "measured 1.20 s", Anchor::Start),
                label(200.0, "ideal 300 ms", Anchor::End),
            ],
            4.0,
            716.0,
        );
        assert!(placed.iter().all(|p| p.row == 0), "{placed:?}");
    }

    #[test]
    fn a_label_at_the_edge_is_turned_inwards() {
        let placed = place_labels(&[label(700.0, "measured 304 ms", Anchor::Start)], 4.0, 716.0);
        assert_eq!(placed[0].anchor, Anchor::End);
        let placed = place_labels(&[label(10.0, "ideal 1.00 s", Anchor::End)], 4.0, 716.0);
        assert_eq!(placed[0].anchor, Anchor::Start);
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "Figure 2.1 — spawning every thread before joining any lets the five waits overlap";
        let lines = wrap_px(text, 300.0, 8.4);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.chars().count() as f64 * 8.4 <= 300.0),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }

    #[test]
    fn a_document_draws_its_own_panel_and_uses_current_color() {
        let svg = document(100.0, 50.0, "t & u", "<text>x</text>\n");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title>t &amp; u</title>"));
        assert!(svg.contains("fill: currentColor"));
        assert!(svg.contains("prefers-color-scheme: dark"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn write_puts_the_figure_beside_its_caption() {
        let dir = std::env::temp_dir().join(format!("workbook-figure-{}", std::process::id()));
        write(&dir, "01-test", "<svg/>", "what").expect("a temp dir is writable");
        assert_eq!(
            std::fs::read_to_string(dir.join("01-test.svg")).ok().as_deref(),
            Some("<svg/>")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("01-test.txt")).ok().as_deref(),
            Some("what")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_caption_names_the_machine_and_the_command() {
        let text = caption("A timeline.");
        assert!(text.starts_with("A timeline.\nmachine: "), "{text}");
        assert!(text.contains(" cores, "), "{text}");
        assert!(text.contains("\ndate: 20"), "{text}");
        assert!(text.contains("\ncommand: "), "{text}");
        assert!(text.contains("\nwitness: other processes' load "), "{text}");
    }
}
