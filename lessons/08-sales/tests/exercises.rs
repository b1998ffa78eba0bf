//! The exercise tests of lesson 08. `just check 8` runs them against your
//! `src/exercises.rs`; `just solutions 8` against `src/solutions.rs`.
//! Each module tests the exercise of the same name.

// Your file or the answer key, compiled here and nowhere else: editing
// `src/exercises.rs` rebuilds this test, never the pipeline or the demo.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;

use proptest::test_runner::Config;

/// 256 cases per property. Failures are reported, not saved: by default
/// proptest would write a `proptest-regressions` file into the lesson.
fn cases() -> Config {
    Config {
        failure_persistence: None,
        ..Config::with_cases(256)
    }
}

mod parse_milli {
    use super::under_test::parse_milli;
    use proptest::prelude::*;

    #[test]
    fn reads_prices_as_thousandths() {
        for (text, milli, why) in [
            ("4.96", 4960, "two fraction digits: 496 × 10"),
            ("0.001", 1, "one thousandth"),
            ("17836.46", 17_836_460, "17836 × 1000 + 460"),
            ("12", 12_000, "no point: whole units, × 1000"),
            ("12.", 12_000, "a point with no digit after it is allowed"),
            (".5", 500, "no digit before the point is allowed"),
            ("-2.5", -2500, "a leading minus: a refund"),
        ] {
            assert_eq!(
                parse_milli(text),
                Some(milli),
                "{text:?} is {milli} thousandths ({why})"
            );
        }
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "", ".", "-", "4.9x", "1e3", "0.0001", " 4.96", "4.96 ", "+1", "--1", "1.2.3", "nan", "4,96",
            "1.-5", "1.+5", "-+1",
        ] {
            assert_eq!(
                parse_milli(text),
                None,
                "{text:?} is not a price by the contract (only an optional -, digits, \
                 one point, at most 3 digits after it): refuse it, never guess"
            );
        }
    }

    #[test]
    fn twelve_digits_before_the_point_and_no_more() {
        assert_eq!(
            parse_milli("999999999999.999"),
            Some(999_999_999_999_999),
            "twelve digits before the point are allowed"
        );
        assert_eq!(
            parse_milli("1000000000000"),
            None,
            "thirteen digits before the point are too many (the limit keeps the sums exact)"
        );
    }

    #[test]
    fn every_thousandth_is_exact() {
        // Through an f64, "1.001" * 1000.0 is 1000.9999999999999, which
        // truncates to 1000: the thousandth is lost.
        for (text, milli) in [("1.001", 1001), ("1.003", 1003), ("1.005", 1005), ("2.675", 2675)] {
            assert_eq!(
                parse_milli(text),
                Some(milli),
                "{text:?} is exactly {milli} thousandths"
            );
        }
    }

    #[test]
    fn never_a_float_rounding() {
        // 0.1 + 0.2 != 0.3 in floats; in thousandths it is 100 + 200 = 300.
        let sum: i64 = ["0.1", "0.2"].iter().filter_map(|t| parse_milli(t)).sum();
        assert_eq!(
            Some(sum),
            parse_milli("0.3"),
            "0.1 + 0.2 is exactly 0.3 in thousandths (100 + 200); a float in between loses it"
        );
    }

    proptest! {
        #![proptest_config(super::cases())]

        /// Any price with three fraction digits is whole × 1000 + fraction.
        #[test]
        fn three_fraction_digits_are_exact(whole in 0i64..1_000_000, fraction in 0i64..1000) {
            let text = format!("{whole}.{fraction:03}");
            prop_assert_eq!(parse_milli(&text), Some(whole * 1000 + fraction), "{}", text);
        }

        /// Agrees with the pipeline's own byte-level parser on any text.
        #[test]
        fn agrees_with_the_pipelines_parser(text in "-?[0-9.]{0,8}|\\PC{0,6}") {
            prop_assert_eq!(
                parse_milli(&text),
                lesson_08_sales::money::parse(text.as_bytes()),
                "{:?}: your answer differs from the pipeline's money::parse (the same contract)",
                text
            );
        }
    }
}

mod nearest_rank {
    use super::under_test::nearest_rank;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn counts(pairs: &[(i64, u64)]) -> BTreeMap<i64, u64> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn ten_values_once_each() {
        let ten = counts(&(1..=10).map(|v| (v, 1)).collect::<Vec<_>>());
        assert_eq!(
            nearest_rank(&ten, 25),
            Some(3),
            "p25 of 1..=10: rank ⌈25·10/100⌉ = 3, the value 3"
        );
        assert_eq!(nearest_rank(&ten, 50), Some(5), "p50 of 1..=10: rank ⌈5⌉ = 5");
        assert_eq!(
            nearest_rank(&ten, 75),
            Some(8),
            "p75 of 1..=10: rank ⌈7.5⌉ = 8 (round the rank up, not down)"
        );
        assert_eq!(nearest_rank(&ten, 100), Some(10), "p100 is the largest value");
        assert_eq!(nearest_rank(&ten, 0), Some(1), "rank 0 counts as rank 1");
    }

