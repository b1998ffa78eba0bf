//! Part 3 of lesson 03: seed 003 starts 25 processes that each print their
//! number. They share one output (here a pipe, as the terminal is in the
//! seed), and nothing orders their writes: each line arrives when its process
//! gets to it. To make the race fair, every child waits at a start line (its
//! stdin) until all 25 exist, and the parent then releases them together.

use lesson_03_processes::children::{child, expect_success};
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

const CHILDREN: u32 = 25;

pub fn run(me: &Path) -> io::Result<()> {
    println!("3. {CHILDREN} children print their number to one shared pipe");
    let arrived = race(me)?;
    let shown: Vec<String> = arrived.iter().map(u32::to_string).collect();
    println!("   arrived: {}", shown.join(" "));
    let misplaced = arrived.iter().zip(0..).filter(|&(&n, place)| n != place).count();
    if misplaced == 0 {
        println!("   in order this time; run again: nothing makes it so");
    } else {
        println!("   out of order: {misplaced} of {CHILDREN} not in their place");
    }
    println!("   order among processes, as among threads, comes only from waiting for them in order\n");
    Ok(())
}

// ANCHOR: race
fn race(me: &Path) -> io::Result<Vec<u32>> {
    // One pipe; every child gets a copy of its writing end as its stdout.
    let (reader, writer) = io::pipe()?;
    let mut children = Vec::new();
    for n in 0..CHILDREN {
        let process = child(me, &["number", &n.to_string()])
            .stdin(Stdio::piped())
            .stdout(writer.try_clone()?)
            .spawn()?;
        children.push(process);
    }
    // Our copy of the writing end must go, or the reader never sees the end.
    drop(writer);
    // The start signal: closing a child's stdin ends its wait.
    for process in &mut children {
        drop(process.stdin.take());
    }
    let mut arrived = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        arrived.push(
            line.parse()
                .map_err(|_| io::Error::other(format!("not a number: {line:?}")))?,
        );
    }
    for mut process in children {
        expect_success("a numbered child", process.wait()?)?;
    }
    Ok(arrived)
}
// ANCHOR_END: race
