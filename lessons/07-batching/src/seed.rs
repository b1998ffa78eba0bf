//! The seed's example and the seed's own `batch_files`, for parts 1 to 3
//! of the demo: eleven file names, made-up sizes for them, and a short way
//! to print batches of them.

// ANCHOR: seed_batch_files
/// The seed's `batch_files`, both versions: `len / n` files per batch, then
/// the leftovers added one each to the first batches. `S` is the container
/// of a batch: with `HashSet` (Python's `set`) this is the seed's first
/// version, with `Vec` (Python's `list`) its fix, which changed nothing else.
pub fn seed_batch_files<S>(files: &[String], n: usize) -> Vec<S>
where
    S: FromIterator<String> + Extend<String>,
{
    if n > files.len() {
        return Vec::new(); // the seed's answer: every file silently dropped
    }
    let per_batch = files.len() / n; // n == 0 panics here, as Python raises
    let (first, leftovers) = files.split_at(per_batch * n);
    let mut batches: Vec<S> = first
        .chunks(per_batch)
        .map(|chunk| chunk.iter().cloned().collect())
        .collect();
    for (batch, file) in batches.iter_mut().zip(leftovers) {
        batch.extend([file.clone()]);
    }
    batches
}
// ANCHOR_END: seed_batch_files

/// Made-up sizes in KB of the seed's eleven files, for the size-balanced
/// split of part 1: two big files among small ones.
const SIZES_KB: [u64; 11] = [310, 40, 25, 60, 35, 280, 20, 45, 150, 30, 55];

/// The seed's example: eleven files for three processes.
pub fn seed_files() -> Vec<String> {
    (0..11).map(|i| format!("file_{i}.csv")).collect()
}

/// `file_7.csv` → `7`, to print many batches on one line.
fn number(name: &str) -> &str {
    name.trim_start_matches("file_").trim_end_matches(".csv")
}

/// Batches as `[0 1 2 3] [4 5 6 7] [8 9 10]`.
pub fn show(batches: &[Vec<String>]) -> String {
    let shown: Vec<String> = batches
        .iter()
        .map(|batch| {
            let numbers: Vec<&str> = batch.iter().map(|name| number(name)).collect();
            format!("[{}]", numbers.join(" "))
        })
        .collect();
    shown.join(" ")
}

/// The size in KB of a seed file, from `SIZES_KB` (0 for other names).
pub fn kb(name: &str) -> u64 {
    number(name)
        .parse::<usize>()
        .ok()
        .and_then(|i| SIZES_KB.get(i).copied())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_seeds_two_versions_place_the_same_files() {
        let files = seed_files();
        let listed: Vec<Vec<String>> = seed_batch_files(&files, 3);
        assert_eq!(show(&listed), "[0 1 2 9] [3 4 5 10] [6 7 8]");
        let sorted: Vec<BTreeSet<String>> = seed_batch_files(&files, 3);
        let first: Vec<&String> = sorted[1].iter().collect();
        assert_eq!(first, ["file_10.csv", "file_3.csv", "file_4.csv", "file_5.csv"]);
    }

    #[test]
    fn the_seed_drops_everything_when_n_exceeds_the_files() {
        let files = seed_files();
        assert!(
            seed_batch_files::<Vec<String>>(&files, 12).is_empty(),
            "the seed returns [] for 12 batches of 11 files: the bug part 3 shows"
        );
    }

    #[test]
    fn sizes_come_from_the_files_number() {
        assert_eq!((kb("file_0.csv"), kb("file_10.csv"), kb("other")), (310, 55, 0));
    }
}
