//! Part 6: map/reduce, and a progress bar over a pool. rayon's `reduce`
//! combines the mapped values pairwise on the workers; `fold` first builds
//! one accumulator per piece of work and `reduce` merges those, which is
//! how a MapReduce groups by key. Then seed 001's `slow_square` over 100
//! numbers, with a bar (Python's tqdm) that the workers move.

use lesson_04_pools::{howmany_within_range, random_rows};
use rayon::prelude::*;
use std::error::Error;
use workbook::TimeScale;
use workbook::pool::named;
use workbook::progress;
use workbook::report::{grouped, measured_vs_ideal};
use workbook::timeline::Timeline;

const N: u64 = 1_000_000;

pub fn run(scale: TimeScale, seed: u64) -> Result<(), Box<dyn Error>> {
    println!("6. Map/reduce");
    // ANCHOR: map_reduce
    let by_reduce = (1..=N).into_par_iter().map(|x| x * x).reduce(|| 0, |a, b| a + b);
    let by_fold = (1..=N)
        .into_par_iter()
        .fold(|| 0, |sum, x| sum + x * x) // one running sum per piece of work
        .reduce(|| 0, |a, b| a + b); // then the pieces' sums are added
    // ANCHOR_END: map_reduce
    let formula = N * (N + 1) * (2 * N + 1) / 6;
    println!(
        "   sum of squares 1..={}:\n     map+reduce {}, fold+reduce {}\n     formula    {}",
        grouped(N),
        grouped(by_reduce),
        grouped(by_fold),
        grouped(formula)
    );

    let rows = random_rows(seed, 200_000, 5);
    // ANCHOR: group_by_key
    // MapReduce proper: map each row to a key (its count in 4..=8), group by
    // the key and count. Each piece folds into its own table; reduce adds them.
    let histogram = rows
        .par_iter()
        .map(|row| howmany_within_range(row, 4, 8))
        .fold(
            || [0_u64; 6],
            |mut table, count| {
                table[count] += 1;
                table
            },
        )
        .reduce(
            || [0; 6],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    // ANCHOR_END: group_by_key
    println!(
        "   rows by how many of their 5 numbers lie in 4..=8 (0 to 5):\n     {:?}, {} rows",
        histogram,
        grouped(histogram.iter().sum())
    );

    progress_bar(scale)?;
    println!();
    Ok(())
}

/// Seed 001's `slow_square` over 100 numbers in a pool, with a progress bar.
fn progress_bar(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    const NUMBERS: u64 = 100;
    const UNITS: f64 = 0.1; // the seed's 1 s of sleep, cut by 10
    let pool = named("square", 10);
    let timeline = Timeline::new();
    // ANCHOR: progress
    let bar = progress::bar(NUMBERS, "squares"); // draws on stderr, on a terminal only
    let squares: Vec<u64> = pool.install(|| {
        (0..NUMBERS)
            .into_par_iter()
            .map(|n| {
                timeline.record("square", || scale.sleep(UNITS));
                bar.inc(1); // a ProgressBar is shared by reference: workers move it
                n * n
            })
            .collect()
    });
    bar.finish_and_clear();
    // ANCHOR_END: progress
    println!(
        "   a progress bar over a pool of 10: {}/{NUMBERS} squares, in order: {}, sum {}",
        bar.position(),
        squares.iter().enumerate().all(|(n, &sq)| sq == (n * n) as u64),
        grouped(squares.iter().sum())
    );
    let ideal = scale.units(NUMBERS as f64 * UNITS / 10.0);
    println!(
        "   {}",
        measured_vs_ideal("slow_square × 100", timeline.total(), ideal, "100 × 0.1 u / 10")
    );
    Ok(())
}
