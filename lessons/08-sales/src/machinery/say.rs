//! Where the demo's words go: stdout, or stderr when stdout carries the
//! JSON report (`--json`), so that `... --json > report.json` holds the
//! report and nothing else. Machinery: it only routes text.

use std::fmt::Display;

/// The demo's voice: stdout, or stderr under `--json`.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    /// Is stdout the JSON report's?
    pub json: bool,
}

impl Out {
    /// Print one line (or several) where people read.
    pub fn say(&self, text: impl Display) {
        if self.json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}

/// `text` broken at spaces into lines that fit the run's width (`--width`,
/// 88 by default: the book's column), every line after the first starting
/// with `indent`. An error names a file, a line and what was wrong, and is
/// read whole: it is wrapped, never cut. A word longer than a line (a long
/// path) stays whole on its own line.
pub fn wrapped(text: &str, indent: &str) -> String {
    // The text's own indent stays; only the words after it are wrapped, by
    // the helper crate's one wrapper.
    let body = text.trim_start_matches(' ');
    let own = &text[..text.len() - body.len()];
    workbook::report::wrap(body, own, indent, workbook::context::get().width)
}

#[cfg(test)]
mod tests {
    use super::wrapped;

    #[test]
    fn long_text_wraps_at_88_columns_with_an_indent_and_loses_nothing() {
        let text = format!("error: {}", "word ".repeat(40).trim_end());
        let lines: Vec<_> = wrapped(&text, "  ").lines().map(String::from).collect();
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 88), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with("  w")), "{lines:?}");
        let joined: Vec<_> = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn short_text_is_left_alone() {
        assert_eq!(wrapped("  a.csv, line 3: bad", "    "), "  a.csv, line 3: bad");
    }
}
