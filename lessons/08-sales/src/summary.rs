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
//! - the sum of squares, from which the standard deviation follows exactly;
//! - every distinct price with how often it occurred (a [`Distribution`]):
//!   min, max and percentiles are read from it at the end, and merging two
//!   of them is adding counts. The sales files have a few thousand distinct
//!   prices, so this stays small however many rows there are.

use crate::error::BadRow;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
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
    pub sum_of_squares: i128,
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
        self.sum_of_squares += value * value;
        self.values.add(milli);
    }

    /// Fold `other` into `self`.
    pub fn merge(&mut self, other: Column) {
        self.sum += other.sum;
        self.sum_of_squares += other.sum_of_squares;
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
    /// go negative). Only a sum too large for `i128` falls back to floats.
    fn population_std(&self, count: u64) -> f64 {
        let n = i128::from(count);
        let exact = n
            .checked_mul(self.sum_of_squares)
            .zip(self.sum.checked_mul(self.sum))
            .map(|(n_sum_sq, sum_sq)| n_sum_sq - sum_sq);
        let numerator = match exact {
            Some(numerator) => numerator as f64,
            None => count as f64 * self.sum_of_squares as f64 - (self.sum as f64).powi(2),
        };
        numerator.max(0.0).sqrt() / (count as f64 * MILLI)
    }
    // ANCHOR_END: mean_std
}

const MILLI: f64 = crate::money::MILLI_PER_UNIT as f64;

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
/// sorted only once, when the figures are read. Two distributions are
/// equal when they hold the same counts, whatever their internal order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(i64, u64)>", from = "Vec<(i64, u64)>")]
pub struct Distribution {
    counts: HashMap<i64, u64, BuildHasherDefault<MixHasher>>,
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

/// A fast hash for our own integer keys. Rust's default hasher (SipHash)
/// is built to resist attackers who choose keys to make a map slow; prices
/// read from our own files need no such defence, and a multiply and a
/// rotate are several times cheaper per row.
#[derive(Debug, Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_i64(&mut self, value: i64) {
        self.write_u64(value as u64);
    }

    fn write_u64(&mut self, value: u64) {
        // Multiplying by a large odd constant spreads the key's bits upward;
        // the rotation brings the well-mixed high bits down, where the map
        // picks its bucket.
        self.0 = (self.0 ^ value)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }

    fn finish(&self) -> u64 {
        self.0
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
