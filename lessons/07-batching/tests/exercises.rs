//! The exercise tests of lesson 07. `just check 7` runs them against your
//! `src/exercises.rs`; `just solutions 7` against `src/solutions.rs`.
//! Each module tests the exercise of the same name.
//!
//! Two kinds of test: examples (the seed's eleven files, the edge cases of
//! the contract) and properties, checked by proptest on 2,000 generated
//! inputs each (Python's `hypothesis`). When a property fails, proptest
//! shrinks the input and reports the smallest one that still fails.

use lesson_07_batching::{BatchError, batch_weights};

// `just check 7` (the `learner` feature) tests your file; without the
// feature, the answer key. Only this test crate compiles either, so an edit
// to your file never rebuilds the demo.
#[cfg(feature = "learner")]
#[path = "../src/exercises.rs"]
mod under_test;
#[cfg(not(feature = "learner"))]
#[path = "../src/solutions.rs"]
mod under_test;
use proptest::prelude::*;
use workbook::watchdog;

/// 2,000 cases per property. Failures are reported, not saved: by default
/// proptest would write a `proptest-regressions/` folder into the lesson.
/// Shrinking is capped too: a solution that panics prints its panic once
/// per shrinking step.
fn cases() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        max_shrink_iters: 64,
        ..ProptestConfig::with_cases(2_000)
    }
}

/// A property test runs only once `exercise` gives the right answer on
/// one plain example: against a stub, proptest would otherwise report the
/// same `todo!` panic dozens of times while it shrinks the input. (A stub's
/// `todo!` panics right here, once.)
fn examples_first<T>(exercise: &str, call: &str, got: impl FnOnce() -> T, expected: T)
where
    T: PartialEq + std::fmt::Debug,
{
    let got = got();
    assert!(
        got == expected,
        "{exercise}'s properties are checked on generated inputs only once a plain \
         example works, and `{call}` gave {got:?}, not {expected:?}: make the \
         example tests of `{exercise}` pass first"
    );
}

/// Runs a test under the watchdog. A batching loop that never ends (say,
/// one that steps by `len / n`, which is 0 when `n > len`) then fails after
/// 20 s with a message, instead of hanging `just check 7`.
fn watched(what: &str, test: impl FnOnce() + Send + 'static) {
    watchdog::within(watchdog::DEFAULT_LIMIT, what, test);
}

/// The seed's example: `file_0.csv` to `file_10.csv`.
fn seed_files() -> Vec<String> {
    (0..11).map(|i| format!("file_{i}.csv")).collect()
}

/// Batches of file names from batches of file numbers, for short asserts.
fn files(batches: &[&[usize]]) -> Vec<Vec<String>> {
    batches
        .iter()
        .map(|batch| batch.iter().map(|i| format!("file_{i}.csv")).collect())
        .collect()
}

/// How many items, and how many batches to ask for: often more batches
/// than items, sometimes no items at all.
fn len_and_n() -> impl Strategy<Value = (usize, usize)> {
    (0usize..=60, 1usize..=70)
}

/// Every item of `0..len` exactly once, whatever the batches' order.
fn is_each_item_once(batches: &[Vec<usize>], len: usize) -> bool {
    let mut seen = batches.concat();
    seen.sort_unstable();
    seen == (0..len).collect::<Vec<_>>()
}

/// The largest and smallest batch sizes differ by at most one.
fn sizes_within_one<T>(batches: &[Vec<T>]) -> bool {
    let sizes = batches.iter().map(Vec::len);
    match (sizes.clone().max(), sizes.min()) {
        (Some(most), Some(least)) => most - least <= 1,
        _ => true, // no batches at all
    }
}

/// An item that cannot be cloned (like a file handle): the batching
/// functions must move items into batches, not copy them.
#[derive(Debug, PartialEq)]
struct Ticket(usize);

