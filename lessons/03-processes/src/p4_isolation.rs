//! Part 4 of lesson 03: threads share memory, processes do not. A thread's
//! change to a static is the parent's change; a child process has its own
//! copy of the whole program, statics included, and starts from the program's
//! initial values: the re-exec pattern copies nothing from the parent
//! (Python's `fork` start method copies everything as it was at the fork,
//! `spawn` nothing).

use lesson_03_processes::children::child;
use lesson_03_processes::roles::COUNTER;
use std::io;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::thread;

pub fn run(me: &Path) -> io::Result<()> {
    println!("4. Memory: a thread shares the parent's, a child has its own");
    COUNTER.store(10, Ordering::SeqCst);
    println!("   the parent sets COUNTER to 10");
    thread::spawn(|| COUNTER.fetch_add(1, Ordering::SeqCst))
        .join()
        .expect("adding one does not panic");
    println!(
        "   a thread adds 1: the parent sees {}",
        COUNTER.load(Ordering::SeqCst)
    );
    let output = child(me, &["bump"]).output()?;
    let seen = String::from_utf8_lossy(&output.stdout);
    println!(
        "   a child adds 1 to its COUNTER and sees {} (its copy started at 0, not 10)",
        seen.trim()
    );
    println!(
        "   the parent's COUNTER afterwards: {} (unchanged by the child)\n",
        COUNTER.load(Ordering::SeqCst)
    );
    Ok(())
}
