//! Part 2: the seed's bug story. Its first version kept each batch in a
//! set; the same function with `HashSet`, `BTreeSet` and `Vec` shows what
//! a set does to the order.

use lesson_07_batching::seed::{seed_batch_files, seed_files};
use std::collections::{BTreeSet, HashSet};

pub fn run() {
    println!("2. The seed's bug story: the same function with sets, then lists");
    let files = seed_files();
    // ANCHOR: sets
    let hashed: Vec<HashSet<String>> = seed_batch_files(&files, 3);
    let hashed_again: Vec<HashSet<String>> = seed_batch_files(&files, 3);
    let sorted: Vec<BTreeSet<String>> = seed_batch_files(&files, 3);
    let listed: Vec<Vec<String>> = seed_batch_files(&files, 3);
    // ANCHOR_END: sets
    print_batches("HashSet (Python's set)", &hashed, "");
    print_batches("HashSet, called again", &hashed_again, "<- own order");
    print_batches("BTreeSet (sorted)", &sorted, "");
    print_batches("Vec (the seed's fix)", &listed, "<- as put in");
    let same_files = (0..listed.len()).all(|b| {
        let listed: HashSet<String> = listed[b].iter().cloned().collect();
        let sorted: HashSet<String> = sorted[b].iter().cloned().collect();
        hashed[b] == listed && hashed_again[b] == listed && sorted == listed
    });
    println!("   every batch holds the same files in all four: {same_files}");
    println!("   A HashSet iterates in hash order, and every HashSet hashes with its own");
    println!("   random keys: the order changes from set to set and from run to run. A");
    println!("   BTreeSet sorts as text (\"file_10\" < \"file_3\"). Only the Vec shows the");
    println!("   order we put in.\n");
}

/// One batch per line, in the container's own iteration order.
fn print_batches<'a, B>(label: &str, batches: &'a [B], note: &str)
where
    &'a B: IntoIterator<Item = &'a String>,
{
    for (i, batch) in batches.iter().enumerate() {
        let names: Vec<&str> = batch.into_iter().map(String::as_str).collect();
        let label = if i == 0 { label } else { "" };
        let note = if i == 0 { note } else { "" };
        let line = format!("   {label:<22} {:<44} {note}", names.join(" "));
        println!("{}", line.trim_end());
    }
}