    #[test]
    fn the_rank_is_computed_in_whole_numbers() {
        // 14 % of 50 values: rank ⌈14·50/100⌉ = 7. In floats, 0.14 * 50.0
        // is 7.000000000000001, whose ceiling is 8.
        let fifty = counts(&(1..=50).map(|v| (v, 1)).collect::<Vec<_>>());
        assert_eq!(
            nearest_rank(&fifty, 14),
            Some(7),
            "p14 of 1..=50 is rank 7, the value 7"
        );
    }

    #[test]
    fn counts_are_values_repeated() {
        let c = counts(&[(1, 3), (2, 1)]);
        let why = "{1: 3, 2: 1} is the values 1, 1, 1, 2: count each value as often as it occurred";
        assert_eq!(nearest_rank(&c, 50), Some(1), "p50: rank 2 of 4. {why}");
        assert_eq!(nearest_rank(&c, 75), Some(1), "p75: rank 3 of 4. {why}");
        assert_eq!(nearest_rank(&c, 76), Some(2), "p76: rank ⌈3.04⌉ = 4. {why}");
    }

    #[test]
    fn the_seeds_median_is_not_none() {
        // The seed printed 'median': None. One value has a median: itself.
        assert_eq!(
            nearest_rank(&counts(&[(2460, 1)]), 50),
            Some(2460),
            "one value: every percentile is that value"
        );
    }

    #[test]
    fn no_values_no_percentile() {
        assert_eq!(
            nearest_rank(&BTreeMap::new(), 50),
            None,
            "no values: no percentile"
        );
        assert_eq!(
            nearest_rank(&counts(&[(5, 0)]), 50),
            None,
            "a value counted 0 times is no value: n = 0, no percentile"
        );
    }

    proptest! {
        #![proptest_config(super::cases())]

        /// The same as sorting every value and taking rank ⌈p·n/100⌉.
        #[test]
        fn matches_the_sorted_list_definition(values in prop::collection::vec(-50i64..50, 1..60), p in 0u32..=100) {
            let mut c = BTreeMap::new();
            for &v in &values {
                *c.entry(v).or_insert(0) += 1;
            }
            let mut sorted = values.clone();
            sorted.sort();
            let rank = (p as usize * sorted.len()).div_ceil(100).max(1);
            prop_assert_eq!(
                nearest_rank(&c, p),
                Some(sorted[rank - 1]),
                "p{} of {:?}: the value at rank ⌈p·n/100⌉ = {} of the sorted values",
                p, sorted, rank
            );
        }
    }
}

mod merge {
    use super::under_test::merge;
    use lesson_08_sales::summary::Partial;
    use proptest::prelude::*;

    /// The partial report of some rows of (country, price).
    fn of(rows: &[(&str, i64)]) -> Partial {
        let mut partial = Partial::default();
        for &(country, price) in rows {
            partial.rows += 1;
            *partial.revenue.entry(country.to_string()).or_insert(0) += price;
            *partial.prices.entry(price).or_insert(0) += 1;
        }
        partial
    }

    #[test]
    fn adds_rows_revenue_and_counts() {
        let merged = merge(
            of(&[("France", 4960), ("Japan", 1250)]),
            of(&[("France", 40), ("Italy", 1250)]),
        );
        assert_eq!(merged.rows, 4, "2 rows + 2 rows");
        assert_eq!(
            merged.revenue.get("France"),
            Some(&5000),
            "France is in both: 4960 + 40, added, not replaced"
        );
        assert_eq!(
            merged.revenue.get("Italy"),
            Some(&1250),
            "Italy is only in the second partial: its revenue must be carried over \
             (a merge that only updates the first map's keys loses it)"
        );
        assert_eq!(
            merged.prices.get(&1250),
            Some(&2),
            "the price 1250 occurred once in each partial: counts add up to 2"
        );
        assert_eq!(
            merged,
            of(&[("France", 4960), ("Japan", 1250), ("France", 40), ("Italy", 1250)]),
            "the merge must be the partial of all four rows"
        );
    }

    #[test]
    fn an_empty_partial_changes_nothing() {
        let some = of(&[("France", 4960)]);
        assert_eq!(
            merge(some.clone(), Partial::default()),
            some,
            "merging an empty partial into one changes nothing"
        );
        assert_eq!(
            merge(Partial::default(), some.clone()),
            some,
            "merging one into an empty partial gives it back whole: every key of \
             the second map must be carried over, not only the first map's"
        );
    }

    fn rows() -> impl Strategy<Value = Vec<(&'static str, i64)>> {
        prop::collection::vec(
            (prop::sample::select(vec!["France", "Japan", "Italy"]), 0i64..20),
            0..12,
        )
    }