/// The numbers in each batch of tickets.
fn numbers(batches: &[Vec<Ticket>]) -> Vec<Vec<usize>> {
    batches
        .iter()
        .map(|batch| batch.iter().map(|t| t.0).collect())
        .collect()
}

mod contiguous {
    use super::under_test::contiguous;
    use super::*;

    #[test]
    fn items_need_not_be_clone() {
        watched("contiguous(tickets, 2)", || {
            let batches = contiguous((0..5).map(Ticket), 2).expect("2 batches is a fine request");
            assert_eq!(
                numbers(&batches),
                [vec![0, 1, 2], vec![3, 4]],
                "5 items into 2 runs: 3 then 2 (5 / 2 = 2, and the 5 % 2 = 1 left over \
                 lengthens the first run; runs of 2 alone lose item 4), each item moved in, \
                 none copied (a Ticket is not Clone)"
            );
        });
    }

    #[test]
    fn splits_the_seeds_11_files_into_4_4_3() {
        watched("contiguous(11 files, 3)", || {
            let batches = contiguous(seed_files(), 3).expect("3 batches is a fine request");
            assert_eq!(
                batches,
                files(&[&[0, 1, 2, 3], &[4, 5, 6, 7], &[8, 9, 10]]),
                "11 files into 3 runs of 4, 4 and 3 (11 / 3 = 3, and the 11 % 3 = 2 left over \
                 lengthen the first two); a run of 3 for each loses files 9 and 10"
            );
        });
    }

    #[test]
    fn equal_items_are_all_kept() {
        watched("contiguous(a a a b, 2)", || {
            let batches = contiguous(["a", "a", "a", "b"], 2).expect("2 batches is a fine request");
            assert_eq!(
                batches,
                [vec!["a", "a"], vec!["a", "b"]],
                "equal items are still separate items: a batch kept in a set keeps one \"a\" \
                 and loses the others (the chapter's pitfall); keep batches in a Vec"
            );
        });
    }

    #[test]
    fn leftovers_lengthen_the_first_batches_and_shift_the_rest() {
        watched("contiguous(0..10, 4)", || {
            let batches = contiguous(0..10, 4).expect("4 batches is a fine request");
            assert_eq!(
                batches,
                [vec![0, 1, 2], vec![3, 4, 5], vec![6, 7], vec![8, 9]],
                "10 items into 4: sizes 3, 3, 2, 2 (10 % 4 = 2 leftovers go to the first two \
                 batches and push the later starts along); steps of 10 / 4 = 2 alone lose 8 and 9"
            );
        });
    }

    #[test]
    fn more_batches_than_items_gives_one_item_per_batch() {
        watched("contiguous(0..5, 8)", || {
            let batches = contiguous(0..5, 8).expect("8 batches is a fine request");
            assert_eq!(
                batches,
                [[0], [1], [2], [3], [4]],
                "8 batches of 5 items: min(8, 5) = 5 batches of one, no empty batch, no lost \
                 item (the seed returned [] here)"
            );
        });
    }

    #[test]
    fn zero_batches_is_an_error_not_a_panic() {
        watched("contiguous(_, 0)", || {
            assert_eq!(
                contiguous(0..5, 0),
                Err(BatchError::ZeroBatches),
                "0 batches is Err(ZeroBatches), checked before dividing by it"
            );
            assert_eq!(
                contiguous(0..0, 0),
                Err(BatchError::ZeroBatches),
                "0 batches is an error even with no items: check n first"
            );
        });
    }

    #[test]
    fn no_items_make_no_batches() {
        watched("contiguous(no items, 3)", || {
            assert_eq!(
                contiguous(0..0, 3),
                Ok(Vec::<Vec<i32>>::new()),
                "no items make no batches: Ok([]), not three empty batches"
            );
        });
    }

