//! Part 6 of lesson 03: results back from children. Seed 003 counts in four
//! processes into a `Manager().dict()`, a dictionary served by yet another
//! process that every child changes through a proxy. Here each child *sends*
//! its counts, one JSON line per step on its stdout, and the parent, the only
//! one that owns the dictionary, merges them.

use lesson_03_processes::children::{child, expect_success, unit_ms};
use lesson_03_processes::guard::KillOnDrop;
use lesson_03_processes::roles::Tally;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::thread;
use workbook::TimeScale;

const CHILDREN: usize = 4;
const TO: u32 = 10;

pub fn run(me: &Path, scale: TimeScale) -> io::Result<()> {
    println!("6. Seed 003's counter: {CHILDREN} children count to {TO}, the parent merges their JSON lines");
    let (counts, lines) = count_in_children(me, scale)?;
    println!("   {lines} lines read; pid → count: {counts:?}");
    let all_done = counts.len() == CHILDREN && counts.values().all(|&c| c == TO);
    println!("   every child counted to {TO}: {all_done}\n");
    Ok(())
}

// ANCHOR: read_all
fn count_in_children(me: &Path, scale: TimeScale) -> io::Result<(BTreeMap<u32, u32>, usize)> {
    let unit = unit_ms(scale);
    let mut children = Vec::new();
    for _ in 0..CHILDREN {
        let process = child(me, &["count", &TO.to_string(), "--unit-ms", &unit])
            .stdout(Stdio::piped())
            .spawn()?;
        children.push(KillOnDrop::new(process));
    }
    // Read every child's pipe at the same time, one thread each: a child
    // whose pipe nobody reads blocks once the pipe's buffer (64 KiB) is full.
    let replies: Vec<io::Result<Vec<Tally>>> = thread::scope(|scope| {
        let readers: Vec<_> = children
            .iter_mut()
            .map(|process| {
                let stdout = process.stdout.take().expect("stdout was piped");
                scope.spawn(move || read_tallies(stdout))
            })
            .collect();
        readers
            .into_iter()
            .map(|r| r.join().expect("a reader does not panic"))
            .collect()
    });
    for mut process in children {
        expect_success("a counting child", process.wait()?)?;
    }
    // The first child whose output could not be read or parsed is the error.
    let replies: Vec<Vec<Tally>> = replies.into_iter().collect::<io::Result<_>>()?;
    Ok(merge(replies.into_iter().flatten()))
}
// ANCHOR_END: read_all

// ANCHOR: merge
/// Each child's highest count under its pid, and how many lines there were.
/// Only the parent touches the map: no lock, no proxy, no server process.
fn merge(tallies: impl Iterator<Item = Tally>) -> (BTreeMap<u32, u32>, usize) {
    let mut counts = BTreeMap::new();
    let mut lines = 0;
    for tally in tallies {
        // A child reports 1, 2, ... 10: its highest step is how far it got.
        let count = counts.entry(tally.pid).or_insert(0);
        *count = tally.count.max(*count);
        lines += 1;
    }
    (counts, lines)
}

/// Parse every line of one child's stdout as a [`Tally`].
fn read_tallies(stdout: impl io::Read) -> io::Result<Vec<Tally>> {
    BufReader::new(stdout)
        .lines()
        .map(|line| {
            let line = line?;
            serde_json::from_str(&line).map_err(|e| io::Error::other(format!("not a tally: {line:?} ({e})")))
        })
        .collect()
}
// ANCHOR_END: merge
