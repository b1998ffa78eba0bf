//! Part 1: the seed's eleven files into three batches, with each of the
//! three batching functions and with the seed's own version.

use lesson_07_batching::seed::{kb, seed_batch_files, seed_files, show};
use lesson_07_batching::{BatchError, batch_weights, by_weight, contiguous, round_robin};

pub fn run() -> Result<(), BatchError> {
    println!("1. The seed's 11 files into 3 batches (N stands for file_N.csv)");
    let files = seed_files();
    let ways = [
        ("contiguous (ours)", contiguous(files.clone(), 3)?),
        ("the seed's version", seed_batch_files::<Vec<String>>(&files, 3)),
        ("round robin (seed 002)", round_robin(files.clone(), 3)?),
        (
            "by size, largest first",
            by_weight(files.clone(), 3, |name| kb(name))?,
        ),
    ];
    println!("   {:<24} {:<34} KB per batch", "", "batches");
    for (label, batches) in &ways {
        let totals = batch_weights(batches, |name| kb(name));
        println!("   {label:<24} {:<34} {totals:?}", show(batches));
    }
    println!("   The seed's version tacks the leftovers 9 and 10 onto batches that end");
    println!("   at 2 and 5; ours shifts the later batches instead, so each batch is one");
    println!("   run of neighbours. Counting files evens out the files per batch, not the KB.\n");
    Ok(())
}