    #[test]
    fn joining_the_batches_gives_back_the_items_in_order() {
        watched("contiguous: joined batches", || {
            examples_first(
                "contiguous",
                "contiguous(0..11, 3)",
                || contiguous(0..11, 3),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = contiguous(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert!(
                    is_each_item_once(&batches, len),
                    "0..{} into {} batches must hold each item exactly once (a lost remainder \
                     or a repeated item?): {:?}", len, n, batches
                );
                prop_assert_eq!(
                    batches.concat(),
                    (0..len).collect::<Vec<_>>(),
                    "joined, the batches must give back 0..{} in order", len
                );
            });
        });
    }

    #[test]
    fn sizes_differ_by_at_most_one_longest_first() {
        watched("contiguous: batch sizes", || {
            examples_first(
                "contiguous",
                "contiguous(0..11, 3)",
                || contiguous(0..11, 3),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = contiguous(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert!(
                    sizes_within_one(&batches),
                    "0..{} into {} batches: sizes must differ by at most one (all the leftovers \
                     in the last batch?): {:?}", len, n, batches
                );
                let longest_first = batches.windows(2).all(|w| w[0].len() >= w[1].len());
                prop_assert!(longest_first, "leftovers go to the first batches: {batches:?}");
            });
        });
    }

    #[test]
    fn makes_min_n_len_batches_none_empty() {
        watched("contiguous: batch count", || {
            examples_first(
                "contiguous",
                "contiguous(0..11, 3)",
                || contiguous(0..11, 3),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = contiguous(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert_eq!(
                    batches.len(), n.min(len),
                    "0..{} into {}: expected min(n, len) batches: {:?}", len, n, batches
                );
                prop_assert!(
                    batches.iter().all(|b| !b.is_empty()),
                    "0..{} into {}: no batch may be empty: {:?}", len, n, batches
                );
            });
        });
    }
}

mod round_robin {
    use super::under_test::round_robin;
    use super::*;

    #[test]
    fn items_need_not_be_clone() {
        watched("round_robin(tickets, 2)", || {
            let batches = round_robin((0..5).map(Ticket), 2).expect("2 batches is a fine request");
            assert_eq!(
                numbers(&batches),
                [vec![0, 2, 4], vec![1, 3]],
                "5 items dealt to 2: even items to batch 0, odd to batch 1, moved in, not copied"
            );
        });
    }

    #[test]
    fn equal_items_are_all_kept() {
        watched("round_robin(a a a b, 2)", || {
            let batches = round_robin(["a", "a", "a", "b"], 2).expect("2 batches is a fine request");
            assert_eq!(
                batches,
                [vec!["a", "a"], vec!["a", "b"]],
                "equal items are still separate items: a batch kept in a set keeps one \"a\" \
                 and loses the others (the chapter's pitfall); keep batches in a Vec"
            );
        });
    }

    #[test]
    fn deals_the_seeds_11_files_like_cards() {
        watched("round_robin(11 files, 3)", || {
            let batches = round_robin(seed_files(), 3).expect("3 batches is a fine request");
            assert_eq!(
                batches,
                files(&[&[0, 3, 6, 9], &[1, 4, 7, 10], &[2, 5, 8]]),
                "file i goes to batch i % 3, and keeps its input order inside the batch"
            );
        });
    }

    #[test]
    fn more_batches_than_items_gives_one_item_per_batch() {
        watched("round_robin(0..5, 8)", || {
            let batches = round_robin(0..5, 8).expect("8 batches is a fine request");
            assert_eq!(
                batches,
                [[0], [1], [2], [3], [4]],
                "8 batches of 5 items: min(8, 5) = 5 batches of one, no empty batch"
            );
        });
    }

    #[test]
    fn zero_batches_is_an_error_not_a_panic() {
        watched("round_robin(_, 0)", || {
            assert_eq!(
                round_robin(0..5, 0),
                Err(BatchError::ZeroBatches),
                "0 batches is Err(ZeroBatches), checked before `i % n` divides by it"
            );
            assert_eq!(
                round_robin(0..0, 0),
                Err(BatchError::ZeroBatches),
                "0 batches is an error even with no items: check n first"
            );
        });
    }

