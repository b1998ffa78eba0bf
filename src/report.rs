//! One line that puts what a demo measured beside what it should approach.
//!
//! Every demo in the workbook is honest about its numbers: a time on its own
//! says little, a time beside its ideal ("the longest task", "the sum of the
//! tasks") says whether the concurrency worked.

use crate::timeit::human;
use std::time::Duration;

/// How far `measured` is from `ideal`, as a signed fraction (0.02 = 2% over).
pub fn off_by(measured: Duration, ideal: Duration) -> f64 {
    if ideal.is_zero() {
        return f64::INFINITY;
    }
    measured.as_secs_f64() / ideal.as_secs_f64() - 1.0
}

/// `label  measured   ideal X = why  (+2.0%)`, aligned so that several lines
/// form a table.
pub fn measured_vs_ideal(label: &str, measured: Duration, ideal: Duration, why: &str) -> String {
    format!(
        "{label:<30} {:>9}   ideal {:>9} = {why} ({:+.1}%)",
        human(measured),
        human(ideal),
        off_by(measured, ideal) * 100.0
    )
}

/// Every line of `text` indented by three spaces, so that a chart or a
/// block of output sits under its numbered heading ("1. Two clocks").
pub fn indent(text: &str) -> String {
    text.lines().map(|line| format!("   {line}\n")).collect()
}

/// A count with thousands separators, as a reader expects: `100,000,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indent_shifts_every_line_by_three_spaces() {
        assert_eq!(indent("a\nb"), "   a\n   b\n");
        assert_eq!(indent(""), "");
    }

    #[test]
    fn grouped_puts_commas_every_three_digits() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100_000_000), "100,000,000");
    }

    #[test]
    fn off_by_is_signed() {
        let ms = Duration::from_millis;
        assert!((off_by(ms(102), ms(100)) - 0.02).abs() < 1e-9);
        assert!((off_by(ms(90), ms(100)) + 0.10).abs() < 1e-9);
    }

    #[test]
    fn line_names_both_times_and_the_reason() {
        let line = measured_vs_ideal(
            "threads",
            Duration::from_millis(1020),
            Duration::from_secs(1),
            "longest task",
        );
        assert!(line.starts_with("threads "), "{line}");
        assert!(line.contains("1.02 s"), "{line}");
        assert!(line.contains("ideal    1.00 s = longest task (+2.0%)"), "{line}");
    }
}
