//! Progress bars over long work (Python's `tqdm`), on top of `indicatif`.
//!
//! Bars draw on stderr and only when it is a terminal, so a demo piped into a
//! file or run by a test prints clean output. Every bar in the workbook has
//! the same look; lessons call [`bar`] instead of repeating the template.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The one style of the workbook's bars: label, bar, count, elapsed, ETA.
pub fn style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:>14} [{bar:32.cyan/blue}] {pos:>7}/{len:7} {elapsed:>4} eta {eta:>3}")
        .expect("the template is a constant checked by the tests")
        .progress_chars("█▉▊▋▌▍▎▏ ")
}

/// A bar for `len` steps of work labelled `label`.
pub fn bar(len: u64, label: impl Into<String>) -> ProgressBar {
    ProgressBar::new(len)
        .with_style(style())
        .with_message(label.into())
}

/// Bars for several pieces of work at once (one per file, say), stacked
/// on stderr and drawn only if `visible` (hidden under `--json` and in
/// tests, where the counts still move).
pub struct Bars {
    bars: Vec<ProgressBar>,
}

impl Bars {
    /// One bar per `(steps, label)` of `items`, in order.
    pub fn new(items: impl IntoIterator<Item = (u64, String)>, visible: bool) -> Bars {
        let multi = MultiProgress::with_draw_target(if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        });
        let bars = items
            .into_iter()
            .map(|(len, label)| multi.add(bar(len, label)))
            .collect();
        Bars { bars }
    }

    /// `steps` more of piece number `index` are done.
    pub fn advance(&self, index: usize, steps: u64) {
        if let Some(bar) = self.bars.get(index) {
            bar.inc(steps);
        }
    }

    /// Piece number `index` is done.
    pub fn finish(&self, index: usize) {
        if let Some(bar) = self.bars.get(index) {
            bar.finish();
        }
    }

    /// Remove the bars from the screen.
    pub fn clear(&self) {
        for bar in &self.bars {
            bar.finish_and_clear();
        }
    }

    /// Where bar `index` stands (a test reads it: hidden bars count too).
    pub fn position(&self, index: usize) -> Option<u64> {
        self.bars.get(index).map(ProgressBar::position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses() {
        let _ = style();
    }

    #[test]
    fn a_bar_counts_steps() {
        let bar = bar(10, "files");
        bar.inc(3);
        bar.inc(4);
        assert_eq!(bar.position(), 7);
        assert_eq!(bar.length(), Some(10));
        assert_eq!(bar.message(), "files");
    }

    #[test]
    fn hidden_bars_count_each_piece_apart() {
        let bars = Bars::new([(10, "a".to_string()), (5, "b".to_string())], false);
        bars.advance(0, 4);
        bars.advance(1, 5);
        bars.advance(7, 1); // no such piece: ignored
        assert_eq!((bars.position(0), bars.position(1)), (Some(4), Some(5)));
        bars.clear();
    }
}
