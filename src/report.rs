//! One line that puts what a demo measured beside what it should approach.
//!
//! Every demo in the workbook is honest about its numbers: a time on its own
//! says little, a time beside its ideal ("the longest task", "the sum of the
//! tasks") says whether the concurrency worked. And when the two disagree by
//! more than a tolerance (10 % unless told), the line says so on a second line,
//! with the reasons this run gives for it — a busy machine (only when the load
//! witness, [`crate::load`], saw one), fixed costs that dominate at a tiny
//! `--unit-ms`, an ideal that is an estimate and not a bound — or, when none
//! applies, plainly that the run does not explain it:
//!
//! ```text
//! JoinHandle                  1.33 s   ideal    1.00 s = longest task (+33.0%)
//!      strays +33.0% (tolerance 10%): the machine is busy: other processes used
//!        1.20 of 2 cores while it ran
//! ```

use crate::context::{self, Context};
use crate::timeit::human;
use std::time::Duration;

/// How far a measurement may stray from its ideal before the line says so.
pub const TOLERANCE: f64 = 0.10;

/// The width of the label column: lines line up as a table, and a line with
/// a short reason fits the book's 88 columns after a 3-space indent. A label
/// up to this many characters keeps the values in their column; a longer one
/// gets a line of its own, and its values go on the next line, still in the
/// column (see [`label_column`]).
pub const LABEL_WIDTH: usize = 26;

/// Below this unit, fixed costs (thread start, a timer's tick, a wake-up)
/// are no longer small beside the work.
const SMALL_UNIT: Duration = Duration::from_millis(20);

/// How far `measured` is from `ideal`, as a signed fraction (0.02 = 2% over).
pub fn off_by(measured: Duration, ideal: Duration) -> f64 {
    if ideal.is_zero() {
        return f64::INFINITY;
    }
    measured.as_secs_f64() / ideal.as_secs_f64() - 1.0
}

/// `label  measured   ideal X = why (+2.0%)`, aligned so that several lines
/// form a table; a second, indented line when the measurement strays more
/// than 10 % from the ideal (see [`measured_vs_ideal_within`]).
pub fn measured_vs_ideal(label: &str, measured: Duration, ideal: Duration, why: &str) -> String {
    measured_vs_ideal_within(label, measured, ideal, why, TOLERANCE)
}

/// [`measured_vs_ideal`] with its own tolerance (0.25 = 25 %), for
/// measurements known to spread more (a thread start, a wake-up).
pub fn measured_vs_ideal_within(
    label: &str,
    measured: Duration,
    ideal: Duration,
    why: &str,
    tolerance: f64,
) -> String {
    // The machine is judged over the interval this line is about.
    line_in(
        &context::get().witnessed(measured),
        label,
        measured,
        ideal,
        why,
        tolerance,
    )
}

fn line_in(
    ctx: &Context,
    label: &str,
    measured: Duration,
    ideal: Duration,
    why: &str,
    tolerance: f64,
) -> String {
    let off = off_by(measured, ideal);
    let times = format!("{:>9}   ideal {:>9}", human(measured), human(ideal));
    let head = label_column(label);
    let one_line = format!("{head} {times} = {why} ({})", percent(off));
    // Callers indent by 3. When the reason does not fit after the times, it
    // goes on a line of its own: the times stay in their column either way.
    let last = one_line.lines().last().unwrap_or_default();
    let mut line = if 3 + last.chars().count() <= ctx.width {
        one_line
    } else {
        format!("{head} {times} ({})\n     ideal = {why}", percent(off))
    };
    if let Some(note) = strays(ctx, measured, ideal, tolerance) {
        line += "\n";
        line += &note;
    }
    line
}

/// `label` padded to [`LABEL_WIDTH`], so that what follows starts in the
/// value column. A longer label is not cut (it names what was measured): it
/// takes a line of its own, and the next line is blank up to the column.
pub fn label_column(label: &str) -> String {
    if label.chars().count() <= LABEL_WIDTH {
        format!("{label:<LABEL_WIDTH$}")
    } else {
        format!("{label}\n{:LABEL_WIDTH$}", "")
    }
}

/// `label  value   note`, in the same columns as [`measured_vs_ideal`], for
/// a measurement that has no ideal to stand beside.
pub fn row(label: &str, value: &str, note: &str) -> String {
    let line = format!("{} {value:>9}   {note}", label_column(label));
    line.trim_end().to_string()
}

