//! Part 3: the edge cases — more batches than files, zero batches, no
//! files — the seed's answers beside ours.

use lesson_07_batching::seed::{seed_batch_files, seed_files, show};
use lesson_07_batching::{BatchError, contiguous};

pub fn run() -> Result<(), BatchError> {
    println!("3. Edge cases: the seed's answer and ours");
    let five: Vec<String> = seed_files().into_iter().take(5).collect();
    let seed_says = seed_batch_files::<Vec<String>>(&five, 8);
    compare(
        "5 files, 8 batches",
        &format!("{seed_says:?} (5 files lost)"),
        &show(&contiguous(five.clone(), 8)?),
    );
    // Asking for zero batches is a value to look at, not a crash.
    let zero_batches = match contiguous(five, 0) {
        Ok(batches) => show(&batches),
        Err(error) => format!("error: {error}"),
    };
    compare("5 files, 0 batches", "ZeroDivisionError", &zero_batches);
    let none = contiguous(Vec::<String>::new(), 3)?;
    compare("no files, 3 batches", "[]", &format!("{none:?}"));
    println!();
    Ok(())
}

/// Two lines: the seed's answer, then ours under it.
fn compare(case: &str, seed: &str, ours: &str) {
    println!("   {case:<19} seed: {seed}");
    println!("   {:<19} ours: {ours}", "");
}
