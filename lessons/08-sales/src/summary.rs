//! The report's figures for one file, one piece of a file, or all files:
//! a [`Summary`], built row by row and *merged*.
//!
//! Every engine splits the work differently (by file, by batch, by byte
//! range, by process) and merges the partial summaries at the end. For the
//! report to come out the same, byte for byte, however the work was split,
//! merging must not care about grouping or order: `(a + b) + c` must equal
//! `a + (b + c)`, and `a + b` must equal `b + a`. That rules out floats
//! (float addition is not associative) and running means or medians (a
//! median of medians is not the median). What a summary keeps instead:
//!
//! - counts and sums of integer milli-units (exact, in `i128`), in total
//!   and per country;
//! - the sum of squares, from which the standard deviation follows exactly
//!   (in 192 bits: see [`Squares`] for why an `i128` is not enough);
//! - every distinct price with how often it occurred (a [`Distribution`]):
//!   min, max and percentiles are read from it at the end, and merging two
//!   of them is adding counts. The sales files have a few thousand distinct
//!   prices, so this stays small however many rows there are.

use crate::error::BadRow;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::Utf8Error;

/// How many bad rows a summary keeps to show (it counts all of them).
pub const BAD_ROWS_SHOWN: usize = 5;

// ANCHOR: summary
/// The figures of some rows: a file, a batch, a byte range, everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Rows accepted.
    pub rows: u64,
    /// Rows refused (with `--on-bad-row skip`).
    pub rejected: u64,
    /// The first few refused rows, in file and line order.
    pub first_rejected: Vec<BadRow>,
    /// Sum of TotalPrice per country, in milli-units.
    pub revenue_per_country: Countries,
    /// The UnitPrice column.
    pub unit_price: Column,
    /// The TotalPrice column.
    pub total_price: Column,
}

/// One money column: exact sums and the distribution of its values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Sum of the values, in milli-units.
    pub sum: i128,
    /// Sum of the squared values, in milli-units squared.
    pub sum_of_squares: Squares,
    /// How often each value occurred.
    pub values: Distribution,
}
// ANCHOR_END: summary

impl Summary {
    /// Add one row whose prices are read. The country must be UTF-8 text;
    /// if it is not, nothing is added.
    pub fn add(&mut self, country: &[u8], unit_price: i64, total_price: i64) -> Result<(), Utf8Error> {
        self.revenue_per_country.add(country, i128::from(total_price))?;
        self.rows += 1;
        self.unit_price.add(unit_price);
        self.total_price.add(total_price);
        Ok(())
    }

    /// Count a refused row, keeping it if it is among the first few.
    pub fn reject(&mut self, bad: BadRow) {
        self.rejected += bad.rows();
        if self.first_rejected.len() < BAD_ROWS_SHOWN {
            self.first_rejected.push(bad);
        }
    }

    // ANCHOR: merge
    /// Fold `other` into `self`. Only additions of integers and counts, so
    /// the result does not depend on how the rows were split or in which
    /// order the pieces come back.
    pub fn merge(&mut self, other: Summary) {
        self.rows += other.rows;
        self.rejected += other.rejected;
        self.first_rejected.extend(other.first_rejected);
        self.first_rejected
            .sort_by(|a, b| (&a.file, a.byte).cmp(&(&b.file, b.byte)));
        self.first_rejected.truncate(BAD_ROWS_SHOWN);
        self.revenue_per_country.merge(other.revenue_per_country);
        self.unit_price.merge(other.unit_price);
        self.total_price.merge(other.total_price);
    }
    // ANCHOR_END: merge

    /// The sum of all TotalPrice values: the total revenue, in milli-units.
    pub fn total_revenue(&self) -> i128 {
        self.total_price.sum
    }
}

/// Revenue per country: a short list, searched in order. Ten countries
/// make a list faster to search than a map; and a name is checked to be
/// UTF-8 text only the first time it is seen: later rows compare their
/// bytes with names already checked, so text that is not UTF-8 can never
/// match one and is always caught.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(into = "BTreeMap<String, i128>", from = "BTreeMap<String, i128>")]
pub struct Countries {
    totals: Vec<(String, i128)>,
    /// The one added to last: the lines of an invoice share a country, so
    /// the next row is likely the same one, and is checked first.
    #[serde(skip)]
    last: usize,
}

