//! Part 3 of lesson 01: the seed's linear search takes time in proportion to
//! the target's position, so the middle should take half as long as the end,
//! and a missing number as long as the last.

use lesson_01_timing::{LIST_LEN, linear_search};
use std::hint::black_box;
use std::time::Duration;
use workbook::report::measured_vs_ideal;
use workbook::timeit::{Repeat, human};

/// Time ∝ position, so the middle should take half the time of the end.
pub fn run(list: &[u32]) {
    println!("3. Linear search time grows with the target's position (medians)");
    let median_for = |target: u32| {
        Repeat::new(50)
            .batch_at_least(Duration::from_millis(1))
            .run(|| linear_search(black_box(list), black_box(target)))
            .median()
    };
    let (first, middle, last, missing) = (0, LIST_LEN / 2, LIST_LEN - 1, LIST_LEN);
    let last_time = median_for(last);
    println!(
        "   {:<30} {:>9}",
        format!("first ({first})"),
        human(median_for(first))
    );
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("middle ({middle})"),
            median_for(middle),
            last_time / 2,
            "half the last"
        )
    );
    println!("   {:<30} {:>9}", format!("last ({last})"), human(last_time));
    println!(
        "   {}",
        measured_vs_ideal(
            &format!("missing ({missing})"),
            median_for(missing),
            last_time,
            "same as the last"
        )
    );
    println!();
}