    #[test]
    fn no_items_make_no_batches() {
        watched("round_robin(no items, 3)", || {
            assert_eq!(
                round_robin(0..0, 3),
                Ok(Vec::<Vec<i32>>::new()),
                "no items make no batches: Ok([]), not three empty batches"
            );
        });
    }

    #[test]
    fn every_item_lands_exactly_once() {
        watched("round_robin: every item once", || {
            examples_first(
                "round_robin",
                "round_robin(0..11, 3)",
                || round_robin(0..11, 3),
                Ok(vec![vec![0, 3, 6, 9], vec![1, 4, 7, 10], vec![2, 5, 8]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = round_robin(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert!(
                    is_each_item_once(&batches, len),
                    "0..{} into {} batches must hold each item exactly once: {:?}", len, n, batches
                );
            });
        });
    }

    #[test]
    fn item_i_goes_to_batch_i_mod_batches_in_order() {
        watched("round_robin: where each item goes", || {
            examples_first(
                "round_robin",
                "round_robin(0..11, 3)",
                || round_robin(0..11, 3),
                Ok(vec![vec![0, 3, 6, 9], vec![1, 4, 7, 10], vec![2, 5, 8]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = round_robin(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert_eq!(
                    batches.len(), n.min(len),
                    "0..{} into {}: expected min(n, len) batches", len, n
                );
                for (b, batch) in batches.iter().enumerate() {
                    let expected: Vec<usize> = (b..len).step_by(batches.len()).collect();
                    prop_assert_eq!(
                        batch, &expected,
                        "0..{} into {}: batch {} must hold the items i with i % {} == {}, in order",
                        len, n, b, batches.len(), b
                    );
                }
            });
        });
    }

    #[test]
    fn sizes_differ_by_at_most_one_none_empty() {
        watched("round_robin: batch sizes", || {
            examples_first(
                "round_robin",
                "round_robin(0..11, 3)",
                || round_robin(0..11, 3),
                Ok(vec![vec![0, 3, 6, 9], vec![1, 4, 7, 10], vec![2, 5, 8]]),
            );
            proptest!(cases(), |((len, n) in len_and_n())| {
                let batches = round_robin(0..len, n).expect("n >= 1 must give Ok(batches)");
                prop_assert!(
                    sizes_within_one(&batches),
                    "0..{} into {}: sizes must differ by at most one: {:?}", len, n, batches
                );
                prop_assert!(
                    batches.iter().all(|b| !b.is_empty()),
                    "0..{} into {}: no batch may be empty: {:?}", len, n, batches
                );
            });
        });
    }
}

mod by_weight {
    use super::under_test::by_weight;
    use super::*;

    /// Sizes in KB for the seed's eleven files, as in the demo.
    const SIZES_KB: [u64; 11] = [310, 40, 25, 60, 35, 280, 20, 45, 150, 30, 55];

    /// Weights to test with: many ties (0 to 3) or a wide spread (0 to
    /// 1,000), and sometimes more batches than items.
    fn weights_and_n() -> impl Strategy<Value = (Vec<u64>, usize)> {
        let weight = prop_oneof![0u64..=3, 0u64..=1_000];
        (prop::collection::vec(weight, 0..=40), 1usize..=45)
    }

    /// Items `(index, weight)` split by weight: the index tells the items
    /// apart, the weight is what the split balances.
    fn split(weights: &[u64], n: usize) -> Vec<Vec<(usize, u64)>> {
        let items = weights.iter().copied().enumerate();
        by_weight(items, n, |&(_, w)| w).expect("n >= 1 must give Ok(batches)")
    }

    fn heaviest(batches: &[Vec<(usize, u64)>]) -> u64 {
        batch_weights(batches, |&(_, w)| w).into_iter().max().unwrap_or(0)
    }

    /// The heaviest batch of the contiguous split into `k` batches (first
    /// batches one longer), worked out here so that this test does not
    /// depend on your `contiguous`.
    fn contiguous_heaviest(weights: &[u64], k: usize) -> u64 {
        let mut rest = weights;
        let mut heaviest = 0;
        for b in 0..k {
            let size = weights.len() / k + usize::from(b < weights.len() % k);
            let (batch, tail) = rest.split_at(size);
            heaviest = heaviest.max(batch.iter().sum());
            rest = tail;
        }
        heaviest
    }

    #[test]
    fn items_need_not_be_clone() {
        watched("by_weight(tickets, 2)", || {
            let batches =
                by_weight((0..4).map(Ticket), 2, |t| t.0 as u64).expect("2 batches is a fine request");
            assert_eq!(
                numbers(&batches),
                [vec![3, 0], vec![2, 1]],
                "weights 0..4: 3 to batch 0, 2 to batch 1, 1 to the lighter batch 1, 0 to batch 0 \
                 (tied at 3: fewer items); items moved in, not copied"
            );
        });
    }

    #[test]
    fn balances_the_seeds_11_files_by_size() {
        watched("by_weight(11 files, 3)", || {
            let sized = seed_files().into_iter().zip(SIZES_KB);
            let batches = by_weight(sized, 3, |&(_, kb)| kb).expect("3 batches is a fine request");
            let names: Vec<Vec<String>> = batches
                .iter()
                .map(|batch| batch.iter().map(|(name, _)| name.clone()).collect())
                .collect();
            assert_eq!(
                names,
                files(&[&[0, 4], &[5, 1, 2], &[8, 3, 10, 7, 9, 6]]),
                "heaviest first (310, 280, 150 KB open the three batches), then each file onto \
                 the batch lightest so far"
            );
            assert_eq!(
                batch_weights(&batches, |&(_, kb)| kb),
                [345, 345, 360],
                "the three batches' KB: balanced within one file"
            );
        });
    }

    #[test]
    fn largest_first_can_lose_to_a_lucky_count_split() {
        // The contiguous split of these is [2, 2, 2] and [3, 3]: 6 and 6.
        // Largest first places 3, 3, then 2 and 2 on either side, and the
        // last 2 makes 7. Greedy is fast and good, not perfect.
        watched("by_weight([2, 2, 2, 3, 3], 2)", || {
            let batches = split(&[2, 2, 2, 3, 3], 2);
            assert_eq!(
                batch_weights(&batches, |&(_, w)| w),
                [7, 5],
                "largest first: 3 | 3, then 2 to batch 0 (a tie: the lower number), 2 to \
                 batch 1, the last 2 to batch 0: 7 and 5"
            );
        });
    }

    #[test]
    fn zero_weight_items_leave_no_batch_empty() {
        watched("by_weight([0, 0, 0, 0], 3)", || {
            let batches = split(&[0, 0, 0, 0], 3);
            let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
            assert_eq!(
                sizes,
                [2, 1, 1],
                "ties on weight go to the batch with fewer items"
            );
        });
    }

    #[test]
    fn more_batches_than_items_gives_one_item_per_batch_heaviest_first() {
        watched("by_weight(3 items, 5)", || {
            let batches = split(&[5, 9, 1], 5);
            assert_eq!(
                batches,
                [[(1, 9)], [(0, 5)], [(2, 1)]],
                "3 items, 5 batches asked: 3 batches of one, heaviest first (9, 5, 1)"
            );
        });
    }

    #[test]
    fn zero_batches_is_an_error_not_a_panic() {
        watched("by_weight(_, 0)", || {
            assert_eq!(
                by_weight([4, 2], 0, |&w| w),
                Err(BatchError::ZeroBatches),
                "0 batches is Err(ZeroBatches), not a panic on an empty list of batches"
            );
            assert_eq!(
                by_weight(Vec::<u64>::new(), 0, |&w| w),
                Err(BatchError::ZeroBatches),
                "0 batches is an error even with no items: check n first"
            );
        });
    }

    #[test]
    fn no_items_make_no_batches() {
        watched("by_weight(no items, 3)", || {
            assert_eq!(
                by_weight(Vec::<u64>::new(), 3, |&w| w),
                Ok(Vec::new()),
                "no items make no batches: Ok([]), not three empty batches"
            );
        });
    }

    #[test]
    fn every_item_lands_exactly_once() {
        watched("by_weight: every item once", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                let batches = split(&weights, n);
                let mut seen = batches.concat();
                seen.sort_unstable();
                let all: Vec<(usize, u64)> = weights.iter().copied().enumerate().collect();
                prop_assert_eq!(
                    seen, all,
                    "weights {:?} into {}: each item exactly once, none lost or repeated", weights, n
                );
            });
        });
    }

    #[test]
    fn makes_min_n_len_batches_none_empty() {
        watched("by_weight: batch count", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                let batches = split(&weights, n);
                prop_assert_eq!(
                    batches.len(), n.min(weights.len()),
                    "weights {:?} into {}: expected min(n, len) batches: {:?}", weights, n, batches
                );
                prop_assert!(
                    batches.iter().all(|b| !b.is_empty()),
                    "weights {:?} into {}: no batch may be empty (ties on weight go to the batch \
                     with fewer items): {:?}", weights, n, batches
                );
            });
        });
    }

    #[test]
    fn inside_a_batch_heaviest_first_ties_in_input_order() {
        watched("by_weight: order inside a batch", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                for batch in split(&weights, n) {
                    let placed_in_order = batch
                        .windows(2)
                        .all(|p| p[0].1 > p[1].1 || (p[0].1 == p[1].1 && p[0].0 < p[1].0));
                    prop_assert!(
                        placed_in_order,
                        "weights {:?} into {}: a batch lists its items (index, weight) heaviest \
                         first, equal weights in input order (sort stably, or break ties by \
                         index); this batch is not: {:?}", weights, n, batch
                    );
                }
            });
        });
    }

    #[test]
    fn each_item_went_to_the_lightest_batch() {
        // When a batch took its last (lightest) item it was the lightest
        // batch, and batches only grow: so without that item it is still no
        // heavier than the lightest batch now.
        watched("by_weight: greedy onto the lightest", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                let batches = split(&weights, n);
                let totals = batch_weights(&batches, |&(_, w)| w);
                let lightest = totals.iter().copied().min().unwrap_or(0);
                for (batch, total) in batches.iter().zip(&totals) {
                    let last = batch.iter().map(|&(_, w)| w).min().unwrap_or(0);
                    prop_assert!(
                        total - last <= lightest,
                        "weights {:?} into {}: each item must go to the batch lightest so far; \
                         a batch of {} took its last item {} while another weighed {}: {:?}",
                        weights, n, total - last, last, lightest, batches
                    );
                }
            });
        });
    }

    #[test]
    fn never_heavier_than_dealing_the_items_out_largest_first() {
        // Dealing the sorted items round robin is a count-based split too;
        // its batch 0 (the 1st, (k+1)th, (2k+1)th heaviest...) is its
        // heaviest. Largest-first onto the lightest batch never does worse.
        watched("by_weight vs dealing largest first", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                prop_assume!(!weights.is_empty());
                let batches = split(&weights, n);
                let mut sorted = weights.clone();
                sorted.sort_unstable_by(|a, b| b.cmp(a));
                let dealt: u64 = sorted.iter().step_by(batches.len()).sum();
                prop_assert!(heaviest(&batches) <= dealt, "{batches:?}, dealt heaviest {dealt}");
            });
        });
    }

    #[test]
    fn within_a_third_of_the_contiguous_split() {
        // Graham (1969): largest first is within 4/3 - 1/(3k) of the best
        // possible split into k batches, and so of the contiguous one.
        // Not always better: see largest_first_can_lose_to_a_lucky_count_split.
        watched("by_weight vs contiguous", || {
            examples_first(
                "by_weight",
                "by_weight(the seed's 11 sizes, 3, |&kb| kb)",
                || by_weight(SIZES_KB, 3, |&kb| kb),
                Ok(vec![
                    vec![310, 35],
                    vec![280, 40, 25],
                    vec![150, 60, 55, 45, 30, 20],
                ]),
            );
            proptest!(cases(), |((weights, n) in weights_and_n())| {
                prop_assume!(!weights.is_empty());
                let batches = split(&weights, n);
                let k = batches.len() as u64;
                let count_based = contiguous_heaviest(&weights, batches.len());
                prop_assert!(
                    3 * k * heaviest(&batches) <= (4 * k - 1) * count_based,
                    "{batches:?}: heaviest {} against the contiguous split's {count_based}",
                    heaviest(&batches)
                );
            });
        });
    }
}