impl Countries {
    /// Add `amount` to the total of the country named `name`.
    pub fn add(&mut self, name: &[u8], amount: i128) -> Result<(), Utf8Error> {
        let same_as_last = self
            .totals
            .get(self.last)
            .is_some_and(|(known, _)| known.as_bytes() == name);
        if !same_as_last {
            self.last = match self.totals.iter().position(|(known, _)| known.as_bytes() == name) {
                Some(found) => found,
                None => {
                    self.totals.push((std::str::from_utf8(name)?.to_string(), 0));
                    self.totals.len() - 1
                }
            };
        }
        self.totals[self.last].1 += amount;
        Ok(())
    }

    /// Add `other`'s totals to ours.
    pub fn merge(&mut self, other: Countries) {
        for (name, amount) in other.totals {
            match self.totals.iter_mut().find(|(known, _)| *known == name) {
                Some((_, total)) => *total += amount,
                None => self.totals.push((name, amount)),
            }
        }
    }

    /// Each country's total, by name.
    pub fn sorted(&self) -> BTreeMap<&str, i128> {
        self.totals
            .iter()
            .map(|(name, total)| (name.as_str(), *total))
            .collect()
    }
}

/// Equal when they hold the same totals, in whatever order they were met.
impl PartialEq for Countries {
    fn eq(&self, other: &Countries) -> bool {
        self.sorted() == other.sorted()
    }
}

impl From<Countries> for BTreeMap<String, i128> {
    fn from(countries: Countries) -> Self {
        countries.totals.into_iter().collect()
    }
}

impl From<BTreeMap<String, i128>> for Countries {
    fn from(totals: BTreeMap<String, i128>) -> Self {
        Countries {
            totals: totals.into_iter().collect(),
            last: 0,
        }
    }
}

impl Column {
    /// Add one value.
    pub fn add(&mut self, milli: i64) {
        let value = i128::from(milli);
        self.sum += value;
        // |milli| < 10^15 (12 digits and 3 decimals), so the square (< 10^30)
        // fits an u128 and cannot overflow; the sum of squares can (below).
        self.sum_of_squares.add(u128::from(milli.unsigned_abs()).pow(2));
        self.values.add(milli);
    }

    /// Fold `other` into `self`.
    pub fn merge(&mut self, other: Column) {
        self.sum += other.sum;
        self.sum_of_squares.merge(other.sum_of_squares);
        self.values.merge(other.values);
    }

    /// The column's figures, or `None` if it holds no value.
    pub fn figures(&self) -> Option<Figures> {
        let sorted = self.values.sorted();
        let count: u64 = sorted.iter().map(|&(_, n)| n).sum();
        let (&(min, _), &(max, _)) = (sorted.first()?, sorted.last()?);
        let [p25, p50, p75] = nearest_ranks(&sorted, count, [25, 50, 75]);
        Some(Figures {
            min,
            max,
            mean: self.mean(count),
            std: self.population_std(count),
            p25,
            p50,
            p75,
        })
    }

    // ANCHOR: mean_std
    /// The mean in units, from the exact sum: one division, one rounding
    /// (`count × 1000` is exact in an `f64`, and so is the sum below 2^53).
    fn mean(&self, count: u64) -> f64 {
        self.sum as f64 / (count as f64 * MILLI)
    }

