//! Part 2 of lesson 03: seed 003 writes `Process(target=spawn())`. The
//! parentheses call `spawn` here, in the parent, and hand the process its
//! result, `None`: five "test!" lines appear, all printed by the parent, and
//! five processes start with nothing to do. The same slip with a Rust thread
//! does not compile (see `CallInsteadOfClosureDoesNotCompile` in the
//! library); with `Command` it cannot even be written, since a process gets a
//! program and arguments, never a function.

use lesson_03_processes::children::{child, expect_success, outputs_in_order};

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

pub fn run(me: &Path) -> io::Result<()> {
    println!("2. Seed 003's Process(target=spawn()): a call where a target was meant");
    println!("   the seed's way, in Rust terms: the call runs here, the children get nothing to do");
    let mut idle = Vec::new();
    for _ in 0..5 {
        say_test_here();
        idle.push(child(me, &["noop"]).spawn()?);
    }
    for mut process in idle {
        expect_success("an idle child", process.wait()?)?;
    }
    println!(
        "   → 5 lines, all from pid {}: this process, the parent",
        std::process::id()
    );

    println!("   the target passed, not called: each child prints its own line");
    let commands = (0..5).map(|_| child(me, &["say-test"])).collect();
    // Exercise 1 writes this function: start all, collect stdout in order.
    let outputs = outputs_in_order(commands)?;
    for line in outputs.iter().flat_map(|out| out.lines()) {
        println!("      {line}");
    }
    let pids: BTreeSet<&str> = outputs
        .iter()
        .filter_map(|out| out.split_whitespace().last())
        .collect();
    println!(
        "   → {} lines from {} different processes\n",
        outputs.len(),
        pids.len()
    );
    Ok(())
}

/// Seed 003's `spawn()`, run where it is called.
fn say_test_here() {
    println!("      test! from pid {}", std::process::id());
}
