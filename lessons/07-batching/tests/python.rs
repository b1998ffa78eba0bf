//! The Python original of chapter 07 runs, and prints what the chapter
//! says it prints (skipped, saying so, where there is no `python3`).

use std::path::PathBuf;
use std::time::Duration;

#[test]
fn the_seeds_batching_functions_give_what_the_chapter_shows() {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/batch_files.py");
    let Some(output) = workbook::python::run(&script, &[], Duration::from_secs(60)) else {
        return;
    };
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "batch_files.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "lists:       [[0, 1, 2, 9], [3, 4, 5, 10], [6, 7, 8]]",
        "sets of int: [{0, 1, 2, 9}, {10, 3, 4, 5}, {8, 6, 7}]",
        "round robin: [[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8]]",
        "by weight:   [[0, 4], [5, 1, 2], [8, 3, 10, 7, 9, 6]] [345, 345, 360]",
        "5 files, 8 batches: []",
        "5 files, 0 batches: ZeroDivisionError",
        "no files, 3 batches: []",
    ] {
        assert!(out.contains(line), "batch_files.py prints `{line}`:\n{out}");
    }
    // The same set of strings, printed by three interpreters with three hash
    // salts: each shows the same four files, and their order is not the
    // same every time. Which order a salt gives is CPython's business (3.11
    // changed it), so the test asserts the property, not one order.
    let orders: Vec<Vec<&str>> = out
        .lines()
        .filter_map(|line| line.strip_prefix("sets of str, PYTHONHASHSEED="))
        .map(|rest| {
            let list = rest.split_once(": ").map_or("", |(_, list)| list);
            list.trim_matches(['[', ']'])
                .split(", ")
                .map(|name| name.trim_matches('\''))
                .collect()
        })
        .collect();
    assert_eq!(
        orders.len(),
        3,
        "batch_files.py prints the set of strings under 3 hash salts:\n{out}"
    );
    for order in &orders {
        let mut names = order.clone();
        names.sort_unstable();
        assert_eq!(
            names,
            ["file_0.csv", "file_1.csv", "file_2.csv", "file_9.csv"],
            "every salt shows the same four files, only in another order: {order:?}"
        );
    }
    assert!(
        orders.iter().any(|order| order != &orders[0]),
        "three hash salts gave one order, {:?}: the chapter says a set of strings prints in \
         an order that changes with the salt",
        orders[0]
    );
}