    /// The population standard deviation in units. The variance is
    /// `(n·Σx² − (Σx)²) / n²`; the numerator is computed exactly in
    /// integers, so no cancellation can happen (the float formula
    /// `E[x²] − E[x]²` subtracts two nearly equal large numbers and can even
    /// go negative). Only sums too large for `i128` fall back to floats.
    fn population_std(&self, count: u64) -> f64 {
        let n = i128::from(count);
        let exact = (self.sum_of_squares.exact())
            .and_then(|sum_sq| i128::try_from(sum_sq).ok())
            .and_then(|sum_sq| n.checked_mul(sum_sq))
            .zip(self.sum.checked_mul(self.sum))
            .map(|(n_sum_sq, sum_sq)| n_sum_sq - sum_sq);
        let numerator = match exact {
            Some(numerator) => numerator as f64,
            None => count as f64 * self.sum_of_squares.as_f64() - (self.sum as f64).powi(2),
        };
        numerator.max(0.0).sqrt() / (count as f64 * MILLI)
    }
    // ANCHOR_END: mean_std
}

const MILLI: f64 = crate::money::MILLI_PER_UNIT as f64;

// ANCHOR: squares
/// A sum of squares that cannot overflow: 192 bits, an `u128` and the
/// carries out of it.
///
/// A price has at most 12 digits and 3 decimals, so its square in
/// milli-units is below 10^30, about 2^100. An `i128` holds 2^127: only
/// about 170 million rows of the largest price, and a plain `+=` would
/// then wrap round silently in a release build (a debug build panics).
/// Here every carry out of the low 128 bits is counted in `high`, so the
/// sum holds up to 2^192: more than the 2^64 rows a `u64` row count can
/// reach at the largest price (2^164). The bound is the row count's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Squares {
    /// The low 128 bits.
    pub low: u128,
    /// The carries out of `low`: the sum is `high × 2^128 + low`.
    pub high: u64,
}

impl Squares {
    /// Add one square.
    #[inline]
    pub fn add(&mut self, square: u128) {
        let (low, carried) = self.low.overflowing_add(square);
        self.low = low;
        self.high += u64::from(carried);
    }

    /// Add another sum of squares.
    pub fn merge(&mut self, other: Squares) {
        self.add(other.low);
        self.high += other.high;
    }

    /// The sum, if it fits in an `u128`.
    pub fn exact(&self) -> Option<u128> {
        (self.high == 0).then_some(self.low)
    }

    /// The sum as a float (rounded).
    pub fn as_f64(&self) -> f64 {
        self.high as f64 * 2f64.powi(128) + self.low as f64
    }
}
// ANCHOR_END: squares

/// A column's figures, ready to print. Money values stay exact milli-units;
/// only the mean and standard deviation are floats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// The smallest value.
    pub min: i64,
    /// The largest value.
    pub max: i64,
    /// The mean, in units.
    pub mean: f64,
    /// The population standard deviation, in units.
    pub std: f64,
    /// The 25th percentile (nearest rank).
    pub p25: i64,
    /// The median: the 50th percentile (nearest rank).
    pub p50: i64,
    /// The 75th percentile (nearest rank).
    pub p75: i64,
}

// ANCHOR: nearest_ranks
/// Percentiles by the nearest-rank rule: the p-th percentile of `count`
/// values is the value at rank ⌈p·count/100⌉ in sorted order (counting from
/// 1), the smallest value with at least p% of the values at or below it.
/// `sorted` holds each distinct value once with its count, in ascending
/// order, so one walk through it finds all three.
fn nearest_ranks<const N: usize>(sorted: &[(i64, u64)], count: u64, percents: [u64; N]) -> [i64; N] {
    percents.map(|p| {
        let rank = (p * count).div_ceil(100).max(1);
        let mut seen = 0;
        for &(value, n) in sorted {
            seen += n;
            if seen >= rank {
                return value;
            }
        }
        sorted.last().map_or(0, |&(value, _)| value)
    })
}
// ANCHOR_END: nearest_ranks

/// How often each value occurred: a map from value to count.
///
/// A `HashMap`, since a row adds one value and that must be fast; it is
/// sorted only once, when the figures are read. Its hasher is
/// `rustc-hash`'s (one multiply per key, the compiler's own): Rust's
/// default (SipHash) is built to resist attackers who choose keys to make
/// a map slow, which prices read from our own files need not, and costs
/// more per key. Two distributions are
/// equal when they hold the same counts, whatever their internal order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(i64, u64)>", from = "Vec<(i64, u64)>")]
pub struct Distribution {
    counts: FxHashMap<i64, u64>,
}