/// A signed percentage, `+2.0%`; "∞" when the ideal is zero.
fn percent(off: f64) -> String {
    if off.is_finite() {
        format!("{:+.1}%", off * 100.0)
    } else {
        "+∞%".to_string()
    }
}

/// The note under a line whose measurement strays from its ideal by more
/// than `tolerance`, or `None` when it does not. It names every reason this
/// run offers, or says that none applies. The machine is blamed only when
/// `ctx.others` (other processes' CPU use over the interval, see
/// [`Context::witnessed`]) says it was busy, never on the load average. Indented by 5 (the caller's 3 + 2)
/// and wrapped to the context's width.
pub fn strays(ctx: &Context, measured: Duration, ideal: Duration, tolerance: f64) -> Option<String> {
    let off = off_by(measured, ideal);
    if off.abs() <= tolerance {
        return None;
    }
    let mut reasons = Vec::new();
    if off < 0.0 {
        reasons.push("below the ideal: here it is an estimate, not a bound (a coarse timer, work that was skipped or cached)".to_string());
    }
    if let (true, Some(others)) = (ctx.busy(), ctx.others) {
        reasons.push(format!("the machine is busy: {others} while it ran"));
    }
    if off > 0.0 && ctx.scale.unit() < SMALL_UNIT {
        reasons.push(format!(
            "fixed costs (starting, waking) weigh more at --unit-ms {}",
            ctx.scale.unit().as_millis()
        ));
    } else if off > 0.0 && ideal < Duration::from_millis(1) {
        reasons
            .push("sub-millisecond work: fixed costs (starting, waking, the timer) weigh more".to_string());
    }
    if reasons.is_empty() {
        // Nothing this run measured accounts for it: say so plainly, with
        // what was ruled out, rather than hint at a cause it did not see.
        reasons.push(match ctx.others {
            Some(others) => format!(
                "unexplained: the machine was quiet ({others} meanwhile) and the unit is not \
                 small; run it again"
            ),
            None => "unexplained: the unit is not small, and the machine's load was not \
                     measured; run it again"
                .to_string(),
        });
    }
    let head = format!("strays {} (tolerance {:.0}%): ", percent(off), tolerance * 100.0);
    // Leave room for a caller that indents every line (`report::indent`).
    Some(wrap(
        &(head + &reasons.join("; ")),
        "     ",
        "       ",
        ctx.width - 3,
    ))
}

