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
        assert_eq!(parse_milli("4.96"), Some(4960));
        assert_eq!(parse_milli("0.001"), Some(1));
        assert_eq!(parse_milli("17836.46"), Some(17_836_460));
        assert_eq!(parse_milli("12"), Some(12_000));
        assert_eq!(parse_milli("12."), Some(12_000));
        assert_eq!(parse_milli(".5"), Some(500));
        assert_eq!(parse_milli("-2.5"), Some(-2500));
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "", ".", "-", "4.9x", "1e3", "0.0001", " 4.96", "4.96 ", "+1", "--1", "1.2.3", "nan", "4,96",
            "1.-5", "1.+5", "-+1",
        ] {
            assert_eq!(parse_milli(text), None, "{text:?}");
        }
    }

    #[test]
    fn twelve_digits_before_the_point_and_no_more() {
        assert_eq!(parse_milli("999999999999.999"), Some(999_999_999_999_999));
        assert_eq!(parse_milli("1000000000000"), None);
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
        assert_eq!(Some(sum), parse_milli("0.3"));
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
            prop_assert_eq!(parse_milli(&text), lesson_08_sales::money::parse(text.as_bytes()));
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
        assert_eq!(nearest_rank(&ten, 50), Some(5));
        assert_eq!(nearest_rank(&ten, 75), Some(8));
        assert_eq!(nearest_rank(&ten, 100), Some(10));
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
        assert_eq!(nearest_rank(&c, 50), Some(1));
        assert_eq!(nearest_rank(&c, 75), Some(1));
        assert_eq!(nearest_rank(&c, 76), Some(2));
    }

    #[test]
    fn the_seeds_median_is_not_none() {
        // The seed printed 'median': None. One value has a median: itself.
        assert_eq!(nearest_rank(&counts(&[(2460, 1)]), 50), Some(2460));
    }

    #[test]
    fn no_values_no_percentile() {
        assert_eq!(nearest_rank(&BTreeMap::new(), 50), None);
        assert_eq!(nearest_rank(&counts(&[(5, 0)]), 50), None);
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
            prop_assert_eq!(nearest_rank(&c, p), Some(sorted[rank - 1]));
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
        assert_eq!(merged.rows, 4);
        assert_eq!(merged.revenue["France"], 5000);
        assert_eq!(merged.revenue["Italy"], 1250);
        assert_eq!(merged.prices[&1250], 2);
        assert_eq!(
            merged,
            of(&[("France", 4960), ("Japan", 1250), ("France", 40), ("Italy", 1250)])
        );
    }

    #[test]
    fn an_empty_partial_changes_nothing() {
        let some = of(&[("France", 4960)]);
        assert_eq!(merge(some.clone(), Partial::default()), some);
        assert_eq!(merge(Partial::default(), some.clone()), some);
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
            prop_assert_eq!(&left, &of(&all));
            prop_assert_eq!(&right, &of(&all));
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
        assert_eq!(cut_at_line_ends(rows, 2), [0..10, 10..20]);
        assert_eq!(cut_at_line_ends(rows, 4), [0..5, 5..10, 10..15, 15..20]);
        assert_eq!(cut_at_line_ends(rows, 1), vec![0..20]);
    }

    #[test]
    fn never_inside_a_quoted_field() {
        // The line break in "b\nc" is part of a description, not a row end.
        let rows = b"1,\"b\nc\",2\n3,d,4\n";
        assert_eq!(cut_at_line_ends(rows, 2), [0..10, 10..16]);
        assert_eq!(cut_at_line_ends(rows, 4), [0..10, 10..16]);
    }

    #[test]
    fn no_empty_range_and_no_range_for_nothing() {
        assert_eq!(cut_at_line_ends(b"one long row without a break", 4), vec![0..28]);
        assert_eq!(cut_at_line_ends(b"a\n", 8), vec![0..2]);
        assert_eq!(cut_at_line_ends(b"", 3), Vec::<Range<usize>>::new());
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
            prop_assert!(ranges.len() <= pieces);
            let mut at = 0;
            for range in &ranges {
                prop_assert_eq!(range.start, at);
                prop_assert!(range.end > range.start);
                let quotes = bytes[..range.end].iter().filter(|&&b| b == b'"').count();
                prop_assert!(range.end == bytes.len() || (bytes[range.end - 1] == b'\n' && quotes % 2 == 0));
                at = range.end;
            }
            prop_assert_eq!(at, bytes.len());
        }
    }
}