    proptest! {
        #![proptest_config(super::cases())]

        /// However the rows are split, and in whatever order the parts come
        /// back, the merge is the report of all the rows.
        #[test]
        fn any_split_in_any_order_gives_the_same_report(a in rows(), b in rows(), c in rows()) {
            let all: Vec<_> = a.iter().chain(&b).chain(&c).copied().collect();
            let left = merge(merge(of(&a), of(&b)), of(&c));
            let right = merge(of(&c), merge(of(&b), of(&a)));
            prop_assert_eq!(
                &left,
                &of(&all),
                "merge(merge(a, b), c) must be the partial of all the rows"
            );
            prop_assert_eq!(
                &right,
                &of(&all),
                "merge(c, merge(b, a)) must be the same: order and grouping must not matter"
            );
        }
    }
}

mod cut_at_line_ends {
    use super::under_test::cut_at_line_ends;
    use proptest::prelude::*;
    use std::ops::Range;

    #[test]
    fn cuts_at_the_first_row_start_after_each_share() {
        let rows = b"aaaa\nbbbb\ncccc\ndddd\n";
        assert_eq!(
            cut_at_line_ends(rows, 2),
            [0..10, 10..20],
            "2 pieces of 4 rows of 5 bytes: the share ends at byte 10, a row start"
        );
        assert_eq!(
            cut_at_line_ends(rows, 4),
            [0..5, 5..10, 10..15, 15..20],
            "4 pieces: one row each"
        );
        assert_eq!(cut_at_line_ends(rows, 1), vec![0..20], "1 piece: everything");
    }

    #[test]
    fn never_inside_a_quoted_field() {
        // The line break in "b\nc" is part of a description, not a row end.
        let rows = b"1,\"b\nc\",2\n3,d,4\n";
        let why = "the \\n at byte 4 is inside the quoted \"b\\nc\": not a row end \
                   (count the quotes before a \\n)";
        assert_eq!(cut_at_line_ends(rows, 2), [0..10, 10..16], "{why}");
        assert_eq!(cut_at_line_ends(rows, 4), [0..10, 10..16], "{why}");
    }

    #[test]
    fn no_empty_range_and_no_range_for_nothing() {
        assert_eq!(
            cut_at_line_ends(b"one long row without a break", 4),
            vec![0..28],
            "no row start inside: one range, however many pieces were asked for"
        );
        assert_eq!(
            cut_at_line_ends(b"a\n", 8),
            vec![0..2],
            "one row: one range; a cut at byte 2, the very end, would make an empty piece"
        );
        assert_eq!(
            cut_at_line_ends(b"", 3),
            Vec::<Range<usize>>::new(),
            "no bytes: no range at all, not one empty range"
        );
    }

    #[test]
    fn never_a_cut_at_the_very_end() {
        // The last row start is the end of the bytes: a cut there makes an
        // empty last piece, for every count of pieces that reaches it.
        let rows = b"aaaa\nbb\n";
        for pieces in 1..=8 {
            let ranges = cut_at_line_ends(rows, pieces);
            for (i, range) in ranges.iter().enumerate() {
                assert!(
                    !range.is_empty(),
                    "{pieces} pieces gave {ranges:?}: range {i} is empty. A cut at the \
                     very end of the bytes ({}) makes an empty last piece: cut only at \
                     row starts before the end",
                    rows.len()
                );
            }
            assert_eq!(
                ranges.last().map(|r| r.end),
                Some(rows.len()),
                "{pieces} pieces gave {ranges:?}: the last range must end at the end of the bytes"
            );
        }
    }

    /// Rows of plain and quoted fields, some with line breaks inside quotes.
    fn rows() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(prop_oneof!["[a-z,]{0,8}", "\"[a-z\n,]{0,8}\",[0-9]{1,3}"], 0..30).prop_map(
            |rows| {
                rows.iter()
                    .map(|row| format!("{row}\n"))
                    .collect::<String>()
                    .into_bytes()
            },
        )
    }

    proptest! {
        #![proptest_config(super::cases())]

        /// The ranges cover the buffer in order and end at row ends.
        #[test]
        fn ranges_cover_everything_and_end_at_row_ends(bytes in rows(), pieces in 1usize..9) {
            let ranges = cut_at_line_ends(&bytes, pieces);
            prop_assert!(ranges.len() <= pieces, "{} ranges for {} pieces: at most one a piece", ranges.len(), pieces);
            let mut at = 0;
            for range in &ranges {
                prop_assert_eq!(range.start, at, "{:?}: each range starts where the one before ended (no gap, no overlap)", &ranges);
                prop_assert!(
                    range.end > range.start,
                    "{:?}: the range {:?} is empty (a cut at the very end, or two cuts at one row start)",
                    &ranges, range
                );
                let quotes = bytes[..range.end].iter().filter(|&&b| b == b'"').count();
                prop_assert!(
                    range.end == bytes.len() || (bytes[range.end - 1] == b'\n' && quotes % 2 == 0),
                    "{:?}: the range {:?} ends inside a row (not after a \\n outside quotes)",
                    &ranges, range
                );
                at = range.end;
            }
            prop_assert_eq!(at, bytes.len(), "{:?}: the ranges must cover every byte", &ranges);
        }
    }
}
