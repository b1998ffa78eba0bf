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
