//! Exact money: amounts as whole thousandths of a unit, in integers.
//!
//! The seed summed prices as Python floats and printed a total revenue of
//! `3445476.4739997345`: binary floats cannot hold 0.1 or 4.96 exactly, and
//! every addition rounds. The prices in the files have at most three digits
//! after the point, so we read `4.96` as the integer `4960` ("milli-units")
//! and add integers, which never round. Every engine, thread count and batch
//! count then adds up to the same number, to the last digit.

use std::fmt;
use workbook::report::grouped;

/// Thousandths in one unit: `4.96` is `4960` milli-units.
pub const MILLI_PER_UNIT: i64 = 1000;

/// The most digits we accept before the point: amounts stay below 10^12
/// units (10^15 milli-units), so a square (for the standard deviation)
/// stays below 10^30 and fits an `u128`; the sums are sized so that no
/// count of rows a `u64` can hold overflows them
/// ([`crate::summary::Squares`]).
pub const MAX_WHOLE_DIGITS: usize = 12;

// ANCHOR: parse
/// Read a decimal amount with at most three fraction digits, as milli-units:
/// `b"4.96"` → `Some(4960)`, `b"-0.001"` → `Some(-1)`, `b"12"` → `Some(12000)`.
/// Anything else (`b""`, `b"4.9x"`, `b"1e3"`, `b"0.0001"`, spaces) is `None`:
/// a wrong number is reported, never rounded or guessed.
#[inline(always)]
pub fn parse(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    // "4.96" → whole "4", fraction "96". A second point lands in the
    // fraction, where it is refused as a non-digit below.
    let (whole, fraction) = match digits.iter().position(|&byte| byte == b'.') {
        Some(point) => (&digits[..point], &digits[point + 1..]),
        None => (digits, &b""[..]),
    };
    // At most 12 + 3 digits: `milli` cannot overflow an i64.
    if whole.len() > MAX_WHOLE_DIGITS || fraction.len() > 3 || whole.len() + fraction.len() == 0 {
        return None; // too long, too precise, or no digit at all ("", ".", "-")
    }
    // Every digit goes into `milli`: "4.96" → 496.
    let mut milli: i64 = 0;
    for &byte in whole.iter().chain(fraction) {
        let digit = byte.wrapping_sub(b'0'); // a byte below '0' wraps round to > 9
        if digit > 9 {
            return None;
        }
        milli = milli * 10 + i64::from(digit);
    }
    // "4.96" has two fraction digits: 496 × 10 = 4960 thousandths.
    milli *= [1000, 100, 10, 1][fraction.len()];
    Some(if negative { -milli } else { milli })
}
// ANCHOR_END: parse

/// Is `text` a whole number, such as a Quantity: an optional `-` (a
/// return) and 1 to 12 digits? `b"2"`, `b"-3"` are; `b"two"`, `b"2.5"`,
/// `b""` are not. Only checked, never summed: the report has no use for
/// the value, so nothing is computed from it.
#[inline(always)]
pub fn is_whole(text: &[u8]) -> bool {
    let digits = match text {
        [b'-', rest @ ..] => rest,
        _ => text,
    };
    (1..=MAX_WHOLE_DIGITS).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

/// Is `text` a number that [`parse`] or [`is_whole`] refused only for
/// its size: digits (with an optional `-` and at most one point) and more
/// than 12 of them before the point? Asked only about refused text, to say
/// "too big" rather than "not a number".
pub fn too_big(text: &[u8]) -> bool {
    let digits = match text {
        [b'-', rest @ ..] => rest,
        _ => text,
    };
    let mut parts = digits.split(|&byte| byte == b'.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or_default();
    parts.next().is_none()
        && whole.len() > MAX_WHOLE_DIGITS
        && whole.iter().chain(fraction).all(u8::is_ascii_digit)
}

/// An exact amount of milli-units, shown as a decimal with no trailing
/// zeros: `4960` shows as `4.96`, `15000` as `15`, `-1` as `-0.001`.
///
/// It holds an `i128` because it also shows sums: a total revenue is a sum
/// of millions of amounts. `{:#}` groups the units by thousands, for
/// people: `2,265,514.676`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decimal(pub i128);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let milli = i128::from(MILLI_PER_UNIT);
        let (units, thousandths) = (
            self.0.unsigned_abs() / milli as u128,
            self.0.unsigned_abs() % milli as u128,
        );
        let units = match u64::try_from(units) {
            Ok(units) if f.alternate() => grouped(units),
            _ => units.to_string(),
        };
        let sign = if self.0 < 0 { "-" } else { "" };
        let mut text = format!("{sign}{units}");
        if thousandths != 0 {
            let digits = format!("{thousandths:03}");
            text.push('.');
            text.push_str(digits.trim_end_matches('0'));
        }
        // `pad` applies the caller's width and alignment: `{:>12}`.
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_digits_only() {
        for text in [&b"2"[..], b"-3", b"999999999999"] {
            assert!(is_whole(text), "{:?}", String::from_utf8_lossy(text));
        }
        for text in [
            &b""[..],
            b"-",
            b"two",
            b"2.5",
            b"2.",
            b" 2",
            b"+2",
            b"1e3",
            b"9999999999999",
        ] {
            assert!(!is_whole(text), "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn too_big_is_told_apart_from_not_a_number() {
        assert!(too_big(b"12345678901234567890"));
        assert!(too_big(b"-12345678901234567890.5"));
        assert!(!too_big(b"123456789012.5"), "12 digits fit");
        assert!(!too_big(b"12345678901234567890x"));
        assert!(!too_big(b"1.2.3"));
    }

    #[test]
    fn parses_up_to_three_decimals() {
        assert_eq!(parse(b"4.96"), Some(4960));
        assert_eq!(parse(b"0.001"), Some(1));
        assert_eq!(parse(b"17836.46"), Some(17_836_460));
        assert_eq!(parse(b"12"), Some(12_000));
        assert_eq!(parse(b"12."), Some(12_000));
        assert_eq!(parse(b".5"), Some(500));
        assert_eq!(parse(b"-2.5"), Some(-2500));
        assert_eq!(parse(b"007.250"), Some(7250));
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        for text in [
            &b""[..],
            b".",
            b"-",
            b"4.9x",
            b"1e3",
            b"0.0001",
            b" 4.96",
            b"4,96",
            b"+1",
            b"--1",
            b"1.2.3",
            b"nan",
            b"1234567890123",
        ] {
            assert_eq!(parse(text), None, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn the_largest_amount_fits_and_squares_fit_in_i128() {
        let largest = parse(b"999999999999.999").expect("twelve digits are allowed");
        assert_eq!(largest, 999_999_999_999_999);
        assert!(i128::from(largest).checked_mul(i128::from(largest)).is_some());
    }

    #[test]
    fn shows_exact_decimals_without_trailing_zeros() {
        assert_eq!(Decimal(4960).to_string(), "4.96");
        assert_eq!(Decimal(1).to_string(), "0.001");
        assert_eq!(Decimal(15_000).to_string(), "15");
        assert_eq!(Decimal(0).to_string(), "0");
        assert_eq!(Decimal(-1).to_string(), "-0.001");
        assert_eq!(Decimal(3_445_476_474).to_string(), "3445476.474");
    }

    #[test]
    fn the_alternate_form_groups_thousands_and_pads() {
        assert_eq!(format!("{:#}", Decimal(2_265_514_676)), "2,265,514.676");
        assert_eq!(format!("{:>8}", Decimal(4960)), "    4.96");
        assert_eq!(format!("{:#}", Decimal(-1_000_000_000)), "-1,000,000");
    }
}
