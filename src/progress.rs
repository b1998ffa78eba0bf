//! Progress bars over long work (Python's `tqdm`), on top of `indicatif`.
//!
//! Bars draw on stderr and only when it is a terminal, so a demo piped into a
//! file or run by a test prints clean output. Every bar in the workbook has
//! the same look; lessons call [`bar`] instead of repeating the template.

use indicatif::{ProgressBar, ProgressStyle};

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
}