impl Distribution {
    /// Count one occurrence of `value`.
    pub fn add(&mut self, value: i64) {
        *self.counts.entry(value).or_insert(0) += 1;
    }

    /// Add `other`'s counts to ours.
    pub fn merge(&mut self, other: Distribution) {
        // Fold the smaller map into the larger one.
        let (mut into, from) = if self.counts.len() >= other.counts.len() {
            (std::mem::take(&mut self.counts), other.counts)
        } else {
            (other.counts, std::mem::take(&mut self.counts))
        };
        for (value, n) in from {
            *into.entry(value).or_insert(0) += n;
        }
        self.counts = into;
    }

    /// Each distinct value with its count, smallest value first.
    pub fn sorted(&self) -> Vec<(i64, u64)> {
        let mut sorted: Vec<(i64, u64)> = self.counts.iter().map(|(&v, &n)| (v, n)).collect();
        sorted.sort_unstable();
        sorted
    }
}

impl From<Distribution> for Vec<(i64, u64)> {
    fn from(distribution: Distribution) -> Self {
        distribution.sorted()
    }
}

impl From<Vec<(i64, u64)>> for Distribution {
    fn from(pairs: Vec<(i64, u64)>) -> Self {
        let mut distribution = Distribution::default();
        for (value, n) in pairs {
            *distribution.counts.entry(value).or_insert(0) += n;
        }
        distribution
    }
}

// ANCHOR: partial
/// A cut-down [`Summary`] for exercise 3: what some rows add up to, in
/// three fields instead of six. [`Summary::merge`] is the pipeline's
/// version of the same additions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    /// How many rows.
    pub rows: u64,
    /// Revenue per country, in milli-units.
    pub revenue: BTreeMap<String, i64>,
    /// How often each price (in milli-units) occurred.
    pub prices: BTreeMap<i64, u64>,
}
// ANCHOR_END: partial

#[cfg(test)]
mod tests {
    use super::*;

    fn summary_of(rows: &[(&str, i64, i64)]) -> Summary {
        let mut summary = Summary::default();
        for &(country, unit, total) in rows {
            summary.add(country.as_bytes(), unit, total).expect("text");
        }
        summary
    }

    #[test]
    fn merging_in_any_grouping_gives_the_same_summary() {
        let rows = [
            ("France", 4960, 4960),
            ("Japan", 1250, 3750),
            ("France", 1, 2),
            ("Canada", 17_836_460, 142_691_680),
            ("Japan", 2460, 2460),
        ];
        let whole = summary_of(&rows);
        for cut in 0..=rows.len() {
            let (left, right) = rows.split_at(cut);
            let mut forwards = summary_of(left);
            forwards.merge(summary_of(right));
            let mut backwards = summary_of(right);
            backwards.merge(summary_of(left));
            assert_eq!(forwards, whole, "cut at {cut}");
            assert_eq!(backwards, whole, "cut at {cut}, reversed");
        }
    }

    #[test]
    fn figures_of_a_small_column() {
        let mut column = Column::default();
        for milli in [1000, 2000, 3000, 4000] {
            column.add(milli);
        }
        let figures = column.figures().expect("four values");
        assert_eq!((figures.min, figures.max), (1000, 4000));
        assert_eq!((figures.p25, figures.p50, figures.p75), (1000, 2000, 3000));
        assert_eq!(figures.mean, 2.5);
        assert!((figures.std - 1.25f64.sqrt()).abs() < 1e-12, "{}", figures.std);
    }

    #[test]
    fn an_empty_column_has_no_figures() {
        assert_eq!(Column::default().figures(), None);
    }