mod batched {
    use super::under_test::batched;
    use super::*;

    #[test]
    fn eleven_items_in_batches_of_4() {
        watched("batched(0..11, 4)", || {
            assert_eq!(
                batched(0..11, 4),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]),
                "batches of 4 in input order, the last one shorter (11 = 4 + 4 + 3)"
            );
        });
    }

    #[test]
    fn an_exact_fit_has_no_empty_last_batch() {
        watched("batched(0..8, 4)", || {
            assert_eq!(
                batched(0..8, 4),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]),
                "8 items in batches of 4 are two batches: no third, empty one at the end"
            );
        });
    }

    #[test]
    fn items_need_not_be_clone() {
        watched("batched(tickets, 2)", || {
            let batches = batched((0..5).map(Ticket), 2).expect("batches of 2 are a fine request");
            assert_eq!(
                numbers(&batches),
                [vec![0, 1], vec![2, 3], vec![4]],
                "5 items in batches of 2: 2, 2, 1, moved in, not copied"
            );
        });
    }

    #[test]
    fn size_zero_is_an_error_not_a_hang() {
        watched("batched(_, 0)", || {
            assert_eq!(
                batched(0..5, 0),
                Err(BatchError::ZeroSize),
                "batches of 0 items is Err(ZeroSize): a loop taking 0 at a time never ends"
            );
            assert_eq!(
                batched(0..0, 0),
                Err(BatchError::ZeroSize),
                "a size of 0 is an error even with no items: check it first"
            );
        });
    }

    #[test]
    fn no_items_make_no_batches() {
        watched("batched(no items, 3)", || {
            assert_eq!(
                batched(0..0, 3),
                Ok(Vec::<Vec<i32>>::new()),
                "no items make no batches: Ok([]), not one empty batch"
            );
        });
    }

    #[test]
    fn every_batch_is_full_but_the_last_and_joined_they_are_the_items() {
        watched("batched: sizes and order", || {
            examples_first(
                "batched",
                "batched(0..11, 4)",
                || batched(0..11, 4),
                Ok(vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]),
            );
            proptest!(cases(), |((len, size) in len_and_n())| {
                let batches = batched(0..len, size).expect("size >= 1 must give Ok(batches)");
                prop_assert_eq!(
                    batches.concat(),
                    (0..len).collect::<Vec<_>>(),
                    "0..{} in batches of {}: joined, the batches must give back the items in order",
                    len, size
                );
                prop_assert_eq!(
                    batches.len(), len.div_ceil(size),
                    "0..{} in batches of {}: expected ceil(len / size) batches: {:?}",
                    len, size, batches
                );
                let (last, full) = batches.split_last().map_or((None, &[][..]), |(l, f)| (Some(l), f));
                prop_assert!(
                    full.iter().all(|b| b.len() == size),
                    "0..{} in batches of {}: every batch but the last holds exactly {}: {:?}",
                    len, size, size, batches
                );
                prop_assert!(
                    last.is_none_or(|b| !b.is_empty() && b.len() <= size),
                    "0..{} in batches of {}: the last batch holds 1 to {} items: {:?}",
                    len, size, size, batches
                );
            });
        });
    }
}
