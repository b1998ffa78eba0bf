//! Lesson 08: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 8` runs the same tests against this file.

use lesson_08_sales::summary::Partial;
use std::collections::BTreeMap;
use std::ops::Range;

// ANCHOR: parse_milli
/// Exercise 1: a price as whole thousandths, no float anywhere.
pub fn parse_milli(text: &str) -> Option<i64> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) || whole.len() > 12 || fraction.len() > 3 {
        return None;
    }
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // "4.96": whole 4, fraction "96" padded to "960" thousandths.
    let number = |part: &str| {
        if part.is_empty() {
            Some(0)
        } else {
            part.parse::<i64>().ok()
        }
    };
    let thousandths = number(&format!("{fraction:0<3}"))?;
    Some(sign * (number(whole)? * 1000 + thousandths))
}
// ANCHOR_END: parse_milli

// ANCHOR: nearest_rank
/// Exercise 2: the p-th percentile by nearest rank, from value counts.
pub fn nearest_rank(counts: &BTreeMap<i64, u64>, p: u32) -> Option<i64> {
    let n: u64 = counts.values().sum();
    if n == 0 {
        return None;
    }
    // ⌈p·n/100⌉ in integers: (p·n + 99) / 100, and rank 0 counts as 1.
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    let mut seen = 0;
    // A BTreeMap iterates in key order: smallest value first.
    for (&value, &times) in counts {
        seen += times;
        if seen >= rank {
            return Some(value);
        }
    }
    counts.keys().next_back().copied()
}
// ANCHOR_END: nearest_rank

// ANCHOR: merge
/// Exercise 3: merge two partial reports by adding, key by key.
pub fn merge(mut a: Partial, b: Partial) -> Partial {
    a.rows += b.rows;
    for (country, revenue) in b.revenue {
        *a.revenue.entry(country).or_insert(0) += revenue;
    }
    for (price, times) in b.prices {
        *a.prices.entry(price).or_insert(0) += times;
    }
    a
}
// ANCHOR_END: merge

// ANCHOR: cut_at_line_ends
/// Exercise 4: cut at row starts, counting quotes to know which `\n` end rows.
pub fn cut_at_line_ends(bytes: &[u8], pieces: usize) -> Vec<Range<usize>> {
    // Where rows start: just past a `\n` seen after an even number of quotes.
    let mut quotes = 0;
    let mut row_starts = Vec::new();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => quotes += 1,
            b'\n' if quotes % 2 == 0 => row_starts.push(i + 1),
            _ => {}
        }
    }
    let mut cuts = vec![0];
    for k in 1..pieces.max(1) {
        let wanted = k * bytes.len() / pieces;
        // The first row start at or after `wanted`.
        let found = row_starts.partition_point(|&start| start < wanted);
        if let Some(&cut) = row_starts.get(found)
            && cut > cuts[cuts.len() - 1]
            && cut < bytes.len()
        {
            cuts.push(cut);
        }
    }
    cuts.push(bytes.len());
    cuts.windows(2)
        .map(|pair| pair[0]..pair[1])
        .filter(|r| !r.is_empty())
        .collect()
}
// ANCHOR_END: cut_at_line_ends