    #[test]
    fn nearest_rank_picks_the_smallest_value_covering_p_percent() {
        // Ten values 1..=10, each once: p25 is rank 3, p50 rank 5, p75 rank 8.
        let sorted: Vec<(i64, u64)> = (1..=10).map(|v| (v, 1)).collect();
        assert_eq!(nearest_ranks(&sorted, 10, [25, 50, 75]), [3, 5, 8]);
        // One value: every percentile is that value.
        assert_eq!(nearest_ranks(&[(7, 1)], 1, [0, 50, 100]), [7, 7, 7]);
        // Counts: 1 ×3, 2 ×1 → p75 is rank 3, still 1; p76 is rank 4.
        assert_eq!(nearest_ranks(&[(1, 3), (2, 1)], 4, [75, 76]), [1, 2]);
    }

    #[test]
    fn std_has_no_cancellation_on_large_equal_values() {
        let mut column = Column::default();
        for _ in 0..1000 {
            column.add(999_999_999_999_999);
        }
        let figures = column.figures().expect("values");
        assert_eq!(figures.std, 0.0);
    }

    #[test]
    fn the_sum_of_squares_carries_past_128_bits_instead_of_wrapping() {
        // At the bound: one square short of 2^128, then the largest price.
        let largest: i64 = 999_999_999_999_999; // 999,999,999,999.999 in milli-units
        let square = u128::from(largest as u64).pow(2);
        let mut squares = Squares {
            low: u128::MAX - 5,
            high: 0,
        };
        squares.add(square);
        assert_eq!(
            (squares.high, squares.low),
            (1, square - 6),
            "2^128 - 6 + x² must carry 1 into the high word and keep x² - 6 \
             below it; a plain u128 or i128 `+=` wraps round here in release"
        );
        assert_eq!(squares.exact(), None, "the sum no longer fits 128 bits");
    }

    #[test]
    fn std_is_right_past_the_i128_bound_of_170_million_largest_prices() {
        // 2^29 rows of the largest price and 2^29 of zero: a billion rows,
        // built by merging a column with itself (not by adding each row).
        // The sum of squares (2^29 × 10^30) is past i128's 1.7 × 10^38 and
        // even past 2^128.
        let largest = 999_999_999_999_999;
        let mut column = Column::default();
        column.add(largest);
        column.add(0);
        for _ in 0..29 {
            column.merge(column.clone());
        }
        assert!(
            column.sum_of_squares.high > 0,
            "past 128 bits: {:?}",
            column.sum_of_squares
        );
        let figures = column.figures().expect("values");
        let expected = largest as f64 / 2.0 / 1000.0; // half the spread, in units
        assert!(
            (figures.std - expected).abs() / expected < 1e-9,
            "std {} instead of {expected}: with an i128 sum of squares that \
             wrapped round, this came out 0",
            figures.std
        );
    }

    #[test]
    fn a_distribution_travels_as_sorted_pairs() {
        let distribution = Distribution::from(vec![(5, 1), (-2, 3), (5, 1)]);
        let json = serde_json::to_string(&distribution).expect("serialisable");
        assert_eq!(json, "[[-2,3],[5,2]]");
        let back: Distribution = serde_json::from_str(&json).expect("deserialisable");
        assert_eq!(back, distribution);
    }

    #[test]
    fn only_the_first_few_rejected_rows_are_kept_in_order() {
        let bad = |file: &str, byte| BadRow {
            file: file.into(),
            line: byte,
            byte,
            problem: crate::error::Problem::FieldCount {
                expected: 8,
                found: 7,
            },
        };
        let mut a = Summary::default();
        for byte in [50, 10, 30, 70] {
            a.reject(bad("b.csv", byte));
        }
        let mut b = Summary::default();
        for byte in [20, 40, 60] {
            b.reject(bad("a.csv", byte));
        }
        a.merge(b);
        assert_eq!(a.rejected, 7);
        let kept: Vec<(String, u64)> = a
            .first_rejected
            .iter()
            .map(|r| (r.file.clone(), r.byte))
            .collect();
        let expected = [
            ("a.csv", 20),
            ("a.csv", 40),
            ("a.csv", 60),
            ("b.csv", 10),
            ("b.csv", 30),
        ];
        assert_eq!(kept, expected.map(|(f, b)| (f.to_string(), b)));
    }
}