/// `text` broken at spaces into lines of at most `width` characters, the
/// first starting with `first`, the others with `rest`.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut lines = vec![first.to_string()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("starts with one line");
        let fresh = line.trim().is_empty();
        if !fresh && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(format!("{rest}{word}"));
        } else {
            if !fresh {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
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
        assert_eq!(line.lines().count(), 1, "2% is within the tolerance: {line}");
    }

    /// A context whose witness says other processes used `others` cores.
    fn ctx(unit_ms: u64, others: Option<f64>) -> Context {
        Context {
            scale: crate::TimeScale::from_millis(unit_ms),
            others: others.map(|cores| crate::load::Others {
                cores,
                of: 2,
                over: Duration::from_secs(1),
            }),
            cores: 2,
            ..Context::default()
        }
    }

    fn line(ctx: &Context, measured_ms: u64, ideal_ms: u64) -> String {
        let ms = Duration::from_millis;
        line_in(
            ctx,
            "JoinHandle",
            ms(measured_ms),
            ms(ideal_ms),
            "longest task",
            TOLERANCE,
        )
    }

    /// The words of `text` with single spaces, so that a check does not
    /// depend on where the note was wrapped.
    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The character column at which the measured time ends on the line
    /// that holds it.
    fn value_end(text: &str, value: &str) -> usize {
        let line = text.lines().find(|l| l.contains(value)).expect(value);
        line.find(value).expect(value) + value.len()
    }

    #[test]
    fn values_stay_in_their_column_for_any_label_up_to_the_width() {
        let ms = Duration::from_millis;
        let ctx = ctx(100, None);
        let at = |label: &str, why: &str| {
            let text = line_in(&ctx, label, ms(103), ms(100), why, TOLERANCE);
            value_end(&text, "103 ms")
        };
        let column = at("short", "one unit");
        for label in ["", "x", &"y".repeat(LABEL_WIDTH - 1), &"z".repeat(LABEL_WIDTH)] {
            assert_eq!(at(label, "one unit"), column, "label {label:?}");
        }
        // A long reason moves to its own line rather than moving the times.
        let why = "a reason long enough that it cannot share the line with the times";
        assert_eq!(at("short", why), column);
        assert_eq!(
            row("(c) no ideal", "702 ms", "note").find("702 ms"),
            Some(column - 6)
        );
    }

    #[test]
    fn a_label_longer_than_the_column_gets_a_line_of_its_own() {
        let long = "a".repeat(LABEL_WIDTH + 1);
        let ms = Duration::from_millis;
        let text = line_in(&ctx(100, None), &long, ms(103), ms(100), "one unit", TOLERANCE);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], long, "{text}");
        let short = line_in(&ctx(100, None), "s", ms(103), ms(100), "one unit", TOLERANCE);
        // The second line is the short label's line with the label blanked.
        assert_eq!(lines[1], format!(" {}", &short[1..]), "{text}");
    }

    #[test]
    fn a_stray_without_a_reason_says_none_applies() {
        let text = line(&ctx(100, Some(0.1)), 1330, 1000);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[1].starts_with("     strays +33.0% (tolerance 10%): "),
            "{text}"
        );
        assert!(lines[2..].iter().all(|l| l.starts_with("       ")), "{text}");
        let text = words(&text);
        assert!(
            text.contains(
                "unexplained: the machine was quiet (other processes used 0.10 of 2 cores \
                 meanwhile) and the unit is not small; run it again"
            ),
            "{text}"
        );
        let unknown = words(&line(&ctx(100, None), 1330, 1000));
        assert!(
            unknown.contains("unexplained: the unit is not small, and the machine's load was not measured"),
            "{unknown}"
        );
    }

    #[test]
    fn a_busy_machine_is_named_with_what_others_used() {
        let text = words(&line(&ctx(100, Some(1.2)), 1330, 1000));
        assert!(
            text.contains("the machine is busy: other processes used 1.20 of 2 cores while it ran"),
            "{text}"
        );
        assert!(!text.contains("unexplained"), "{text}");
    }

    #[test]
    fn a_high_load_average_alone_is_not_blamed() {
        // Lesson 06's 10,000 threads push the 1-minute load average to ~950
        // for minutes; what other processes used says the machine was idle.
        let ctx = Context {
            load: Some(950.0),
            ..ctx(100, Some(0.02))
        };
        let text = words(&line(&ctx, 1330, 1000));
        assert!(!text.contains("busy"), "{text}");
        assert!(text.contains("unexplained: the machine was quiet"), "{text}");
    }

    #[test]
    fn a_tiny_unit_blames_fixed_costs() {
        let text = words(&line(&ctx(5, None), 13, 10));
        assert!(
            text.contains("fixed costs (starting, waking) weigh more at --unit-ms 5"),
            "{text}"
        );
    }

    #[test]
    fn sub_millisecond_work_blames_fixed_costs() {
        let us = Duration::from_micros;
        let text = words(&line_in(
            &ctx(100, None),
            "spawn",
            us(60),
            us(30),
            "one spawn",
            TOLERANCE,
        ));
        assert!(text.contains("sub-millisecond work"), "{text}");
    }

    #[test]
    fn below_the_ideal_says_the_ideal_is_no_bound() {
        let text = words(&line(&ctx(100, None), 660, 1000));
        assert!(text.contains("strays -34.0%"), "{text}");
        assert!(
            text.contains("below the ideal: here it is an estimate, not a bound"),
            "{text}"
        );
        assert!(
            !text.contains("fixed costs"),
            "being fast is not an overhead: {text}"
        );
    }

    #[test]
    fn reasons_add_up() {
        let text = words(&line(&ctx(5, Some(1.2)), 30, 10));
        assert!(text.contains("busy") && text.contains("--unit-ms 5"), "{text}");
    }

    #[test]
    fn a_wider_tolerance_keeps_the_line_single() {
        let ms = Duration::from_millis;
        let text = line_in(&ctx(100, None), "wake", ms(120), ms(100), "one unit", 0.25);
        assert_eq!(text.lines().count(), 1, "{text}");
    }

    #[test]
    fn every_line_fits_88_columns_after_the_indent() {
        let text = line(&ctx(5, Some(1.99)), 30, 10);
        let long = line_in(
            &ctx(5, Some(1.99)),
            "rayon's default pool (16)",
            Duration::from_millis(30),
            Duration::from_millis(10),
            "the sum: one thread at a time",
            TOLERANCE,
        );
        assert!(
            long.contains("\n     ideal = the sum: one thread at a time\n"),
            "{long}"
        );
        for l in text.lines().chain(long.lines()) {
            assert!(
                3 + l.chars().count() <= 88,
                "{} chars: {l}",
                3 + l.chars().count()
            );
        }
    }
}
